"""The context rules for LAB_VALUE and DURATION candidates (nlp_trials.pipeline.value_rules).

Candidates are built by hand (token offsets, label, pattern id), so each rule is tested on its own,
without the span rulers' pattern files; the word lists some rules consult are the shipped
``patterns/term_lists.jsonl``.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

import nlp_trials.pipeline.registrations  # noqa: F401  (registers the tokenizer)
from nlp_trials.pipeline.assemble import DEFAULT_PATTERNS
from nlp_trials.pipeline.term_lists import read_term_lists
from nlp_trials.pipeline.value_rules import (
    HELD_VALUES_KEY,
    ValueRules,
    apply_value_rules,
    is_age,
    is_window,
    days_before_doses,
    dose_after_day_number,
    drop_counted_days,
    join_unit_ranges,
    signed_results,
    split_value_rules,
    value_kind,
    values_for_tests,
)


TERMS = read_term_lists(DEFAULT_PATTERNS / "term_lists.jsonl")


@pytest.fixture(scope="module")
def nlp() -> Language:
    return spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "nlp_trials.tokenizer.v1"}}})


def span(doc: Doc, text: str, label: str, span_id: str = "", occurrence: int = 0) -> Span:
    """The ``occurrence``-th span of ``doc`` whose text is ``text``."""
    found = [doc[i : j] for i in range(len(doc)) for j in range(i + 1, len(doc) + 1) if doc[i:j].text == text]
    s = found[occurrence]
    return Span(doc, s.start, s.end, label=label, span_id=span_id)


def kept(spans: list[Span]) -> list[tuple[str, str]]:
    return [(s.text, s.label_) for s in apply_value_rules(spans, TERMS)]


def test_value_kind_reads_the_pattern_id(nlp: Language) -> None:
    doc = nlp("0-1")
    assert value_kind(span(doc, "0-1", "LAB_VALUE", "lab_value:range")) == "range"
    assert value_kind(span(doc, "0-1", "LAB_VALUE")) == "quantity"


@pytest.mark.parametrize(
    "text,test,value,kind,keep",
    [
        ("ECOG 0-1", "ECOG", "0-1", "range", True),
        ("ECOG performance status score is 0-1", "ECOG performance status score", "0-1", "range", True),
        ("Hb > 9", "Hb", "> 9", "number", True),
        ("NYHA class III", "NYHA", "class III", "class", True),
        ("HBsAg positive", "HBsAg", "positive", "qualitative", True),
        ("HBsAg and other tests were positive", "HBsAg", "positive", "qualitative", False),
        ("Grade ≥ 3", None, "≥ 3", "number", False),
        ("2 or 3 prior lines", None, "2 or 3", "range", False),
        ("≥ 8.0 g/dL", None, "≥ 8.0 g/dL", "quantity", True),
        ("≤ 2.5×ULN", None, "≤ 2.5×ULN", "limit multiple", True),
    ],
)
def test_bare_values_need_a_test_before_them(
    nlp: Language, text: str, test: str | None, value: str, kind: str, keep: bool
) -> None:
    doc = nlp(text)
    spans = [span(doc, value, "LAB_VALUE", f"lab_value:{kind}")]
    if test is not None:
        spans.insert(0, span(doc, test, "LAB_TEST", "lab_test:x"))
    assert ((value, "LAB_VALUE") in kept(spans)) is keep


def test_qualitative_values_may_stand_before_their_test(nlp: Language) -> None:
    doc = nlp("a negative serum pregnancy test; positive for HBsAg")
    spans = [
        span(doc, "negative", "LAB_VALUE", "lab_value:qualitative"),
        span(doc, "serum pregnancy test", "LAB_TEST", "lab_test:pregnancy test"),
        span(doc, "positive", "LAB_VALUE", "lab_value:qualitative"),
        span(doc, "HBsAg", "LAB_TEST", "lab_test:hbsag"),
    ]
    assert [t for t, label in kept(spans) if label == "LAB_VALUE"] == ["negative", "positive"]


def test_a_clause_break_ends_the_link(nlp: Language) -> None:
    doc = nlp("ECOG; 0-1")
    spans = [span(doc, "ECOG", "LAB_TEST"), span(doc, "0-1", "LAB_VALUE", "lab_value:range")]
    assert kept(spans) == [("ECOG", "LAB_TEST")]


@pytest.mark.parametrize(
    "text,amount,age",
    [
        ("aged 18-75 years", "18-75 years", True),
        ("Age ≥ 18 years", "≥ 18 years", True),
        ("18 years old", "18 years", True),
        ("18 years of age or older", "18 years", True),
        ("Adults 18-65 years", "18-65 years", True),
        ("Adults (over 15 years) with ALL", "over 15 years", True),
        ("LTCF residents ≥ 2 years", "≥ 2 years", True),
        ("under 18y or over 85y", "over 85y", True),  # "over" and a number compare, as ">" does
        ("serial hCG values (over 2-14 days)", "over 2-14 days", False),
        ("patients over 65 years", "over 65 years", True),
        ("> 18 years", "> 18 years", True),
        ("≥ 12 weeks", "≥ 12 weeks", False),
        ("at least 2 years", "at least 2 years", False),
        ("within the past 20 years", "within the past 20 years", False),
    ],
)
def test_ages_are_not_durations(nlp: Language, text: str, amount: str, age: bool) -> None:
    doc = nlp(text)
    candidate = span(doc, amount, "DURATION", "duration:time amount")
    assert is_age(candidate) is age
    assert (kept([candidate]) == []) is age


def test_the_length_of_a_sample_is_no_duration(nlp: Language) -> None:
    doc = nlp("If repeat UA shows 1+ protein, a 24 hour urine must be done within 7 days")
    got = kept([span(doc, "24 hour", "DURATION", "duration:time amount"), span(doc, "within 7 days", "DURATION", "duration:time amount")])
    assert got == [("within 7 days", "DURATION")]


def test_an_age_drops_the_amounts_inside_it(nlp: Language) -> None:
    doc = nlp("aged between 19 and 65 years")
    spans = [
        span(doc, "19 and 65 years", "DURATION", "duration:time amount"),
        span(doc, "65 years", "DURATION", "duration:time amount"),
    ]
    assert kept(spans) == []


def test_an_anchored_amount_is_never_an_age(nlp: Language) -> None:
    doc = nlp("within 20 years prior to screening")
    candidate = span(doc, "within 20 years prior to screening", "DURATION", "duration:anchored time amount")
    assert kept([candidate]) == [("within 20 years prior to screening", "DURATION")]


@pytest.mark.parametrize(
    "text,test,amount,relabel",
    [
        ("life expectancy of at least 12 weeks", "life expectancy", "at least 12 weeks", True),
        ("expected survival period is ≥12 weeks", "expected survival period", "≥12 weeks", True),
        ("37 weeks of gestation", "gestation", "37 weeks", True),
        # "age" after "gestational" is the pregnancy's, not the patient's
        ("Gestational age < 36 weeks", "Gestational age", "< 36 weeks", True),
        ("gestational age more than 24 weeks", "gestational age", "more than 24 weeks", True),
        ("HbA1c within 3 months", "HbA1c", "within 3 months", False),
        ("HbA1c value less than 12 weeks prior to initiation", "HbA1c", "less than 12 weeks prior to initiation", False),
    ],
)
def test_a_time_amount_next_to_a_test_is_its_value(
    nlp: Language, text: str, test: str, amount: str, relabel: bool
) -> None:
    doc = nlp(text)
    anchored = "prior to" in amount
    kind = "duration:anchored time amount" if anchored else "duration:time amount"
    spans = [span(doc, test, "LAB_TEST"), span(doc, amount, "DURATION", kind)]
    label = dict(kept(spans))[amount]
    assert label == ("LAB_VALUE" if relabel else "DURATION")


def test_windows_and_time_points(nlp: Language) -> None:
    doc = nlp("within 4 weeks; on day 15; at least 3 months; in the past year")
    assert is_window(span(doc, "within 4 weeks", "DURATION", "duration:time amount"))
    assert is_window(span(doc, "on day 15", "DURATION", "duration:time point"))
    assert is_window(span(doc, "in the past year", "DURATION", "duration:recent period"))
    assert not is_window(span(doc, "at least 3 months", "DURATION", "duration:time amount"))


def test_other_labels_pass_unchanged(nlp: Language) -> None:
    doc = nlp("cisplatin 75 mg/m2 for lung cancer")
    spans = [span(doc, "cisplatin", "DRUG"), span(doc, "75 mg/m2", "DOSE"), span(doc, "lung cancer", "DISEASE")]
    assert kept(spans) == [("cisplatin", "DRUG"), ("75 mg/m2", "DOSE"), ("lung cancer", "DISEASE")]


def test_component_rewrites_the_spans_group(nlp: Language) -> None:
    doc = nlp("Grade ≥ 3; ANC ≥ 1.5")
    doc.spans["trials_entities"] = [
        span(doc, "≥ 3", "LAB_VALUE", "lab_value:number"),
        span(doc, "ANC", "LAB_TEST"),
        span(doc, "≥ 1.5", "LAB_VALUE", "lab_value:number"),
    ]
    doc = ValueRules(spans_key="trials_entities", terms=TERMS)(doc)
    assert [(s.text, s.label_) for s in doc.spans["trials_entities"]] == [("ANC", "LAB_TEST"), ("≥ 1.5", "LAB_VALUE")]
    assert ValueRules(spans_key="absent")(nlp("text")).spans.get("absent") is None


def test_values_dropped_for_want_of_a_test_are_held_for_a_later_test(nlp: Language) -> None:
    # "EBNA" alone is no test; only the abbreviation pass (after these rules) may make it one.
    doc = nlp("EBNA positive; aged 18 to 65; Child-Pugh unknown, B; Grade ≥ 3")
    spans = [
        span(doc, "positive", "LAB_VALUE", "lab_value:qualitative"),
        span(doc, "18 to 65", "LAB_VALUE", "lab_value:range"),
        span(doc, "B", "LAB_VALUE", "lab_value:stage"),
        span(doc, "≥ 3", "LAB_VALUE", "lab_value:number"),
    ]
    kept_spans, held = split_value_rules(spans, terms=TERMS)
    assert kept_spans == []
    # Neither an age nor a letter stage is ever a test's value, so neither is held.
    assert [s.text for s in held] == ["positive", "≥ 3"]
    ebna = span(doc, "EBNA", "LAB_TEST")
    assert [s.text for s in values_for_tests(held, [ebna])] == ["positive"]
    assert values_for_tests(held, []) == []
    # The component leaves them in their own group, apart from the candidates.
    doc.spans["trials_entities"] = spans
    doc = ValueRules(spans_key="trials_entities", terms=TERMS)(doc)
    assert [s.text for s in doc.spans[HELD_VALUES_KEY]] == ["positive", "≥ 3"]
    assert list(doc.spans["trials_entities"]) == []


def test_a_dropped_class_blocks_the_route_inside_it(nlp: Language) -> None:
    # "stage IV" with no test before it is not a lab value, and its "IV" is not intravenous.
    doc = nlp("stage IV lung cancer, given IV")
    spans = [
        span(doc, "stage IV", "LAB_VALUE", "lab_value:class"),
        span(doc, "IV", "ROUTE", "route:intravenous", occurrence=0),
        span(doc, "lung cancer", "DISEASE"),
        span(doc, "IV", "ROUTE", "route:intravenous", occurrence=1),
    ]
    assert kept(spans) == [("lung cancer", "DISEASE"), ("IV", "ROUTE")]
    assert apply_value_rules(spans, TERMS)[-1].start == len(doc) - 1


def test_guards_of_other_files_stand_on_their_own(nlp: Language) -> None:
    doc = nlp("glucose 100 mg/dL")
    candidate = span(doc, "100 mg/dL", "LAB_VALUE", "lab_value:concentration")
    # The value stands on its own, and names the test before it (rule 4).
    assert kept([candidate]) == [("100 mg/dL", "LAB_VALUE"), ("glucose", "LAB_TEST")]


def test_a_word_values_test_may_name_the_disease_it_tests_for(nlp: Language) -> None:
    doc = nlp("EBV antigen positive")
    spans = [span(doc, "EBV", "DISEASE", "disease:epstein-barr virus infection"), span(doc, "positive", "LAB_VALUE", "lab_value:qualitative")]
    assert ("EBV antigen", "LAB_TEST") in kept(spans)


@pytest.mark.parametrize(
    "text, value, kind, test",
    [
        ("Trombocytes <40 × 109/L", "<40 × 109/L", "quantity", "Trombocytes"),
        ("Breath alcohol concentration >0.00%", ">0.00%", "measure", "Breath alcohol concentration"),
        ("At least one lesion ≥ 1.5 cm", "≥ 1.5 cm", "measure", "lesion"),
        ("- FEV > 20", "> 20", "number", "FEV"),
        ("Busulfan AUC of > 75 mg/L", "> 75 mg/L", "quantity", "Busulfan AUC"),
        # A size named by the disease or the margin it measures.
        ("Measurable disease ≥ 2 cm", "≥ 2 cm", "quantity", "Measurable disease"),
        ("free margins > 2 mm", "> 2 mm", "quantity", "free margins"),
        # Word values take a run only when it ends in a word that names a test.
        ("a negative PPD patch test.", "negative", "qualitative", "PPD patch test"),
        ("Positive urine toxicology screen", "Positive", "qualitative", "urine toxicology screen"),
        ("HCV antibody positive", "positive", "qualitative", "HCV antibody"),
        # A measurement noun ends a name after content words.
        ("Total IgG level < 6g/L at Screening", "< 6g/L", "quantity", "Total IgG level"),
        ("serum ferritin values > 300 ng/mL", "> 300 ng/mL", "quantity", "serum ferritin values"),
        # Habits measured in amounts, after a conjunction.
        ("current smokers and/or smoking history >15 pack years", ">15 pack years", "quantity", "smoking history"),
        ("smoking > 10 cigarettes/day", "> 10 cigarettes/day", "quantity", "smoking"),
        # An amount of time is a test's value when a test word ends the name.
        ("Stroop test </= 12 seconds", "</= 12", "number", "Stroop test"),
        # "unless" and "except" start a qualifier, not the name.
        ("unless quantitative protein is < 500 mg/dL", "< 500 mg/dL", "quantity", "quantitative protein"),
        # The time of the measurement and how the value departs from normal are no part of the name.
        ("elevated serum endotoxin > 25 EU/ml", "> 25 EU/ml", "quantity", "serum endotoxin"),
        # A score of an instrument defined right before it takes the instrument's name.
        ("Telephone Interview for Cognitive Status (TICS) score ≤20", "≤20", "number", "Telephone Interview for Cognitive Status (TICS) score"),
        ("Cohen-Mansfield Agitation Inventory (CMAI) score > 45", "> 45", "number", "Cohen-Mansfield Agitation Inventory (CMAI) score"),
        # Initials that do not spell the short form leave the score alone.
        ("Short Version of the Inventory (CMAI) score > 45", "> 45", "number", "score"),
    ],
)
def test_a_value_without_a_test_names_the_words_before_it(nlp: Language, text: str, value: str, kind: str, test: str) -> None:
    doc = nlp(text)
    assert (test, "LAB_TEST") in kept([span(doc, value, "LAB_VALUE", f"lab_value:{kind}")])


@pytest.mark.parametrize(
    "text, value, kind",
    [
        ("patients aged > 18 years", "> 18", "number"),  # an age, not a test
        ("Grade ≥ 3", "≥ 3", "number"),  # no test word
        ("Statin treatment (>30 days)", ">30 days", "quantity"),  # a parenthesis is an aside
        ("Severe (> 2+ proteinuria)", "> 2", "number"),  # so it is after an adjective
        ("major surgery > 2 hours", "> 2", "number"),  # so does a number a time unit follows
        ("Time from onset to screening ≤ 21 days", "≤ 21", "number"),  # a screening is no timed test
        ("Patients with > 5 mg/dL", "> 5 mg/dL", "quantity"),  # function words only
        ("HBsAg and other tests were positive", "positive", "qualitative"),  # "tests" alone is no test
        ("Protocol L18006 v5.0 Page 9 of 52", "9 of 52", "range"),  # a page footer
        ("Group A (up to n=5)", "=5", "number"),  # a group's size
        ("able to tolerate at least 3 liters", "at least 3 liters", "measure"),  # a verb
        ("He is positive about it", "positive", "qualitative"),
        ("maximum dose 3 weeks > 5 mg", "> 5 mg", "quantity"),
        ("patients who have received > 1 year of dialysis", "> 1 year", "quantity"),  # a time amount
        ("2 serial hCG values, showing < 15% rise per day", "< 15%", "measure"),  # a verb, not a test
        ("diagnosed > 12 months ago", "> 12 months", "quantity"),
        ("a confirmed PSA rise > 25%", "> 25%", "measure"),  # a change, not a test
        ("blood sugars consistently > 200 mg/dL", "> 200 mg/dL", "quantity"),  # an adverb ends no name
        ("tumor bed > 2 cm", "> 2 cm", "quantity"),
        ("the level > 5 mg/dL", "> 5 mg/dL", "quantity"),  # a measurement noun alone names nothing
        ("HbA1c in the study eye must be > 5 %", "> 5 %", "measure"),  # a place, not a test
        ("At baseline > 5 mg/dL", "> 5 mg/dL", "quantity"),  # a time, not a test
        ("Measured on admission < 30 °C", "< 30 °C", "quantity"),
        ("count anticipated to fall below 500/mm3", "below 500/mm3", "quantity"),  # a verb
        ("VO2 max/kg at least 15 mL/min/kg", "at least 15 mL/min/kg", "quantity"),  # a unit
        ("unless liver metastases are present, in which case ≤ 5 × ULN", "≤ 5 × ULN", "limit multiple"),
    ],
)
def test_no_test_is_invented_where_none_is_named(nlp: Language, text: str, value: str, kind: str) -> None:
    doc = nlp(text)
    assert [label for _, label in kept([span(doc, value, "LAB_VALUE", f"lab_value:{kind}")]) if label == "LAB_TEST"] == []


def test_an_inferred_test_never_takes_another_entity(nlp: Language) -> None:
    doc = nlp("Busulfan AUC > 75 mg/L")
    spans = [span(doc, "Busulfan", "DRUG", "drug:busulfan"), span(doc, "> 75 mg/L", "LAB_VALUE", "lab_value:quantity")]
    assert kept(spans) == [("Busulfan", "DRUG"), ("> 75 mg/L", "LAB_VALUE"), ("AUC", "LAB_TEST")]


@pytest.mark.parametrize(
    "text, disease, test",
    [
        # A score word names its test with the condition it rates, a measured head with its tumour.
        ("PHQ9 for depression score ≥15", "depression", "depression score"),
        ("tumor cell content >= 20%", "tumor", "tumor cell content"),
        # Apart from the head, the condition stays one.
        ("history of depression, score > 3", "depression", "score"),
    ],
)
def test_an_inferred_test_takes_the_condition_it_measures(nlp: Language, text: str, disease: str, test: str) -> None:
    doc = nlp(text)
    value = next(doc[i:j] for i in range(len(doc)) for j in range(i + 1, len(doc) + 1) if doc[i:j].text[:1] in "≥>" and doc[j - 1].like_num)
    spans = [span(doc, disease, "DISEASE", "disease:x"), Span(doc, value.start, value.end, label="LAB_VALUE", span_id="lab_value:number")]
    assert (test, "LAB_TEST") in kept(spans)


@pytest.mark.parametrize(
    "text, label",
    [
        ("Prior treatment with testosterone", "DRUG"),
        ("albumin infusion within 7 days", "DRUG"),
        ("testosterone < 50 ng/dL", "LAB_TEST"),
        ("serum albumin", "LAB_TEST"),
        ("albumin level is low", "LAB_TEST"),
        ("potassium, magnesium and calcium", "LAB_TEST"),
    ],
)
def test_a_test_that_is_also_a_drug_is_a_test_only_where_measured(nlp: Language, text: str, label: str) -> None:
    doc = nlp(text)
    name = "testosterone" if "testosterone" in text else ("serum albumin" if "serum" in text else "albumin")
    name = "potassium" if "potassium" in text else name
    spans = [span(doc, name, "LAB_TEST", f"lab_test:{name.split()[-1]}")]
    if "<" in text:
        spans.append(span(doc, "< 50 ng/dL", "LAB_VALUE", "lab_value:quantity"))
    out = apply_value_rules(spans, TERMS)
    assert [(s.text, s.label_) for s in out if s.text == name] == [(name, label)]
    if label == "DRUG":
        assert out[0].id_ == f"drug:{name}"


@pytest.mark.parametrize(
    "text, first, second, joined",
    [
        ("Hemoglobin A1c 7.0% to 10.5%", "7.0%", "10.5%", "7.0% to 10.5%"),
        ("weight 50 kg to 120 kg", "50 kg", "120 kg", "50 kg to 120 kg"),
        ("platelets 100 x 10^9/L - 400 x 10^9/L", "100 x 10^9/L", "400 x 10^9/L", "100 x 10^9/L - 400 x 10^9/L"),
        ("HbA1c between 7% and 10%", "7%", "10%", "between 7% and 10%"),
        ("HbA1c 7% and 10%", "7%", "10%", None),  # "and" joins a range only after "between"
        ("weight 50 kg to 120 lb", "50 kg", "120 lb", None),  # two units
    ],
)
def test_a_range_with_its_unit_twice_is_one_value(nlp: Language, text: str, first: str, second: str, joined: str | None) -> None:
    doc = nlp(text)
    spans = [span(doc, first, "LAB_VALUE", "lab_value:amount"), span(doc, second, "LAB_VALUE", "lab_value:amount")]
    added = [s.text for s in join_unit_ranges(spans)[2:]]
    assert added == ([joined] if joined else [])


def test_an_amount_gives_back_a_dangling_or_less_before_than(nlp: Language) -> None:
    doc = nlp("less than 28 days or less than 5 half-lives")
    candidate = span(doc, "less than 28 days or less", "DURATION", "duration:time amount")
    assert kept([candidate]) == [("less than 28 days", "DURATION")]
    doc = nlp("28 days or less.")
    assert kept([span(doc, "28 days or less", "DURATION", "duration:time amount")]) == [("28 days or less", "DURATION")]


@pytest.mark.parametrize(
    "text, is_route",
    [
        ("III. Prior therapy\nIV. Patients", False), ("(iv) prior cisplatin", False), ("cisplatin 75 mg/m2 IV.", True),
        ("docetaxel (IV) on day 1", True), ("D 14 (Cohort IV)", False), ("D 7 (Cohorts II, IA, & IV)", False),
        ("given IV over 2 hours", True), ("in these patients. IV. Determine the efficacy", False), ("patients: IV) Assess", False),
        ("Patients receive cisplatin IV. Treatment repeats", True),
    ],
)
def test_an_outline_number_is_no_route(nlp: Language, text: str, is_route: bool) -> None:
    doc = nlp(text)
    candidate = next(Span(doc, t.i, t.i + 1, label="ROUTE", span_id="route:intravenous") for t in doc if t.lower_ == "iv")
    assert (("IV" if "IV" in text else "iv", "ROUTE") in kept([candidate])) is is_route


@pytest.mark.parametrize(
    "text, drug, label, extent",
    [
        ("blood draw for progesterone level (must be 5 ng/mL or greater)", "progesterone", "LAB_TEST", "progesterone level"),
        ("positive nicotine screen at screening", "nicotine", "LAB_TEST", "nicotine screen"),
        ("a plasma vitamin B12 below the reference interval", "vitamin B12", "LAB_TEST", "plasma vitamin B12"),
        ("tacrolimus trough levels > 10 ng/mL", "tacrolimus", "LAB_TEST", "tacrolimus trough levels"),
        ("low level of folate", "folate", "LAB_TEST", "level of folate"),
        ("blood concentration of phenytoin", "phenytoin", "LAB_TEST", "concentration of phenytoin"),
        # Given, not measured: the drug stays.
        ("Prior treatment with progesterone", "progesterone", "DRUG", "progesterone"),
        ("tacrolimus trough", "tacrolimus", "DRUG", "tacrolimus"),
    ],
)
def test_a_drug_that_is_measured_is_a_test(nlp: Language, text: str, drug: str, label: str, extent: str) -> None:
    doc = nlp(text)
    out = apply_value_rules([span(doc, drug, "DRUG", f"drug:{drug.lower()}")], TERMS)
    assert [(s.text, s.label_) for s in out] == [(extent, label)]
    if label == "LAB_TEST":
        assert out[0].id_ == f"lab_test:{drug.lower()}"


def test_a_measured_drug_already_covered_by_a_test_is_left_to_the_resolver(nlp: Language) -> None:
    doc = nlp("serum testosterone level")
    test = span(doc, "serum testosterone", "LAB_TEST", "lab_test:testosterone")
    drug = span(doc, "testosterone", "DRUG", "drug:testosterone")
    assert kept([test, drug]) == [("serum testosterone", "LAB_TEST"), ("testosterone", "DRUG")]


def test_a_test_ending_in_a_class_word_gives_it_to_the_class_value(nlp: Language) -> None:
    doc = nlp("Child-Pugh class A")
    test = span(doc, "Child-Pugh class", "LAB_TEST", "lab_test:child-pugh score")
    value = span(doc, "class A", "LAB_VALUE", "lab_value:class")
    assert kept([test, value]) == [("Child-Pugh", "LAB_TEST"), ("class A", "LAB_VALUE")]
    # Without a class value on the word, the test keeps it.
    assert kept([span(doc, "Child-Pugh class", "LAB_TEST", "lab_test:child-pugh score")]) == [("Child-Pugh class", "LAB_TEST")]


@pytest.mark.parametrize(
    "text, extent, label",
    [
        ("abnormal renal function currently", "abnormal renal function", "DISEASE"),
        ("liver function impairment.", "liver function impairment", "DISEASE"),
        # A threshold next to it keeps it a test; so does a normal or adequate one.
        ("poor renal function > 2 mg/dL", "renal function", "LAB_TEST"),
        ("adequate renal function", "renal function", "LAB_TEST"),
    ],
)
def test_an_organ_function_named_as_abnormal_is_a_condition(nlp: Language, text: str, extent: str, label: str) -> None:
    doc = nlp(text)
    organ = "renal function" if "renal" in text else "liver function"
    test_id = "lab_test:renal function" if "renal" in text else "lab_test:liver function tests"
    spans = [span(doc, organ, "LAB_TEST", test_id)]
    if ">" in text:
        spans.append(span(doc, "> 2 mg/dL", "LAB_VALUE", "lab_value:quantity"))
    if "abnormal" in text or "adequate" in text:
        word = "abnormal" if "abnormal" in text else "adequate"
        spans.append(span(doc, word, "LAB_VALUE", "lab_value:qualitative"))
    out = apply_value_rules(spans, TERMS)
    assert (extent, label) in [(s.text, s.label_) for s in out]
    if label == "DISEASE":
        assert next(s for s in out if s.label_ == "DISEASE").id_.startswith("disease:")


@pytest.mark.parametrize(
    "text, test, test_id, value, keep",
    [
        ("Child-Pugh B", "Child-Pugh", "lab_test:child-pugh score", "B", True),
        ("ASA I", "ASA", "lab_test:american society of anesthesiologists physical status", "I", True),
        ("BCLC stage 0-A", "BCLC stage", "lab_test:bclc stage", "0-A", True),
        # A letter after a test that is no staging system is no stage ("Hb A" is not Hb's value).
        ("Hb A", "Hb", "lab_test:hemoglobin", "A", False),
        ("Arm B", None, "", "B", False),
    ],
)
def test_a_letter_stage_needs_a_staging_system_before_it(
    nlp: Language, text: str, test: str | None, test_id: str, value: str, keep: bool
) -> None:
    doc = nlp(text)
    spans = [span(doc, value, "LAB_VALUE", "lab_value:stage")]
    if test is not None:
        spans.append(span(doc, test, "LAB_TEST", test_id))
    assert ((value, "LAB_VALUE") in kept(spans)) is keep


def test_a_drug_takes_its_salt_and_the_salt_alone_is_no_test(nlp: Language) -> None:
    doc = nlp("fludarabine phosphate IV")
    drug = span(doc, "fludarabine", "DRUG", "drug:fludarabine|DRUGBANK:DB01073")
    salt = span(doc, "phosphate", "LAB_TEST", "lab_test:phosphate")
    numeral = span(doc, "IV", "LAB_VALUE", "lab_value:class")
    # The resolver then picks the longer drug; no test and no class value are left.
    assert kept([drug, salt, numeral]) == [("fludarabine", "DRUG"), ("fludarabine phosphate", "DRUG")]
    # Without a drug before it, phosphate stays a test.
    doc = nlp("serum phosphate")
    assert kept([span(doc, "phosphate", "LAB_TEST", "lab_test:phosphate")]) == [("phosphate", "LAB_TEST")]


def test_a_drug_takes_its_formulation_and_salt_together(nlp: Language) -> None:
    doc = nlp("doxorubicin HCl liposome IV")
    drug = span(doc, "doxorubicin", "DRUG", "drug:doxorubicin|DRUGBANK:DB00997")
    # A liposome is another product than the drug: its name says so, its code is the agent's.
    assert [s.id_ for s in apply_value_rules([drug], TERMS) if s.text == "doxorubicin HCl liposome"] == [
        "drug:liposomal doxorubicin|DRUGBANK:DB00997"]
    doc = nlp("lurtotecan liposome (NX211) IV")
    assert ("lurtotecan liposome", "DRUG") in kept([span(doc, "lurtotecan", "DRUG", "drug:lurtotecan")])
    # A salt is the same product.
    doc = nlp("doxorubicin HCl IV")
    drug = span(doc, "doxorubicin", "DRUG", "drug:doxorubicin|DRUGBANK:DB00997")
    assert [s.id_ for s in apply_value_rules([drug], TERMS) if s.text == "doxorubicin HCl"] == ["drug:doxorubicin|DRUGBANK:DB00997"]


def test_no_test_is_infused(nlp: Language) -> None:
    doc = nlp("donor lymphocyte infusion")
    assert kept([span(doc, "lymphocyte", "LAB_TEST", "lab_test:lymphocyte count")]) == []


@pytest.mark.parametrize(
    "text, word, is_route",
    [("Oral cavity cancer", "Oral", False), ("history of intravenous drug use", "intravenous", False), ("oral mucositis", "oral", False),
     ("oral capecitabine", "oral", True), ("intravenous drug administration", "intravenous", True)],
)
def test_a_body_site_or_habit_is_no_route(nlp: Language, text: str, word: str, is_route: bool) -> None:
    doc = nlp(text)
    assert ((word, "ROUTE") in kept([span(doc, word, "ROUTE", "route:x")])) is is_route


def test_a_value_within_a_dose_after_a_use_is_the_dose(nlp: Language) -> None:
    doc = nlp("chronic steroid use of > 10 mg prednisone")
    value = span(doc, "> 10", "LAB_VALUE", "lab_value:number")
    dose = span(doc, "> 10 mg", "DOSE", "dose:flat")
    assert ("use", "LAB_TEST") not in kept([value, dose])
    # Without a dose around it, the value still names its test.
    doc = nlp("Serum endotoxin > 25")
    assert ("Serum endotoxin", "LAB_TEST") in kept([span(doc, "> 25", "LAB_VALUE", "lab_value:number")])


@pytest.mark.parametrize(
    "text, expected",
    [
        ("HER2+ disease", [("HER2", "LAB_TEST"), ("+", "LAB_VALUE")]),
        ("ER+/PR+ and HER2- tumors", [("HER2", "LAB_TEST"), ("ER", "LAB_TEST"), ("PR", "LAB_TEST"), ("+", "LAB_VALUE"), ("+", "LAB_VALUE"), ("-", "LAB_VALUE")]),
        ("CR or PR", []),  # a response, no receptor
        ("HbA1c - 7%", [("HbA1c", "LAB_TEST")]),  # a spaced dash is no result
    ],
)
def test_a_sign_glued_to_a_test_is_its_result(nlp: Language, text: str, expected: list[tuple[str, str]]) -> None:
    doc = nlp(text)
    spans = [span(doc, t, "LAB_TEST", "lab_test:her2 status") for t in ("HER2", "HbA1c") if t in text]
    assert sorted(kept(spans)) == sorted(expected)


@pytest.mark.parametrize(
    "text, tests",
    [
        ("ER and PR negative", ["ER", "PR"]),
        ("ER/PR-positive or -negative tumor", ["ER", "PR"]),
        ("Concurrent tamoxifen required if ER positive", ["ER"]),
        ("ER, PR or CD20 positive", ["ER", "PR", "CD20"]),
        ("CD20-positive B-cell lymphoma", ["CD20"]),
        ("CD30+ disease", ["CD30"]),
        ("anti-CD20 antibodies", []),  # a target, not an expression
        ("CD19 and CD20 are", []),
        ("Seen in the ER, PR rate", []),  # the emergency room, a partial response
        ("PR or CR after induction", []),
    ],
)
def test_receptors_and_antigens_written_with_a_result_are_tests(nlp: Language, text: str, tests: list[str]) -> None:
    doc = nlp(text)
    got = [s for s in signed_results([span(doc, doc[0].text, "DISEASE", "disease:x")], terms=TERMS) if s.label_ == "LAB_TEST"]
    assert sorted(s.text for s in got) == sorted(tests)
    assert all(s.id_.startswith("lab_test:") and "|" not in s.id_ for s in got)


def test_receptors_are_found_in_a_doc_without_candidates(nlp: Language) -> None:
    doc = nlp("Has known ER and PR status")
    assert [s.text for s in signed_results([], doc, TERMS)] == ["ER", "PR"]
    assert signed_results([]) == []


@pytest.mark.parametrize(
    "text, word, value, is_test",
    [
        ("less than 37 weeks of gestation", "gestation", ("less than 37 weeks", "DURATION", "duration:time amount"), True),
        ("< 70 days' gestation on ultrasound", "gestation", ("< 70 days", "DURATION", "duration:time amount"), True),
        ("Gestation <15 weeks", "Gestation", ("<15 weeks", "DURATION", "duration:time amount"), True),
        ("weight fluctuations of more than 4 kg", "weight", ("more than 4 kg", "LAB_VALUE", "lab_value:quantity"), True),
        ("until the termination of gestation", "gestation", None, False),
        ("Contraindication to weight bearing", "weight", None, False),
        ("continue to lose weight despite therapy", "weight", None, False),
        ("weight; platelets > 100", "weight", ("> 100", "LAB_VALUE", "lab_value:number"), False),
        ("IgA greater than 5 g/dl", "IgA", ("greater than 5 g/dl", "LAB_VALUE", "lab_value:quantity"), True),
        ("core antibody test for immunoglobulin G (IgG)", "IgG", None, False),
        ("Platelet >= 100,000/mm^3", "Platelet", (">= 100,000/mm^3", "LAB_VALUE", "lab_value:quantity"), True),
        ("platelet aggregation", "platelet", None, False),
    ],
)
def test_some_words_are_tests_only_where_measured(
    nlp: Language, text: str, word: str, value: tuple[str, str, str] | None, is_test: bool
) -> None:
    doc = nlp(text)
    spans = [span(doc, word, "LAB_TEST", "lab_test:x")]
    if value:
        spans.append(span(doc, *value))
    if "platelets" in text:
        spans.append(span(doc, "platelets", "LAB_TEST", "lab_test:platelet count"))
    assert ((word, "LAB_TEST") in kept(spans)) is is_test


def test_a_whole_test_name_with_weight_needs_no_value(nlp: Language) -> None:
    doc = nlp("body weight measured at screening")
    assert kept([span(doc, "body weight", "LAB_TEST", "lab_test:body weight")]) == [("body weight", "LAB_TEST")]


@pytest.mark.parametrize(
    "text, before, kept_frequency",
    [
        ("Azithromycin 500 mg OD", ("500 mg", "DOSE", "dose:flat"), True),
        ("10 mg PO BD", ("PO", "ROUTE", "route:oral"), True),
        ("visual acuity in the OD eye", None, False),
        ("history of drug OD", None, False),
    ],
)
def test_od_and_bd_are_frequencies_only_after_a_dose_or_route(
    nlp: Language, text: str, before: tuple[str, str, str] | None, kept_frequency: bool
) -> None:
    doc = nlp(text)
    word = "BD" if "BD" in text else "OD"
    spans = [span(doc, word, "FREQUENCY", "frequency:qd")] + ([span(doc, *before)] if before else [])
    assert ((word, "FREQUENCY") in kept(spans)) is kept_frequency


@pytest.mark.parametrize(
    "text, dose, is_dose",
    [
        ("with 240 mL of water", "240 mL", False),
        ("500 ml fluid per day", "500 ml", False),
        ("cyclophosphamide 100 ml of D5W", "100 ml", False),
        ("diluted into 1000mL pyrogen free saline", "1000mL", False),
        ("5 mg in 1 mL", "1 mL", False),
        ("0.5 mL of the vaccine", "0.5 mL", True),
        ("5 mL oral solution", "5 mL", True),
        # ... nor is a food's nutrient, whatever its unit.
        ("a meal that contains more than 20 grams of carbohydrate", "20 grams", False),
        ("20 g of whey protein", "20 g", True),
        # ... nor what a package holds.
        ("Specification: 300mg/bottle", "300mg", False),
        ("100 mg per vial", "100 mg", False),
        ("100 mg per day", "100 mg", True),
    ],
)
def test_a_drink_or_diluent_is_no_dose(nlp: Language, text: str, dose: str, is_dose: bool) -> None:
    doc = nlp(text)
    assert ((dose, "DOSE") in kept([span(doc, dose, "DOSE", "dose:flat")])) is is_dose


@pytest.mark.parametrize(
    "text, drug, is_drug",
    [
        ("3.192 g/m2 given in 250 cc normal saline IV over 1 hour", "normal saline", False),
        ("diluted into 1000mL pyrogen free saline", "saline", False),
        ("infused in 100 ml of 0.9% saline", "saline", False),
        ("reconstituted with 10 mL sterile water", "sterile water", False),
        # The control a group is treated with, or the intervention itself, is a drug.
        ("patients treated with saline", "saline", True),
        ("Normal saline 500 mL IV over 2 hours", "Normal saline", True),
        ("in patients receiving rituximab", "rituximab", True),
        # ... nor is the stuff a capsule is made of.
        ("one gelatine capsule containing 20mg lutein per day", "gelatine", False),
        ("gelatin 10 g orally", "gelatin", True),
    ],
)
def test_a_diluent_is_no_drug(nlp: Language, text: str, drug: str, is_drug: bool) -> None:
    doc = nlp(text)
    assert ((drug, "DRUG") in kept([span(doc, drug, "DRUG", "drug:x")])) is is_drug


def test_an_interval_after_a_slash_is_a_frequency_only_after_a_dose(nlp: Language) -> None:
    doc = nlp("500 mg/12 h")
    assert ("/12 h", "FREQUENCY") in kept([span(doc, "500 mg", "DOSE", "dose:flat"), span(doc, "/12 h", "FREQUENCY", "frequency:q12h")])
    doc = nlp("born between 28 0/7 and 34 0/7 weeks gestation")
    assert kept([span(doc, "/7 weeks", "FREQUENCY", "frequency:q7w")]) == []


def test_a_salt_keeps_the_vocabulary_id_of_its_drug(nlp: Language) -> None:
    doc = nlp("doxorubicin HCl")
    vocabulary = span(doc, "doxorubicin", "DRUG", "drug:doxorubicin|DRUGBANK:DB00997")
    stem = span(doc, "doxorubicin", "DRUG", "drug:inn stem name")
    for order in ([vocabulary, stem], [stem, vocabulary]):
        grown = [s for s in apply_value_rules(order, TERMS) if s.text == "doxorubicin HCl"]
        assert [s.id_ for s in grown] == ["drug:doxorubicin|DRUGBANK:DB00997"]


def test_systolic_after_a_value_qualifies_it_and_names_no_test(nlp: Language) -> None:
    doc = nlp("BP >140 mm Hg systolic or >90 mm Hg diastolic")
    spans = [
        span(doc, "BP", "LAB_TEST", "lab_test:blood pressure"),
        span(doc, ">140 mm Hg", "LAB_VALUE", "lab_value:quantity"),
        span(doc, "systolic", "LAB_TEST", "lab_test:systolic blood pressure"),
        span(doc, ">90 mm Hg", "LAB_VALUE", "lab_value:quantity"),
        span(doc, "diastolic", "LAB_TEST", "lab_test:diastolic blood pressure"),
    ]
    assert kept(spans) == [("BP", "LAB_TEST"), (">140 mm Hg systolic", "LAB_VALUE"), (">90 mm Hg diastolic", "LAB_VALUE")]
    doc = nlp("systolic > 160 mmHg")
    assert ("systolic", "LAB_TEST") in kept([span(doc, "systolic", "LAB_TEST", "lab_test:systolic blood pressure"), span(doc, "> 160 mmHg", "LAB_VALUE", "lab_value:quantity")])


def test_a_capitalised_pressure_after_a_value_starts_the_next_item(nlp: Language) -> None:
    doc = nlp("Systolic 200 mm Hg or more Diastolic 120 mm Hg or more")
    spans = [
        span(doc, "Systolic", "LAB_TEST", "lab_test:systolic blood pressure"),
        span(doc, "200 mm Hg or more", "LAB_VALUE", "lab_value:quantity"),
        span(doc, "Diastolic", "LAB_TEST", "lab_test:diastolic blood pressure"),
        span(doc, "120 mm Hg or more", "LAB_VALUE", "lab_value:quantity"),
    ]
    assert ("Diastolic", "LAB_TEST") in kept(spans)


@pytest.mark.parametrize(
    "text, is_lactation",
    [("Pregnant or nursing women", True), ("Pregnancy/nursing", True), ("women and nursing mothers", True),
     ("Nursing home residents", False), ("Third year nursing student", False)],
)
def test_nursing_after_pregnancy_or_before_mothers_is_breastfeeding(nlp: Language, text: str, is_lactation: bool) -> None:
    doc = nlp(text)
    spans = [span(doc, doc[0].text, "DISEASE", "disease:pregnancy|ICD10CM:Z33")] if doc[0].lower_.startswith("pregnan") else []
    other = next(t for t in reversed(doc) if t.lower_ != "nursing" and not t.lower_.startswith("pregnan"))
    spans.append(Span(doc, other.i, other.i + 1, label="LAB_TEST", span_id="lab_test:x"))
    assert (("nursing", "DISEASE") in [(s.text.lower(), s.label_) for s in apply_value_rules(spans, TERMS)]) is is_lactation


@pytest.mark.parametrize(
    "text, symptom, value, is_score",
    [
        ("Pain > 4 on a visual numerical scale", "Pain", "> 4", True),
        ("Pain (VPS) > 3", "Pain", "> 3", True),
        ("fatigue ≥ 4", "fatigue", "≥ 4", True),
        ("pain > 3 months", "pain", "> 3 months", False),  # how long it lasts
        ("pain and then > 3", "pain", "> 3", False),  # too far
    ],
)
def test_a_symptom_compared_with_a_number_is_its_score(nlp: Language, text: str, symptom: str, value: str, is_score: bool) -> None:
    doc = nlp(text)
    spans = [span(doc, symptom, "DISEASE", f"disease:{symptom.lower()}")]
    if value.endswith("months"):
        spans += [span(doc, value, "DURATION", "duration:amount"), span(doc, value[:-7], "LAB_VALUE", "lab_value:number")]
    else:
        spans.append(span(doc, value, "LAB_VALUE", "lab_value:number"))
    labels = {(s.text, s.label_) for s in apply_value_rules(spans, TERMS)}
    assert ((symptom, "LAB_TEST") in labels) is is_score
    if is_score:
        test = next(s for s in apply_value_rules(spans, TERMS) if s.label_ == "LAB_TEST")
        assert test.id_ == f"lab_test:{symptom.lower()} score"


@pytest.mark.parametrize(
    "text, condition, value, test",
    [
        ("Thrombocytopenia < 150 G/L", "Thrombocytopenia", "< 150 G/L", "platelet count"),
        ("hyperbilirubinemia greater than 1.5 times ULN", "hyperbilirubinemia", "greater than 1.5 times ULN", "total bilirubin"),
        ("lymphocytosis > 5,000/uL", "lymphocytosis", "> 5,000/uL", "lymphocyte count"),
        ("weight loss of >5% in 6 months", "weight loss", ">5%", "weight loss"),
        ("Weight loss 15% or more past 6 months", "Weight loss", "15% or more", "weight loss"),  # compared after the number
        ("greater than 10% weight loss", "weight loss", "greater than 10%", "weight loss"),  # the threshold first
        ("weight loss of between 6-9%", "weight loss", "between 6-9%", "weight loss"),
        ("greater than 10 cm Lymphocytosis", "Lymphocytosis", "greater than 10 cm", None),  # another item
        ("dyspnea grade 2 or greater", "dyspnea", "2 or greater", None),  # a grade, no score
        ("Hypertension > 140/90 mmHg", "Hypertension", "> 140/90 mmHg", "blood pressure"),
        ("thrombocytopenia and then < 150", "thrombocytopenia", "< 150", None),  # too far
    ],
)
def test_a_condition_compared_with_a_number_is_its_measurement(nlp: Language, text: str, condition: str, value: str, test: str | None) -> None:
    doc = nlp(text)
    spans = [span(doc, condition, "DISEASE", f"disease:{condition.lower()}"), span(doc, value, "LAB_VALUE", "lab_value:quantity")]
    tests = [s for s in apply_value_rules(spans, TERMS) if s.label_ == "LAB_TEST"]
    assert [t.id_ for t in tests] == ([] if test is None else [f"lab_test:{test}"])


@pytest.mark.parametrize(
    "text, heading, dropped",
    [
        ("Renal function: serum creatinine < 2 mg/dL", "Renal function", True),
        ("adequate liver function: total bilirubin ≤ ULN", "liver function", True),
        ("Creatinine clearance: 60 mL/min or more", "Creatinine clearance", False),  # its own value follows
        ("renal function (serum creatinine < 2 mg/dL)", "renal function", False),  # no heading
        ("SaO2:FiO2 150", "SaO2", False),  # a ratio
    ],
)
def test_a_heading_names_no_test(nlp: Language, text: str, heading: str, dropped: bool) -> None:
    doc = nlp(text)
    tests = [span(doc, heading, "LAB_TEST", f"lab_test:{heading.lower()}")]
    for name in ("serum creatinine", "total bilirubin", "FiO2"):
        if name in text:
            tests.append(span(doc, name, "LAB_TEST", f"lab_test:{name}"))
    kept = [s.text for s in apply_value_rules(tests, TERMS) if s.label_ == "LAB_TEST"]
    assert (heading not in kept) == dropped



@pytest.mark.parametrize(
    "text, word, value, test",
    [
        ("Hypertensive (>160/100 mmHg) subjects", "Hypertensive", ">160/100 mmHg", "blood pressure"),
        ("hypertriglyceridemic (>400 mg/dl)", "hypertriglyceridemic", ">400 mg/dl", "triglycerides"),
        ("obese >30 kg/m2", "obese", ">30 kg/m2", "body mass index"),
        ("hypoglycemic agents for > 3 months", "hypoglycemic", "> 3 months", None),  # a time, no level
    ],
)
def test_a_patient_described_by_a_measurement_compared_with_a_number_is_that_measurement(
    nlp: Language, text: str, word: str, value: str, test: str | None
) -> None:
    doc = nlp(text)
    label = "DURATION" if "months" in value else "LAB_VALUE"
    spans = [span(doc, value, label, "lab_value:quantity" if label == "LAB_VALUE" else "duration:time amount")]
    tests = [(s.text, s.id_) for s in apply_value_rules(spans, TERMS) if s.label_ == "LAB_TEST"]
    assert tests == ([] if test is None else [(word, f"lab_test:{test}")])


@pytest.mark.parametrize(
    "text, disease, dose, kept_disease",
    [("TBI 200 cGy on day -1", "TBI", "200 cGy", False), ("TBI 12 Gy", "TBI", "12 Gy", False), ("HCC 5 mg", "HCC", "5 mg", True)],
)
def test_a_radiation_dose_after_a_short_form_makes_it_a_treatment(nlp: Language, text: str, disease: str, dose: str, kept_disease: bool) -> None:
    doc = nlp(text)
    spans = [span(doc, disease, "DISEASE", "disease:x"), span(doc, dose, "DOSE", "dose:amount")]
    assert ((disease, "DISEASE") in kept(spans)) is kept_disease


@pytest.mark.parametrize(
    "text, kept_disease",
    [("Undergo TBI", False), ("undergo low-dose TBI on day 0", False), ("Autologous or allogeneic BMT without TBI", False),
     ("History of TBI with loss of consciousness", True), ("TBI patients who undergo MRI and receive a dose of drug", True)],
)
def test_tbi_in_a_text_about_transplant_conditioning_is_the_irradiation(nlp: Language, text: str, kept_disease: bool) -> None:
    doc = nlp(text)
    assert (("TBI", "DISEASE") in kept([span(doc, "TBI", "DISEASE", "disease:traumatic brain injury")])) is kept_disease


@pytest.mark.parametrize(
    ("text", "condition", "kept"),
    [
        ("per National Cancer Institute criteria", "Cancer", False),
        ("Cancer and Leukemia Group B (CALGB) performance status", "Leukemia", False),
        ("Cancer and Leukemia Group B (CALGB) performance status", "Cancer", False),
        ("staged per American Joint Committee on Cancer", "Cancer", False),
        ("Response Evaluation Criteria in Solid Tumors (RECIST)", "Solid Tumors", False),
        ("National Cancer Institute - Common Terminology Criteria for Adverse Events v4.0", "Adverse Events", False),
        # A class is no institution: "WHO Group 2 pulmonary hypertension".
        ("World Health Organization Group 2 Pulmonary Hypertension", "Pulmonary Hypertension", True),
        # A specific disease in a society's name is the patient's; a name needs capitals.
        ("Myasthenia Gravis Foundation of America class II", "Myasthenia Gravis", True),
        ("treated at a cancer center", "cancer", True),
        ("Patients with Breast Cancer", "Breast Cancer", True),
    ],
)
def test_a_condition_in_an_institutions_name_is_none(nlp: Language, text: str, condition: str, kept: bool) -> None:
    doc = nlp(text)
    spans = [span(doc, condition, "DISEASE", "disease:x")]
    assert (condition in [s.text for s in apply_value_rules(spans, TERMS)]) is kept


@pytest.mark.parametrize(
    ("text", "condition", "drug", "norm"),
    [
        ("Use of COPD medication", "COPD", "COPD medication", "drug:chronic obstructive pulmonary disease medication"),
        ("tuberculosis drugs", "tuberculosis", "tuberculosis drugs", "drug:tuberculosis medication"),
        ("HIV medications", "HIV", "HIV medications", "drug:hiv medication"),
        # A property or a habit of drugs is no medication for the condition.
        ("HIV drug resistance", "HIV", None, None),
        ("hepatitis drug use", "hepatitis", None, None),
        # A capital starts the next item: "No active infection Medications: none allowed".
        ("No active infection Medications: none allowed", "infection", None, None),
    ],
)
def test_a_conditions_medication_is_a_drug_class(nlp: Language, text: str, condition: str, drug: str | None, norm: str | None) -> None:
    doc = nlp(text)
    ids = {"COPD": "disease:chronic obstructive pulmonary disease|DOID:3083"}
    out = apply_value_rules([span(doc, condition, "DISEASE", ids.get(condition, ""))], TERMS)
    drugs = [(s.text, s.id_) for s in out if s.label_ == "DRUG"]
    if drug is None:
        assert drugs == [] and [s.text for s in out] == [condition]
    else:
        assert drugs == [(drug, norm)] and not any(s.label_ == "DISEASE" for s in out)


@pytest.mark.parametrize(
    ("text", "toxicity", "kept"),
    [
        ("Toxicities from prior therapy", "Toxicities", True),
        ("Unresolved toxicity of prior therapy", "toxicity", True),
        ("History of severe adverse events to vaccines", "adverse events", True),
        ("grade 3 or 4 side effects", "side effects", True),
        # Outcomes and drug properties, not the patient's condition.
        ("Safety will be assessed by adverse events and vital signs", "adverse events", False),
        ("these drugs have many side effects on many organs", "side effects", False),
        ("the adverse effect profile of intranasal ketamine", "adverse effect", False),
    ],
)
def test_a_toxicity_is_a_condition_only_where_it_is_the_patients(nlp: Language, text: str, toxicity: str, kept: bool) -> None:
    doc = nlp(text)
    out = apply_value_rules([span(doc, toxicity, "DISEASE", "disease:adverse event")], TERMS)
    assert (toxicity in [s.text for s in out]) is kept
    # Other conditions are not this rule's business.
    assert [s.text for s in apply_value_rules([span(doc, toxicity, "DISEASE", "disease:x")], TERMS)] == [toxicity]


def test_the_time_between_two_measurements_is_no_value(nlp: Language) -> None:
    doc = nlp("Two consecutive rising PSA values at least 1 week apart.")
    spans = [span(doc, "PSA", "LAB_TEST", "lab_test:prostate-specific antigen"), span(doc, "at least 1 week", "DURATION", "duration:time amount")]
    assert kept(spans) == [("PSA", "LAB_TEST"), ("at least 1 week", "DURATION")]


def test_a_list_of_days_ends_before_a_dose(nlp: Language) -> None:
    doc = nlp("Fludarabine 10 mg/m2 on Days -7 to -4, 40 mg/m2 on Days -6 to -3")
    days = span(doc, "on Days -7 to -4, 40", "SCHEDULE", "schedule:days")
    dose = span(doc, "40 mg/m2", "DOSE", "dose:m2")
    later = span(doc, "on Days -6 to -3", "SCHEDULE", "schedule:days")
    assert [(s.text, s.label_) for s in days_before_doses([days, dose, later])] == [
        ("on Days -7 to -4", "SCHEDULE"), ("40 mg/m2", "DOSE"), ("on Days -6 to -3", "SCHEDULE"),
    ]
    # A dose inside the schedule, or none at all, leaves it whole.
    doc2 = nlp("on days 1, 8 and 15")
    whole = span(doc2, "on days 1, 8 and 15", "SCHEDULE", "schedule:days")
    assert days_before_doses([whole]) == [whole]


def test_numbers_that_count_a_unit_of_time_are_no_days(nlp: Language) -> None:
    doc = nlp("leucovorin for 5 days 4-6 weeks after radiation, then cisplatin on days 1-3 weekly")
    counted = span(doc, "days 4-6", "SCHEDULE", "schedule:days")
    amount = span(doc, "4-6 weeks", "DURATION", "duration:time amount")
    days = span(doc, "on days 1-3", "SCHEDULE", "schedule:days")
    assert drop_counted_days([counted, amount, days]) == [amount, days]
    doc2 = nlp("Minimal disease state at day 100 to 6 months post-transplantation")
    assert drop_counted_days([span(doc2, "100 to 6 months", "DURATION", "duration:time amount")]) == []
    # ... nor is the interval of a frequency a length of time.
    doc3 = nlp("Filgrastim SC is given on day 4 every 12 hours until completion of apheresis")
    frequency = span(doc3, "every 12 hours", "FREQUENCY", "frequency:q12h")
    window = span(doc3, "12 hours until completion of apheresis", "DURATION", "duration:time window")
    assert drop_counted_days([frequency, window]) == [frequency]


def test_a_days_number_is_no_dose(nlp: Language) -> None:
    doc = nlp("Dose Level 3 Day 57- 800 mg b.i.d., then 200-300 mg daily")
    got = dose_after_day_number([span(doc, "57- 800 mg", "DOSE", "dose:flat"), span(doc, "200-300 mg", "DOSE", "dose:flat")])
    assert [s.text for s in got] == ["800 mg", "200-300 mg"]



@pytest.mark.parametrize(
    "text, test, first, kind, second",
    [
        ("Body mass index (BMI) >18 <28", "Body mass index", ">18", "number", "<28"),
        ("Hb > 9 g/dL, < 16", "Hb", "> 9 g/dL", "quantity", "< 16"),
        ("BMI ≥ 18.5 and ≤ 30", "BMI", "≥ 18.5", "number", "≤ 30"),
    ],
)
def test_a_tests_second_bound_needs_no_test_of_its_own(nlp: Language, text: str, test: str, first: str, kind: str, second: str) -> None:
    doc = nlp(text)
    spans = [
        span(doc, test, "LAB_TEST"),
        span(doc, first, "LAB_VALUE", f"lab_value:{kind}"),
        span(doc, second, "LAB_VALUE", "lab_value:number"),
    ]
    assert (second, "LAB_VALUE") in kept(spans)


def test_a_compared_number_after_another_value_without_a_test_stays_unknown(nlp: Language) -> None:
    # The first value has no test, so the second is no bound of one either.
    doc = nlp("Dose >18 <28")
    spans = [span(doc, ">18", "LAB_VALUE", "lab_value:number"), span(doc, "<28", "LAB_VALUE", "lab_value:number")]
    assert [label for _, label in kept(spans) if label == "LAB_VALUE"] == []


def test_a_scales_range_in_brackets_is_no_threshold(nlp: Language) -> None:
    doc = nlp("UAS7 score (range 0-42) ≥16")
    spans = [
        span(doc, "UAS7 score", "LAB_TEST", "lab_test:unlisted score"),
        span(doc, "range 0-42", "LAB_VALUE", "lab_value:range"),
        span(doc, "0-42", "LAB_VALUE", "lab_value:range"),
        span(doc, "≥16", "LAB_VALUE", "lab_value:number"),
    ]
    assert kept(spans) == [("UAS7 score", "LAB_TEST"), ("≥16", "LAB_VALUE")]
    # Without a value after the bracket, the range is the threshold ("BMI (range 18-30 kg/m2)").
    doc2 = nlp("BMI (range 18-30 kg/m2)")
    spans2 = [span(doc2, "BMI", "LAB_TEST"), span(doc2, "range 18-30 kg/m2", "LAB_VALUE", "lab_value:quantity")]
    assert kept(spans2) == [("BMI", "LAB_TEST"), ("range 18-30 kg/m2", "LAB_VALUE")]


@pytest.mark.parametrize(
    "text, value, test, keep",
    [
        ("defined as 5% or more blasts in bone marrow", "5% or more", "blasts", True),
        ("with 20% of blasts", "20%", "blasts", True),
        ("5 or more blasts", "5 or more", "blasts", False),  # a count, not a share: no test after it
    ],
)
def test_a_percentage_before_the_cells_it_counts_is_their_value(nlp: Language, text: str, value: str, test: str, keep: bool) -> None:
    doc = nlp(text)
    spans = [span(doc, value, "LAB_VALUE", "lab_value:number"), span(doc, test, "LAB_TEST", "lab_test:blasts")]
    assert ((value, "LAB_VALUE") in kept(spans)) is keep


@pytest.mark.parametrize(
    "text, drug, kept_drug",
    [
        ("an incretin that stimulates insulin secretion", "insulin", False),
        ("impaired insulin signaling", "insulin", False),
        ("growth hormone (GH) hypersecretion", "growth hormone", False),
        ("dopamine transporter imaging", "dopamine", False),
        ("patients on insulin therapy", "insulin", True),
        ("drugs changing ropivacaine metabolism", "ropivacaine", True),  # the drug's own metabolism
        ("selective serotonin reuptake inhibitors", "serotonin", True),  # drugs acting on it
        ("another leukotriene pathway inhibitor", "leukotriene", True),
        ("The kynurenine pathway is involved in hyperalgesia", "kynurenine", False),
        ("Tryptophan depletion in Parkinson's disease", "Tryptophan", False),
    ],
)
def test_a_drug_at_work_in_the_body_is_no_drug_given(nlp: Language, text: str, drug: str, kept_drug: bool) -> None:
    doc = nlp(text)
    assert ((drug, "DRUG") in kept([span(doc, drug, "DRUG", f"drug:{drug}")])) is kept_drug


def test_a_protocols_number_is_no_drug(nlp: Language) -> None:
    doc = nlp("at 1 dose level preceding the MTD as determined by the ongoing Protocol NYU-9123")
    assert kept([span(doc, "NYU-9123", "DRUG", "drug:investigational code name")]) == []
    doc = nlp("Patients receive SYS6002 IV on day 1")
    assert kept([span(doc, "SYS6002", "DRUG", "drug:investigational code name")]) == [("SYS6002", "DRUG")]
