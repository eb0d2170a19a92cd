"""Span and relation scorer on hand-computed examples."""

from __future__ import annotations

import json
import math

import pytest

from nlp_trials.errors import EvaluationError
from nlp_trials.evaluation import PRF, overlap_pairs, score
from nlp_trials.gold import LabeledDocument, LabeledRelation, LabeledSpan


def S(start: int, end: int, label: str) -> LabeledSpan:
    return LabeledSpan(start=start, end=end, label=label)


def D(doc_id: str = "d", spans=(), relations=(), text=None) -> LabeledDocument:
    return LabeledDocument(id=doc_id, text=text, spans=tuple(spans), relations=tuple(relations))


def counts(prf: PRF) -> tuple[int, int, int]:
    return (prf.tp, prf.fp, prf.fn)


def test_exact_versus_overlap_per_label_and_micro():
    gold = D(spans=[S(0, 9, "DRUG"), S(20, 35, "DISEASE"), S(40, 43, "LAB_TEST")])
    pred = D(spans=[S(0, 9, "DRUG"), S(20, 30, "DISEASE"), S(50, 55, "DRUG")])
    scores = score([gold], [pred])
    drug, disease, lab = scores.labels["DRUG"], scores.labels["DISEASE"], scores.labels["LAB_TEST"]
    assert counts(drug.exact) == (1, 1, 0) and counts(drug.overlap) == (1, 1, 0)
    assert drug.exact.p == 0.5 and drug.exact.r == 1.0 and drug.exact.f == pytest.approx(2 / 3)
    assert counts(disease.exact) == (0, 1, 1) and counts(disease.overlap) == (1, 0, 0)
    assert disease.overlap.f == 1.0
    assert counts(lab.exact) == (0, 0, 1) and lab.exact.p == 0.0
    assert counts(scores.micro.exact) == (1, 2, 2)
    assert scores.micro.exact.f == pytest.approx(1 / 3)
    assert counts(scores.micro.overlap) == (2, 1, 1)
    assert scores.micro.overlap.p == pytest.approx(2 / 3)


def test_micro_sums_only_the_labels_it_is_given():
    gold = D(spans=[S(0, 9, "DRUG"), S(20, 35, "PROCEDURE")])
    pred = D(spans=[S(0, 9, "DRUG"), S(40, 45, "PROCEDURE")])
    scores = score([gold], [pred], labels=["DRUG", "PROCEDURE"], micro_labels=["DRUG"])
    assert counts(scores.labels["PROCEDURE"].exact) == (0, 1, 1)
    assert counts(scores.micro.exact) == (1, 0, 0)


def test_overlap_is_one_to_one_when_one_gold_overlaps_two_predictions():
    gold = D(spans=[S(0, 20, "DISEASE")])
    pred = D(spans=[S(0, 5, "DISEASE"), S(10, 20, "DISEASE")])
    disease = score([gold], [pred]).labels["DISEASE"]
    assert counts(disease.overlap) == (1, 1, 0)  # paired with the larger overlap, [10, 20)
    assert counts(disease.exact) == (0, 2, 1)


def test_overlap_is_one_to_one_when_two_golds_overlap_one_prediction():
    gold = D(spans=[S(0, 5, "DRUG"), S(6, 10, "DRUG")])
    pred = D(spans=[S(0, 10, "DRUG")])
    assert counts(score([gold], [pred]).labels["DRUG"].overlap) == (1, 0, 1)


def test_overlap_pairing_is_greedy_by_size_identical_first():
    gold = [S(0, 10, "X"), S(0, 3, "X")]
    pred = [S(0, 9, "X"), S(9, 10, "X")]
    # A=[0,10) takes P=[0,9) (overlap 9); B=[0,3) and Q=[9,10) are left: maximal, not maximum.
    assert overlap_pairs(gold, pred) == [(0, 0)]
    # Identical offsets are paired first even when another pair overlaps more.
    assert overlap_pairs([S(0, 4, "X"), S(0, 10, "X")], [S(0, 4, "X"), S(0, 10, "X")]) == [(1, 1), (0, 0)]


def test_touching_spans_do_not_overlap():
    assert counts(score([D(spans=[S(0, 5, "DRUG")])], [D(spans=[S(5, 9, "DRUG")])]).labels["DRUG"].overlap) == (0, 1, 1)


def test_overlap_requires_the_same_label():
    scores = score([D(spans=[S(0, 9, "DRUG")])], [D(spans=[S(0, 9, "DISEASE")])])
    assert counts(scores.labels["DRUG"].overlap) == (0, 0, 1)
    assert counts(scores.labels["DISEASE"].overlap) == (0, 1, 0)


def _all_finite_zero(prf: PRF) -> bool:
    return all(not math.isnan(v) and v == 0.0 for v in (prf.p, prf.r, prf.f))


def test_empty_gold_scores_zero_not_nan():
    scores = score([D()], [D(spans=[S(0, 3, "DRUG"), S(5, 8, "DRUG")])])
    assert counts(scores.labels["DRUG"].exact) == (0, 2, 0)
    assert _all_finite_zero(scores.labels["DRUG"].exact)
    assert _all_finite_zero(scores.micro.overlap)


def test_empty_predictions_score_zero_not_nan():
    scores = score([D(spans=[S(0, 3, "DRUG")])], [D()])
    assert counts(scores.labels["DRUG"].exact) == (0, 0, 1)
    assert _all_finite_zero(scores.labels["DRUG"].exact)


def test_nothing_at_all_reports_the_requested_labels_as_zero():
    scores = score([D()], [], labels=["DRUG", "LAB_VALUE"])
    assert sorted(scores.labels) == ["DRUG", "LAB_VALUE"]
    assert _all_finite_zero(scores.labels["LAB_VALUE"].overlap)
    assert scores.worst_documents == []
    assert json.loads(scores.model_dump_json())["micro"]["exact"] == {"p": 0.0, "r": 0.0, "f": 0.0, "tp": 0, "fp": 0, "fn": 0}


def test_labels_filter_ignores_labels_the_gold_does_not_annotate():
    scores = score([D(spans=[S(0, 9, "DRUG")])], [D(spans=[S(0, 9, "DRUG"), S(10, 15, "DOSE")])], labels=["DRUG"])
    assert list(scores.labels) == ["DRUG"]
    assert counts(scores.micro.exact) == (1, 0, 0)


def test_unannotated_stretches_are_left_out_only_when_asked():
    gold = LabeledDocument(id="d", spans=(S(0, 5, "DRUG"),), unannotated=((10, 40),))
    # A prediction inside the stretch (and a relation to it), one outside, one crossing its edge.
    pred = D(spans=[S(0, 5, "DRUG"), S(12, 20, "DRUG"), S(35, 45, "DRUG")])
    record = score([gold], [pred])
    assert counts(record.labels["DRUG"].exact) == (1, 2, 0)
    diagnostic = score([gold], [pred], skip_unannotated=True)
    assert counts(diagnostic.labels["DRUG"].exact) == (1, 1, 0)
    # Gold spans inside the stretch are left out too, so nothing there counts as missed.
    gold_inside = LabeledDocument(id="d", spans=(S(12, 20, "DRUG"),), unannotated=((10, 40),))
    assert counts(score([gold_inside], [D()], labels=["DRUG"], skip_unannotated=True).labels["DRUG"].exact) == (0, 0, 0)


def test_duplicate_spans_count_once():
    scores = score([D(spans=[S(0, 9, "DRUG"), S(0, 9, "DRUG")])], [D(spans=[S(0, 9, "DRUG")] * 3)])
    assert counts(scores.labels["DRUG"].exact) == (1, 0, 0)


def test_confusion_counts():
    gold = D(spans=[S(0, 9, "DRUG"), S(20, 30, "DISEASE"), S(40, 43, "LAB_TEST"), S(50, 60, "DISEASE")])
    pred = D(spans=[S(0, 9, "DISEASE"), S(22, 30, "DISEASE"), S(70, 75, "DURATION"), S(50, 55, "DRUG"), S(56, 60, "DISEASE")])
    assert score([gold], [pred]).confusion == {
        # [20,30) and [50,60) pair with a DISEASE prediction; [0,9) DRUG was predicted DISEASE
        "DISEASE": {"DISEASE": 2},
        "DRUG": {"DISEASE": 1},
        "LAB_TEST": {"missed": 1},
        # [50,55) DRUG overlaps a gold DISEASE that is already paired: spurious, not a confusion
        "spurious": {"DRUG": 1, "DURATION": 1},
    }


def test_relations_exact_and_overlap():
    anc, value, value_short = S(0, 3, "LAB_TEST"), S(4, 19, "LAB_VALUE"), S(7, 19, "LAB_VALUE")
    gold = D(relations=[LabeledRelation(head=anc, tail=value, label="HAS_VALUE")])
    pred = D(
        relations=[
            LabeledRelation(head=anc, tail=value_short, label="HAS_VALUE"),
            LabeledRelation(head=anc, tail=value, label="HAS_DURATION"),
        ]
    )
    rel = score([gold], [pred]).relations
    assert counts(rel.labels["HAS_VALUE"].exact) == (0, 1, 1)
    assert counts(rel.labels["HAS_VALUE"].overlap) == (1, 0, 0)
    assert counts(rel.labels["HAS_DURATION"].exact) == (0, 1, 0)
    assert counts(rel.micro.exact) == (0, 2, 1)
    assert counts(rel.micro.overlap) == (1, 1, 0)


def test_relation_overlap_needs_both_ends_and_is_one_to_one():
    head, tail = S(0, 3, "LAB_TEST"), S(10, 15, "LAB_VALUE")
    gold = D(relations=[LabeledRelation(head=head, tail=tail, label="HAS_VALUE")])
    pred = D(
        relations=[
            LabeledRelation(head=S(1, 3, "LAB_TEST"), tail=S(11, 15, "LAB_VALUE"), label="HAS_VALUE"),
            LabeledRelation(head=S(0, 2, "LAB_TEST"), tail=S(10, 12, "LAB_VALUE"), label="HAS_VALUE"),
            LabeledRelation(head=S(0, 3, "LAB_TEST"), tail=S(20, 25, "LAB_VALUE"), label="HAS_VALUE"),
        ]
    )
    assert counts(score([gold], [pred]).relations.micro.overlap) == (1, 2, 0)


def test_worst_documents_and_unmatched_predictions():
    gold = [D("a", [S(0, 3, "DRUG")]), D("b", [S(0, 3, "DRUG"), S(5, 8, "DRUG")]), D("c", [S(0, 3, "DRUG")])]
    pred = [D("a", [S(0, 3, "DRUG")]), D("b", [S(0, 2, "DRUG")]), D("z", [S(0, 1, "DRUG")])]
    scores = score(gold, pred, worst=5)
    assert [(d.id, d.exact_errors, d.overlap_errors) for d in scores.worst_documents] == [("b", 3, 1), ("c", 1, 1)]
    assert scores.unmatched_predictions == ["z"]
    assert scores.documents == 3
    assert [d.id for d in score(gold, pred, worst=1).worst_documents] == ["b"]


def test_serializes_to_the_documented_shape():
    dumped = json.loads(score([D(spans=[S(0, 3, "DRUG")])], [D(spans=[S(0, 3, "DRUG")])]).model_dump_json())
    assert set(dumped) >= {"labels", "micro", "relations", "confusion", "worst_documents"}
    assert set(dumped["labels"]["DRUG"]) == {"exact", "overlap"}
    assert set(dumped["labels"]["DRUG"]["exact"]) == {"p", "r", "f", "tp", "fp", "fn"}
    assert set(dumped["relations"]) == {"labels", "micro"}


def test_different_texts_cannot_be_scored():
    with pytest.raises(EvaluationError, match=r"\[E218\].*character 4"):
        score([D(text="ANC 1.5")], [D(text="ANC 2.5")])


def test_duplicate_document_ids_are_refused():
    with pytest.raises(EvaluationError, match=r"\[E219\] duplicate gold"):
        score([D("a"), D("a")], [])


def test_threshold_tests_count_only_tests_with_a_value():
    def R(head: LabeledSpan, tail: LabeledSpan) -> LabeledRelation:
        return LabeledRelation(head=head, tail=tail, label="HAS_VALUE")

    hb, hb_v, pain, alt, alt_v = S(0, 2, "LAB_TEST"), S(3, 8, "LAB_VALUE"), S(10, 14, "LAB_TEST"), S(20, 23, "LAB_TEST"), S(24, 30, "LAB_VALUE")
    gold = D(spans=[hb, hb_v, pain, alt, alt_v], relations=[R(hb, hb_v), R(alt, alt_v)])
    # Predicted: Hb with its value (correct), ALT without one (found, no value needed), and a valued
    # test gold does not have (spurious); gold's "pain" without a value is not counted missed.
    ldh, ldh_v = S(40, 43, "LAB_TEST"), S(44, 48, "LAB_VALUE")
    pred = D(spans=[hb, hb_v, S(20, 23, "LAB_TEST"), ldh, ldh_v], relations=[R(hb, hb_v), R(ldh, ldh_v)])
    t = score([gold], [pred]).threshold_tests
    assert (t.gold, t.found, t.predicted, t.correct) == (2, 2, 2, 1)
    assert (t.recall, t.precision) == (1.0, 0.5) and t.f == pytest.approx(2 / 3)
    assert score([D(spans=[hb])], [D()]).threshold_tests is None  # no gold test has a value
