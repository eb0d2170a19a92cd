"""Our Prodigy-style JSONL gold reader, on inline lines."""

from __future__ import annotations

import json

import pytest

from nlp_trials.errors import GoldError
from nlp_trials.gold import parse_jsonl, read_jsonl

TEXT = "ANC >= 1.5 x 10^9/L"


def _line(**overrides):
    record = {
        "id": "NCT1_inc",
        "text": TEXT,
        "meta": {"source": "test"},
        "spans": [
            {"start": 0, "end": 3, "label": "LAB_TEST", "token_start": 0, "token_end": 0},
            {"start": 4, "end": 19, "label": "LAB_VALUE", "text": ">= 1.5 x 10^9/L"},
        ],
        "relations": [
            {
                "head": 0,
                "child": 1,
                "head_span": {"start": 0, "end": 3, "label": "LAB_TEST"},
                "child_span": {"start": 4, "end": 19, "label": "LAB_VALUE"},
                "label": "HAS_VALUE",
            }
        ],
    }
    record.update(overrides)
    return json.dumps(record)


def test_record_with_spans_and_relations():
    corpus = parse_jsonl(_line() + "\n", path="gold.jsonl")
    (doc,) = corpus.documents
    assert doc.id == "NCT1_inc"
    assert [(s.id, s.label, s.start, s.end) for s in doc.spans] == [("T1", "LAB_TEST", 0, 3), ("T2", "LAB_VALUE", 4, 19)]
    assert [(r.label, r.head, r.tail) for r in doc.relations] == [("HAS_VALUE", "T1", "T2")]
    assert corpus.all_warnings() == []


def test_invalid_json_line_is_reported_with_its_line_and_skipped():
    corpus = parse_jsonl(_line() + "\n{not json\n" + _line(id="NCT2") + "\n", path="gold.jsonl")
    assert [d.id for d in corpus.documents] == ["NCT1_inc", "NCT2"]
    (warning,) = corpus.warnings
    assert (warning.code, warning.kind, warning.line) == ("E208", "invalid_json", 2)


def test_bad_span_and_dangling_relation_are_reported():
    spans = [{"start": 0, "end": 3, "label": "LAB_TEST"}, {"start": 4, "end": 99, "label": "LAB_VALUE"}]
    corpus = parse_jsonl(_line(spans=spans))
    (doc,) = corpus.documents
    assert [s.label for s in doc.spans] == ["LAB_TEST"]
    assert doc.relations == ()
    assert [(w.code, w.kind) for w in doc.warnings] == [("E209", "bad_offsets"), ("E209", "dangling_reference")]


def test_span_text_mismatch_is_reported():
    corpus = parse_jsonl(_line(spans=[{"start": 0, "end": 3, "label": "LAB_TEST", "text": "WBC"}], relations=[]))
    assert corpus.documents[0].spans == ()
    assert [w.kind for w in corpus.documents[0].warnings] == ["text_mismatch"]


def test_rejected_answers_missing_text_and_duplicates():
    content = "\n".join([_line(answer="reject"), _line(text=None), _line(), _line(), "[1, 2]"])
    corpus = parse_jsonl(content, path="g.jsonl")
    assert [d.id for d in corpus.documents] == ["NCT1_inc"]
    assert [(w.code, w.line) for w in corpus.warnings] == [("E217", 1), ("E209", 2), ("E210", 4), ("E209", 5)]


def test_id_falls_back_to_meta_then_file_and_line():
    content = json.dumps({"text": "a", "meta": {"id": "M1"}}) + "\n" + json.dumps({"text": "b"})
    corpus = parse_jsonl(content, path="dir/preds.jsonl")
    assert [d.id for d in corpus.documents] == ["M1", "preds:2"]


def test_read_jsonl_file_and_errors(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(_line() + "\n", encoding="utf-8")
    assert [d.id for d in read_jsonl(tmp_path).documents] == ["NCT1_inc"]
    with pytest.raises(GoldError, match=r"\[E211\]"):
        read_jsonl(tmp_path / "nope")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(GoldError, match=r"\[E212\]"):
        read_jsonl(empty)
