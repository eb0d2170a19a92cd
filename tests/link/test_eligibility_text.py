"""Criteria text through the rule pipeline and the linker: the thresholds a user reads."""

from __future__ import annotations

import pytest

import nlp_trials
from nlp_trials.enrich import enrich_trials
from nlp_trials.schema import LabThreshold, Trial

CRITERIA = """Inclusion Criteria:
* Neutrophils ≥ 1.0 x 10^9/L unless due to marrow involvement
* Total bilirubin ≤ 1.5 × ULN (except in patients with Gilbert's disease)
* AST ≤ 2.5 × ULN (unless liver metastases are present, in which case ≤ 5 × ULN)
* Hemoglobin A1c 7.0% to 10.5%
* Body weight between 50 kg and 120 kg
"""


@pytest.fixture(scope="module")
def thresholds(nlp) -> dict[str, list[LabThreshold]]:
    [trial] = [t for t in enrich_trials(nlp_trials.read(CRITERIA), nlp, fields=("criteria",)) if isinstance(t, Trial)]
    return {c.id: c.lab_thresholds for c in trial.eligibility.criteria}


def test_unless_gives_the_patients_a_threshold_is_not_for(thresholds):
    [anc] = thresholds["I1"]
    assert (anc.test, anc.comparator, anc.value, anc.unit) == ("absolute neutrophil count", ">=", 1.0, "10*9/L")
    assert (anc.applies_when, anc.applies_unless) == (None, "due to marrow involvement")
    [bili] = thresholds["I2"]
    assert (bili.applies_unless, bili.applies_unless_norm) == ("Gilbert's disease", "gilbert syndrome")


def test_the_value_for_the_excepted_patients_applies_when_they_are(thresholds):
    got = [(t.value, t.applies_when, t.applies_unless) for t in thresholds["I3"]]
    assert got == [(2.5, None, "liver metastases"), (5.0, "liver metastases", None)]


@pytest.mark.parametrize("cid, test, low, high, unit", [("I4", "hba1c", 7.0, 10.5, "%"), ("I5", "body weight", 50.0, 120.0, "kg")])
def test_a_range_with_its_unit_twice_is_one_threshold(thresholds, cid, test, low, high, unit):
    [t] = thresholds[cid]
    assert (t.test, t.comparator, t.low, t.high, t.unit) == (test, "between", low, high, unit)


def test_karnofsky_written_with_ps_is_one_test(nlp):
    text = "Inclusion Criteria:\n* ECOG performance status (PS) 0-2 OR Karnofsky PS 60-100%\n"
    [trial] = [t for t in enrich_trials(nlp_trials.read(text), nlp, fields=("criteria",)) if isinstance(t, Trial)]
    got = [(t.test, t.test_text, t.low, t.high) for t in trial.eligibility.criteria[0].lab_thresholds]
    assert got == [("ecog performance status", "ECOG performance status (PS)", 0.0, 2.0), ("karnofsky performance status", "Karnofsky PS", 60.0, 100.0)]
    assert trial.eligibility.ecog is not None and (trial.eligibility.ecog.low, trial.eligibility.ecog.high) == (0.0, 2.0)


def test_a_cumulative_dose_limited_to_an_amount_is_a_bound(nlp):
    text = "Inclusion Criteria:\n* Prior carmustine allowed if dose limited to 480 mg/m2\n"
    [trial] = [t for t in enrich_trials(nlp_trials.read(text), nlp, fields=("criteria",)) if isinstance(t, Trial)]
    [d] = trial.eligibility.criteria[0].dose_thresholds
    assert (d.drug, d.comparator, d.value, d.unit) == ("carmustine", "<=", 480.0, "mg/m2")


def test_fever_with_a_temperature_is_a_body_temperature_threshold(nlp):
    text = "Inclusion Criteria:\n* No fever > 38.0 °C for 48 hours\n* History of fever\n"
    [trial] = [t for t in enrich_trials(nlp_trials.read(text), nlp, fields=("criteria",)) if isinstance(t, Trial)]
    first, second = trial.eligibility.criteria
    [t] = first.lab_thresholds
    assert (t.test, t.test_text, t.comparator, t.value, t.unit) == ("body temperature", "fever", ">", 38.0, "Cel")
    assert t.eligible_if is not None and t.eligible_if.comparator == "<="  # "No fever": eligible at 38.0 or below
    # Without a value, fever stays a condition.
    assert [(e.label, e.text) for e in second.entities] == [("DISEASE", "fever")]
