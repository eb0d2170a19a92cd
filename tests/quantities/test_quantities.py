"""Value parsing of doses, lab values and durations."""

from __future__ import annotations

import pytest

from nlp_trials.quantities import normalize_text, normalize_unit, parse_duration, parse_quantity


@pytest.mark.parametrize(
    "text,expected",
    [
        ("≥ 1.5×10 9 /L", {"comparator": ">=", "value": 1.5, "unit": "10*9/L"}),
        ("1.5 x 10^9/L", {"value": 1.5, "unit": "10*9/L"}),
        ("≥ 100 × 10⁹/L", {"comparator": ">=", "value": 100.0, "unit": "10*9/L"}),
        ("greater than or equal to 1,500/mm3", {"comparator": ">=", "value": 1500.0, "unit": "/mm3"}),
        ("≤ 2.5×ULN", {"comparator": "<=", "value": 2.5, "reference": "ULN"}),
        ("< 5 X ULN", {"comparator": "<", "value": 5.0, "reference": "ULN"}),
        ("\\< 5×ULN", {"comparator": "<", "value": 5.0, "reference": "ULN"}),
        ("≤ 1.5 times the upper limit of normal", {"comparator": "<=", "value": 1.5, "reference": "ULN"}),
        ("> 480 ms", {"comparator": ">", "value": 480.0, "unit": "ms"}),
        ("≥ 8.0 g/dL", {"comparator": ">=", "value": 8.0, "unit": "g/dL"}),
        ("> 50 mL/min", {"comparator": ">", "value": 50.0, "unit": "mL/min"}),
        ("≤ 95%", {"comparator": "<=", "value": 95.0, "unit": "%"}),
        ("0 or 1", {"comparator": "between", "low": 0.0, "high": 1.0}),
        ("range 18 and 30 kg/m2", {"comparator": "between", "low": 18.0, "high": 30.0, "unit": "kg/m2"}),
        ("ranging from 18.5 to 30 kg/m2", {"comparator": "between", "low": 18.5, "high": 30.0, "unit": "kg/m2"}),
        # Scores listed one by one are the range they cover; "ECOG 0,1" is a list, not 0.1.
        ("0, 1, or 2", {"comparator": "between", "low": 0.0, "high": 2.0}),
        ("0,1, 2", {"comparator": "between", "low": 0.0, "high": 2.0}),
        ("0, 1, 2 and 3", {"comparator": "between", "low": 0.0, "high": 3.0}),
        ("0,1", {"comparator": "between", "low": 0.0, "high": 1.0}),
        # The older records' grams and milligrams per 100 mL.
        ("less than 2.0 mg%", {"comparator": "<", "value": 2.0, "unit": "mg/dL"}),
        ("greater than 8.0 gm%", {"comparator": ">", "value": 8.0, "unit": "g/dL"}),
        ("≥ 10 g%", {"comparator": ">=", "value": 10.0, "unit": "g/dL"}),
        ("greater than or equal to 9 gm/dl", {"comparator": ">=", "value": 9.0, "unit": "g/dL"}),
        ("< 3.0 mEq/L", {"comparator": "<", "value": 3.0, "unit": "meq/L"}),
        # Durations compared as longer or shorter.
        ("no longer than 14 days", {"comparator": "<=", "value": 14.0, "unit": "d"}),
        ("longer than 6 months", {"comparator": ">", "value": 6.0, "unit": "mo"}),
        ("not shorter than 3 weeks", {"comparator": ">=", "value": 3.0, "unit": "wk"}),
        # ... or as later or earlier.
        ("no later than 40 days", {"comparator": "<=", "value": 40.0, "unit": "d"}),
        ("not earlier than 4 weeks", {"comparator": ">=", "value": 4.0, "unit": "wk"}),
        ("no sooner than 2 weeks", {"comparator": ">=", "value": 2.0, "unit": "wk"}),
        ("0-1", {"comparator": "between", "low": 0.0, "high": 1.0}),
        ("HBV-DNA ≥1000 IU/mL", {"comparator": ">=", "value": 1000.0, "unit": "[IU]/mL"}),
        ("systolic ≥ 160 mmHg", {"comparator": ">=", "value": 160.0, "unit": "mm[Hg]"}),
        ("≤ 1+", {"comparator": "<=", "value": 1.0, "unit": "{+}"}),
        ("> 150 mm Hg", {"comparator": ">", "value": 150.0, "unit": "mm[Hg]"}),
        ("> 140/90 mm Hg", {"comparator": ">", "value": None, "parts": (140.0, 90.0), "unit": "mm[Hg]"}),
        ("≤140/90mmHg", {"comparator": "<=", "parts": (140.0, 90.0), "unit": "mm[Hg]"}),
        ("≥ 30 pack-years", {"comparator": ">=", "value": 30.0, "unit": "{pack-years}"}),
        # Decimal commas, as European records write them; a thousands comma and a list stay.
        ("< 1,5 mg/dL", {"comparator": "<", "value": 1.5, "unit": "mg/dL"}),
        ("> 1,5", {"comparator": ">", "value": 1.5}),
        ("above 37,8", {"comparator": ">", "value": 37.8}),
        ("≥ 1,500/mm3", {"comparator": ">=", "value": 1500.0, "unit": "/mm3"}),
        # Temperatures and rates.
        ("≥ 38°C", {"comparator": ">=", "value": 38.0, "unit": "Cel"}),
        ("≥ 38 ° C", {"comparator": ">=", "value": 38.0, "unit": "Cel"}),
        ("> 37.3 ℃", {"comparator": ">", "value": 37.3, "unit": "Cel"}),
        ("> 100.4 °F", {"comparator": ">", "value": 100.4, "unit": "[degF]"}),
        ("> 38.5 degrees Celsius", {"comparator": ">", "value": 38.5, "unit": "Cel"}),
        ("above 101 degrees F", {"comparator": ">", "value": 101.0, "unit": "[degF]"}),
        ("greater than 100.5 Fahrenheit", {"comparator": ">", "value": 100.5, "unit": "[degF]"}),
        ("> 38 degrees", {"comparator": ">", "value": 38.0, "unit": None}),  # an angle as often
        # "twice normal" is a multiple of the upper limit like "2 times normal".
        ("less than twice normal", {"comparator": "<", "value": 2.0, "reference": "ULN"}),
        # "or equal" half written as a sign.
        ("< or = 2", {"comparator": "<=", "value": 2.0}),
        ("<or= 8", {"comparator": "<=", "value": 8.0}),
        ("> or = 1.5 x ULN", {"comparator": ">=", "value": 1.5, "reference": "ULN"}),
        ("less than or = 3", {"comparator": "<=", "value": 3.0}),
        # A range with its unit after both numbers.
        ("150m-550m", {"comparator": "between", "low": 150.0, "high": 550.0, "unit": "m"}),
        ("5 g/dL-8 g/dL", {"comparator": "between", "low": 5.0, "high": 8.0, "unit": "g/dL"}),
        ("1.5cm to 3cm", {"comparator": "between", "low": 1.5, "high": 3.0, "unit": "cm"}),
        ("18.5 kg/m2 - 30 kg/m2", {"comparator": "between", "low": 18.5, "high": 30.0, "unit": "kg/m2"}),
        ("100 x 10^9/L to 400 x 10^9/L", {"comparator": "between", "low": 100.0, "high": 400.0, "unit": "10*9/L"}),
        ("between 7% and 10%", {"comparator": "between", "low": 7.0, "high": 10.0, "unit": "%"}),
        ("7% and 10%", {"comparator": None, "value": 7.0, "unit": "%"}),  # a range only after "between"
        # Lengths, areas and diopters; a capital D after a number is no day.
        ("150-550 m", {"comparator": "between", "low": 150.0, "high": 550.0, "unit": "m"}),
        ("<4mm2", {"comparator": "<", "value": 4.0, "unit": "mm2"}),
        ("> 30.5 mm²", {"comparator": ">", "value": 30.5, "unit": "mm2"}),
        ("> 6D", {"comparator": ">", "value": 6.0, "unit": "[diop]"}),
        ("greater than 6 diopters", {"comparator": ">", "value": 6.0, "unit": "[diop]"}),
        ("≤ 7 d", {"comparator": "<=", "value": 7.0, "unit": "d"}),
        # Giga and tera per litre, written with their capital.
        ("<150 G / L", {"comparator": "<", "value": 150.0, "unit": "10*9/L"}),
        ("> 4.5 T/L", {"comparator": ">", "value": 4.5, "unit": "10*12/L"}),
        ("< 10 g/L", {"comparator": "<", "value": 10.0, "unit": "g/L"}),
        # A dipstick grade as plus signs after a comparator: "++" is 2+.
        ("< ++", {"comparator": "<", "value": 2.0, "unit": "{+}"}),
        ("≥+++", {"comparator": ">=", "value": 3.0, "unit": "{+}"}),
        # Tumour mutational burden.
        ("≥ 10 mutations per megabase", {"comparator": ">=", "value": 10.0, "unit": "{mutations}/{Mb}"}),
        # A multiple of the limit written with "fold".
        ("< 3fold of ULN", {"comparator": "<", "value": 3.0, "reference": "ULN"}),
        ("< 3-fold ULN", {"comparator": "<", "value": 3.0, "reference": "ULN"}),
        # Litres in words and as "L" (lung volumes: "FEV1 at least 1.0 L").
        ("> 1.5 liters", {"comparator": ">", "value": 1.5, "unit": "L"}),
        ("at least 1.0 L", {"comparator": ">=", "value": 1.0, "unit": "L"}),
        ("5 g per deciliter", {"comparator": None, "value": 5.0, "unit": "g/dL"}),
        # Grades listed with their plus signs are any of them.
        ("2+ or 3+", {"comparator": "between", "low": 2.0, "high": 3.0, "unit": "{+}"}),
        ("0 or 1+", {"comparator": "between", "low": 0.0, "high": 1.0, "unit": "{+}"}),
        ("1+/2+", {"comparator": "between", "low": 1.0, "high": 2.0, "unit": "{+}"}),
        ("no more than twice the upper limit of normal", {"comparator": "<=", "value": 2.0, "reference": "ULN"}),
        ("≥ 24 per minute", {"comparator": ">=", "value": 24.0, "unit": "/min"}),
        # The multiple before its comparator word.
        ("three times above the normal upper limit", {"comparator": ">", "value": 3.0, "reference": "ULN"}),
        ("2 times higher than the ULN", {"comparator": ">", "value": 2.0, "reference": "ULN"}),
        ("at least 20 pack years", {"comparator": ">=", "value": 20.0, "unit": "{pack-years}"}),
        ("> 2 drinks a day", {"comparator": ">", "value": 2.0, "unit": "{drinks}/d"}),
        (">7 drinks/week", {"comparator": ">", "value": 7.0, "unit": "{drinks}/wk"}),
        ("≥ 10 cigarettes per day", {"comparator": ">=", "value": 10.0, "unit": "{cigarettes}/d"}),
    ],
)
def test_lab_values(text, expected):
    got = parse_quantity(text).to_dict()
    assert {k: got.get(k) for k in expected} == expected
    assert "basis" not in got or got["basis"] is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("1.2 mg/m\\^2", {"value": 1.2, "unit": "mg/m2", "basis": "m2"}),
        ("1000 mg/m²", {"value": 1000.0, "unit": "mg/m2", "basis": "m2"}),
        ("75mg/m2", {"value": 75.0, "unit": "mg/m2", "basis": "m2"}),
        ("250mg", {"value": 250.0, "unit": "mg", "basis": "flat"}),
        ("limited to 480 mg/m2", {"comparator": "<=", "value": 480.0, "unit": "mg/m2", "basis": "m2"}),
        ("100 mg - 200 mg", {"comparator": "between", "low": 100.0, "high": 200.0, "unit": "mg", "basis": "flat"}),
        ("200-300mg", {"comparator": "between", "low": 200.0, "high": 300.0, "unit": "mg", "basis": "flat"}),
        ("40-60mg", {"low": 40.0, "high": 60.0, "unit": "mg"}),
        ("AUC 5", {"value": 5.0, "basis": "auc"}),
        ("area under the curve (AUC) of 6", {"value": 6.0, "basis": "auc"}),
        ("10 mg/kg", {"value": 10.0, "unit": "mg/kg", "basis": "kg"}),
        ("≥ 100 mg/day", {"comparator": ">=", "value": 100.0, "unit": "mg/d", "basis": "flat"}),
        ("\\>15 mg/day", {"comparator": ">", "value": 15.0, "unit": "mg/d"}),
        ("49/51 mg", {"value": None, "parts": (49.0, 51.0), "unit": "mg", "basis": "flat"}),
        ("160/800/10 mg", {"parts": (160.0, 800.0, 10.0), "unit": "mg"}),
        ("12,5 or 15 mg", {"comparator": "between", "low": 12.5, "high": 15.0}),
        ("in excess of 10 mg/day", {"comparator": ">", "value": 10.0, "unit": "mg/d"}),
    ],
)
def test_doses(text, expected):
    got = parse_quantity(text).to_dict()
    assert {k: got.get(k) for k in expected} == expected


def test_durations_read_decimal_commas_too():
    assert parse_duration("2,5 weeks").value == 2.5
    assert parse_duration("1,000 days").value == 1000.0


@pytest.mark.parametrize(
    "text,expected",
    [
        # "a" reads as one ("a week"), but the amount is the number a time unit follows.
        ("for a minimum of 3 weeks", (">=", 3.0, 21.0)),
        ("for a maximum of 6 months", ("<=", 6.0, 180.0)),
        ("a week", (None, 1.0, 7.0)),
    ],
)
def test_durations_take_the_number_of_the_time_unit(text, expected):
    got = parse_duration(text)
    assert got is not None and (got.comparator, got.value, got.days) == expected


def test_a_list_with_a_comma_is_no_decimal():
    got = parse_quantity("0,1 or 2").to_dict()
    assert got.get("value") != 0.1 and got.get("low") != 0.1


def test_a_fraction_is_no_parts():
    assert "parts" not in parse_quantity("1/2 tablet").to_dict()
    assert "parts" not in parse_quantity("1.5 x 10^9/L").to_dict()


def test_no_number_is_none_and_plain_words_are_not_units():
    assert parse_quantity("normal") is None
    assert "unit" not in parse_quantity("3 prior lines").to_dict()


def test_unknown_units_are_kept_and_flagged():
    got = parse_quantity("5 furlongs/fortnight")
    assert got.unit == "furlongs/fortnight" and got.unit_known is False


@pytest.mark.parametrize(
    "text,expected",
    [
        ("within 4 weeks prior to randomization", {"comparator": "<=", "value": 4.0, "unit": "wk", "days": 28.0}),
        ("at least 7 months after", {"comparator": ">=", "value": 7.0, "unit": "mo", "days": 210.0}),
        ("≥ 12 weeks", {"comparator": ">=", "value": 12.0, "days": 84.0}),
        ("6 months", {"comparator": None, "value": 6.0, "days": 180.0}),
        ("24 months of therapy", {"value": 24.0, "unit": "mo"}),
        ("2-3 days", {"comparator": "between", "low": 2.0, "high": 3.0, "low_days": 2.0, "high_days": 3.0}),
        ("for at least two weeks", {"comparator": ">=", "value": 2.0, "days": 14.0}),
        ("within 1 year", {"days": 365.0, "unit": "a"}),
        # A number spelled out and restated in digits counts once.
        ("within six (6) weeks prior to registration", {"comparator": "<=", "value": 6.0, "days": 42.0}),
        ("at least three (3) months", {"comparator": ">=", "value": 3.0, "unit": "mo"}),
        ("eighteen (18) months of therapy", {"value": 18.0, "days": 540.0}),
        # "over the previous 2 weeks" is a recent period, not more than 2 weeks: within 2 weeks, as
        # "in the past 6 months" is within 6 months.
        ("over the previous 2 weeks", {"comparator": "<=", "value": 2.0, "days": 14.0}),
        ("in the past 6 months", {"comparator": "<=", "value": 6.0, "days": 180.0}),
        ("in the 3 months prior to diagnosis", {"comparator": "<=", "value": 3.0, "days": 90.0}),
        ("over the next 12 months", {"comparator": None, "value": 12.0, "days": 360.0}),
        ("over past 2 weeks", {"comparator": "<=", "value": 2.0, "days": 14.0}),
        ("over 2 weeks", {"comparator": ">", "value": 2.0, "days": 14.0}),
        # A stretch of time named as a period: "over a" is no "more than".
        ("within a 6-month period", {"comparator": "<=", "value": 6.0, "days": 180.0}),
        ("over a 2-hour period", {"comparator": None, "value": 2.0, "unit": "h"}),
        ("over a minimum of 12 months", {"comparator": ">=", "value": 12.0, "days": 360.0}),
        ("over a period of 6 months", {"comparator": None, "value": 6.0, "days": 180.0}),
    ],
)
def test_durations(text, expected):
    got = parse_duration(text).to_dict()
    assert {k: got.get(k) for k in expected} == expected


@pytest.mark.parametrize("text", ["history of", "prior", "active", "grade 2"])
def test_context_words_are_not_durations(text):
    assert parse_duration(text) is None


def test_a_restated_number_must_agree_with_its_digits():
    # "two (3) weeks" is a typing error: no amount is made up from either number.
    assert parse_duration("two (3) weeks") is None
    assert normalize_text("two (3) weeks") == "two (3) weeks"
    assert normalize_text("Cohort (2)") == "Cohort (2)"
    assert normalize_text("twelve (12) months") == "12 months"


def test_modifier_letter_arrowheads_are_comparators():
    assert parse_quantity("˃ 100,000/mm3").comparator == ">"
    assert parse_quantity("˂ 1500/mm3").comparator == "<"


def test_ucum_codes_are_valid_ucum():
    ucumvert = pytest.importorskip("ucumvert")
    from nlp_trials import quantities

    parser = ucumvert.get_ucum_parser()
    for code in sorted(set(quantities._UNITS.values())):
        parser.parse(code)  # raises on an invalid UCUM expression
    assert normalize_unit("mg/m^2") == ("mg/m2", True)


@pytest.mark.parametrize(
    "text,expected",
    [
        # dose units written with spaces, words and markdown (the regimen rules' DOSE spans)
        ("90 mg/ m2", {"value": 90.0, "unit": "mg/m2", "basis": "m2"}),
        ("40 mg/m 2", {"value": 40.0, "unit": "mg/m2", "basis": "m2"}),
        ("4 mg/sq. m", {"value": 4.0, "unit": "mg/m2", "basis": "m2"}),
        ("75 mg per square meter", {"value": 75.0, "unit": "mg/m2", "basis": "m2"}),
        ("100 mg per day", {"value": 100.0, "unit": "mg/d", "basis": "flat"}),
        ("2 mcg/kg/min", {"value": 2.0, "unit": "ug/kg/min", "basis": "kg"}),
        ("3 mg/kg/h", {"unit": "mg/kg/h", "basis": "kg"}),
        ("50 mg/m2/d", {"unit": "mg/m2/d", "basis": "m2"}),
        ("1.8 Gy/fraction", {"value": 1.8, "unit": "Gy/{fraction}", "basis": "flat"}),
        ("1 mg/dose", {"unit": "mg/{dose}", "basis": "flat"}),
        ("10 mL/kg", {"unit": "mL/kg", "basis": "kg"}),
        ("5 MBq/kg", {"unit": "MBq/kg", "basis": "kg"}),
        ("100 mCi", {"value": 100.0, "unit": "mCi", "basis": "flat"}),
        ("1 gram", {"value": 1.0, "unit": "g", "basis": "flat"}),
        ("10 micrograms/kg", {"unit": "ug/kg", "basis": "kg"}),
        ("3 million units", {"value": 3.0, "unit": "10*6.[IU]", "basis": "flat"}),
        ("1000 international units", {"unit": "[IU]", "basis": "flat"}),
        ("10.000 UI/m2", {"unit": "[IU]/m2", "basis": "m2"}),
        ("2 x 10^6 CAR-T cells/kg", {"value": 2.0, "unit": "10*6{cells}/kg", "basis": "kg"}),
        ("5 x 10^8 PFU", {"value": 5.0, "unit": "10*8.[PFU]", "basis": "flat"}),
        # An exposure has one UCUM unit however it is written.
        ("AUC = 6 mg/mL/min", {"value": 6.0, "unit": "mg.min/mL", "unit_text": "mg/mL/min", "basis": "auc"}),
        ("AUC 6 mg/mL x min", {"value": 6.0, "unit": "mg.min/mL", "unit_text": "mg/mL x min", "basis": "auc"}),
        ("AUC of 7 mg-min/mL", {"value": 7.0, "unit": "mg.min/mL", "unit_text": "mg-min/mL", "basis": "auc"}),
        ("AUC 5", {"value": 5.0, "unit": None, "basis": "auc"}),
        ("130 mg/m(2)", {"value": 130.0, "unit": "mg/m2", "basis": "m2"}),
        # comparators: ">/=" is how records type ≥; "not exceeding" is an upper bound
        (">/= 10 mg", {"comparator": ">=", "value": 10.0}),
        ("</= 2 mg", {"comparator": "<=", "value": 2.0}),
        ("not exceeding 10 mg", {"comparator": "<=", "value": 10.0}),
        ("not to exceed 20 mg", {"comparator": "<=", "value": 20.0}),
    ],
)
def test_dose_unit_spellings(text, expected):
    got = parse_quantity(text).to_dict()
    assert {k: got.get(k) for k in expected} == expected
    assert "unit_known" not in got


@pytest.mark.parametrize("text", ["≥ 8.0 g/dL", "60 mL/min", "< 1 g/24 h", "10 mg/dL", "≥ 1.5×10 9 /L", "5 IU/mL"])
def test_concentrations_have_no_dose_basis(text):
    got = parse_quantity(text)
    assert got.unit_known and got.basis is None


def test_composed_dose_units_are_valid_ucum():
    ucumvert = pytest.importorskip("ucumvert")
    from nlp_trials import quantities

    parser = ucumvert.get_ucum_parser()
    for text in ("2 mcg/kg/min", "1.8 Gy/fraction", "2 x 10^6 cells/kg", "5 x 10^8 PFU", "1 mg/dose", "3 million units"):
        parser.parse(parse_quantity(text).unit)
    for code in sorted(set(quantities._AMOUNT_PARTS.values()) | set(quantities._PER_PARTS.values())):
        parser.parse(code)


def test_doses_listed_with_or_are_no_range() -> None:
    # A choice of doses, unlike grades listed with their plus signs ("2+ or 3+").
    got = parse_quantity("100 mg or 200 mg")
    assert (got.comparator, got.value, got.low, got.unit) == (None, 100.0, None, "mg")


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [("5E+05 TCID50", 5.0, "10*5{TCID50}"), ("2.5e8 vg/kg", 2.5, "10*8{vg}/kg"), ("1e10 vp", 1.0, "10*10{VP}"),
     (">= 3.0 x 10e9/L", 3.0, "10*9/L"), ("1 x 10E6 cells/kg", 1.0, "10*6{cells}/kg")],
)  # fmt: skip
def test_e_notation_is_a_power_of_ten(text, value, unit):
    q = parse_quantity(text)
    assert q is not None and (q.value, q.unit, q.unit_known) == (value, unit, True)


def test_e_notation_leaves_names_alone():
    from nlp_trials.quantities import normalize_text

    for text in ("COVID-19 E484K", "PD-L1 22C3", "HbA1c", "10e9/L"):
        assert normalize_text(text) == text


@pytest.mark.parametrize("text", ["> 1300μm", "> 1300 µm", ">= 300 microns", "≥ 325 micrometers"])
def test_micrometres_are_a_unit(text):
    q = parse_quantity(text)
    assert q is not None and (q.unit, q.unit_known) == ("um", True)


def test_scores_listed_out_of_order_are_no_value():
    # "0, 2 or 3" is neither 0 nor the range 0 to 3.
    assert parse_quantity("0, 2 or 3") is None
    assert parse_quantity("1,500").value == 1500.0  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "text, comparator, value",
    [
        # "than"/"to" left out of the "or equal" comparators, as records often write them
        ("equal or greater than 35 kg/m2", ">=", 35.0),
        ("greater or equal to 750 g", ">=", 750.0),
        ("more or equal 3", ">=", 3.0),
        ("higher or equal to 3", ">=", 3.0),
        ("less or equal than 2 mg/dL", "<=", 2.0),
        ("equal or less than 1.5 x ULN", "<=", 1.5),
        ("less than or equal 5", "<=", 5.0),
        ("superior or equal to 100", ">=", 100.0),
        # the comparators that were read right before stay so
        ("greater than or equal to 1,500/mm3", ">=", 1500.0),
        ("equal to or greater than 5", ">=", 5.0),
        ("equal to 5", "=", 5.0),
    ],
)
def test_or_equal_comparators_in_every_word_order(text, comparator, value):
    q = parse_quantity(text)
    assert q is not None and (q.comparator, q.value) == (comparator, value)


@pytest.mark.parametrize(
    "text, low, high, unit",
    [("70～110mg/dL", 70.0, 110.0, "mg/dL"), ("17.1～25.8", 17.1, 25.8, None), ("18〜30 kg/m2", 18.0, 30.0, "kg/m2"), ("5‐10 %", 5.0, 10.0, "%")],
)
def test_full_width_and_wave_dash_tildes_make_a_range(text, low, high, unit):
    q = parse_quantity(text)
    assert q is not None and (q.comparator, q.low, q.high, q.unit) == ("between", low, high, unit)


def test_a_duration_range_with_a_wave_dash():
    q = parse_duration("18〜65 years")
    assert q is not None and (q.low, q.high, q.unit) == (18.0, 65.0, "a")


@pytest.mark.parametrize(
    "text, comparator, parts, unit",
    [(">89/102", ">", (89.0, 102.0), None), ("< 140/90", "<", (140.0, 90.0), None), ("<50/40 mg/dl", "<", (50.0, 40.0), "mg/dL")],
)
def test_slashed_numbers_without_a_unit_are_parts_not_a_unit(text, comparator, parts, unit):
    # "> 89/102" (cm for women/men): "/102" is no unit.
    q = parse_quantity(text)
    assert q is not None and (q.comparator, q.value, q.parts, q.unit) == (comparator, None, parts, unit)


@pytest.mark.parametrize("text, low, high", [("0/1", 0.0, 1.0), ("0/1/2", 0.0, 2.0)])
def test_scores_typed_with_slashes_are_their_range(text, low, high):
    q = parse_quantity(text)
    assert q is not None and (q.comparator, q.low, q.high, q.unit) == ("between", low, high, None)
    assert parse_quantity("0/2") is None  # not consecutive: no one range


@pytest.mark.parametrize("text, unit", [("< 1 m/s", "m/s"), ("> 2 m/sec", "m/s"), ("< 9 cm/s", "cm/s"), ("between 24 and 70 letters", "{letters}")])
def test_speeds_and_chart_letters_are_units(text, unit):
    q = parse_quantity(text)
    assert q is not None and (q.unit, q.unit_known) == (unit, True)


@pytest.mark.parametrize(
    "text, unit",
    [
        ("less than 150 micromoles/liter", "umol/L"),
        ("greater than or equal to 45 cc/min", "mL/min"),
        ("more than or equal to 1500/mcL", "/uL"),
        ("greater than 1500 per microliter", "/uL"),
        ("no greater than 35 units/mL", "U/mL"),
        ("less than 74 Units/L", "U/L"),
        ("< 50 ml/minute", "mL/min"),
        ("below 50 microgram/mL", "ug/mL"),
    ],
)
def test_lab_units_as_older_records_spell_them(text, unit):
    q = parse_quantity(text)
    assert q is not None and (q.unit, q.unit_known) == (unit, True)


@pytest.mark.parametrize(
    "text, comparator", [("less then 1.5 mg/dL", "<"), ("more then 1 hour", ">"), ("less then or equal to 2", "<="), ("no more then 3 x ULN", "<=")]
)
def test_then_misspelt_for_than_still_compares(text, comparator):
    q = parse_quantity(text)
    assert q is not None and q.comparator == comparator


def test_the_former_months_are_a_recent_window():
    q = parse_duration("within the former 4 months")
    assert q is not None and (q.comparator, q.value, q.unit) == ("<=", 4.0, "mo")
    assert parse_duration("in the former 4 months").comparator == "<="  # type: ignore[union-attr]


def test_a_duration_range_joined_by_and():
    # "diagnosed between 9 and 20 months prior to enrollment"
    q = parse_duration("9 and 20 months prior to enrollment")
    assert q is not None and (q.comparator, q.low, q.high, q.high_days) == ("between", 9.0, 20.0, 600.0)


@pytest.mark.parametrize("text", ["500 mls", "500 milliliters", "20 cc", "< 60 cc", "1000cc"])
def test_volumes_spelled_mls_milliliters_or_cc_are_millilitres(text):
    q = parse_quantity(text)
    assert q is not None and (q.unit, q.unit_known) == ("mL", True)


def test_number_words_are_read_and_articles_are_not():
    from nlp_trials.quantities import number_word

    assert [number_word(w) for w in ("zero", "Twelve", "seventy", "a", "an", "dozen")] == [0, 12, 70, None, None, None]
