"""Reading LCT's logical forms (nlp_trials.gold.logical_forms) from inline files."""

from __future__ import annotations

import pytest

from nlp_trials.errors import GoldError
from nlp_trials.gold.logical_forms import comparisons, criterion_text, detokenize, parse_logical_form, read_logical_forms

FORM = """'INC'

'-  Serum Glucose 100 - 126 mg / dl ; no steroids within the past 3 months'

'-  lab("Serum Glucose") eq(val("100"), op(BETWEEN), val("126"), unit("mg"), unit("dl")) ; ...'

intersect(
    lab("Serum Glucose")
        .num_filter(
            eq(val("100"), op(BETWEEN), val("126"), unit("mg"), unit("dl"))
        ),
    neg(
        drug("steroids")
            .temporality(
                eq(op(LTEQ), val("three"), temporal_unit(MONTH))
            )
    ),
    vital("BP")
        .mod("systolic")
        .num_filter(
            eq(op(GT), val("1,5"), unit(REF_RANGE_NORMAL))
        )
)
"""


def test_a_form_gives_its_kind_text_and_tree():
    kind, text, tree = parse_logical_form(FORM)
    assert (kind, text) == ("inclusion", "-  Serum Glucose 100 - 126 mg / dl ; no steroids within the past 3 months")
    assert tree.startswith("intersect(")


def test_thresholds_and_windows_in_the_order_written():
    got = [(c.kind, c.subject, c.comparator, c.values, c.unit) for c in comparisons(parse_logical_form(FORM)[2])]
    assert got == [
        ("threshold", "Serum Glucose", "between", (100.0, 126.0), None),
        ("window", None, "<=", (3.0,), "mo"),  # "three" is a number
        ("threshold", "BP", ">", (1.5,), "ULN"),  # a method before num_filter is skipped; "1,5" is 1.5
    ]


def test_a_file_that_is_no_form_is_named(tmp_path):
    (tmp_path / "annotator_1").mkdir()
    (tmp_path / "annotator_1" / "NCT00000001_2.js").write_text("lab(\"x\")", encoding="utf-8")
    with pytest.raises(GoldError, match=r"E221.*NCT00000001_2\.js"):
        read_logical_forms(tmp_path)
    with pytest.raises(GoldError, match="E220"):
        read_logical_forms(tmp_path / "annotator_1" / "missing")


def test_the_criterion_words_come_from_the_lct_line_when_it_says_the_same(tmp_path):
    forms, lct = tmp_path / "forms", tmp_path / "lct"
    (forms / "annotator_2").mkdir(parents=True)
    lct.mkdir()
    (forms / "annotator_2" / "NCT00000001_1.js").write_text(FORM, encoding="utf-8")
    (forms / "annotator_2" / "NCT00000002_1.js").write_text(FORM, encoding="utf-8")
    (forms / "annotator_2" / "NCT00000003_1.js").write_text(FORM.replace("num_filter", "mod").replace(".temporality", ".mod"), encoding="utf-8")
    (lct / "NCT00000001.txt").write_text("Inclusion Criteria:\n  -  Serum Glucose: 100-126 mg/dl; no steroids within the past 3 months\n", encoding="utf-8")
    (lct / "NCT00000002.txt").write_text("Inclusion Criteria:\n  -  Age 18 or older\n", encoding="utf-8")
    got = read_logical_forms(forms, lct)
    # The third form states no comparison and is left out.
    assert [(c.id, c.annotator, c.kind, c.text) for c in got] == [
        ("NCT00000001_1", "annotator_2", "inclusion", "Serum Glucose: 100-126 mg/dl; no steroids within the past 3 months"),
        # The line says something else: the form's own text, detokenized.
        ("NCT00000002_1", "annotator_2", "inclusion", "Serum Glucose 100-126 mg/dl; no steroids within the past 3 months"),
    ]


def test_bullets_and_tokenized_text():
    assert criterion_text("  2.  Hb > 9 g/dL") == "Hb > 9 g/dL"
    assert criterion_text("  -  Hb > 9 g/dL") == "Hb > 9 g/dL"
    assert detokenize("Adults ( ages 18 - 65 ) , mg / dl") == "Adults (ages 18-65), mg/dl"


def test_a_range_needs_two_numbers():
    [single] = comparisons('lab("Weight").num_filter(eq(op(GTEQ), op(BETWEEN), val("750"), unit("g")))')
    [pair] = comparisons('lab("BMI").num_filter(eq(op(EQ), val("18.5"), op(BETWEEN), val("29.9")))')
    assert (single.comparator, single.values) == (">=", (750.0,))
    assert (pair.comparator, pair.values) == ("between", (18.5, 29.9))
