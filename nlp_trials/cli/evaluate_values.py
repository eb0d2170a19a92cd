"""``nlp-trials evaluate-values``: are the linker's lab thresholds and time windows read right?"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NlpTrialsError
from ..io import atomic_write
from ._util import app


@app.command("evaluate-values")
def evaluate_values_cli(
    forms: Annotated[Path, typer.Argument(help="Logical forms: the lct-logical-forms folder (one folder per annotator of <NCT id>_<line>.js files).", exists=True, file_okay=False)],
    lct: Annotated[Optional[Path], typer.Option("--lct", help="The LCT corpus folder (<NCT id>.txt), for the criteria's own words; without it, the forms' tokenized text is used.", exists=True, file_okay=False)] = None,
    model: Annotated[Optional[list[Path]], typer.Option("-m", "--model", help="Pipeline to evaluate (default: models/trials_hybrid, or models/trials_rules without models/ner_trials). Repeat to compare pipelines.", file_okay=False)] = None,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the counts and every miss as JSON ({'models': [{'model', 'kinds', 'misses'}]}).", dir_okay=False)] = None,
    misses: Annotated[int, typer.Option("--misses", help="How many misses to list (criterion, gold comparison, what the linker made).", min=0)] = 0,
    n_process: Annotated[int, typer.Option("-n", "--n-process", help="Processes for the pipeline and linker.", min=1)] = 1,
) -> None:
    """Score the lab thresholds and time windows the linker makes against the comparisons of LCT's
    logical forms: test, comparator and numbers, which span F1 cannot check.

    Each criterion that a logical form gives a comparison is linked as a one-criterion record. A
    threshold (the eq(...) of a lab, vital, clin_score or measurement's num_filter) is found when a
    lab threshold names the same test; a window (a temporality or duration eq with a temporal unit)
    when a time window has the same unit and numbers. Columns: found, right comparator, right
    numbers, and correct (both), as shares of the gold comparisons; precision over the objects
    made in those criteria. Each annotator's forms count on their own.

    Example: nlp-trials evaluate-values ../shared/corpora/lct-logical-forms --lct ../shared/corpora/lct --misses 20
    """
    from .. import load
    from ..evaluation.run import score_logical_forms
    from ..evaluation.values import format_value_scores
    from ..gold.logical_forms import read_logical_forms

    started = time.perf_counter()
    paths: list[Optional[Path]] = list(model) if model else [None]
    reports = []
    try:
        criteria = read_logical_forms(forms, lct)
        for path in paths:
            scores = score_logical_forms(load(path), criteria, n_process=n_process)
            name = str(path) if path else "default"
            typer.echo(f"{name}\n{format_value_scores(scores)}")
            for miss in scores.misses[:misses]:
                typer.echo(f"  {miss['id']} {miss['kind']}: {miss['subject'] or ''} {miss['gold']} | made {miss['made']} | {str(miss['text'])[:120]}")
            reports.append({"model": name, **scores.model_dump(mode="json")})
    except NlpTrialsError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"\n{len(criteria)} criteria with a comparison, {time.perf_counter() - started:.1f}s", err=True)
    if json_out is not None:
        with atomic_write(json_out) as fh:
            json.dump({"forms": str(forms), "lct": str(lct) if lct else None, "models": reports}, fh, indent=2)
            fh.write("\n")
