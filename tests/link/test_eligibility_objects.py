"""Criterion objects (lab_thresholds, dose_thresholds, time_windows, entities) and eligibility summary facts."""

from __future__ import annotations

import pytest
from eligibility_util import espans

from nlp_trials.documents import Document
from nlp_trials.link import facts
from nlp_trials.link.eligibility import fill_eligibility
from nlp_trials.link.spans import AnnotatedText, Entity
from nlp_trials.schema import Age, Criterion, Eligibility, Source, Trial


def _trial(*criteria: tuple[str, str, str], minimum_age: Age | None = None) -> Trial:
    crits = [Criterion(id=cid, kind=kind, text=text, start=0, end=len(text)) for cid, kind, text in criteria]  # type: ignore[arg-type]
    return Trial(source=Source(format="text"), eligibility=Eligibility(criteria=crits, minimum_age=minimum_age))


def _annotated(cid: str, text: str, entities: list[Entity]) -> AnnotatedText:
    doc = Document(id=f"t:{cid}", text=text, meta={"field": "eligibility.criteria", "criterion_id": cid})
    return AnnotatedText(document=doc, entities=entities, relations=[])


def _fill(kind: str, text: str, *spans: tuple) -> Criterion:
    trial = _trial(("X1", kind, text))
    return fill_eligibility(trial, [_annotated("X1", text, espans(text, *spans))]).criteria[0]


def test_inclusion_threshold_is_eligible_as_written_with_canonical_test_and_offsets():
    text = "Adequate function: platelet count (PLT) ≥ 75×10 9 /L"
    c = _fill("inclusion", text, ("platelet count", "LAB_TEST", "platelet count"), ("PLT", "LAB_TEST", "platelet count"), ("≥ 75×10 9 /L", "LAB_VALUE"))
    [t] = c.lab_thresholds
    assert (t.test, t.test_text, t.comparator, t.value, t.unit, t.reference) == ("platelet count", "platelet count (PLT)", ">=", 75.0, "10*9/L", None)
    assert text[t.start:t.end] == t.text == "platelet count (PLT) ≥ 75×10 9 /L"
    assert t.eligible_if is not None and (t.eligible_if.comparator, t.eligible_if.value) == (">=", 75.0)


def test_exclusion_threshold_is_negated_in_eligible_if():
    c = _fill("exclusion", "QTcF > 480 ms", ("QTcF", "LAB_TEST", "qtc interval"), ("> 480 ms", "LAB_VALUE"))
    [t] = c.lab_thresholds
    assert t.comparator == ">" and t.eligible_if is not None
    assert (t.eligible_if.comparator, t.eligible_if.value, t.eligible_if.unit) == ("<=", 480.0, "ms")


def test_a_blood_pressure_keeps_both_parts_and_is_negated_whole():
    c = _fill("exclusion", "Uncontrolled hypertension (blood pressure > 150/90 mm Hg)", ("blood pressure", "LAB_TEST", "blood pressure"), ("> 150/90 mm Hg", "LAB_VALUE"))
    [t] = c.lab_thresholds
    assert (t.comparator, t.value, t.parts, t.unit, t.result) == (">", None, [150.0, 90.0], "mm[Hg]", None)
    assert t.eligible_if is not None and (t.eligible_if.comparator, t.eligible_if.parts) == ("<=", [150.0, 90.0])


def test_a_pressure_named_after_its_value_names_the_threshold():
    text = "supine BP >140 mm Hg systolic or >90 mm Hg diastolic"
    c = _fill("exclusion", text, ("BP", "LAB_TEST", "blood pressure"), (">140 mm Hg systolic", "LAB_VALUE"), (">90 mm Hg diastolic", "LAB_VALUE"))
    assert [(t.test, t.value) for t in c.lab_thresholds] == [("systolic blood pressure", 140.0), ("diastolic blood pressure", 90.0)]


def test_excluded_range_becomes_outside_and_excluded_result_becomes_not_equal():
    c = _fill("exclusion", "ECOG 2-4; HBsAg positive", ("ECOG", "LAB_TEST", "ecog performance status"), ("2-4", "LAB_VALUE"), ("HBsAg", "LAB_TEST", "hbsag"), ("positive", "LAB_VALUE"))
    ecog, hbsag = c.lab_thresholds
    assert ecog.eligible_if is not None and (ecog.eligible_if.comparator, ecog.eligible_if.low, ecog.eligible_if.high) == ("outside", 2.0, 4.0)
    assert hbsag.result == "positive" and hbsag.eligible_if is not None
    assert (hbsag.eligible_if.comparator, hbsag.eligible_if.result) == ("!=", "positive")


def test_a_sign_glued_to_a_test_is_written_as_its_result():
    c = _fill("inclusion", "HR+/HER2- breast cancer", ("HR", "LAB_TEST", "hormone receptor status"), ("+", "LAB_VALUE"), ("HER2", "LAB_TEST", "her2 status"), ("-", "LAB_VALUE"))
    assert [(t.test, t.result) for t in c.lab_thresholds] == [("hormone receptor status", "positive"), ("her2 status", "negative")]


def test_a_wrapped_result_is_one_line_and_a_limit_alone_is_one_times_it():
    text = "LVEF within normal\n     limits; bilirubin no greater than the upper limit of normal"
    c = _fill(
        "inclusion", text, ("LVEF", "LAB_TEST", "left ventricular ejection fraction"), ("within normal\n     limits", "LAB_VALUE"),
        ("bilirubin", "LAB_TEST", "total bilirubin"), ("no greater than the upper limit of normal", "LAB_VALUE"),
    )
    lvef, bili = c.lab_thresholds
    assert lvef.result == "within normal limits"
    assert (bili.comparator, bili.value, bili.reference, bili.result) == ("<=", 1.0, "ULN", None)


def test_a_calendar_period_carries_its_dates_and_no_anchor():
    text = "Breast cancer diagnosed between January 2019 and July 2020 before surgery"
    c = _fill("inclusion", text, ("Breast cancer", "DISEASE"), ("between January 2019 and July 2020", "DURATION", "calendar period"))
    [w] = c.time_windows
    assert (w.relation, w.start_date, w.end_date, w.anchor, w.days) == ("between", "2019-01", "2020-07", None, None)
    assert (w.subject, w.text) == ("Breast cancer", "between January 2019 and July 2020")


def test_a_threshold_for_all_but_some_patients_says_which_in_applies_unless():
    text = "AST ≤ 2.5 × ULN (unless liver metastases are present, in which case ≤ 5 × ULN)"
    c = _fill(
        "inclusion", text, ("AST", "LAB_TEST", "aspartate aminotransferase"), ("≤ 2.5 × ULN", "LAB_VALUE"),
        ("liver metastases", "DISEASE", "liver metastases"), ("≤ 5 × ULN", "LAB_VALUE"),
    )
    got = [(t.value, t.applies_when, t.applies_when_norm, t.applies_unless, t.applies_unless_norm) for t in c.lab_thresholds]
    assert got == [
        (2.5, None, None, "liver metastases", "liver metastases"),
        (5.0, "liver metastases", "liver metastases", None, None),
    ]
    assert [t.eligible_if.value for t in c.lab_thresholds if t.eligible_if] == [2.5, 5.0]


def test_variant_thresholds_keep_applies_when_and_conditions_have_no_eligible_if():
    text = "AST, ALT<2.5X ULN (<5 X ULN if liver metastases are present). If serum creatinine is > 1.5 × ULN, creatinine clearance > 50 mL/min"
    c = _fill(
        "inclusion", text, ("AST", "LAB_TEST", "aspartate aminotransferase"), ("ALT", "LAB_TEST", "alanine aminotransferase"), ("<2.5X ULN", "LAB_VALUE"),
        ("<5 X ULN", "LAB_VALUE"), ("liver metastases", "DISEASE", "liver metastases"), ("serum creatinine", "LAB_TEST", "serum creatinine"),
        ("> 1.5 × ULN", "LAB_VALUE"), ("creatinine clearance", "LAB_TEST", "creatinine clearance"), ("> 50 mL/min", "LAB_VALUE"),
    )
    got = [(t.test, t.comparator, t.value, t.applies_when, t.is_condition) for t in c.lab_thresholds]
    assert got == [
        ("aspartate aminotransferase", "<", 2.5, None, False),
        ("alanine aminotransferase", "<", 2.5, None, False),
        ("aspartate aminotransferase", "<", 5.0, "liver metastases", False),
        ("alanine aminotransferase", "<", 5.0, "liver metastases", False),
        ("serum creatinine", ">", 1.5, None, True),
        ("creatinine clearance", ">", 50.0, "serum creatinine is > 1.5 × ULN", False),
    ]
    assert c.lab_thresholds[2].applies_when_norm == "liver metastases"
    assert c.lab_thresholds[4].eligible_if is None


def test_who_a_threshold_is_for_written_in_other_ways():
    # "allowed for patients with" after the value.
    text = "PSA ≤ 10.0 ng/mL (PSA < 15 ng/mL allowed for patients with benign prostatic hyperplasia)"
    c = _fill("inclusion", text, ("PSA", "LAB_TEST", "prostate-specific antigen"), ("≤ 10.0 ng/mL", "LAB_VALUE"), ("PSA", "LAB_TEST", "prostate-specific antigen"),
              ("< 15 ng/mL", "LAB_VALUE"), ("benign prostatic hyperplasia", "DISEASE", "benign prostatic hyperplasia"))
    assert [(t.value, t.applies_when) for t in c.lab_thresholds] == [(10.0, None), (15.0, "benign prostatic hyperplasia")]
    # A condition named alone before the tests.
    text = "Note: for HCC, AST and ALT ≤ 5 x ULN"
    c = _fill("inclusion", text, ("HCC", "DISEASE", "hepatocellular carcinoma"), ("AST", "LAB_TEST", "aspartate aminotransferase"),
              ("ALT", "LAB_TEST", "alanine aminotransferase"), ("≤ 5 x ULN", "LAB_VALUE"))
    assert [(t.applies_when, t.applies_when_norm) for t in c.lab_thresholds] == [("HCC", "hepatocellular carcinoma")] * 2
    # ... but not a time or anything else that is no condition.
    text = "for at least 4 weeks, ANC ≥ 1500/mm3"
    c = _fill("inclusion", text, ("for at least 4 weeks", "DURATION"), ("ANC", "LAB_TEST", "absolute neutrophil count"), ("≥ 1500/mm3", "LAB_VALUE"))
    assert c.lab_thresholds[0].applies_when is None


def test_a_capitalized_if_after_a_value_starts_the_next_item():
    text = "Alkaline phosphatase less than 1.5 times normal If hepatitis C antibody positive, then liver function must be normal"
    c = _fill("inclusion", text, ("Alkaline phosphatase", "LAB_TEST", "alkaline phosphatase"), ("less than 1.5 times normal", "LAB_VALUE"),
              ("hepatitis C antibody", "LAB_TEST", "hcv antibody"), ("positive", "LAB_VALUE"), ("liver function", "LAB_TEST", "liver function tests"),
              ("normal", "LAB_VALUE"))
    got = [(t.test, t.applies_when, t.is_condition) for t in c.lab_thresholds]
    assert got == [("alkaline phosphatase", None, False), ("hcv antibody", None, True), ("liver function tests", "hepatitis C antibody positive", False)]


def test_a_value_in_the_condition_of_the_value_before_is_a_condition():
    text = "QTc >510 ms if QRS >120 ms"
    c = _fill("exclusion", text, ("QTc", "LAB_TEST", "qtc interval"), (">510 ms", "LAB_VALUE"), ("QRS", "LAB_TEST", "qrs duration"), (">120 ms", "LAB_VALUE"))
    got = [(t.test, t.applies_when, t.is_condition, t.eligible_if.comparator if t.eligible_if else None) for t in c.lab_thresholds]
    assert got == [("qtc interval", "QRS >120 ms", False, "<="), ("qrs duration", None, True, None)]
    # Such a condition is no condition of the values after it.
    text = "ALP ≤ 5.0 x ULN (if AST normal) Renal: creatinine ≤ 1.5 x ULN"
    c = _fill("inclusion", text, ("ALP", "LAB_TEST", "alkaline phosphatase"), ("≤ 5.0 x ULN", "LAB_VALUE"), ("AST", "LAB_TEST", "aspartate aminotransferase"),
              ("normal", "LAB_VALUE"), ("creatinine", "LAB_TEST", "serum creatinine"), ("≤ 1.5 x ULN", "LAB_VALUE"))
    assert [(t.test, t.applies_when, t.is_condition) for t in c.lab_thresholds] == [
        ("alkaline phosphatase", "AST normal", False), ("aspartate aminotransferase", None, True), ("serum creatinine", None, False),
    ]


def test_variant_without_comparator_takes_the_first_ones():
    c = _fill("inclusion", "hemoglobin ≥ 9 g/dL or 5.6 mmol/L", ("hemoglobin", "LAB_TEST", "hemoglobin"), ("≥ 9 g/dL", "LAB_VALUE"), ("5.6 mmol/L", "LAB_VALUE"))
    assert [(t.comparator, t.value, t.unit) for t in c.lab_thresholds] == [(">=", 9.0, "g/dL"), (">=", 5.6, "mmol/L")]


def test_dose_thresholds_of_an_exclusion_criterion():
    text = "Receipt of systemic steroids equivalent to >15 mg/day of prednisone within 2 weeks before apheresis"
    c = _fill("exclusion", text, ("systemic steroids", "DRUG", "corticosteroids"), (">15 mg/day", "DOSE"), ("prednisone", "DRUG", "prednisone"), ("within 2 weeks", "DURATION"))
    [d] = c.dose_thresholds
    assert (d.drug, d.comparator, d.value, d.unit, d.text) == ("prednisone", ">", 15.0, "mg/d", ">15 mg/day of prednisone")
    assert d.eligible_if is not None and (d.eligible_if.comparator, d.eligible_if.value) == ("<=", 15.0)


def test_a_dose_bounded_after_its_frequency():
    text = "prednisone 10 mg daily or less"
    [d] = _fill("inclusion", text, ("prednisone", "DRUG", "prednisone"), ("10 mg", "DOSE"), ("daily", "FREQUENCY")).dose_thresholds
    assert (d.comparator, d.value) == ("<=", 10.0) and d.eligible_if is not None and d.eligible_if.comparator == "<="


def test_a_dose_that_conditions_a_lab_value_bounds_no_patient():
    text = "LVEF at least 50% if prior total dose of doxorubicin 550 mg/m2 or greater, epirubicin 900 mg/m2 or greater"
    c = _fill(
        "inclusion", text, ("LVEF", "LAB_TEST", "left ventricular ejection fraction"), ("at least 50%", "LAB_VALUE"),
        ("doxorubicin", "DRUG", "doxorubicin"), ("550 mg/m2", "DOSE"), ("epirubicin", "DRUG", "epirubicin"), ("900 mg/m2", "DOSE"),
    )
    assert [(d.drug, d.comparator, d.eligible_if) for d in c.dose_thresholds] == [("doxorubicin", ">=", None), ("epirubicin", ">=", None)]
    # A dose a permission depends on is what an eligible patient meets.
    text = "Prior chemotherapy allowed if cumulative dose of doxorubicin no greater than 200 mg/m2"
    [d] = _fill("inclusion", text, ("doxorubicin", "DRUG", "doxorubicin"), ("no greater than 200 mg/m2", "DOSE")).dose_thresholds
    assert d.eligible_if is not None and (d.eligible_if.comparator, d.eligible_if.value) == ("<=", 200.0)


def test_time_window_object():
    text = "Severe infection within 4 weeks prior to randomization;"
    c = _fill("exclusion", text, ("Severe infection", "DISEASE", "infection"), ("within 4 weeks", "DURATION"))
    [w] = c.time_windows
    assert (w.relation, w.direction, w.anchor, w.anchor_text) == ("within", "before", "randomization", "randomization")
    assert (w.comparator, w.value, w.unit, w.days) == ("<=", 4.0, "wk", 28.0)
    assert (w.subject, w.subject_label) == ("Severe infection", "DISEASE")
    assert text[w.start:w.end] == w.text == "within 4 weeks prior to randomization"


def test_a_procedure_is_a_time_windows_subject():
    text = "Major surgery within 28 days prior to the first dose"
    c = _fill("exclusion", text, ("Major surgery", "PROCEDURE", "major surgery"), ("within 28 days prior to the first dose", "DURATION"))
    [w] = c.time_windows
    assert (w.subject, w.subject_label, w.anchor, w.days) == ("Major surgery", "PROCEDURE", "first dose", 28.0)


def test_windows_of_one_list_share_the_anchor_written_last():
    text = "Major surgery within 21 days or minor surgery within 7 days prior to randomization"
    c = _fill(
        "exclusion", text, ("Major surgery", "PROCEDURE", "major surgery"), ("within 21 days", "DURATION"),
        ("minor surgery", "PROCEDURE", "minor surgery"), ("within 7 days", "DURATION"),
    )
    assert [(w.subject, w.days, w.anchor, w.direction) for w in c.time_windows] == [
        ("Major surgery", 21.0, "randomization", "before"), ("minor surgery", 7.0, "randomization", "before"),
    ]
    # Two sentences share nothing.
    text2 = "Major surgery within 21 days. Minor surgery within 7 days prior to randomization"
    c2 = _fill("exclusion", text2, ("within 21 days", "DURATION"), ("within 7 days", "DURATION"))
    assert [w.anchor for w in c2.time_windows] == [None, "randomization"]
    # The last window of a list, without an anchor, counts from the one before.
    text3 = "Chemotherapy within 4 weeks prior to registration or nitrosoureas within 6 weeks"
    c3 = _fill("exclusion", text3, ("Chemotherapy", "PROCEDURE"), ("within 4 weeks", "DURATION"), ("nitrosoureas", "DRUG"), ("within 6 weeks", "DURATION"))
    assert [(w.days, w.anchor) for w in c3.time_windows] == [(28.0, "enrollment"), (42.0, "enrollment")]
    text4 = "Myocardial infarction within 6 months prior to enrollment; stroke within 3 months"
    c4 = _fill("exclusion", text4, ("within 6 months", "DURATION"), ("within 3 months", "DURATION"))
    assert [w.anchor for w in c4.time_windows] == ["enrollment", None]


def test_an_untagged_subject_ends_before_the_windows_own_words():
    text = "Documented disease progression during or within 6 months after completion of chemotherapy"
    [w] = _fill("inclusion", text, ("within 6 months", "DURATION")).time_windows
    assert w.subject == "Documented disease progression"
    # The patients themselves are no subject.
    [w2] = _fill("inclusion", "Patients must be at least 28 days from the last dose", ("at least 28 days", "DURATION")).time_windows
    assert w2.subject is None


def test_in_the_past_bounds_the_time_like_within():
    text = "No myocardial infarction in the past 6 months or during the last 2 years"
    c = _fill("exclusion", text, ("myocardial infarction", "DISEASE"), ("in the past 6 months", "DURATION"), ("during the last 2 years", "DURATION"))
    assert [(w.relation, w.comparator, w.days) for w in c.time_windows] == [("within", "<=", 180.0), ("within", "<=", 730.0)]
    # A window that is no "within" keeps its comparator unstated.
    [w] = _fill("inclusion", "Adequate contraception for 4 weeks", ("for 4 weeks", "DURATION")).time_windows
    assert (w.relation, w.comparator) == ("for", None)


def test_ago_is_before_now_and_less_than_ago_is_within():
    text = "Deep venous thrombosis more than 6 months ago; stroke less than 3 months ago"
    c = _fill("exclusion", text, ("Deep venous thrombosis", "DISEASE"), ("more than 6 months", "DURATION"), ("stroke", "DISEASE"), ("less than 3 months", "DURATION"))
    dvt, stroke = c.time_windows
    assert (dvt.relation, dvt.anchor, dvt.days, dvt.text) == ("before", None, 180.0, "more than 6 months ago")
    assert (stroke.relation, stroke.days, stroke.subject) == ("within", 90.0, "stroke")


def test_untagged_subject_is_the_clause_words_before_the_window():
    text = "Major trauma or major surgery within 1 month before enrollment;"
    c = _fill("exclusion", text, ("within 1 month before enrollment", "DURATION"))
    [w] = c.time_windows
    assert (w.subject, w.subject_label, w.anchor) == ("Major trauma or major surgery", None, "enrollment")
    # After another item's window, the words after the joining word are this window's subject.
    text = "PQ taken within the last 4 weeks and blood transfusion within the last 90 days"
    c = _fill("exclusion", text, ("within the last 4 weeks", "DURATION"), ("within the last 90 days", "DURATION"))
    assert [w.subject for w in c.time_windows] == ["PQ taken", "blood transfusion"]
    # With no joining word, the words before are no subject of their own ("for 6 weeks within 3 months").
    text = "Received radiotherapy for 6 weeks within 3 months"
    c = _fill("exclusion", text, ("for 6 weeks", "DURATION"), ("within 3 months", "DURATION"))
    assert c.time_windows[1].subject is None
    # Words that are no noun phrase are no subject: a clause's start, a verb, the next item of a run-on list.
    for text, first, second in [
        ("At least 2 weeks, but no greater than 4 weeks, since prior surgical resection", "At least 2 weeks", "no greater than 4 weeks"),
        ("Biopsy within 3 months of study with or without positive urinary cytology within 6 weeks", "within 3 months", "within 6 weeks"),
        ("At least 4 weeks since radiotherapy and recovered No scheduled major surgery within 8 weeks", "At least 4 weeks", "within 8 weeks"),
    ]:
        c = _fill("inclusion", text, (first, "DURATION"), (second, "DURATION"))
        assert c.time_windows[1].subject is None, text


def test_entities_carry_offsets_values_and_context():
    text = "No prior therapy with cisplatin within 6 months"
    c = _fill("inclusion", text, ("cisplatin", "DRUG", "cisplatin", ["negated", "historical"]), ("within 6 months", "DURATION"))
    drug, duration = c.entities
    assert (drug.label, text[drug.start:drug.end], drug.negated, drug.historical, drug.exception) == ("DRUG", "cisplatin", True, True, False)
    assert duration.value is not None and duration.value["days"] == 180.0


def test_criteria_without_annotated_text_are_left_as_they_are():
    trial = _trial(("I1", "inclusion", "ECOG 0-1"), ("I2", "inclusion", "Life expectancy ≥ 3 months"))
    text = "Life expectancy ≥ 3 months"
    out = fill_eligibility(trial, [_annotated("I2", text, espans(text, ("Life expectancy", "LAB_TEST", "life expectancy"), ("≥ 3 months", "LAB_VALUE")))])
    assert out.criteria[0].lab_thresholds == [] and out.criteria[0].entities == []
    assert out.life_expectancy_weeks == 12.9


def _crit(kind: str, text: str) -> Criterion:
    return Criterion(id="X", kind=kind, text=text, start=0, end=len(text))  # type: ignore[arg-type]


def test_ecog_from_inclusion_range_and_exclusion_bound():
    inc = _fill("inclusion", "ECOG performance status of 0 or 1", ("ECOG performance status", "LAB_TEST", "ecog performance status"), ("0 or 1", "LAB_VALUE"))
    exc = _fill("exclusion", "ECOG ≥ 2", ("ECOG", "LAB_TEST", "ecog performance status"), ("≥ 2", "LAB_VALUE"))
    assert facts.ecog_range([inc]) is not None and facts.ecog_range([inc]).model_dump() == {"low": 0.0, "high": 1.0}  # type: ignore[union-attr]
    assert facts.ecog_range([exc]).model_dump() == {"low": 0.0, "high": 1.0}  # type: ignore[union-attr]
    assert facts.ecog_range([_crit("inclusion", "ECOG 0-1")]) is None  # no threshold, no fact
    # Ranges of two cohorts leave nothing in common: no fact rather than an empty range.
    other = _fill("inclusion", "ECOG 3", ("ECOG", "LAB_TEST", "ecog performance status"), ("3", "LAB_VALUE"))
    assert facts.ecog_range([inc, other]) is None


def test_a_performance_status_on_the_0_to_100_scale_is_karnofsky_and_no_ecog():
    text = "ECOG performance status (PS) 0-2 OR PS 60-100%"
    c = _fill(
        "inclusion", text, ("ECOG performance status (PS)", "LAB_TEST", "ecog performance status"), ("0-2", "LAB_VALUE"),
        ("PS", "LAB_TEST", "ecog performance status"), ("60-100%", "LAB_VALUE"),
    )
    assert [(t.test, t.low, t.high) for t in c.lab_thresholds] == [
        ("ecog performance status", 0.0, 2.0),
        ("karnofsky performance status", 60.0, 100.0),
    ]
    assert facts.ecog_range([c]).model_dump() == {"low": 0.0, "high": 2.0}  # type: ignore[union-attr]
    # Named ECOG, a value off its scale is a misreading: no fact rather than a wrong one.
    odd = _fill("inclusion", "ECOG ≥ 60", ("ECOG", "LAB_TEST", "ecog performance status"), ("≥ 60", "LAB_VALUE"))
    assert odd.lab_thresholds[0].test == "ecog performance status"
    assert facts.ecog_range([odd]) is None


def test_a_body_temperature_with_a_bare_degree_sign_takes_the_scale_its_number_is_in():
    for text, value, unit in (("Temperature > 38.5°", "> 38.5°", "Cel"), ("Temperature ≥ 100.4°", "≥ 100.4°", "[degF]"), ("Temperature > 60°", "> 60°", None), ("Temperature greater than 100.5 F", "greater than 100.5 F", "[degF]")):
        c = _fill("exclusion", text, ("Temperature", "LAB_TEST", "body temperature"), (value, "LAB_VALUE"))
        [t] = c.lab_thresholds
        assert t.unit == unit and (t.eligible_if is not None and t.eligible_if.unit == unit), text
    # Only a body temperature: an angle stays without a unit.
    c = _fill("inclusion", "Cobb angle > 40°", ("Cobb angle", "LAB_TEST", "cobb angle"), ("> 40°", "LAB_VALUE"))
    assert c.lab_thresholds[0].unit is None


def test_an_ecg_interval_written_in_m_per_sec_is_in_milliseconds():
    c = _fill("exclusion", "QTc > 500 m/sec", ("QTc", "LAB_TEST", "qtc interval"), ("> 500 m/sec", "LAB_VALUE"))
    assert c.lab_thresholds[0].unit == "ms"
    # A speed stays a speed.
    c = _fill("inclusion", "Gait speed < 0.8 m/sec", ("Gait speed", "LAB_TEST", "gait speed"), ("< 0.8 m/sec", "LAB_VALUE"))
    assert c.lab_thresholds[0].unit == "m/s"


def test_a_denied_test_is_eligible_on_the_other_side_of_its_value():
    cases = [
        ("inclusion", "No thrombocytopenia < 100,000/mm3", "thrombocytopenia", "platelet count", "< 100,000/mm3", ">="),
        ("inclusion", "No New York Heart Association class III or IV heart disease", "New York Heart Association", "new york heart association", "III or IV", "outside"),
        ("exclusion", "No thrombocytopenia < 100,000/mm3", "thrombocytopenia", "platelet count", "< 100,000/mm3", "<"),
        ("inclusion", "No uncontrolled hypertension (diastolic greater than 100 mm Hg)", "diastolic", "diastolic blood pressure", "greater than 100 mm Hg", "<="),
        ("inclusion", "Uncontrolled hypertension (diastolic greater than 100 mm Hg)", "diastolic", "diastolic blood pressure", "greater than 100 mm Hg", ">"),
        ("inclusion", "No diabetics with fasting blood sugar greater than 200 mg/dL", "fasting blood sugar", "glucose", "greater than 200 mg/dL", "<="),
        ("inclusion", "No recent history of weight loss greater than 10% of body weight", "weight loss", "weight loss", "greater than 10%", "<="),
        # The last item of a denied list.
        ("inclusion", "No active bleeding or bilirubin > 3 mg/dL", "bilirubin", "total bilirubin", "> 3 mg/dL", "<="),
        ("inclusion", "No more than 3 prior regimens or bilirubin > 3 mg/dL", "bilirubin", "total bilirubin", "> 3 mg/dL", ">"),
        # "with or without" denies nothing.
        ("inclusion", "FVC and FEV1 with or without DLCO at least 50%", "DLCO", "dlco", "at least 50%", ">="),
    ]
    for kind, text, test, norm, value, eligible in cases:
        c = _fill(kind, text, (test, "LAB_TEST", norm), (value, "LAB_VALUE"))
        [t] = c.lab_thresholds
        assert t.eligible_if is not None and t.eligible_if.comparator == eligible, text
    # The value before its test, in the bracket that defines a denied condition.
    text = "No blastic phase CML (30% or more blasts in peripheral blood or bone marrow)"
    c = _fill("inclusion", text, ("30% or more", "LAB_VALUE"), ("blasts", "LAB_TEST", "blasts"))
    assert [t.eligible_if.comparator for t in c.lab_thresholds if t.eligible_if] == ["<"]
    # Nor does "no greater than" before a bracket.
    text = "AST no greater than 2.5 times ULN (AST no greater than 5 times ULN)"
    c = _fill(
        "inclusion", text, ("AST", "LAB_TEST", "aspartate aminotransferase"), ("no greater than 2.5 times ULN", "LAB_VALUE"),
        ("AST", "LAB_TEST", "aspartate aminotransferase"), ("no greater than 5 times ULN", "LAB_VALUE"),
    )
    assert [t.eligible_if.comparator for t in c.lab_thresholds if t.eligible_if] == ["<=", "<="]


def test_prior_lines():
    def lines(*cs: tuple[str, str]) -> dict | None:
        r = facts.prior_lines([_crit(k, t) for k, t in cs])
        return r.model_dump() if r else None

    assert lines(("inclusion", "patients who have failed at least two prior lines of therapy")) == {"min": 2, "max": None}
    assert lines(("inclusion", "received no more than 2 prior systemic therapy in the metastatic setting")) == {"min": None, "max": 2}
    assert lines(("inclusion", "Extensive-stage SCLC refractory to 2 to 3 prior lines of systemic anti-tumor therapy")) == {"min": 2, "max": 3}
    assert lines(("inclusion", "Previously untreated with systemic therapy;")) == {"min": None, "max": 0}
    assert lines(("exclusion", "More than 3 prior lines of chemotherapy")) == {"min": None, "max": 3}
    assert lines(("inclusion", "Adequate organ function")) is None
    assert lines(("inclusion", "Failed at least one systemic chemotherapy regimen."), ("inclusion", "No prior chemotherapy")) is None


def test_measurable_disease():
    assert facts.measurable_disease([_crit("inclusion", "Subjects must have measurable disease according to RECIST (version 1.1);")]) == "RECIST 1.1"
    assert facts.measurable_disease([_crit("inclusion", "At least one measurable lesion per RANO criteria")]) == "RANO"
    assert facts.measurable_disease([_crit("inclusion", "Measurable disease")]) is True
    assert facts.measurable_disease([_crit("exclusion", "Measurable disease per RECIST 1.1")]) is None
    assert facts.measurable_disease([_crit("inclusion", "Non-measurable disease only")]) is None


def test_ages_from_text_only_when_the_record_has_none():
    text = "Patients aged 18-75 years (inclusive);"
    assert [a.value if a else None for a in facts.ages([_crit("inclusion", text)])] == [18, 75]
    assert [a.value if a else None for a in facts.ages([_crit("inclusion", "Age ≥ 18 years")])] == [18, None]
    structured = fill_eligibility(_trial(("I1", "inclusion", text), minimum_age=Age(value=20, unit="YEARS")), [])
    assert structured.minimum_age is not None and structured.minimum_age.value == 20 and structured.maximum_age is None
    from_text = fill_eligibility(_trial(("I1", "inclusion", text)), [])
    assert from_text.minimum_age is not None and (from_text.minimum_age.value, from_text.maximum_age.value) == (18, 75)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 to 65", [15, 65]), ("Age: 18 and over.", [18, None]), ("Age: Over 1 to 21;", [1, 21]), ("under 21", [None, 21]),
        ("Not specified", [None, None]), ("Any age", [None, None]), ("6 to 18 months", [None, None]),
        # Another way in: no minimum age.
        ("Age: 65 and over OR Postmenopausal", [None, None]),
    ],
)
def test_ages_under_an_age_sub_heading(text, expected):
    c = Criterion(id="I4", kind="inclusion", text=text, start=0, end=len(text), heading="Age")
    assert [a.value if a else None for a in facts.ages([c])] == expected


def test_the_numbers_under_an_age_sub_heading_are_no_lab_values():
    text = "15 to 65"
    trial = Trial(source=Source(format="text"), eligibility=Eligibility(criteria=[Criterion(id="I4", kind="inclusion", text=text, start=0, end=8, heading="Age")]))
    filled = fill_eligibility(trial, [_annotated("I4", text, espans(text, ("15 to 65", "LAB_VALUE")))])
    assert filled.criteria[0].entities == [] and (filled.minimum_age.value, filled.maximum_age.value) == (15, 65)  # type: ignore[union-attr]


def test_since_window_bounds_its_anchor_event():
    text = "Chemotherapy: At least 4 weeks since prior chemotherapy"
    c = _fill("inclusion", text, ("At least 4 weeks", "DURATION"))
    [w] = c.time_windows
    assert (w.relation, w.direction, w.anchor, w.anchor_text, w.subject) == ("after", "after", "chemotherapy", "prior chemotherapy", "prior chemotherapy")


def test_a_bracketed_window_for_some_drugs_counts_like_the_window_before_it():
    text = "At least 4 weeks since prior chemotherapy (6 weeks for nitrosoureas or mitomycin) and recovered"
    c = _fill("inclusion", text, ("At least 4 weeks", "DURATION"), ("6 weeks", "DURATION"), ("nitrosoureas", "DRUG"), ("mitomycin", "DRUG"))
    got = [(w.comparator, w.days, w.relation, w.anchor, w.subject, w.subject_label) for w in c.time_windows]
    assert got == [(">=", 28.0, "after", "chemotherapy", "prior chemotherapy", None), (">=", 42.0, "after", "chemotherapy", "nitrosoureas or mitomycin", "DRUG")]
    text = "Anticancer therapy within the past 3 weeks (6 weeks for nitrosourea)."
    c = _fill("exclusion", text, ("within the past 3 weeks", "DURATION"), ("6 weeks", "DURATION"), ("nitrosourea", "DRUG"))
    assert [(w.comparator, w.days, w.relation, w.subject) for w in c.time_windows] == [("<=", 21.0, "within", "Anticancer therapy"), ("<=", 42.0, "within", "nitrosourea")]
    # A bracket between the amount and the anchor is read past, and its window counts from it too.
    text = "Chemotherapy or radiotherapy within 4 weeks (6 weeks for nitrosoureas) prior to entering the study"
    c = _fill("exclusion", text, ("Chemotherapy", "PROCEDURE"), ("radiotherapy", "PROCEDURE"), ("within 4 weeks", "DURATION"), ("6 weeks", "DURATION"), ("nitrosoureas", "DRUG"))
    assert [(w.days, w.anchor, w.direction, w.subject) for w in c.time_windows] == [
        (28.0, "study entry", "before", "Chemotherapy or radiotherapy"), (42.0, "study entry", "before", "nitrosoureas"),
    ]
    text = "At least 3 weeks (1 month for MDS patients) since prior chemotherapy"
    c = _fill("inclusion", text, ("At least 3 weeks", "DURATION"), ("1 month", "DURATION"), ("MDS", "DISEASE"))
    assert [(w.relation, w.anchor) for w in c.time_windows] == [("after", "chemotherapy"), ("after", "chemotherapy")]
    # ... but never into: an "of" inside the bracket is no anchor.
    text = "Another cancer within the past 2 years (except for carcinoma in situ of cervix)"
    c = _fill("exclusion", text, ("cancer", "DISEASE"), ("within the past 2 years", "DURATION"), ("carcinoma in situ of cervix", "DISEASE"))
    assert [(w.relation, w.anchor) for w in c.time_windows] == [("within", None)]
    # A bracket with no window before it is left as written.
    text = "Prior chemotherapy allowed (at least 6 weeks for nitrosoureas)"
    c = _fill("inclusion", text, ("at least 6 weeks", "DURATION"), ("nitrosoureas", "DRUG"))
    assert [w.relation for w in c.time_windows] == ["for"]


def test_a_series_of_its_own_before_the_last_test_does_not_take_its_value():
    text = "prolonged PT, PTT, or thrombin time AND platelet count less than 25,000/mm3"
    c = _fill(
        "inclusion", text, ("PT", "LAB_TEST", "prothrombin time"), ("PTT", "LAB_TEST", "partial thromboplastin time"),
        ("thrombin time", "LAB_TEST", "thrombin time"), ("platelet count", "LAB_TEST", "platelet count"), ("less than 25,000/mm3", "LAB_VALUE"),
    )
    assert [t.test for t in c.lab_thresholds] == ["platelet count"]
    # One list with two conjunctions and no commas stays one list.
    text = "SGOT or SGPT and alkaline phosphatase less than 2.5 times ULN"
    c = _fill(
        "inclusion", text, ("SGOT", "LAB_TEST", "aspartate aminotransferase"), ("SGPT", "LAB_TEST", "alanine aminotransferase"),
        ("alkaline phosphatase", "LAB_TEST", "alkaline phosphatase"), ("less than 2.5 times ULN", "LAB_VALUE"),
    )
    assert len(c.lab_thresholds) == 3


def test_an_if_closed_by_its_bracket_opens_no_condition_after_it():
    # The record lost its line breaks: "(... if elevations due to liver metastasis)" qualifies the
    # transaminases, and the QTc item after it is no condition of anything.
    text = "SGPT no greater than 3 times ULN (5 times ULN if elevations due to liver metastasis) Cardiovascular: No QTc interval greater than 500 msec, unless approved by cardiology"
    c = _fill(
        "inclusion", text, ("SGPT", "LAB_TEST", "alanine aminotransferase"), ("no greater than 3 times ULN", "LAB_VALUE"),
        ("5 times ULN", "LAB_VALUE"), ("QTc interval", "LAB_TEST", "qtc interval"), ("greater than 500 msec", "LAB_VALUE"),
    )
    qtc = [t for t in c.lab_thresholds if t.test == "qtc interval"]
    assert [(t.comparator, t.value, t.is_condition) for t in qtc] == [(">", 500.0, False)]


def test_bounds_for_each_sex_written_after_the_value():
    text = "QTcF prolongation >470 ms for females and >450 ms for males"
    c = _fill("exclusion", text, ("QTcF", "LAB_TEST", "qtc interval"), (">470 ms", "LAB_VALUE"), (">450 ms", "LAB_VALUE"))
    got = [(t.test, t.value, t.applies_when, t.eligible_if.comparator if t.eligible_if else None) for t in c.lab_thresholds]
    assert got == [("qtc interval", 470.0, "females", "<="), ("qtc interval", 450.0, "males", "<=")]
    text = "handgrip strength (<26 kg in men; <18 kg in women)"
    c = _fill("inclusion", text, ("handgrip strength", "LAB_TEST", "grip strength"), ("<26 kg", "LAB_VALUE"), ("<18 kg", "LAB_VALUE"))
    assert [(t.value, t.applies_when) for t in c.lab_thresholds] == [(26.0, "men"), (18.0, "women")]


def test_a_window_that_starts_its_own_item_bounds_its_anchor():
    # Registry text that lost its line breaks: the drug before "Other:" is no subject of the window.
    text = "No concurrent steroids Other: At least 2 weeks since prior retinoids"
    c = _fill("inclusion", text, ("steroids", "DRUG", "corticosteroids"), ("At least 2 weeks since prior retinoids", "DURATION"))
    [w] = c.time_windows
    assert (w.subject, w.anchor) == ("prior retinoids", "retinoids")


def test_a_minimum_or_maximum_named_ahead_of_the_amount_bounds_it():
    text = "Minimum life expectancy of 3 months"
    c = _fill("inclusion", text, ("life expectancy", "LAB_TEST", "life expectancy"), ("3 months", "LAB_VALUE"))
    assert [(t.comparator, t.value, t.eligible_if.comparator if t.eligible_if else None) for t in c.lab_thresholds] == [(">=", 3.0, ">=")]
    text = "Prior therapy with a maximum duration of 12 months"
    c = _fill("inclusion", text, ("12 months", "DURATION"))
    assert [(w.comparator, w.value) for w in c.time_windows] == [("<=", 12.0)]
    # A bound that is not ahead of this amount leaves it alone.
    text = "Minimum age 18; life expectancy of 3 months"
    c = _fill("inclusion", text, ("life expectancy", "LAB_TEST", "life expectancy"), ("3 months", "LAB_VALUE"))
    assert [t.comparator for t in c.lab_thresholds] == [None]


def test_a_sub_heading_that_names_the_test_gives_its_item_the_threshold():
    # "Life expectancy:" over "- At least 8 weeks", as PDQ records write it.
    text = "At least 8 weeks"
    crit = Criterion(id="I1", kind="inclusion", text=text, start=0, end=len(text), heading="Life expectancy")
    trial = Trial(source=Source(format="text"), eligibility=Eligibility(criteria=[crit]))
    out = fill_eligibility(trial, [_annotated("I1", text, espans(text, ("At least 8 weeks", "DURATION")))])
    [t] = out.criteria[0].lab_thresholds
    assert (t.test, t.test_text, t.comparator, t.value, t.unit) == ("life expectancy", "Life expectancy", ">=", 8.0, "wk")
    assert out.criteria[0].time_windows == [] and out.life_expectancy_weeks == 8.0
    # Under another heading the amount stays a window.
    other = crit.model_copy(update={"heading": "Chemotherapy"})
    trial = Trial(source=Source(format="text"), eligibility=Eligibility(criteria=[other]))
    out = fill_eligibility(trial, [_annotated("I1", text, espans(text, ("At least 8 weeks", "DURATION")))])
    assert out.criteria[0].lab_thresholds == [] and len(out.criteria[0].time_windows) == 1


def test_a_performance_status_sub_heading_makes_its_range_an_ecog_threshold():
    def fill(text: str, kind: str = "inclusion", heading: str = "Performance status"):
        crit = Criterion(id="I1", kind=kind, text=text, start=0, end=len(text), heading=heading)
        trial = Trial(source=Source(format="text"), eligibility=Eligibility(criteria=[crit]))
        return fill_eligibility(trial, [_annotated("I1", text, [])])

    out = fill("WHO 0-2")
    [t] = out.criteria[0].lab_thresholds
    assert (t.test, t.comparator, t.low, t.high, t.text) == ("ecog performance status", "between", 0.0, 2.0, "0-2")
    assert out.ecog is not None and (out.ecog.low, out.ecog.high) == (0, 2)
    assert fill("0 or 1").ecog is not None
    # Not a range of that scale, or not under that heading: nothing.
    assert fill("Not moribund").criteria[0].lab_thresholds == []
    assert fill("Karnofsky 60-100%").criteria[0].lab_thresholds == []
    assert fill("WHO 0-2", heading="Hepatic").criteria[0].lab_thresholds == []
    # A group's acronym the rules took for the test is the group's performance status, ECOG's scale.
    text = "SWOG 0-2"
    crit = Criterion(id="I1", kind="inclusion", text=text, start=0, end=len(text), heading="Performance status")
    trial = Trial(source=Source(format="text"), eligibility=Eligibility(criteria=[crit]))
    out = fill_eligibility(trial, [_annotated("I1", text, espans(text, ("SWOG", "LAB_TEST", "swog"), ("0-2", "LAB_VALUE")))])
    assert [(t.test, t.test_text, t.low, t.high) for t in out.criteria[0].lab_thresholds] == [("ecog performance status", "SWOG", 0.0, 2.0)]
