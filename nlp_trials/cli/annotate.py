"""``nlp-trials annotate``: tag drugs, doses, labs, diseases and durations; write them for review or training."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from tqdm import tqdm

from ..annotate import annotate_documents, iter_documents
from ..documents import ALL_FIELDS, DEFAULT_FIELDS
from ..errors import FormatError, RecordError
from ..export.writers import FORMATS, open_writer
from ..records import check_format
from ._util import FORMAT_HELP, app, parse_fields

_SUFFIX_FORMATS = {".jsonl": "jsonl", ".spacy": "spacy", ".html": "html", ".htm": "html"}


@app.command("annotate")
def annotate_cli(
    paths: Annotated[list[str], typer.Argument(help="Record files, folders, or - for standard input.", show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output file (jsonl, html, spacy) or folder (brat).")],
    format: Annotated[Optional[str], typer.Option("-f", "--format", help="Output format: jsonl (Prodigy-style), brat (.txt/.ann folder), spacy (DocBin), html (displaCy page). Default: from the output's suffix, else jsonl.")] = None,
    model: Annotated[Optional[Path], typer.Option("-m", "--model", help="Pipeline to run (default: the hybrid pipeline models/trials_hybrid, or models/trials_rules without models/ner_trials; assembled on first use).", file_okay=False)] = None,
    input_format: Annotated[str, typer.Option("--input-format", help=FORMAT_HELP)] = "auto",
    fields: Annotated[str, typer.Option("--fields", help=f"Comma-separated record fields to annotate, from: {', '.join(ALL_FIELDS)}.")] = ",".join(DEFAULT_FIELDS),
    n_process: Annotated[int, typer.Option("-n", "--n-process", help="Processes for spaCy's multiprocessing.", min=1)] = 1,
    batch_size: Annotated[int, typer.Option("-b", "--batch-size", help="Documents per batch.", min=1)] = 64,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress bar and no closing summary.")] = False,
) -> None:
    """Tag drugs, doses, routes, frequencies, schedules, lab tests and values, diseases and durations.

    Trial records (JSON, XML, pages) give one document per criterion and per arm or intervention
    description, with meta saying which; a plain-text file is one document whose offsets are offsets
    into the file's exact text. Spans carry parsed values (comparator, value or low/high, UCUM unit,
    ULN reference, days) and, for drugs and diseases, the normalized name, vocabulary id and context
    flags (negated, historical, conditional, exception).

    Example: nlp-trials annotate corpus/samples -o out/samples.html
    """
    fmt = format or _SUFFIX_FORMATS.get(output.suffix.lower(), "brat" if output.suffix == "" else "jsonl")
    if fmt not in FORMATS:
        typer.echo(f"error: unknown output format {fmt!r}: allowed formats are {', '.join(FORMATS)}", err=True)
        raise typer.Exit(2)
    try:
        in_fmt = check_format(input_format)
        chosen = parse_fields(fields)
    except FormatError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from None

    from .. import load  # spaCy is imported only for commands that run the pipeline

    nlp = load(model)
    n_docs = n_spans = n_errors = 0
    with open_writer(fmt, output) as writer:
        stream = annotate_documents(nlp, iter_documents(paths, format=in_fmt, fields=chosen), batch_size=batch_size, n_process=n_process)
        for item in tqdm(stream, desc="annotate", unit="doc", disable=True if quiet else None, file=sys.stderr):
            if isinstance(item, RecordError):
                n_errors += 1
                typer.echo(f"error: {item.one_line()}", err=True)
                continue
            document, doc = item
            writer.add(document.id, doc, document.meta)
            n_docs += 1
            n_spans += len(doc.ents)
    if not quiet:
        typer.echo(f"annotate: {n_docs} documents, {n_spans} spans; {n_errors} errors -> {output} ({fmt})", err=True)
    if n_errors:
        raise typer.Exit(1)
