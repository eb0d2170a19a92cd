"""Label mapping: plain tables and the relation-, role- and text-conditioned rules of ../shared/README.md."""

from __future__ import annotations

import json

import pytest

from nlp_trials.errors import GoldError
from nlp_trials.gold import (
    CORPORA,
    GoldDocument,
    GoldSpan,
    LabelMapping,
    load_mapping,
    map_document,
    parse_brat,
    states_time_amount,
)


def _t(ann_id: str, label: str, text: str, phrase: str, nth: int = 0) -> str:
    """A brat T line for the nth occurrence of phrase in text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return f"{ann_id}\t{label} {start} {start + len(phrase)}\t{phrase}"


def _map(corpus: str, text: str, lines: list[str], **kwargs):
    doc = parse_brat(text, "\n".join(lines) + "\n", doc_id="d", path="d.ann")
    assert doc.warnings == ()
    return map_document(doc, load_mapping(corpus), **kwargs)


def _spans(mapped):
    return [(s.text, s.label) for s in mapped.document.spans]


def _rels(mapped):
    return [(r.head.text, r.label, r.tail.text) for r in mapped.document.relations]


# --- Chia ---------------------------------------------------------------------------------------

CHIA = "Type 2 diabetes on metformin; HbA1c 7-10% at age 18-65; history of stroke within the past 6 months"


def test_chia_plain_labels():
    mapped = _map(
        "chia",
        CHIA,
        [_t("T1", "Condition", CHIA, "Type 2 diabetes"), _t("T2", "Drug", CHIA, "metformin"),
         _t("T3", "Measurement", CHIA, "HbA1c"), _t("T4", "Person", CHIA, "age"), _t("T5", "Procedure", CHIA, "stroke")],
    )
    # A Procedure is PROCEDURE (an extra label, beyond the evaluation of record); a Person is nothing.
    assert _spans(mapped) == [("Type 2 diabetes", "DISEASE"), ("metformin", "DRUG"), ("HbA1c", "LAB_TEST"), ("stroke", "PROCEDURE")]


def test_chia_stretches_labelled_as_a_whole_with_nothing_inside_are_unannotated():
    text = "Patient is in another Novartis trial of pasireotide. Unable to consent. On warfarin within a study."
    mapped = _map(
        "chia",
        text,
        [
            _t("T1", "Competing_trial", text, "Patient is in another Novartis trial of pasireotide"),
            _t("T2", "Informed_consent", text, "Unable to consent"),
            # A stretch the annotators marked an entity in is annotated: it stays scored.
            _t("T3", "Post-eligibility", text, "On warfarin within a study"),
            _t("T4", "Drug", text, "warfarin"),
            # Entity-sized categories are no stretch ("clinically significant").
            _t("T5", "Subjective_judgement", text, "Unable"),
        ],
    )
    first, second = text.index("Patient"), text.index("Unable")
    assert mapped.document.unannotated == ((first, first + 51), (second, second + 17))
    assert mapped.counts["unannotated_stretches"] == 2
    assert _spans(mapped) == [("warfarin", "DRUG")]


def test_a_mapping_without_stretch_labels_lists_none():
    text = "Pain within 6 months"
    mapped = _map("lct", text, [_t("T1", "Observation", text, "Pain")])
    assert mapped.document.unannotated == ()


def test_chia_value_with_has_value_from_a_measurement_is_lab_value():
    mapped = _map(
        "chia",
        CHIA,
        [_t("T1", "Measurement", CHIA, "HbA1c"), _t("T2", "Value", CHIA, "7-10%"), "R1\tHas_value Arg1:T1 Arg2:T2\t"],
    )
    assert _spans(mapped) == [("HbA1c", "LAB_TEST"), ("7-10%", "LAB_VALUE")]
    assert _rels(mapped) == [("HbA1c", "HAS_VALUE", "7-10%")]
    assert mapped.counts["chia_value:has_value_from_measurement"] == 1


def test_chia_value_of_a_person_or_without_relation_is_not_mapped():
    mapped = _map(
        "chia",
        CHIA,
        [_t("T1", "Person", CHIA, "age"), _t("T2", "Value", CHIA, "18-65"), "R1\tHas_value Arg1:T1 Arg2:T2",
         _t("T3", "Value", CHIA, "7-10%")],
    )
    assert _spans(mapped) == []
    assert _rels(mapped) == []
    assert mapped.counts["chia_value:no_measurement"] == 2


def test_chia_value_needs_the_measurement_as_head_not_tail():
    mapped = _map(
        "chia",
        CHIA,
        [_t("T1", "Measurement", CHIA, "HbA1c"), _t("T2", "Value", CHIA, "7-10%"), "R1\tHas_value Arg1:T2 Arg2:T1"],
    )
    assert _spans(mapped) == [("HbA1c", "LAB_TEST")]


@pytest.mark.parametrize(
    "phrase,is_duration",
    [
        ("within the past 6 months", True),
        ("history of", False),
    ],
)
def test_chia_temporal_is_duration_only_with_a_time_amount(phrase, is_duration):
    mapped = _map("chia", CHIA, [_t("T1", "Temporal", CHIA, phrase)])
    assert _spans(mapped) == ([(phrase, "DURATION")] if is_duration else [])
    outcome = "time_amount" if is_duration else "no_time_amount"
    assert mapped.counts[f"chia_temporal:{outcome}"] == 1


def test_chia_has_temporal_to_a_duration_is_has_duration():
    mapped = _map(
        "chia",
        CHIA,
        [_t("T1", "Condition", CHIA, "stroke"), _t("T2", "Temporal", CHIA, "within the past 6 months"),
         _t("T3", "Temporal", CHIA, "history"), "R1\tHas_temporal Arg1:T1 Arg2:T2", "R2\tHas_temporal Arg1:T1 Arg2:T3"],
    )
    assert _rels(mapped) == [("stroke", "HAS_DURATION", "within the past 6 months")]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("6 months", True),
        ("within 4 weeks prior to randomization", True),
        ("six months", True),
        ("past year", True),
        ("at least 48 hours", True),
        ("≥3 months", True),
        ("Day 1", True),  # a number: the README's rule counts it
        ("history of", False),
        ("History", False),
        ("prior", False),
        ("active", False),
        ("at screening", False),
        ("currently", False),
        ("daily", False),  # a frequency, not an amount
        ("during the study", False),
    ],
)
def test_states_time_amount(text, expected):
    assert states_time_amount(text) is expected


# --- LCT ----------------------------------------------------------------------------------------

LCT = "Hemoglobin >= 9 g/dL and age >= 18 years; no stroke within the past 6 months; history of stroke; on aspirin for at least 3 months"


def _lct_lines(text: str = LCT) -> list[str]:
    return [
        # Observation with a Numeric-Filter comparison
        _t("T1", "Observation", text, "Hemoglobin"),
        _t("T2", "Observation-Name", text, "Hemoglobin"),
        _t("T3", "Eq-Comparison", text, ">= 9 g/dL"),
        _t("T4", "Eq-Operator", text, ">="),
        _t("T5", "Eq-Value", text, "9"),
        _t("T6", "Eq-Unit", text, "g/dL"),
        "E1\tEq-Comparison:T3 Operator:T4 Value:T5 Unit:T6",
        "E2\tObservation:T1 Name:T2 Numeric-Filter:E1",
        "A1\tEq-Operator-Value T4 GTEQ",
        # Age with a Numeric-Filter comparison: not a lab value
        _t("T7", "Age", text, "age"),
        _t("T8", "Eq-Comparison", text, ">= 18 years"),
        "E3\tEq-Comparison:T8",
        "E4\tAge:T7 Numeric-Filter:E3",
        # Condition with a Temporality that states an amount of time
        _t("T9", "Condition", text, "stroke"),
        _t("T10", "Condition-Name", text, "stroke"),
        _t("T11", "Eq-Comparison", text, "within the past 6 months"),
        _t("T12", "Eq-Temporal-Period", text, "past"),
        "E5\tEq-Comparison:T11 Temporal-Period:T12",
        "E6\tCondition:T9 Name:T10 Temporality:E5",
        "A2\tEq-Temporal-Period-Value T12 past",
        # Condition with a Temporality that is context, not a duration ("history")
        _t("T13", "Condition", text, "stroke", 1),
        _t("T14", "Condition-Name", text, "stroke", 1),
        _t("T15", "Eq-Comparison", text, "history"),
        "E7\tEq-Comparison:T15",
        "E8\tCondition:T13 Name:T14 Temporality:E7",
        # Drug with a Duration role, written with brat's numeric role suffix
        _t("T16", "Drug", text, "aspirin"),
        _t("T17", "Drug-Name", text, "aspirin"),
        _t("T18", "Eq-Comparison", text, "at least 3 months"),
        "E9\tEq-Comparison:T18",
        "E10\tDrug:T16 Name:T17 Duration2:E9",
        "R1\tBefore Arg1:E10 Arg2:E6",
    ]


def test_lct_roles_map_comparisons_and_relations():
    mapped = _map("lct", LCT, _lct_lines())
    assert _spans(mapped) == [
        ("Hemoglobin", "LAB_TEST"),
        (">= 9 g/dL", "LAB_VALUE"),
        ("stroke", "DISEASE"),
        ("within the past 6 months", "DURATION"),
        ("stroke", "DISEASE"),
        ("aspirin", "DRUG"),
        ("at least 3 months", "DURATION"),
    ]
    assert _rels(mapped) == [
        ("Hemoglobin", "HAS_VALUE", ">= 9 g/dL"),
        ("stroke", "HAS_DURATION", "within the past 6 months"),
        ("aspirin", "HAS_DURATION", "at least 3 months"),
    ]
    assert mapped.counts["lct_comparison:observation_numeric_filter"] == 1
    assert mapped.counts["lct_comparison:other_role"] == 1  # the age
    assert mapped.counts["lct_comparison:temporal_no_time_amount"] == 1  # "history"
    assert mapped.counts["lct_comparison:temporal_time_amount"] == 2


def test_lct_comparison_without_an_observation_is_not_a_lab_value():
    lines = [line for line in _lct_lines() if not line.startswith(("E2\t", "T1\t", "T2\t"))]
    mapped = _map("lct", LCT, lines)
    assert (">= 9 g/dL", "LAB_VALUE") not in _spans(mapped)


# --- discontinuous spans, duplicates, other corpora ---------------------------------------------

DISC = "renal or hepatic function"


def _disc_doc():
    return parse_brat(
        DISC,
        "T1\tCondition 0 5;17 25\trenal function\nT2\tCondition 9 25\thepatic function\nT3\tCondition 9 25\thepatic function\n",
        doc_id="d",
    )


def test_discontinuous_span_is_covered_by_default_and_counted():
    mapped = map_document(_disc_doc(), load_mapping("chia"))
    assert [(s.start, s.end, s.label) for s in mapped.document.spans] == [(0, 25, "DISEASE"), (9, 25, "DISEASE")]
    assert mapped.counts["discontinuous:DISEASE"] == 1
    assert mapped.counts["duplicate_spans"] == 1


def test_discontinuous_span_can_be_dropped():
    mapped = map_document(_disc_doc(), load_mapping("chia"), discontinuous="drop")
    assert [(s.start, s.end) for s in mapped.document.spans] == [(9, 25)]
    assert mapped.counts["dropped_discontinuous:DISEASE"] == 1


def test_unknown_discontinuous_policy():
    with pytest.raises(GoldError, match=r"\[E216\]"):
        map_document(_disc_doc(), load_mapping("chia"), discontinuous="first")  # type: ignore[arg-type]


def test_neurotrialner_mapping():
    text = "Levodopa for Parkinson disease and physiotherapy"
    spans = [
        GoldSpan(id="T1", label="DRUG", start=0, end=8, fragments=((0, 8),), text="Levodopa"),
        GoldSpan(id="T2", label="CONDITION", start=13, end=30, fragments=((13, 30),), text="Parkinson disease"),
        GoldSpan(id="T3", label="PHYSICAL", start=35, end=48, fragments=((35, 48),), text="physiotherapy"),
    ]
    mapped = map_document(GoldDocument(id="N", text=text, spans=tuple(spans)), load_mapping("neurotrialner"))
    assert _spans(mapped) == [("Levodopa", "DRUG"), ("Parkinson disease", "DISEASE")]


def test_jsonl_mapping_is_the_identity():
    doc = parse_brat("ANC 1.5", "T1\tLAB_TEST 0 3\tANC\nT2\tLAB_VALUE 4 7\t1.5\nR1\tHAS_VALUE Arg1:T1 Arg2:T2\n", doc_id="j")
    mapped = map_document(doc, load_mapping("jsonl"))
    assert _spans(mapped) == [("ANC", "LAB_TEST"), ("1.5", "LAB_VALUE")]
    assert _rels(mapped) == [("ANC", "HAS_VALUE", "1.5")]


# --- mapping files ------------------------------------------------------------------------------


@pytest.mark.parametrize("corpus", [c for c in CORPORA if c != "jsonl"])
def test_shipped_mapping_files_are_valid_and_use_our_labels(corpus):
    labels = pytest.importorskip("nlp_trials.labels")
    mapping = load_mapping(corpus)
    assert mapping.corpus == corpus
    assert set(mapping.target_labels) <= set(labels.ENTITY_LABELS)
    assert not set(mapping.labels) & set(mapping.unmapped)
    assert not set(mapping.extra_labels) & (set(mapping.unmapped) | set(mapping.labels))
    for rule in mapping.relations:
        assert set(rule.head) | set(rule.tail) <= set(mapping.target_labels)


def test_target_labels_include_rule_targets():
    assert load_mapping("chia").target_labels == ("DISEASE", "DRUG", "DURATION", "LAB_TEST", "LAB_VALUE", "PROCEDURE")
    # PROCEDURE is beyond the evaluation of record (../shared/README.md): scored, but not in the micro.
    assert load_mapping("chia").record_labels == ("DISEASE", "DRUG", "DURATION", "LAB_TEST", "LAB_VALUE")
    assert load_mapping("lct").record_labels == ("DISEASE", "DRUG", "DURATION", "LAB_TEST", "LAB_VALUE")
    assert load_mapping("lct").relation_labels == ("HAS_DURATION", "HAS_VALUE")


def test_load_mapping_errors(tmp_path):
    with pytest.raises(GoldError, match=r"\[E213\]"):
        load_mapping("i2b2")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"corpus": "x", "rules": ["no_such_rule"]}), encoding="utf-8")
    with pytest.raises(GoldError, match=r"\[E215\]"):
        load_mapping(bad)


def test_custom_mapping_file(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"corpus": "mine", "labels": {"Drug": "DRUG"}}), encoding="utf-8")
    mapping = load_mapping(path)
    assert isinstance(mapping, LabelMapping) and mapping.target_labels == ("DRUG",)
