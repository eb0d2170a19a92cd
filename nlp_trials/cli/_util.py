"""The typer app and what the commands share."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ..errors import RecordError

app = typer.Typer(
    name="nlp-trials",
    help="Read clinical-trial records (ClinicalTrials.gov JSON/XML, saved trial pages, criteria text) "
    "and turn their free text into structured, checkable data.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)

FORMAT_HELP = (
    "Input format; detected from each file's content by default. One of: auto, ctgov-json, ctgov-xml, "
    "ctgov-page, ctgov-classic-page, veeva-page, text."
)


def parse_fields(fields: str) -> tuple[str, ...]:
    """The record fields named in a ``--fields`` value ("criteria,arms"); FormatError names any unknown one."""
    from ..documents import ALL_FIELDS
    from ..errors import FormatError

    chosen = tuple(f.strip() for f in fields.split(",") if f.strip())
    bad = [f for f in chosen if f not in ALL_FIELDS]
    if bad:
        raise FormatError(f"unknown field(s) {', '.join(bad)}: allowed fields are {', '.join(ALL_FIELDS)}")
    return chosen


def to_stdout(output: Path | None) -> bool:
    """Whether ``-o`` names standard output (absent or ``-``)."""
    return output is None or str(output) == "-"


@contextlib.contextmanager
def open_output(
    output: Path | None, *, resume: bool = False, last_record_whole: bool = True, resumable: bool = True
) -> Iterator[tuple[IO[str], frozenset[str]]]:
    """Standard output, or a resumable JSON Lines or table file (:func:`nlp_trials.io.resumable_output`),
    with the keys of the records it already holds."""
    from ..io import partial_path, resumable_output

    if output is None or to_stdout(output):
        yield sys.stdout, frozenset()
        return
    partial = partial_path(output)
    stale = resumable and not resume and partial.exists()
    try:
        with resumable_output(output, resume=resume, last_record_whole=last_record_whole) as opened:
            if stale:
                # Starting afresh threw away what an interrupted run wrote: say so, and how to keep it
                # (said only now that no other run is writing that file: E019 otherwise).
                typer.echo(f"note: {partial} from an interrupted run is started afresh (use --resume to continue it)", err=True)
            yield opened
    except KeyboardInterrupt:
        # Ctrl-C: tell the user the work done so far is kept, and how to finish it.
        hint = " (rerun with --resume to finish)" if resumable else ""
        typer.echo(f"interrupted: {output} is unchanged; the records written so far are in {partial}{hint}", err=True)
        raise


def refuse_resume_to_stdout(resume: bool, output: Path | None) -> None:
    """``--resume`` reads the finished records from the output file: exit 2 without one."""
    if resume and to_stdout(output):
        typer.echo("error: --resume needs an output file (-o OUT.jsonl): it skips the records already in that file", err=True)
        raise typer.Exit(2)


def write_errors(path: Path | None, failures: Iterable[RecordError]) -> None:
    """``--errors FILE``: one JSON line ``{path, index, reason}`` per failed record, written whole."""
    if path is None:
        return
    from ..io import atomic_write

    with atomic_write(path) as fh:
        for failure in failures:
            fh.write(json.dumps(failure.to_dict(), ensure_ascii=False) + "\n")
