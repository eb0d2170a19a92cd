"""``nlp-trials assemble``: build the rule pipeline from the config and patterns/ into models/."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from ..errors import NlpTrialsError
from ..pipeline.assemble import DEFAULT_CONFIG, DEFAULT_MODEL, DEFAULT_PATTERNS, assemble
from ._util import app


@app.command("assemble")
def assemble_cli(
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the pipeline.", file_okay=False)] = DEFAULT_MODEL,
    config: Annotated[Path, typer.Option("-c", "--config", help="Pipeline config.", exists=True, dir_okay=False)] = DEFAULT_CONFIG,
    patterns: Annotated[Path, typer.Option("-p", "--patterns", help="Directory of pattern files.", exists=True, file_okay=False)] = DEFAULT_PATTERNS,
) -> None:
    """Build the rule pipeline from its config and the pattern files, and save it.

    Every file of the patterns directory is validated on the way in (the span ruler patterns,
    context.jsonl, the value rules' term_lists.jsonl); an invalid line stops the build with its
    file, line and what is allowed. The rules travel inside the saved pipeline, which loads with
    nlp_trials.load() or spacy.load(OUTPUT).

    Example: nlp-trials assemble -o models/trials_rules
    """
    started = time.perf_counter()
    try:
        nlp = assemble(config_path=config, patterns_dir=patterns, output=output)
    except NlpTrialsError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None
    typer.echo(
        f"assembled {', '.join(nlp.pipe_names)} into {output} in {time.perf_counter() - started:.1f}s",
        err=True,
    )
