"""``nlp-trials schema``: print the JSON Schema of the Trial object."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..io import atomic_write
from ..schema import Trial
from ._util import app


def trial_schema() -> dict:
    """The JSON Schema of :class:`Trial` (the contract of ``extract``'s output)."""
    return Trial.model_json_schema()


@app.command("schema")
def schema_cli(
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Write the schema to this file instead of standard output.", dir_okay=False)] = None,
) -> None:
    """Print the JSON Schema of the Trial objects that `extract` writes.

    Every field has a title and a description; this is the contract of the JSON output.

    Example: nlp-trials schema -o trial.schema.json
    """
    text = json.dumps(trial_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        with atomic_write(output) as fh:
            fh.write(text)
