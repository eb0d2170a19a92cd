"""``nlp-trials corpus``: a silver training corpus from trial records, split by trial."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from tqdm import tqdm

from ..documents import ALL_FIELDS, DEFAULT_FIELDS
from ..errors import FormatError, RecordError
from ..records import check_format
from ._util import FORMAT_HELP, app, parse_fields, write_errors

CORPUS_FORMATS = ("spacy", "jsonl", "brat")


@app.command("corpus")
def corpus_cli(
    paths: Annotated[list[str], typer.Argument(help="Record files, folders, or - for standard input.", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output folder (replaced whole at the end).", file_okay=False)],
    format: Annotated[str, typer.Option("-f", "--format", help="spacy (DocBin shards per split, for nlp-trials train), jsonl (Prodigy-style lines per split) or brat (a .txt/.ann folder per split).")] = "spacy",
    split: Annotated[str, typer.Option("--split", help="Fractions of trials in train,dev[,test]; they must sum to 1.")] = "0.8,0.1,0.1",
    seed: Annotated[int, typer.Option("--seed", help="Seed of the split: the same seed gives the same split whatever the input order.")] = 0,
    model: Annotated[Optional[Path], typer.Option("-m", "--model", help="Pipeline that annotates (default: models/trials_hybrid, or models/trials_rules without models/ner_trials).", file_okay=False)] = None,
    input_format: Annotated[str, typer.Option("--input-format", help=FORMAT_HELP)] = "auto",
    fields: Annotated[str, typer.Option("--fields", help=f"Comma-separated record fields to take documents from, from: {', '.join(ALL_FIELDS)}.")] = ",".join(DEFAULT_FIELDS),
    shard_size: Annotated[int, typer.Option("--shard-size", help="Documents per DocBin shard (spacy format).", min=1)] = 1000,
    batch_size: Annotated[int, typer.Option("-b", "--batch-size", help="Documents per pipeline batch.", min=1)] = 64,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress bar and no closing summary.")] = False,
    errors: Annotated[Optional[Path], typer.Option("--errors", help="Also write each failed record as a JSON line {path, index, reason} to this file.", dir_okay=False)] = None,
) -> None:
    """Annotate trial records with the pipeline and write a silver corpus for training.

    Documents are criteria and arm/intervention descriptions (see --fields); a text that occurs again
    (same words, ignoring case, spacing, list markers and edge punctuation) is kept once. Each trial
    goes whole to train, dev or test by a seeded hash of its id, so no trial is in two splits and
    the split does not depend on the input order. OUTPUT/stats.json counts documents, trials, spans
    per label and relations, in total and per split. Memory stays flat on thousands of records:
    documents are written as they are annotated. A bad record gets one line on standard error and
    the batch goes on (exit code 1 at the end).

    Example: nlp-trials corpus ../shared/corpora/ctgov-xml -o /tmp/silver --format spacy --seed 1
    """
    from ..corpus import build_corpus, parse_split

    if format not in CORPUS_FORMATS:
        typer.echo(f"error: unknown output format {format!r}: allowed formats are {', '.join(CORPUS_FORMATS)}", err=True)
        raise typer.Exit(2)
    try:
        in_fmt = check_format(input_format)
        fractions = parse_split(split)
        chosen = parse_fields(fields)
    except FormatError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from None

    from .. import load

    nlp = load(model)
    failures: list[RecordError] = []

    def report(error: RecordError) -> None:
        failures.append(error)
        tqdm.write(f"error: {error.one_line()}", file=sys.stderr)

    def progress(stream):  # type: ignore[no-untyped-def]
        return tqdm(stream, desc="corpus", unit="doc", disable=True if quiet else None, file=sys.stderr)

    stats = build_corpus(
        nlp, paths, output, fmt=format, split=fractions, seed=seed, input_format=in_fmt, fields=chosen,
        shard_size=shard_size, batch_size=batch_size, on_error=report, progress=progress,
    )
    write_errors(errors, failures)
    if not quiet:
        per_split = ", ".join(f"{name} {s.documents}" for name, s in stats.splits.items())
        typer.echo(
            f"corpus: {stats.total.documents} documents ({per_split}) from {len(stats.total.trials)} trials, "
            f"{sum(stats.total.spans.values())} spans; {stats.duplicates} duplicates skipped; {stats.errors} errors -> {output} ({format})",
            err=True,
        )
    if stats.errors:
        raise typer.Exit(1)
