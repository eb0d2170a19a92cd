"""Lab thresholds, dose thresholds, time windows and summary facts on the seed records (issue 4's done list)."""

from __future__ import annotations

import pytest

from nlp_trials.enrich import enrich_trials
from nlp_trials.records import parse_file
from nlp_trials.schema import Criterion, LabThreshold, Trial


@pytest.fixture(scope="module")
def seeds(nlp, samples) -> dict[str, Trial]:
    out = {}
    for key, path in samples.items():
        [trial] = [t for t in enrich_trials(parse_file(path), nlp, fields=("criteria",)) if isinstance(t, Trial)]
        out[key] = trial
    return out


def _criterion(trial: Trial, cid: str) -> Criterion:
    return next(c for c in trial.eligibility.criteria if c.id == cid)


def _thresholds(trial: Trial, test: str) -> list[LabThreshold]:
    return [t for c in trial.eligibility.criteria for t in c.lab_thresholds if t.test == test]


def _one(trial: Trial, test: str, applies_when: str | None = None) -> LabThreshold:
    found = [t for t in _thresholds(trial, test) if t.applies_when == applies_when and not t.is_condition]
    assert len(found) == 1, (test, [(t.text, t.applies_when) for t in _thresholds(trial, test)])
    return found[0]


EXPECTED_001 = [
    # test, comparator, value, unit, reference, applies_when
    ("absolute neutrophil count", ">=", 1.5, "10*9/L", None, None),
    ("platelet count", ">=", 75.0, "10*9/L", None, None),
    ("hemoglobin", ">=", 8.0, "g/dL", None, None),
    ("lymphocyte count", ">=", 0.5, "10*9/L", None, None),
    ("alanine aminotransferase", "<=", 2.5, None, "ULN", None),
    ("aspartate aminotransferase", "<=", 2.5, None, "ULN", None),
    ("total bilirubin", "<=", 2.0, None, "ULN", None),
    ("alanine aminotransferase", "<", 5.0, None, "ULN", "liver metastasis"),
    ("aspartate aminotransferase", "<", 5.0, None, "ULN", "liver metastasis"),
    ("creatinine clearance", ">", 50.0, "mL/min", None, "serum creatinine is \\> 1.5 × ULN"),
    ("amylase", "<=", 1.5, None, "ULN", None),
    ("lipase", "<=", 1.5, None, "ULN", None),
    ("alkaline phosphatase", "<=", 2.5, None, "ULN", None),
    ("alkaline phosphatase", "<", 5.0, None, "ULN", "bone metastases"),
    ("oxygen saturation", "<=", 95.0, "%", None, None),
    ("systolic blood pressure", ">=", 160.0, "mm[Hg]", None, None),
    ("diastolic blood pressure", ">", 100.0, "mm[Hg]", None, None),
    ("glucose", ">=", 10.2, "mmol/L", None, None),
    ("left ventricular ejection fraction", "<", 50.0, "%", None, None),
    ("qtc interval", ">", 450.0, "ms", None, "male"),
    ("qtc interval", ">", 470.0, "ms", None, "female"),
]


@pytest.mark.parametrize("test,comparator,value,unit,reference,applies_when", EXPECTED_001)
def test_seed_001_thresholds(seeds, test, comparator, value, unit, reference, applies_when):
    t = _one(seeds["001"], test, applies_when)
    assert (t.comparator, t.value, t.unit, t.reference) == (comparator, value, unit, reference)


def test_seed_001_serum_creatinine_urine_protein_and_the_conditions(seeds):
    creatinine = _thresholds(seeds["001"], "serum creatinine")
    assert [(t.comparator, t.value, t.is_condition) for t in creatinine] == [("<=", 1.5, False), (">", 1.5, True)]
    urine = _thresholds(seeds["001"], "urine protein")
    assert [(t.comparator, t.value, t.unit, t.is_condition) for t in urine] == [("<=", 1.0, "{+}", False), (">=", 2.0, "{+}", True), ("<", 1.0, "g", False)]


def test_seed_001_exclusion_thresholds_are_negated_for_eligible_patients(seeds):
    qtc = _one(seeds["001"], "qtc interval", "male")
    assert qtc.eligible_if is not None and (qtc.eligible_if.comparator, qtc.eligible_if.value) == ("<=", 450.0)
    lvef = _one(seeds["001"], "left ventricular ejection fraction")
    assert lvef.eligible_if is not None and (lvef.eligible_if.comparator, lvef.eligible_if.value) == (">=", 50.0)
    anc = _one(seeds["001"], "absolute neutrophil count")
    assert anc.eligible_if is not None and anc.eligible_if.comparator == ">="


def test_seed_001_threshold_offsets_point_into_the_criterion(seeds):
    for c in seeds["001"].eligibility.criteria:
        for t in c.lab_thresholds:
            assert c.text[t.start:t.end] == t.text
            assert c.text[t.value_start:t.value_end] in t.text
        for e in c.entities:
            assert c.text[e.start:e.end] == e.text


def test_seed_001_pr_interval(seeds):
    t = _one(seeds["001"], "pr interval")
    assert (t.comparator, t.value, t.unit) == (">", 250.0, "ms")


def test_seed_001_drug_doses(seeds):
    doses = {(d.drug, d.comparator, d.value, d.unit) for c in seeds["001"].eligibility.criteria for d in c.dose_thresholds}
    assert ("prednisone", ">", 15.0, "mg/d") in doses
    assert ("aspirin", ">=", 100.0, "mg/d") in doses
    pred = next(d for d in _criterion(seeds["001"], "E14").dose_thresholds if d.drug == "prednisone")
    assert pred.eligible_if is not None and (pred.eligible_if.comparator, pred.eligible_if.value) == ("<=", 15.0)


WINDOWS = {
    # seed -> (criterion, anchor, relation, days) that must be among its windows
    "000": [("I3", "last dose", "within", 180.0), ("I8", "first dose", "within", 7.0), ("I9", "last dose", "after", 210.0),
            ("I9", "randomization", "within", 7.0), ("E4.2", "randomization", "within", 28.0), ("E5", "randomization", "within", 14.0)],
    "001": [("E12", "infusion", "within", 180.0), ("E13.7", "enrollment", "within", 30.0), ("E14", "apheresis", "within", 14.0),
            ("E16.2", "study entry", "for", 1095.0), ("E24", "apheresis", "before", 28.0)],
    "002": [("I8", "last dose", "for", 180.0), ("I8", "first dose", "within", 7.0), ("E3", "first dose", "within", 28.0),
            ("E9", "first dose", "for", 28.0), ("E6", "first dose", "within", 28.0)],
    "003": [("I9", "end of study", "for", 90.0), ("E3", "first dose", "within", 28.0)],
    "004": [("E5", "last dose", "for", 180.0), ("E11", "first dose", "before", 14.0)],
}


@pytest.mark.parametrize("seed", sorted(WINDOWS))
def test_seed_time_windows_with_anchors(seeds, seed):
    got = {(c.id, w.anchor, w.relation, w.days) for c in seeds[seed].eligibility.criteria for w in c.time_windows}
    missing = [w for w in WINDOWS[seed] if w not in got]
    assert not missing, (missing, sorted(got, key=str))
    for c in seeds[seed].eligibility.criteria:
        for w in c.time_windows:
            assert c.text[w.start:w.end] == w.text


def test_seed_time_window_subjects(seeds):
    e14 = _criterion(seeds["001"], "E14").time_windows
    assert [w.subject for w in e14] == ["prednisone", "prednisone"]
    e6 = _criterion(seeds["002"], "E6").time_windows
    assert [(w.subject, w.subject_label) for w in e6] == [("live attenuated vaccine", "DRUG")]


def test_seed_summary_facts(seeds):
    e = {k: t.eligibility for k, t in seeds.items()}
    assert e["000"].ecog is not None and (e["000"].ecog.low, e["000"].ecog.high) == (0, 1)
    assert e["001"].life_expectancy_weeks == 12.0 and e["000"].life_expectancy_weeks == 12.9
    assert e["000"].prior_lines is not None and (e["000"].prior_lines.min, e["000"].prior_lines.max) == (None, 2)
    assert e["001"].prior_lines is not None and (e["001"].prior_lines.min, e["001"].prior_lines.max) == (2, None)
    assert e["002"].prior_lines is not None and (e["002"].prior_lines.min, e["002"].prior_lines.max) == (2, 3)
    assert e["003"].prior_lines is not None and e["003"].prior_lines.max == 0
    assert e["000"].measurable_disease == "RECIST 1.1" and e["002"].measurable_disease == "RECIST 1.1"
