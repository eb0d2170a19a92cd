"""``nlp-trials schedules``: trial records in, a flat table of drug-dose regimens out (CSV or JSON Lines)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..enrich import enrich_trials
from ..errors import FormatError, RecordError, message
from ..export.regimen_table import RegimenTableWriter
from ..records import check_format
from ..resume import skip_written
from ._util import FORMAT_HELP, app, open_output, refuse_resume_to_stdout, write_errors
from .extract import read_records

#: The texts regimens are read from; criteria are left out (they state no regimen, and cost time).
REGIMEN_FIELDS = ("arms", "interventions", "brief_summary", "detailed_description")
TABLE_FORMATS = ("csv", "jsonl")


def table_format(output: Path | None, requested: str | None) -> str:
    """``csv`` or ``jsonl``: as requested, else from the output's suffix (.jsonl/.ndjson/.json), else csv."""
    if requested:
        if requested not in TABLE_FORMATS:
            raise FormatError(message("E216", name="--table-format", value=requested, allowed=", ".join(TABLE_FORMATS)))
        return requested
    if output is not None and output.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        return "jsonl"
    return "csv"



@app.command("schedules")
def schedules_cli(
    paths: Annotated[list[str], typer.Argument(help="Record files or folders (searched recursively), or - for standard input.", show_default=False)],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Table file: regimens.csv or regimens.jsonl (default: CSV on standard output).", dir_okay=False)] = None,
    table: Annotated[Optional[str], typer.Option("-t", "--table-format", help="csv or jsonl; by default from the output's suffix (.jsonl -> JSON Lines), else csv.")] = None,
    format: Annotated[str, typer.Option("-f", "--format", help=FORMAT_HELP)] = "auto",
    model: Annotated[Optional[Path], typer.Option("-m", "--model", help="Pipeline to tag and link the texts with (default: the hybrid pipeline models/trials_hybrid, or models/trials_rules without models/ner_trials; assembled on first use).", file_okay=False)] = None,
    errors: Annotated[Optional[Path], typer.Option("--errors", help="Also write each failed record as a JSON line {path, index, reason} to this file.", dir_okay=False)] = None,
    n_process: Annotated[int, typer.Option("-n", "--n-process", min=1, help="Processes for the pipeline and linker (whole records per process, the pipeline loaded once in each); output order is kept.")] = 1,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="No progress bar and no closing summary.")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Continue an interrupted run of a JSON Lines table: keep the trials whose rows are already in OUT.partial (or in a finished OUT), skip them in the input, append the rest (a trial with no regimen, or no trial id, is read again).")] = False,
) -> None:
    """Drug-dose schedules of trials as a flat table, one row per regimen.

    Reads the records like `extract`, runs the pipeline and linker over arm and intervention
    descriptions, the brief summary and the detailed description, and writes one row per regimen:
    trial_id, arm, intervention, drug, drug_id, drug_text, dose (or low/high, or parts: "49,51" of a
    fixed-dose combination), unit, basis, route,
    days, cycle_days, frequency (times_per_day, interval_days), cycles, doses, duration_days,
    dose_intensity (per week), option_group, source (the field), start/end and text (offsets into
    that field). Rows stream as records are read into OUT.partial, moved to OUT when the run ends
    (an interrupted JSON Lines run is continued with --resume). A bad record
    gets one line on standard error and is skipped; the exit code is then 1.

    Example: nlp-trials schedules ../shared/corpora/ctgov-xml -o regimens.csv
    """
    try:
        fmt = check_format(format)
        kind = table_format(output, table)
    except FormatError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(2) from None
    refuse_resume_to_stdout(resume, output)
    if resume and kind != "jsonl":
        typer.echo("error: --resume needs a JSON Lines table (-o OUT.jsonl or -t jsonl): a CSV file cannot be appended to safely", err=True)
        raise typer.Exit(2)
    from ..pipeline.assemble import load

    nlp = load(model)
    failures: list[RecordError] = []
    records = 0
    skipped = [0]
    # The CSV table is one file with a header: written to its partial file, moved over OUT at the end.
    with open_output(output, resume=resume, last_record_whole=False, resumable=kind == "jsonl") as (fh, done):
        writer = RegimenTableWriter(fh, kind)
        items = skip_written(read_records(paths, format=fmt, progress=not quiet), done, skipped)
        for item in enrich_trials(items, nlp, fields=REGIMEN_FIELDS, n_process=n_process):
            if isinstance(item, RecordError):
                failures.append(item)
                typer.echo(f"error: {item.one_line()}", err=True)
                continue
            records += 1
            writer.write(item)
    write_errors(errors, failures)
    if not quiet:
        resumed = f", {skipped[0]} records already in the output (resumed)" if skipped[0] else ""
        typer.echo(f"schedules: {writer.rows} regimens from {records} records{resumed}; {len(failures)} errors", err=True)
    if failures or records + skipped[0] == 0:
        raise typer.Exit(1)
