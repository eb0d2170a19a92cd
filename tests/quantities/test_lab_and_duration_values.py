"""Parsing of the LAB_VALUE and DURATION spans the lab patterns find (patterns/lab_values.jsonl, durations.jsonl)."""

from __future__ import annotations

import pytest

from nlp_trials.quantities import parse_duration, parse_quantity


@pytest.mark.parametrize(
    "text,expected",
    [
        # a comparator word typed against its number (seed 000)
        ("at least7 months after termination of study therapy", {"comparator": ">=", "value": 7.0, "unit": "mo", "days": 210.0}),
        # postfix comparators
        ("6 weeks or more", {"comparator": ">=", "value": 6.0, "unit": "wk"}),
        ("thirty minutes or less", {"comparator": "<=", "value": 30.0, "unit": "min"}),
        ("for 3 months or longer", {"comparator": ">=", "value": 3.0, "unit": "mo"}),
        # words between the amount and its unit
        ("six consecutive months", {"value": 6.0, "unit": "mo", "days": 180.0}),
        # one unit back, no number
        ("in the past year", {"comparator": "<=", "value": 1.0, "unit": "a", "days": 365.0}),
        ("within the last month", {"comparator": "<=", "value": 1.0, "unit": "mo", "days": 30.0}),
        # halves of a unit
        ("within half a year", {"comparator": "<=", "value": 0.5, "unit": "a", "days": 182.5}),
        ("in the past half-year", {"comparator": "<=", "value": 0.5, "unit": "a"}),
        ("for at least one and a half years", {"comparator": ">=", "value": 1.5, "unit": "a", "days": 547.5}),
        ("within a year and a half", {"comparator": "<=", "value": 1.5, "unit": "a"}),
        # unchanged behaviour
        ("within 4 weeks prior to randomization", {"comparator": "<=", "value": 4.0, "unit": "wk", "days": 28.0}),
        ("≥ 12 weeks", {"comparator": ">=", "value": 12.0, "unit": "wk"}),
        ("more than 12 months ago", {"comparator": ">", "value": 12.0, "unit": "mo"}),
    ],
)
def test_durations(text: str, expected: dict[str, object]) -> None:
    got = parse_duration(text)
    assert got is not None
    found = got.to_dict()
    assert {k: found.get(k) for k in expected} == expected


@pytest.mark.parametrize("text", ["history of", "prior therapy", "active infection", "the past"])
def test_context_words_are_not_durations(text: str) -> None:
    assert parse_duration(text) is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("above three times the upper limit of the normal range", {"comparator": ">", "value": 3.0, "reference": "ULN"}),
        ("more than two times of the upper limit of the normal range", {"comparator": ">", "value": 2.0, "reference": "ULN"}),
        ("twice the ULN", {"value": 2.0, "reference": "ULN"}),
        # Older records write the limit as "normal" after a multiplier.
        ("no greater than 1.25 times normal", {"comparator": "<=", "value": 1.25, "reference": "ULN"}),
        ("≤ 2.5 x normal", {"comparator": "<=", "value": 2.5, "reference": "ULN"}),
        ("less than 2 times the upper normal", {"comparator": "<", "value": 2.0, "reference": "ULN"}),
        ("less than 1.5 times normal range", {"comparator": "<", "value": 1.5, "reference": None}),
        ("2 or lower", {"comparator": "<=", "value": 2.0}),
        ("35 kg/m2 or more", {"comparator": ">=", "value": 35.0, "unit": "kg/m2"}),
        ("class III or IV", {"comparator": "between", "low": 3.0, "high": 4.0}),
        ("II-IV", {"comparator": "between", "low": 2.0, "high": 4.0}),
        ("III", {"value": 3.0}),
        ("> 5000 mIU/mL", {"comparator": ">", "value": 5000.0, "unit": "m[IU]/mL"}),
        ("≥ 0.5×10 9 /L", {"comparator": ">=", "value": 0.5, "unit": "10*9/L"}),
        ("\\> 1.5 × ULN", {"comparator": ">", "value": 1.5, "reference": "ULN"}),
        ("=1.5×109/l", {"comparator": "=", "value": 1.5, "unit": "10*9/L"}),
        ("less than 5 times upper normal limit", {"comparator": "<", "value": 5.0, "reference": "ULN"}),
        # A comparison with the limit itself is one times the limit.
        ("no greater than institutional upper limit of normal (ULN)", {"comparator": "<=", "value": 1.0, "reference": "ULN"}),
        ("≤ ULN", {"comparator": "<=", "value": 1.0, "reference": "ULN"}),
        ("at or below ULN", {"comparator": "<=", "value": 1.0, "reference": "ULN"}),
        ("below the lower limit of normal", {"comparator": "<", "value": 1.0, "reference": "LLN"}),
        ("< normal lower limit", {"comparator": "<", "value": 1.0, "reference": "LLN"}),
        # Classes as older records write them.
        ("Class III or IV", {"comparator": "between", "low": 3.0, "high": 4.0}),
        ("class II, III, or IV", {"comparator": "between", "low": 2.0, "high": 4.0}),
        ("Class III/IV", {"comparator": "between", "low": 3.0, "high": 4.0}),
        ("functional class III or IV", {"comparator": "between", "low": 3.0, "high": 4.0}),
        ("Grade II or greater", {"comparator": ">=", "value": 2.0}),
        ("class III or\ngreater", {"comparator": ">=", "value": 3.0}),
        ("Stage III", {"value": 3.0}),
        # A number in words before a unit of time.
        ("at least three months", {"comparator": ">=", "value": 3.0, "unit": "mo"}),
    ],
)
def test_lab_values(text: str, expected: dict[str, object]) -> None:
    got = parse_quantity(text)
    assert got is not None
    found = got.to_dict()
    assert {k: found.get(k) for k in expected} == expected


def test_a_limit_without_a_comparison_is_no_quantity() -> None:
    assert parse_quantity("within normal limits") is None
    assert parse_quantity("ULN") is None
    # Classes that leave one out are a set, not a range.
    assert parse_quantity("class I and III") is None


def test_body_mass_index_is_not_a_dose_basis() -> None:
    # kg/m2 after a number is a BMI, not a dose per body surface.
    assert parse_quantity("≥ 30 kg/m2").basis is None


@pytest.mark.parametrize("text", ["positive", "Grade", "normal range"])
def test_words_without_number_or_class_are_not_values(text: str) -> None:
    assert parse_quantity(text) is None


@pytest.mark.parametrize("text", ["B", "class B7 or worse", "0-B", "stage A", "C or D", "A5-A6"])
def test_letter_stages_are_categories_not_numbers(text: str) -> None:
    # "0-B" is no 0 and "B7 or worse" no 7: the stage is kept as the span's text.
    assert parse_quantity(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [("<36.0 °C", {"comparator": "<", "value": 36.0}), ("1.5 x 10E9/L", {"value": 1.5}), ("≥ 2.0 mEq/L", {"value": 2.0})],
)
def test_letters_inside_units_and_names_are_no_stage(text: str, expected: dict[str, object]) -> None:
    got = parse_quantity(text)
    assert got is not None and {k: got.to_dict().get(k) for k in expected} == expected


@pytest.mark.parametrize(
    "text, unit",
    [("greater than or equal to 1,500/mm(3)", "/mm3"), (">= 1.5 x 10(9)/L", "10*9/L"), ("at least 3,000/mm^3", "/mm3")],
)
def test_exponents_written_in_brackets_or_with_a_caret(text: str, unit: str) -> None:
    got = parse_quantity(text)
    assert got is not None and got.unit == unit


@pytest.mark.parametrize(
    "text, comparator", [(">_60 cc/min", ">="), ("inferior or equal to 7%", "<="), ("superior to 100", ">"), ("<_ 2", "<=")]
)
def test_comparators_as_some_records_type_or_translate_them(text: str, comparator: str) -> None:
    got = parse_quantity(text)
    assert got is not None and got.comparator == comparator
