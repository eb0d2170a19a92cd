"""Command-line interface: ``nlp-trials COMMAND``. Importing the command modules registers them."""

from __future__ import annotations

from . import annotate, assemble, evaluate, extract, schema  # noqa: F401  (registers the commands)
from ._util import app


def main() -> None:
    """Console-script entry point."""
    app()


__all__ = ["app", "main"]
