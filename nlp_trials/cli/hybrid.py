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
    labels: Annotated[str, typer.Option("--labels", help="Comma-separated labels the model may add (DRUG and LAB_TEST are left out by default: the model's drugs were wrong more often than right on the dev parts, and its tests take values from the rules' tests).")] = "DISEASE,LAB_VALUE",
    extend_labels: Annotated[str, typer.Option("--extend-labels", help="Comma-separated labels whose rule spans a longer model span may widen ('' for none).")] = "DISEASE",
    paired: Annotated[str, typer.Option("--paired", help="Comma-separated LABEL:PARTNER pairs: a model span of LABEL is kept only next to a PARTNER entity ('' for none).")] = "LAB_TEST:LAB_VALUE",
    pair_gap: Annotated[int, typer.Option("--pair-gap", help="Most tokens between a paired model span and its partner.", min=0)] = 1,
    min_chars: Annotated[int, typer.Option("--min-chars", help="Shortest model span admitted, in characters.", min=1)] = 2,
) -> None:
    """Build the hybrid pipeline: the model proposes the diseases and lab values the rules miss.

    Merge policy (nlp_trials/pipeline/hybrid.py): every rule entity stays; a model span of an allowed
    label is added only where it overlaps no rule entity (rules win on overlap), except that a model
    span of an --extend-labels label that strictly contains the rule spans of that label it overlaps
    replaces them ("lung cancer" -> "small cell lung cancer"); an added disease takes the qualifiers
    before it ("metastatic"); a model value is added only where the value rules would keep it (no
    age, no stage of no test, a word value next to a test); a model test, when --labels has
    LAB_TEST, only right next to a value (--paired). The result loads with spacy.load(OUTPUT) and
    nlp_trials.load(OUTPUT).

    Example: nlp-trials assemble-hybrid --ner models/ner_gold/model-best -o models/trials_hybrid
    """
    from ..train import assemble_hybrid

    try:
        nlp = assemble_hybrid(
            ner, output, rules=rules, labels=_labels(labels), extend_labels=_labels(extend_labels), min_chars=min_chars,
            paired_labels=_pairs(paired), pair_gap=pair_gap,
        )
    except NlpTrialsError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"assembled {', '.join(nlp.pipe_names)} into {output}", err=True)


def _labels(value: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in value.split(",") if x.strip())


def _pairs(value: str) -> dict[str, str]:
    pairs = {}
    for item in _labels(value):
        label, sep, partner = item.partition(":")
        if not sep or not label.strip() or not partner.strip():
            raise typer.BadParameter(f"{item!r} is no LABEL:PARTNER pair (such as LAB_TEST:LAB_VALUE)", param_hint="--paired")
        pairs[label.strip()] = partner.strip()
    return pairs
