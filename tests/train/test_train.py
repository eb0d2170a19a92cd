"""Gold -> DocBin conversion, the train/dev/eval parts of gold corpora, and a tiny real training run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from nlp_trials.errors import FormatError
from nlp_trials.evaluation.run import split_of
from nlp_trials.gold import LabeledDocument, LabeledSpan
from nlp_trials.train import DataSpec, blank_nlp, labeled_to_doc, train_ner, training_part


@pytest.fixture(scope="module")
def tokenizer_nlp():
    return blank_nlp()


def test_labeled_to_doc_aligns_trims_and_resolves_overlaps(tokenizer_nlp):
    text = "No prior cisplatin-based therapy or small cell lung cancer.\r\n"
    cis = text.index("cisplatin")
    sclc = text.index("small cell lung cancer")
    document = LabeledDocument(
        id="NCT1_exc",
        text=text,
        spans=[
            LabeledSpan(start=cis, end=cis + 9, label="DRUG"),
            LabeledSpan(start=sclc, end=sclc + 22, label="DISEASE"),
            LabeledSpan(start=sclc + 11, end=sclc + 22, label="DISEASE"),  # inside the longer one
            LabeledSpan(start=text.index("therapy"), end=text.index("therapy") + 7, label="LAB_TEST"),
        ],
    )
    doc, counts = labeled_to_doc(tokenizer_nlp, document, ["DRUG", "DISEASE"])
    assert [(e.text, e.label_) for e in doc.ents] == [("cisplatin", "DRUG"), ("small cell lung cancer", "DISEASE")]
    assert counts["kept"] == 2 and counts["overlap"] == 1
    assert doc.user_data["doc_id"] == "NCT1_exc"
    # A span ending inside a token is expanded to the token.
    doc, _ = labeled_to_doc(tokenizer_nlp, LabeledDocument(id="x", text="cisplatinum given", spans=[LabeledSpan(start=0, end=9, label="DRUG")]), None)
    assert [e.text for e in doc.ents] == ["cisplatinum"]


def test_training_parts_keep_the_evaluation_half_out():
    ids = [f"NCT{n:08d}_inc" for n in range(600)]
    for doc_id in ids:
        part = training_part(doc_id, "chia")
        assert (part == "eval") == (split_of(doc_id) == 1)
        assert training_part(doc_id, "neurotrialner") != "eval"
    dev = sum(training_part(i, "lct") == "dev" for i in ids)
    assert 10 < dev < 60  # about one trial in ten of the training half
    # Lists of one trial stay together.
    assert training_part("NCT00000007_inc", "chia") == training_part("NCT00000007_exc", "chia")


def test_data_spec_parsing(tmp_path):
    (tmp_path / "chia").mkdir()
    assert DataSpec.parse(f"chia:{tmp_path / 'chia'}") == DataSpec(path=tmp_path / "chia", scheme="chia")
    for bad in (f"i2b2:{tmp_path}", str(tmp_path / "missing.spacy"), str(tmp_path / "chia"), f"chia:{tmp_path / 'nope'}"):
        with pytest.raises(FormatError, match=r"\[E231\]"):
            DataSpec.parse(bad)


def _gold_jsonl(path: Path, n: int) -> None:
    drugs = ["cisplatin", "topotecan", "gemcitabine", "oxaliplatin", "docetaxel"]
    diseases = ["asthma", "hepatitis B", "lung cancer", "epilepsy", "heart failure"]
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            drug, disease = drugs[i % 5], diseases[(i * 2) % 5]
            text = f"Prior {drug} for {disease} within 4 weeks."
            spans = [
                {"start": text.index(drug), "end": text.index(drug) + len(drug), "label": "DRUG"},
                {"start": text.index(disease), "end": text.index(disease) + len(disease), "label": "DISEASE"},
            ]
            fh.write(json.dumps({"id": f"NCT{i:08d}_inc", "text": text, "spans": spans}) + "\n")


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A real NER trained for four steps on forty inline documents."""
    tmp_path = tmp_path_factory.mktemp("train")
    gold = tmp_path / "gold.jsonl"
    _gold_jsonl(gold, 40)
    out = tmp_path / "ner"
    report = train_ner([DataSpec.parse(f"jsonl:{gold}")], out, max_steps=4, eval_frequency=2)
    return tmp_path, out, report


def test_a_tiny_training_run_gives_a_loadable_model(tiny_model):
    tmp_path, out, report = tiny_model
    assert report.documents["train"] + report.documents["dev"] == 40 and report.documents["dev"] > 0
    assert set(report.entities["train"]) == {"DRUG", "DISEASE"}
    nlp = spacy.load(out / "model-last")
    assert nlp.pipe_names == ["ner"]
    assert set(nlp.get_pipe("ner").labels) == {"DRUG", "DISEASE"}
    doc = nlp("Prior cisplatin for asthma.")
    assert [t.text for t in doc][:2] == ["Prior", "cisplatin"]
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".ner")]
    # The saved config names no temporary data folder.
    saved = spacy.util.load_config(out / "model-last" / "config.cfg", interpolate=False)
    assert saved["paths"]["train"] is None and saved["paths"]["dev"] is None


def test_the_hybrid_pipeline_loads_and_keeps_every_rule_entity(tiny_model, model_dir, nlp, tmp_path):
    import nlp_trials
    from nlp_trials.train import assemble_hybrid

    _, out, _ = tiny_model
    assemble_hybrid(out / "model-last", tmp_path / "hybrid", rules=model_dir)
    hybrid = spacy.load(tmp_path / "hybrid")
    assert hybrid.pipe_names[:2] == ["ner", "trials_model_spans"]
    assert hybrid.pipe_names.index("trials_hybrid") == hybrid.pipe_names.index("trials_resolver") + 1
    assert nlp_trials.load(tmp_path / "hybrid").pipe_names == hybrid.pipe_names
    text = "Topotecan 1.2 mg/m2 IV days 1-5 every 21 days; ANC >= 1.5 x 10^9/L; no prior cisplatin for asthma."
    rules = {(e.start_char, e.end_char, e.label_) for e in nlp(text).ents}
    merged = {(e.start_char, e.end_char, e.label_) for e in hybrid(text).ents}
    assert rules and rules <= merged
    assert all(label in ("DRUG", "DISEASE") for *_, label in merged - rules)


def test_a_hybrid_is_not_taken_for_the_rule_pipeline(tiny_model, model_dir, tmp_path):
    from nlp_trials.errors import GoldError
    from nlp_trials.train import assemble_hybrid

    _, out, _ = tiny_model
    assemble_hybrid(out / "model-last", tmp_path / "hybrid", rules=model_dir)
    with pytest.raises(GoldError, match=r"\[E234\].*already has a trained 'ner'"):
        assemble_hybrid(out / "model-last", tmp_path / "twice", rules=tmp_path / "hybrid")
    assert not (tmp_path / "twice").exists()


def test_train_cli_reports_bad_data(tmp_path):
    from typer.testing import CliRunner

    from nlp_trials.cli import app

    result = CliRunner().invoke(app, ["train", "--train", f"i2b2:{tmp_path}", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1 and "[E231]" in result.stderr


def test_ensure_hybrid_builds_once_and_rebuilds_after_the_rules_change(tiny_model, model_dir, tmp_path):
    import os
    import shutil

    from nlp_trials.train import ensure_hybrid

    _, out, _ = tiny_model
    assert ensure_hybrid(tmp_path / "no_ner", tmp_path / "h", rules=model_dir) is None
    rules = tmp_path / "rules"
    shutil.copytree(model_dir, rules)
    built = ensure_hybrid(out / "model-last", tmp_path / "h", rules=rules)
    assert built == tmp_path / "h" and (built / "config.cfg").exists()
    stamp = (built / "config.cfg").stat().st_mtime
    os.utime(built / "config.cfg", (stamp + 100, stamp + 100))
    ensure_hybrid(out / "model-last", tmp_path / "h", rules=rules)
    assert (built / "config.cfg").stat().st_mtime == stamp + 100  # up to date: not rebuilt
    os.utime(rules / "config.cfg", (stamp + 200, stamp + 200))
    ensure_hybrid(out / "model-last", tmp_path / "h", rules=rules)
    assert (built / "config.cfg").stat().st_mtime != stamp + 100  # the rules are newer: rebuilt
