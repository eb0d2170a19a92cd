"""NeuroTrialNER / BigBio KB JSON reader, on inline records."""

from __future__ import annotations

import json

import pytest

from nlp_trials.errors import GoldError
from nlp_trials.gold import parse_bigbio_records, read_bigbio

TEXT = "Levodopa in Parkinson's Disease | A trial of levodopa."


def _ntner(nctid="NCT1", entities=None, text=TEXT):
    if entities is None:
        entities = [
            {"start": 0, "end": 8, "text": "Levodopa", "type": "DRUG"},
            {"start": 12, "end": 31, "text": "Parkinson's Disease", "type": "CONDITION"},
        ]
    return {
        "nctid": nctid,
        "study_official_title": TEXT[:31],
        "study_brief_summary": None,
        "text": text,
        "tokens": "['Levodopa', ...]",
        "token_bio_labels": "['B-DRUG', ...]",
        "entities": entities,
    }


def test_neurotrialner_record():
    corpus = parse_bigbio_records([_ntner()], path="train.json")
    (doc,) = corpus.documents
    assert doc.id == "NCT1" and doc.text == TEXT
    assert [(s.id, s.label, s.start, s.end, s.text) for s in doc.spans] == [
        ("T1", "DRUG", 0, 8, "Levodopa"),
        ("T2", "CONDITION", 12, 31, "Parkinson's Disease"),
    ]
    assert corpus.all_warnings() == []


@pytest.mark.parametrize(
    "entity,kind",
    [
        ({"start": 0, "end": 99, "text": "x", "type": "DRUG"}, "bad_offsets"),
        ({"start": 8, "end": 0, "text": "x", "type": "DRUG"}, "bad_offsets"),
        ({"start": "0", "end": 8, "text": "Levodopa", "type": "DRUG"}, "bad_offsets"),
        ({"start": 0, "end": 8, "text": "Carbidopa", "type": "DRUG"}, "text_mismatch"),
        ({"start": 0, "end": 8, "text": "Levodopa"}, "invalid_record"),
    ],
)
def test_bad_entity_is_reported_and_skipped(entity, kind):
    good = {"start": 45, "end": 53, "text": "levodopa", "type": "DRUG"}
    corpus = parse_bigbio_records([_ntner(entities=[entity, good])], path="dev.json")
    (doc,) = corpus.documents
    assert [s.text for s in doc.spans] == ["levodopa"]
    (warning,) = doc.warnings
    assert (warning.code, warning.kind, warning.path) == ("E209", kind, "dev.json")
    assert "entity #0" in warning.message


def test_bad_records_are_reported_and_skipped():
    corpus = parse_bigbio_records([42, {"text": TEXT}, _ntner(text=None), _ntner("NCT2")], path="x.json")
    assert [d.id for d in corpus.documents] == ["NCT2"]
    assert [w.code for w in corpus.warnings] == ["E209", "E209", "E209"]


def test_duplicate_ids_across_files_keep_the_first(tmp_path):
    (tmp_path / "train.json").write_text(json.dumps([_ntner("NCT1")]), encoding="utf-8")
    (tmp_path / "dev.json").write_text(json.dumps([_ntner("NCT1"), _ntner("NCT2")]), encoding="utf-8")
    corpus = read_bigbio(tmp_path)
    # dev.json sorts first
    assert [d.id for d in corpus.documents] == ["NCT1", "NCT2"]
    assert corpus.documents[0].path.endswith("dev.json")
    assert [(w.code, w.kind) for w in corpus.warnings] == [("E210", "duplicate_document")]


def test_bigbio_kb_schema_with_passages_discontinuous_entities_and_relations():
    record = {
        "id": "0",
        "document_id": "DOC1",
        "passages": [
            {"id": "p1", "type": "title", "text": ["Renal or hepatic failure"], "offsets": [[0, 24]]},
            {"id": "p2", "type": "abstract", "text": ["ALT 3 x ULN"], "offsets": [[25, 36]]},
        ],
        "entities": [
            {"id": "e1", "type": "Condition", "text": ["Renal", "failure"], "offsets": [[0, 5], [17, 24]], "normalized": []},
            {"id": "e2", "type": "Measurement", "text": ["ALT"], "offsets": [[25, 28]], "normalized": []},
            {"id": "e3", "type": "Value", "text": ["3 x ULN"], "offsets": [[29, 36]], "normalized": []},
        ],
        "relations": [
            {"id": "r1", "type": "Has_value", "arg1_id": "e2", "arg2_id": "e3", "normalized": []},
            {"id": "r2", "type": "Has_value", "arg1_id": "e2", "arg2_id": "e9", "normalized": []},
        ],
        "events": [],
        "coreferences": [],
    }
    corpus = parse_bigbio_records([record])
    (doc,) = corpus.documents
    assert doc.text == "Renal or hepatic failure ALT 3 x ULN"
    renal = doc.spans[0]
    assert renal.fragments == ((0, 5), (17, 24)) and renal.discontinuous and renal.text == "Renal failure"
    assert [(r.label, r.head, r.tail) for r in doc.relations] == [("Has_value", "e2", "e3")]
    assert [w.kind for w in doc.warnings] == ["dangling_reference"]


def test_read_bigbio_errors(tmp_path):
    with pytest.raises(GoldError, match=r"\[E211\]"):
        read_bigbio(tmp_path / "nope.json")
    with pytest.raises(GoldError, match=r"\[E212\]"):
        read_bigbio(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text("[{", encoding="utf-8")
    with pytest.raises(GoldError, match=r"\[E214\].*invalid JSON"):
        read_bigbio(bad)


def test_read_bigbio_jsonl_file(tmp_path):
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps(_ntner("NCT1")) + "\n\n" + json.dumps(_ntner("NCT2")) + "\n", encoding="utf-8")
    assert [d.id for d in read_bigbio(path).documents] == ["NCT1", "NCT2"]
