"""Command-line interface: ``nlp-trials COMMAND``. Importing the command modules registers them."""

from __future__ import annotations

from . import annotate, assemble, bench, evaluate, evaluate_values, extract, schema  # noqa: F401  (registers the commands)
from . import corpus, hybrid, train  # noqa: F401  (corpus -> train -> assemble-hybrid loop)
from . import schedules  # noqa: F401  (drug-dose regimens as a table)
import typer

from ._util import app


def main() -> None:
    """Console-script entry point."""
    from ..errors import NlpTrialsError

    try:
        app()
    except NlpTrialsError as e:
        # A bad --model or patterns folder: one line saying what was wrong, not a traceback.
        typer.echo(f"error: {e}", err=True)
        raise SystemExit(2) from None


__all__ = ["app", "main"]
