"""Scoring lab thresholds and time windows against stated comparisons (nlp_trials.evaluation.values)."""

from __future__ import annotations

from nlp_trials.evaluation.values import format_value_scores, name_words, score_values
from nlp_trials.gold.logical_forms import GoldComparison
from nlp_trials.schema.eligibility_objects import LabThreshold, TimeWindow


def threshold(test: str, comparator: str | None, value: float | None = None, **kw) -> LabThreshold:
    return LabThreshold(test=test.lower(), test_text=test, comparator=comparator, value=value, text=test, start=0, end=1, value_start=0, value_end=1, **kw)


def window(comparator: str | None, value: float, unit: str) -> TimeWindow:
    return TimeWindow(comparator=comparator, value=value, unit=unit, relation="within", text="x", start=0, end=1)


def gold(kind, subject, comparator, values, unit=None) -> GoldComparison:
    return GoldComparison(kind=kind, subject=subject, comparator=comparator, values=values, unit=unit, text="eq(...)")


def test_names_match_across_spacing_and_abbreviations():
    assert name_words("HbA 1c") & name_words("HbA1c")
    assert name_words("body mass index") <= name_words("Body mass index (BMI)")
    assert not name_words("serum level") & name_words("serum creatinine")


def test_found_comparator_value_and_precision():
    rows = [
        # right test, comparator and value
        ("c1", "Hb > 9 g/dL", [gold("threshold", "Hb", ">", (9.0,))], [threshold("Hb", ">", 9.0)], []),
        # right test, wrong comparator ("equal or greater than" read as "=")
        ("c2", "BMI equal or greater than 35", [gold("threshold", "Body mass index", ">=", (35.0,))], [threshold("Body mass index (BMI)", "=", 35.0)], []),
        # a multiple of the normal limit must be one
        ("c3", "ALT ≤ 3 x ULN", [gold("threshold", "ALT", "<=", (3.0,), "ULN")], [threshold("ALT", "<=", 3.0, reference="ULN"), threshold("AST", "<=", 5.0)], []),
        # a window without a comparator in the form takes any; the unit must agree
        ("c4", "in the past 6 months", [gold("window", None, None, (6.0,), "mo"), gold("window", None, "<=", (2.0,), "wk")], [], [window("<=", 6.0, "mo"), window("<=", 2.0, "d")]),
        # a list of scores read as their range
        ("c5", "ICDAS II score of 1, 2 or 3", [gold("threshold", "ICDAS II score", None, (1.0, 2.0, 3.0))], [threshold("II score", "between", low=1.0, high=3.0)], []),
    ]
    scores = score_values(rows)
    t, w = scores.kinds["threshold"], scores.kinds["window"]
    assert (t.gold, t.found, t.comparator, t.value, t.correct, t.predicted, t.matched) == (4, 4, 3, 4, 3, 5, 3)
    assert (w.gold, w.found, w.correct, w.predicted, w.matched) == (2, 1, 1, 2, 1)
    assert [m["id"] for m in scores.misses] == ["c2", "c4"]
    assert t.recall == 0.75 and t.precision == 0.6
    assert "threshold" in format_value_scores(scores) and "precision" in format_value_scores(scores)


def test_a_power_of_ten_written_as_a_number_is_no_value_of_its_own():
    rows = [("c", "ANC > 1.5 * 109/L", [gold("threshold", "ANC", ">", (1.5, 109.0))], [threshold("ANC", ">", 1.5, unit="10*9/L")], [])]
    assert score_values(rows).kinds["threshold"].correct == 1


def test_a_window_may_be_read_as_a_tests_threshold_in_a_unit_of_time():
    rows = [("c", "life expectancy less than 1 year", [gold("window", None, "<", (1.0,), "a")], [threshold("life expectancy", "<", 1.0, unit="a")], [])]
    assert score_values(rows).kinds["window"].correct == 1
