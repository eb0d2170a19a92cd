"""The typer app and what the commands share."""

from __future__ import annotations

import typer

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
