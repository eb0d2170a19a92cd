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
    t = report.get("threshold_tests")
    if t:
        rows.append(f"{THRESHOLD_ROW:<10} {t['gold']:>6}   {'':>7} {'':>6} {'':>6}   {t['precision']:>9.3f} {t['recall']:>6.3f} {t['f']:>6.3f}")
        rows.append(f"({THRESHOLD_ROW}: tests used as thresholds, those with a HAS_VALUE relation; see --help)")
    rows += format_annotated_only([report])
    return "\n".join(rows)


def format_annotated_only(reports: list[dict]) -> list[str]:
    """Lines with the overlap F1 per label leaving out the stretches the gold left unannotated (none
    when it has none): one line per pipeline."""
    if not all(r.get("annotated_only") for r in reports):
        return []
    first = reports[0]["annotated_only"]
    lines = [
        f"\nOverlap F1 leaving out the {first['stretches']} stretches the gold labels as a whole (Chia's "
        "Non-query-able, Non-representable, ...) and marks no entity in (a diagnostic, not the evaluation of record):"
    ]
    for r in reports:
        a = r["annotated_only"]
        cells = " ".join(f"{label} {s['overlap']['f']:.3f}" for label, s in [*a["labels"].items(), ("micro", a["micro"])])
        name = f"{r['model']}: " if r.get("model") else ""
        lines.append(f"  {name}{cells}")
    return lines


#: Row name of the threshold-test score (LAB_TEST with a value).
THRESHOLD_ROW = "LAB_TEST+v"


def format_comparison(names: list[str], reports: list[dict]) -> str:
    """Pipelines side by side: per label, the gold count and each pipeline's exact F and overlap F."""
    width = max(12, *(len(n) for n in names))
    top = f"{'':<10} {'':>6}   " + "   ".join(f"{n:>{width}}" for n in names)
    sub = f"{'label':<10} {'gold':>6}   " + "   ".join(f"{'exact F':>{width - 7}} {'ovl F':>6}" for _ in names)
    rows = [top, sub]
    labels = list(reports[0]["labels"]) + ["micro"]
    for label in labels:
        first = reports[0]["micro"] if label == "micro" else reports[0]["labels"][label]
        gold = first["exact"]["tp"] + first["exact"]["fn"]
        cells = []
        for report in reports:
            s = report["micro"] if label == "micro" else report["labels"][label]
            cells.append(f"{s['exact']['f']:>{width - 7}.3f} {s['overlap']['f']:>6.3f}")
        rows.append(f"{label:<10} {gold:>6}   " + "   ".join(cells))
    if all(r.get("threshold_tests") for r in reports):
        gold = reports[0]["threshold_tests"]["gold"]
        cells = [f"{'':>{width - 7}} {r['threshold_tests']['f']:>6.3f}" for r in reports]
        rows.append(f"{THRESHOLD_ROW:<10} {gold:>6}   " + "   ".join(cells))
    rows += format_annotated_only(reports)
    return "\n".join(rows)


@app.command("evaluate")
def evaluate_cli(
    gold: Annotated[Path, typer.Argument(help="Gold corpus: a brat folder (chia, lct), a NeuroTrialNER JSON file or folder, or our JSONL.", exists=True)],
    scheme: Annotated[str, typer.Option("-s", "--scheme", help=f"Label mapping of the gold data: {', '.join(SCHEMES)}.")],
    model: Annotated[Optional[list[Path]], typer.Option("-m", "--model", help="Pipeline to evaluate (default: models/trials_hybrid, or models/trials_rules without models/ner_trials). Repeat to compare pipelines side by side.", file_okay=False)] = None,
    half: Annotated[Optional[int], typer.Option("--half", help="Score only the trials with split_of(id) == HALF (0 or 1). Half 1 of Chia and LCT is the part nlp-trials train never reads.", min=0, max=1)] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the full report (labels, micro, relations, confusion, worst documents) as JSON; with several models, {'models': [{'model', ...report}]}.", dir_okay=False)] = None,
    worst: Annotated[int, typer.Option("--worst", help="How many of the worst documents to list.", min=0)] = 10,
    n_process: Annotated[int, typer.Option("-n", "--n-process", help="Processes for spaCy's multiprocessing.", min=1)] = 1,
) -> None:
    """Score a pipeline against gold annotations, per label, with exact and overlap matching.

    Gold labels are mapped to ours as ../shared/README.md specifies (Chia Drug->DRUG, Condition->
    DISEASE, Measurement->LAB_TEST, a Value a Measurement has->LAB_VALUE, a Temporal stating an amount
    of time->DURATION; LCT likewise). Only the labels the gold corpus annotates are scored. Chia's
    Procedure and LCT's Procedure-Name are also scored, as PROCEDURE, a label beyond that
    evaluation of record: its row is shown, the micro total leaves it out. With several --model
    options the pipelines are scored on the same documents and shown side by side.

    The row LAB_TEST+v scores tests used as thresholds (overlap matching): recall over the gold tests
    that have a value (HAS_VALUE), precision over the predicted tests that have one. LCT's
    Observation-Name also covers states and behaviours with no value ("pain", "smoking"), which the
    LAB_TEST row counts and this row does not.

    Chia labels some criteria as a whole ("Non-query-able", "Competing_trial", ...) and marks no
    entity inside most of them. A last line gives overlap F1 per label with those stretches left
    out, gold and predicted spans alike: a diagnostic of how much the score reflects them, beside
    the table above, which stays the evaluation of record.

    Example: nlp-trials evaluate ../shared/corpora/chia --scheme chia --half 1 -m models/trials_rules -m models/trials_hybrid
    """
    if scheme not in SCHEMES:
        typer.echo(f"error: unknown scheme {scheme!r}: allowed schemes are {', '.join(SCHEMES)}", err=True)
        raise typer.Exit(2)
    from .. import load
    from ..evaluation.run import score_pipeline, select_half
    from ..gold import load_gold

    started = time.perf_counter()
    paths: list[Optional[Path]] = list(model) if model else [None]
    try:
        gold_set = select_half(load_gold(str(gold), corpus=scheme), half)
        reports = []
        for path in paths:
            nlp = load(path)
            report = score_pipeline(nlp, gold_set, worst=worst, n_process=n_process).model_dump(mode="json")
            report["model"] = str(path) if path else "default"
            reports.append(report)
    except NlpTrialsError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None
    if len(reports) == 1:
        report = reports[0]
        typer.echo(format_table(report))
        docs = report.get("worst_documents") or []
        if docs:
            typer.echo("\nworst documents: " + ", ".join(str(d.get("id")) for d in docs[:worst]))
    else:
        typer.echo(format_comparison([r["model"] for r in reports], reports))
    where = f" (half {half})" if half is not None else ""
    typer.echo(f"\n{len(gold_set.documents)} documents{where}, {len(gold_set.warnings)} gold warnings, {time.perf_counter() - started:.1f}s", err=True)
    if json_out is not None:
        meta = {"gold": str(gold), "scheme": scheme, "half": half}
        out = {**reports[0], **meta} if len(reports) == 1 else {**meta, "models": reports}
        with atomic_write(json_out) as fh:
            json.dump(out, fh, indent=2)
            fh.write("\n")
