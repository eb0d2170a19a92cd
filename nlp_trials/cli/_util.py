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
