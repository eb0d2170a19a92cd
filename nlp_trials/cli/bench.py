"""``nlp-trials bench``: how fast the full extract is, against a bare spaCy tokenizer on the same texts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from tqdm import tqdm

from ..io import atomic_write
from ._util import app


@app.command("bench")
def bench_cli(
    paths: Annotated[list[str], typer.Argument(help="Record files or folders (e.g. ../shared/corpora/ctgov-xml).", show_default=False)],
    n_process: Annotated[int, typer.Option("-n", "--n-process", min=1, help="Processes for the pipeline and linker (whole records per process, the pipeline loaded once in each).")] = 1,
    limit: Annotated[Optional[int], typer.Option("-l", "--limit", min=1, help="Only the first N records (bad records count).")] = None,
    model: Annotated[Optional[Path], typer.Option("-m", "--model", help="Pipeline to load (default: models/trials_hybrid, or models/trials_rules without models/ner_trials).", file_okay=False)] = None,
    batch_size: Annotated[int, typer.Option("-b", "--batch-size", min=1, help="Documents per spaCy batch.")] = 64,
    json_out: Annotated[Optional[Path], typer.Option("--json", help="Also write the figures as JSON to this file.", dir_okay=False)] = None,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress bar.")] = False,
) -> None:
    """Time the full extract (read, split, pipeline, linker) and compare it with a bare tokenizer.

    Reports the pipeline load time, records/s and words/s of the full extract, peak resident memory,
    and the words/s of spacy.blank("en")'s tokenizer over exactly the texts the pipeline annotated,
    in the same run. The ratio of the two rates is the figure of record (target >= 0.5). The records
    are also read once without the pipeline, to show what reading and splitting alone cost.

    Example: nlp-trials bench ../shared/corpora/ctgov-xml --limit 300 --json out/bench.json
    """
    if "-" in paths:
        # The records are read twice (alone, then through the pipeline); standard input cannot be.
        typer.echo("error: bench reads its input twice: give files or folders, not - (standard input)", err=True)
        raise typer.Exit(2)
    from ..bench import bench, format_report

    with tqdm(desc="bench", unit="record", total=limit, disable=True if quiet else None, file=sys.stderr) as bar:
        report = bench(paths, model=model, n_process=n_process, limit=limit, batch_size=batch_size, on_item=lambda _: bar.update())
    typer.echo(format_report(report))
    if json_out is not None:
        with atomic_write(json_out) as fh:
            fh.write(report.model_dump_json(indent=2) + "\n")
