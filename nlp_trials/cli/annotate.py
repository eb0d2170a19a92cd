"""``nlp-trials annotate``: tag drugs, doses, labs, diseases and durations; write them for review or training."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from tqdm import tqdm

from ..annotate import annotate_documents, iter_records, records_documents
from ..documents import ALL_FIELDS, DEFAULT_FIELDS
from ..errors import FormatError, RecordError
from ..export.writers import FORMATS, JsonlWriter, Writer, open_writer
from ..records import check_format
from ..resume import skip_written
from ._util import FORMAT_HELP, app, open_output, parse_fields, write_errors

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
    errors: Annotated[Optional[Path], typer.Option("--errors", help="Also write each failed record as a JSON line {path, index, reason} to this file.", dir_okay=False)] = None,
    resume: Annotated[bool, typer.Option("--resume", help="jsonl only: continue an interrupted run, keeping the records whose documents are already in OUT.partial (or in a finished OUT) and appending the rest; the last record of an interrupted run is annotated again, in case it was cut between two documents.")] = False,
) -> None:
    """Tag drugs, doses, routes, frequencies, schedules, lab tests and values, diseases and durations.

    Trial records (JSON, XML, pages) give one document per criterion and per arm or intervention
    description, with meta saying which; a plain-text file is one document whose offsets are offsets
    into the file's exact text. Spans carry parsed values (comparator, value or low/high, UCUM unit,
    ULN reference, days) and, for drugs and diseases, the normalized name, vocabulary id and context
    flags (negated, historical, conditional, exception).

    Records are read and written one at a time (JSON and XML streamed): jsonl goes to OUT.partial
    and brat to a temporary folder, moved into place when the run ends; spacy and html are built
    whole at the end. A bad record gets one line on standard error and the rest go on.

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

    if resume and fmt != "jsonl":
        typer.echo(f"error: --resume works with jsonl output only, not {fmt}: a {fmt} output is built whole", err=True)
        raise typer.Exit(2)

    from .. import load  # spaCy is imported only for commands that run the pipeline

    nlp = load(model)
    n_docs = n_spans = 0
    failures: list[RecordError] = []
    skipped = [0]
    with contextlib.ExitStack() as stack:
        if fmt == "jsonl":
            fh, done = stack.enter_context(open_output(output, resume=resume, last_record_whole=False))
            writer: Writer = JsonlWriter(fh)
        else:
            writer, done = stack.enter_context(open_writer(fmt, output)), frozenset()
        records = skip_written(iter_records(paths, format=in_fmt), done, skipped, trial_of=lambda pair: pair[0])
        stream = annotate_documents(nlp, records_documents(records, fields=chosen), batch_size=batch_size, n_process=n_process)
        for item in tqdm(stream, desc="annotate", unit="doc", disable=True if quiet else None, file=sys.stderr):
            if isinstance(item, RecordError):
                failures.append(item)
                typer.echo(f"error: {item.one_line()}", err=True)
                continue
            document, doc = item
            writer.add(document.id, doc, document.meta)
            n_docs += 1
            n_spans += len(doc.ents)
    write_errors(errors, failures)
    if not quiet:
        resumed = f", {skipped[0]} records already in the output (resumed)" if skipped[0] else ""
        typer.echo(f"annotate: {n_docs} documents, {n_spans} spans{resumed}; {len(failures)} errors -> {output} ({fmt})", err=True)
    if failures:
        raise typer.Exit(1)

