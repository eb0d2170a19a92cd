"""``nlp-trials train``: train the statistical NER on gold and/or silver data; optionally assemble the hybrid."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import NlpTrialsError
from ._util import app

_DATA_HELP = (
    "Gold as SCHEME:PATH (SCHEME: chia, lct, neurotrialner, jsonl), or a .spacy file / folder of them "
    "(a split of `nlp-trials corpus`). Repeat to combine."
)


@app.command("train")
def train_cli(
    train: Annotated[list[str], typer.Option("--train", help=_DATA_HELP, show_default=False)],
    output: Annotated[Path, typer.Option("-o", "--output", help="Output folder; gets model-best and model-last.", file_okay=False)],
    dev: Annotated[Optional[list[str]], typer.Option("--dev", help="Dev data that picks model-best (same forms as --train). Default: the dev part of the gold --train data.", show_default=False)] = None,
    config: Annotated[Optional[Path], typer.Option("-c", "--config", help="Training config (default: the shipped nlp_trials/configs/ner.cfg).", exists=True, dir_okay=False)] = None,
    labels: Annotated[str, typer.Option("--labels", help="Comma-separated labels to train, or 'all' for every label the data has.")] = "DRUG,DISEASE,LAB_VALUE,LAB_TEST",
    max_epochs: Annotated[Optional[int], typer.Option("--max-epochs", help="Stop after this many epochs (config default: no limit).", min=0)] = None,
    max_steps: Annotated[Optional[int], typer.Option("--max-steps", help="Stop after this many updates (config default: 2000).", min=0)] = None,
    eval_frequency: Annotated[Optional[int], typer.Option("--eval-frequency", help="Updates between dev evaluations (config default: 200).", min=1)] = None,
    seed: Annotated[Optional[int], typer.Option("--seed", help="Random seed of the run.")] = None,
    hybrid: Annotated[Optional[Path], typer.Option("--hybrid", help="Also assemble the hybrid pipeline (rules + this model's model-best) into this folder.", file_okay=False)] = None,
) -> None:
    """Train a spaCy NER (CPU, HashEmbedCNN + ner, the nlp_trials tokenizer) and write it to OUTPUT.

    Gold is converted through the label mapping of its scheme. Chia and LCT: half of their trials
    (nlp_trials.evaluation.run.split_of(id) == 1) is held apart for evaluation and never read here;
    one trial in ten of the other half is the dev set. NeuroTrialNER: pass train.json; one record in
    ten of it is the dev set, and dev.json stays for evaluation. OUTPUT/data.json records the
    documents and entities of each part.

    Example: nlp-trials train --train chia:../shared/corpora/chia --train neurotrialner:../shared/corpora/neurotrialner/train.json -o models/ner_gold --max-steps 1500
    """
    from ..train import DataSpec, assemble_hybrid, train_ner

    started = time.perf_counter()
    try:
        train_specs = [DataSpec.parse(v) for v in train]
        dev_specs = [DataSpec.parse(v) for v in dev or []]
        chosen = None if labels.strip().lower() == "all" else tuple(x.strip() for x in labels.split(",") if x.strip())
        report = train_ner(
            train_specs, output, dev=dev_specs, config=config or _default_config(), labels=chosen,
            max_epochs=max_epochs, max_steps=max_steps, eval_frequency=eval_frequency, seed=seed,
        )
    except NlpTrialsError as e:
        typer.echo(f"error: {e}", err=True)
        raise typer.Exit(1) from None
    (output / "data.json").write_text(json.dumps({"train": train, "dev": dev or [], **report.to_dict()}, indent=2) + "\n", encoding="utf-8")
    typer.echo(f"train: {report.documents.get('train', 0)} train / {report.documents.get('dev', 0)} dev documents -> {output} in {time.perf_counter() - started:.0f}s", err=True)
    if hybrid is not None:
        try:
            nlp = assemble_hybrid(output / "model-best", hybrid)
        except NlpTrialsError as e:
            typer.echo(f"error: {e}", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"assembled {', '.join(nlp.pipe_names)} into {hybrid}", err=True)


def _default_config() -> Path:
    from ..train import NER_CONFIG

    return NER_CONFIG
