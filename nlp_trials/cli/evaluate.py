"""``nlp-trials evaluate``: precision, recall and F1 per label of a pipeline on gold data."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NlpTrialsError
from ..io import atomic_write
from ._util import app

SCHEMES = ("chia", "lct", "neurotrialner", "jsonl")


def format_table(report: dict) -> str:
    """A plain-text table: label, gold count, exact P/R/F, overlap P/R/F."""
    rows = [f"{'label':<10} {'gold':>6}   {'exact P':>7} {'R':>6} {'F':>6}   {'overlap P':>9} {'R':>6} {'F':>6}"]
    items = list(report["labels"].items()) + [("micro", report["micro"])]
    for label, s in items:
        ex, ov = s["exact"], s["overlap"]
        gold = ex["tp"] + ex["fn"]
        rows.append(
            f"{label:<10} {gold:>6}   {ex['p']:>7.3f} {ex['r']:>6.3f} {ex['f']:>6.3f}   {ov['p']:>9.3f} {ov['r']:>6.3f} {ov['f']:>6.3f}"
        )
    for label, s in (report.get("relations") or {}).get("labels", {}).items() if isinstance(report.get("relations"), dict) else []:
        ov = s.get("overlap", {})
        if ov:
            rows.append(f"{label:<10} {'':>6}   {'':>7} {'':>6} {'':>6}   {ov['p']:>9.3f} {ov['r']:>6.3f} {ov['f']:>6.3f}")
    return "\n".join(rows)


@app.command("evaluate")
def evaluate_cli(
    gold: Annotated[Path, typer.Argument(help="Gold corpus: a brat folder (chia, lct), a NeuroTrialNER JSON file or folder, or our JSONL.", exists=True)],
    scheme: Annotated[str, typer.Option("-s", "--scheme", help=f"Label mapping of the gold data: {', '.join(SCHEMES)}.")],
    model: Annotated[Optional[Path], typer.Option("-m", "--model", help="Pipeline to evaluate (default: models/trials_rules).", file_okay=False)] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the full report (labels, micro, relations, confusion, worst documents) as JSON.", dir_okay=False)] = None,
    worst: Annotated[int, typer.Option("--worst", help="How many of the worst documents to list.", min=0)] = 10,
    n_process: Annotated[int, typer.Option("-n", "--n-process", help="Processes for spaCy's multiprocessing.", min=1)] = 1,
) -> None:
    """Score a pipeline against gold annotations, per label, with exact and overlap matching.

    Gold labels are mapped to ours as ../shared/README.md specifies (Chia Drug->DRUG, Condition->
    DISEASE, Measurement->LAB_TEST, a Value a Measurement has->LAB_VALUE, a Temporal stating an amount
    of time->DURATION; LCT likewise). Only the labels the gold corpus annotates are scored.

    Example: nlp-trials evaluate ../shared/corpora/chia --scheme chia --json chia.json
    """
    if scheme not in SCHEMES:
        typer.echo(f"error: unknown scheme {scheme!r}: allowed schemes are {', '.join(SCHEMES)}", err=True)
        raise typer.Exit(2)
    from .. import load
    from ..evaluation.run import evaluate

    started = time.perf_counter()
    nlp = load(model)
    try:
        gold_set, scores = evaluate(nlp, str(gold), scheme=scheme, worst=worst, n_process=n_process)
    except NlpTrialsError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None
    report = scores.model_dump(mode="json")
    typer.echo(format_table(report))
    docs = report.get("worst_documents") or []
    if docs:
        typer.echo("\nworst documents: " + ", ".join(str(d.get("id")) for d in docs[:worst]))
    typer.echo(f"\n{len(gold_set.documents)} documents, {len(gold_set.warnings)} gold warnings, {time.perf_counter() - started:.1f}s", err=True)
    if json_out is not None:
        report["model"] = str(model) if model else "models/trials_rules"
        report["gold"] = str(gold)
        report["scheme"] = scheme
        with atomic_write(json_out) as fh:
            json.dump(report, fh, indent=2)
            fh.write("\n")
