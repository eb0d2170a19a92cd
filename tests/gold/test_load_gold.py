"""load_gold: read + map + count, and the path the lead calls to score predictions."""

from __future__ import annotations

import json

import pytest

from nlp_trials.errors import GoldError
from nlp_trials.evaluation import score
from nlp_trials.gold import load_gold, read_gold

TEXT = "HbA1c 7-10%\r\nNo renal or hepatic failure\r\n"


def test_load_gold_chia_directory(write_brat, tmp_path):
    ann = (
        "T1\tMeasurement 0 5\tHbA1c\n"
        "T2\tValue 6 11\t7-10%\n"
        "R1\tHas_value Arg1:T1 Arg2:T2\t\n"
        f"T3\tCondition {TEXT.index('renal')} {TEXT.index('renal') + 5};{TEXT.index('failure')} {TEXT.index('failure') + 7}\trenal failure\n"
        "T4\tDrug 0 3\tXXX\n"  # text mismatch: skipped
        "Q1\tbroken\n"  # malformed
    )
    write_brat("NCT1_inc", TEXT, ann)
    write_brat("NCT1_exc", TEXT, "")
    gold = load_gold(tmp_path, corpus="chia")
    assert gold.corpus == "chia"
    assert [d.id for d in gold.documents] == ["NCT1_exc", "NCT1_inc"]
    assert gold.labels == ("DISEASE", "DRUG", "DURATION", "LAB_TEST", "LAB_VALUE", "PROCEDURE")
    assert gold.record_labels == ("DISEASE", "DRUG", "DURATION", "LAB_TEST", "LAB_VALUE")
    assert gold.relation_labels == ("HAS_DURATION", "HAS_VALUE")
    c = gold.counts
    assert (c["documents"], c["raw_spans"], c["raw_discontinuous"]) == (2, 3, 1)
    assert (c["spans:LAB_TEST"], c["spans:LAB_VALUE"], c["spans:DISEASE"], c["discontinuous:DISEASE"]) == (1, 1, 1, 1)
    assert (c["relations:HAS_VALUE"], c["warnings:text_mismatch"], c["warnings:malformed_line"]) == (1, 1, 1)
    assert [w.line for w in gold.warnings] == [5, 6]


def test_gold_scored_against_itself_is_perfect(write_brat, tmp_path):
    write_brat("NCT1_inc", TEXT, "T1\tMeasurement 0 5\tHbA1c\nT2\tValue 6 11\t7-10%\nR1\tHas_value Arg1:T1 Arg2:T2\n")
    gold = load_gold(tmp_path, corpus="chia")
    scores = score(gold.documents, gold.documents, labels=gold.labels, relation_labels=gold.relation_labels)
    assert scores.micro.exact.f == 1.0 and scores.relations.micro.exact.f == 1.0


def test_load_gold_jsonl_predictions_round_trip(tmp_path):
    record = {"id": "a", "text": "ANC 1.5", "spans": [{"start": 0, "end": 3, "label": "LAB_TEST"}], "relations": []}
    (tmp_path / "preds.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    preds = load_gold(tmp_path / "preds.jsonl", corpus="jsonl")
    assert preds.labels == ("LAB_TEST",)
    assert [(s.start, s.end, s.label) for s in preds.documents[0].spans] == [(0, 3, "LAB_TEST")]


def test_load_gold_errors(tmp_path):
    with pytest.raises(GoldError, match=r"\[E213\]"):
        load_gold(tmp_path, corpus="i2b2")
    with pytest.raises(GoldError, match=r"\[E213\]"):
        read_gold(tmp_path, corpus="i2b2")
    with pytest.raises(GoldError, match=r"\[E216\]"):
        load_gold(tmp_path, corpus="chia", discontinuous="keep")  # type: ignore[arg-type]
    with pytest.raises(GoldError, match=r"\[E211\]"):
        load_gold(tmp_path / "missing", corpus="lct")
