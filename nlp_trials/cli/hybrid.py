"""``nlp-trials assemble-hybrid``: the rule pipeline plus a trained NER, merged by an explicit policy."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NlpTrialsError
from ._util import app


@app.command("assemble-hybrid")
def assemble_hybrid_cli(
    ner: Annotated[Path, typer.Option("--ner", help="The trained model: OUTPUT/model-best of nlp-trials train.", exists=True, file_okay=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the hybrid pipeline.", file_okay=False)] = Path("models/trials_hybrid"),
    rules: Annotated[Optional[Path], typer.Option("--rules", help="Rule pipeline to extend (default: models/trials_rules).", exists=True, file_okay=False)] = None,
    labels: Annotated[str, typer.Option("--labels", help="Comma-separated labels the model may add (DRUG is left out by default: its model spans were wrong more often than right on the dev parts).")] = "DISEASE",
    extend_labels: Annotated[str, typer.Option("--extend-labels", help="Comma-separated labels whose rule spans a longer model span may widen ('' for none).")] = "DISEASE",
    min_chars: Annotated[int, typer.Option("--min-chars", help="Shortest model span admitted, in characters.", min=1)] = 2,
) -> None:
    """Build the hybrid pipeline: the model proposes the DISEASE spans the rules miss.

    Merge policy (nlp_trials/pipeline/hybrid.py): every rule entity stays; a model span of an allowed
    label is added only where it overlaps no rule entity (rules win on overlap), except that a model
    span of an --extend-labels label that strictly contains the rule spans of that label it overlaps
    replaces them ("lung cancer" -> "small cell lung cancer"); an added disease takes the qualifiers
    before it ("metastatic"). The result loads with
    spacy.load(OUTPUT) and nlp_trials.load(OUTPUT).

    Example: nlp-trials assemble-hybrid --ner models/ner_gold/model-best -o models/trials_hybrid
    """
    from ..train import assemble_hybrid

    try:
        nlp = assemble_hybrid(ner, output, rules=rules, labels=_labels(labels), extend_labels=_labels(extend_labels), min_chars=min_chars)
    except NlpTrialsError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"assembled {', '.join(nlp.pipe_names)} into {output}", err=True)


def _labels(value: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in value.split(",") if x.strip())
