"""The criterion splitter: numbering styles, nesting, headings, continuation, and the seed repairs."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp_trials.segment import split_criteria

SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "samples"


def _ids(text: str) -> list[tuple[str, str]]:
    out = []
    for c in split_criteria(text):
        assert text[c.start:c.end] == c.text
        out.append((c.id, c.text))
    return out


def _region(name: str, start: str, end: str) -> tuple[str, int, int]:
    text = next(SAMPLES.glob(f"{name}_*.txt")).read_text(encoding="utf-8")
    s = text.index(start)
    return text, s, text.index(end, s)


@pytest.mark.parametrize(
    "text",
    [
        "* Age over 18\n* Signed consent",
        "- Age over 18\n- Signed consent",
        "• Age over 18\n• Signed consent",
        "· Age over 18\n· Signed consent",
        "1. Age over 18\n2. Signed consent",
        "1) Age over 18\n2) Signed consent",
        "(1) Age over 18\n(2) Signed consent",
        "1\\. Age over 18\n2\\. Signed consent",
        "1.Age over 18\n2.Signed consent",
        "a. Age over 18\nb. Signed consent",
        "(a) Age over 18\n(b) Signed consent",
        "i. Age over 18\nii. Signed consent",
        "* 1\\. Age over 18\n* 2\\. Signed consent",
    ],
)
def test_each_marker_style_gives_two_criteria(text):
    assert [t for _, t in _ids(text)] == ["Age over 18", "Signed consent"]


def test_ids_follow_source_numbers_and_letters():
    assert [i for i, _ in _ids("a. one\nb. two\nc. three")] == ["I1", "I2", "I3"]
    assert [i for i, _ in _ids("3. three\n4. four")] == ["I3", "I4"]


def test_ids_fall_back_to_positions_when_numbers_repeat():
    assert [i for i, _ in _ids("2. one\n2. again\n3. two")] == ["I1", "I2", "I3"]


def test_headings_with_and_without_colons():
    text = "Inclusion Criteria:\n\n* A\n* B\n\nEXCLUSION CRITERIA\n\n* C\n"
    crit = split_criteria(text)
    assert [(c.id, c.kind, c.text) for c in crit] == [
        ("I1", "inclusion", "A"),
        ("I2", "inclusion", "B"),
        ("E1", "exclusion", "C"),
    ]


@pytest.mark.parametrize(
    "heading",
    ["Key Exclusion Criteria:", "Exclusion criteria for Part B:", "**Exclusion Criteria:**", "Exclusion:", "exclusion criteria"],
)
def test_heading_variants_switch_to_exclusion(heading):
    crit = split_criteria(f"Inclusion Criteria:\n- A\n{heading}\n- B")
    assert [(c.kind, c.text) for c in crit] == [("inclusion", "A"), ("exclusion", "B")]


def test_inline_heading_then_item_on_same_line():
    text = "Inclusion Criteria: - Age ≥ 18\n- ECOG 0-1\nExclusion Criteria: - Pregnancy"
    crit = split_criteria(text)
    assert [(c.id, c.text) for c in crit] == [("I1", "Age ≥ 18"), ("I2", "ECOG 0-1"), ("E1", "Pregnancy")]


def test_mentions_of_criteria_inside_items_are_not_headings():
    crit = split_criteria("* Meets all inclusion criteria\n* Exclusion of HIV is required")
    assert [c.kind for c in crit] == ["inclusion", "inclusion"]


def test_no_headings_means_inclusion():
    assert {c.kind for c in split_criteria("Age 18 or older.\n\nNo prior chemotherapy.")} == {"inclusion"}


def test_wrapped_lines_continue_the_item():
    text = "-  Histologically confirmed cancer largely\n   confined to the peritoneal cavity\n-  No brain metastases"
    assert [t for _, t in _ids(text)] == [
        "Histologically confirmed cancer largely\n   confined to the peritoneal cavity",
        "No brain metastases",
    ]


def test_paragraph_after_colon_item_continues_it():
    text = "1. Diseases, including:\n\nHbA1c > 8%; active HBV\n2. Next"
    assert [t for _, t in _ids(text)] == ["Diseases, including:\n\nHbA1c > 8%; active HBV", "Next"]


def test_separate_paragraphs_are_separate_criteria():
    assert [t for _, t in _ids("Age 18 or older.\n\nNo prior chemotherapy.")] == ["Age 18 or older.", "No prior chemotherapy."]


def test_nested_by_indentation():
    text = "* Adequate function:\n\n  * ANC ≥ 1.5\n  * Platelets ≥ 100\n* No HIV"
    crit = split_criteria(text)
    assert [(c.id, c.parent) for c in crit] == [("I1", None), ("I1.1", "I1"), ("I1.2", "I1"), ("I2", None)]


def test_nested_by_style_change_after_colon():
    text = "* 4\\. Any of:\n1. Heart disease\n2. Lung disease\n* 5\\. Next"
    assert [i for i, _ in _ids(text)] == ["I4", "I4.1", "I4.2", "I5"]


def test_restart_at_one_opens_sub_list_and_outer_number_returns():
    text = "1. A\n2. Failed two lines :\n1. Progression\n2. Intolerance\n3. Tissue\n4. ECOG"
    assert [i for i, _ in _ids(text)] == ["I1", "I2", "I2.1", "I2.2", "I3", "I4"]


def test_hierarchical_numbers_nest():
    text = "1. Labs\n1.1 ANC ≥ 1.5\n1.2 Platelets ≥ 100\n2. Consent"
    assert [i for i, _ in _ids(text)] == ["I1", "I1.1", "I1.2", "I2"]


def test_subheadings_are_kept_as_context_not_criteria():
    text = "PATIENT CHARACTERISTICS:\n\nAge:\n\n  -  18 and over\n\nHepatic:\n\n  -  Bilirubin normal"
    crit = split_criteria(text)
    assert [(c.text, c.heading) for c in crit] == [("18 and over", "Age"), ("Bilirubin normal", "Hepatic")]
    assert [c.id for c in crit] == ["I1", "I2"]


def test_subheadings_without_a_colon_head_the_items_indented_under_them():
    # Old PDQ records (NCT00055614 in the API samples) write some sub-headings with no colon.
    text = (
        "PATIENT CHARACTERISTICS:\n\nRenal\n\n  -  Creatinine clearance at least 60 mL/min\n\n"
        "PRIOR CONCURRENT THERAPY:\n\nBiologic therapy\n\n  -  No concurrent immunotherapy"
    )
    crit = split_criteria(text)
    assert [(c.id, c.text, c.heading) for c in crit] == [
        ("I1", "Creatinine clearance at least 60 mL/min", "Renal"),
        ("I2", "No concurrent immunotherapy", "Biologic therapy"),
    ]


def test_pdq_sub_headings_run_together_give_one_criterion_each():
    # NCT00003136 of the XML records: a wrapped paragraph of "Label: content" pairs.
    text = (
        "PATIENT CHARACTERISTICS:\n"
        "Age: 65 and under Performance status: GOG 0 or 1 Life expectancy:\n"
        "Not specified Hematopoietic: WBC greater than 2500/mm3 Platelet count greater than\n"
        "100,000/mm3 Hepatic: Bilirubin normal Renal: Creatinine clearance at least 50 mL/min\n"
        "Other: Not pregnant\n\n"
        "PRIOR CONCURRENT THERAPY: Biologic therapy: Not specified Chemotherapy: No prior chemotherapy"
    )
    crit = split_criteria(text)
    # A label that names what its item measures stays in the text ("Performance status: GOG 0 or 1").
    assert [(c.heading, c.text) for c in crit] == [
        ("Age", "Age: 65 and under"),
        ("Performance status", "Performance status: GOG 0 or 1"),
        ("Life expectancy", "Life expectancy:\nNot specified"),
        ("Hematopoietic", "WBC greater than 2500/mm3 Platelet count greater than\n100,000/mm3"),
        ("Hepatic", "Bilirubin normal"),
        ("Renal", "Creatinine clearance at least 50 mL/min"),
        ("Other", "Not pregnant"),
        ("Biologic therapy", "Not specified"),
        ("Chemotherapy", "No prior chemotherapy"),
    ]
    assert all(text[c.start:c.end] == c.text for c in crit)


def test_a_run_on_list_gives_one_criterion_per_item():
    # NCT00002568: the items of "Other:" written on wrapped lines with nothing between them.
    text = (
        "Other: No\nsepticemia or severe infection No acute hepatitis No severe gastrointestinal bleeding No\n"
        "second malignancy within 5 years except nonmelanomatous skin cancer Not pregnant or nursing\n\n"
        "Chemotherapy: See Disease Characteristics At least 4 weeks since prior chemotherapy"
    )
    assert [(c.heading, c.text) for c in split_criteria(text)] == [
        ("Other", "No\nsepticemia or severe infection"),
        ("Other", "No acute hepatitis"),
        ("Other", "No severe gastrointestinal bleeding"),
        ("Other", "No\nsecond malignancy within 5 years except nonmelanomatous skin cancer"),
        ("Other", "Not pregnant or nursing"),
        ("Chemotherapy", "See Disease Characteristics"),
        ("Chemotherapy", "At least 4 weeks since prior chemotherapy"),
    ]


def test_the_other_items_pdq_runs_on_are_split_too():
    # NCT00004166, NCT00004223, NCT00002960: pregnancy, contraception, prior therapy and HIV items.
    text = (
        "Other: Not pregnant\nor nursing Negative pregnancy test Fertile patients must use effective contraception during\n"
        "and for 3 months after study HIV negative\n\n"
        "Chemotherapy: No prior systemic biologic response modifier\ntherapy Prior intravesical BCG allowed\n"
        "Prior carboplatin allowed if AUC at least 4 No other concurrent chemotherapy"
    )
    assert [c.text for c in split_criteria(text)] == [
        "Not pregnant\nor nursing",
        "Negative pregnancy test",
        "Fertile patients must use effective contraception during\nand for 3 months after study",
        "HIV negative",
        "No prior systemic biologic response modifier\ntherapy",
        "Prior intravesical BCG allowed",
        "Prior carboplatin allowed if AUC at least 4",
        "No other concurrent chemotherapy",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Patients with\nNo signs of pneumonia",  # the line leaves its sentence open
        "1 Concurrent secondary malignancy",  # the item's own number
        "Patients must not be HIV positive",  # "be" leaves the sentence open
        "Measurable disease At least one lesion of 2 cm",  # "At least" no amount of time
        "No evidence of disease",  # "No" first
    ],
)
def test_no_run_on_split_inside_one_sentence(text):
    assert [c.text for c in split_criteria(text)] == [text]


def test_a_sub_heading_word_inside_a_criterion_splits_nothing():
    text = "- Patients with adequate organ function. Renal: creatinine normal\nPrior surgery: allowed"
    assert [c.text for c in split_criteria(text)] == [
        "Patients with adequate organ function. Renal: creatinine normal",
        "Prior surgery: allowed",
    ]


def test_one_criterion_per_line_when_markers_were_stripped():
    # The ClinicalTrials.gov API before v2 (NCT00023673 in the API samples) dropped the bullets.
    text = (
        "Hematopoietic:\n\nGranulocyte count at least 1,500/mm^3\nPlatelet count at least 100,000/mm^3\n\n"
        "Other:\n\nNot pregnant or nursing\nFertile patients must use effective contraception"
    )
    assert [(c.id, c.heading, c.text) for c in split_criteria(text)] == [
        ("I1", "Hematopoietic", "Granulocyte count at least 1,500/mm^3"),
        ("I2", "Hematopoietic", "Platelet count at least 100,000/mm^3"),
        ("I3", "Other", "Not pregnant or nursing"),
        ("I4", "Other", "Fertile patients must use effective contraception"),
    ]
    assert [c.text for c in split_criteria("Self-identified as LGBT+\nLived in the city for 6 months")] == [
        "Self-identified as LGBT+",
        "Lived in the city for 6 months",
    ]


def test_lines_an_unmarked_item_announces_nest_under_it():
    # NCT04926779 of the API samples: no markers, the list announced by a colon, one item a line.
    # (A short line ending in a colon is a sub-heading instead: its items get it as their heading.)
    text = (
        "Inclusion Criteria:\n\nAge 18 or older.\n\n"
        "Must sign consent. Additionally, participants need to meet at least 1 of the criteria listed below:\n\n"
        "Currently experiencing symptoms of COVID-19.\nInteracted with a COVID-19 positive individual.\n\n"
        "Able to sign consent."
    )
    assert [(c.id, c.parent, c.text) for c in split_criteria(text)] == [
        ("I1", None, "Age 18 or older."),
        ("I2", None, "Must sign consent. Additionally, participants need to meet at least 1 of the criteria listed below:"),
        ("I2.1", "I2", "Currently experiencing symptoms of COVID-19."),
        ("I2.2", "I2", "Interacted with a COVID-19 positive individual."),
        ("I3", None, "Able to sign consent."),  # a blank line ends the announced list
    ]


@pytest.mark.parametrize(
    "text",
    [
        # The line leaves something open: a conjunction, a preposition, a comma.
        "Patients treated with ART OR\nHIV positive but not yet needing treatment",
        "Adequate organ function defined as\nANC at least 1,500/mm^3",
        "Prior therapy with cisplatin,\nCarboplatin or oxaliplatin",
        "cisplatin +\nDocetaxel on day 1",
        # The next line goes on in lower case.
        "Histologically confirmed\nadenocarcinoma of the pancreas",
        # A marked item's text wrapped under it, past its marker.
        "  -  patients with the need for surgical or interventional treatment with Aortic\n     Coarctation",
    ],
)
def test_a_line_that_leaves_its_sentence_open_goes_on(text):
    # ("Self-identified as LGBT+" leaves nothing open: its "+" is a sign, tested below.)
    assert len(split_criteria(text)) == 1


def test_a_hard_wrapped_text_breaks_only_where_the_next_word_did_not_fit():
    # Wrapped at 38 columns: "Measurable" did not fit after "... at least one", "No" would have fitted
    # after "... the scan.".
    text = (
        "Disease must be evaluable by CT or MRI\n"
        "and there must be at least one\n"
        "Measurable lesion on the scan.\n"
        "No prior therapy"
    )
    assert [c.text for c in split_criteria(text)] == [
        "Disease must be evaluable by CT or MRI\nand there must be at least one\nMeasurable lesion on the scan.",
        "No prior therapy",
    ]


@pytest.mark.parametrize(
    "text",
    [
        # A sentence over a list is a criterion whose sub-items say what it allows.
        "Patients with any of the following\n\n  -  HIV\n  -  Hepatitis B",
        # A short line with no deeper marked item after it is a criterion of its own.
        "Measurable disease\n\n-  Age over 18",
        # A line under an item, not after a blank line, continues it.
        "-  Adequate organ function\n   Renal\n     -  Creatinine normal",
    ],
)
def test_short_lines_that_head_no_list_stay_criteria(text):
    assert all(c.heading is None for c in split_criteria(text))


def test_inline_caps_label_then_paragraph():
    crit = split_criteria("DISEASE CHARACTERISTICS: Histologically confirmed tumor\n\nPRIOR THERAPY: None")
    assert [(c.heading, c.text) for c in crit] == [("DISEASE CHARACTERISTICS", "Histologically confirmed tumor")]


def test_none_items_are_dropped():
    assert split_criteria("Inclusion Criteria:\n- Adults\nExclusion Criteria:\n- nil") == split_criteria(
        "Inclusion Criteria:\n- Adults\nExclusion Criteria:\n"
    )


def test_crlf_offsets_are_exact():
    text = "Inclusion Criteria:\r\n\r\n* Age 18\r\n* Consent\r\n"
    crit = split_criteria(text)
    assert [c.text for c in crit] == ["Age 18", "Consent"]


def test_region_offsets_index_the_whole_text():
    text = "HEADER\nInclusion Criteria\n1. Adults\n2. Consent\nFOOTER"
    s, e = text.index("Inclusion"), text.index("FOOTER")
    crit = split_criteria(text, s, e)
    assert [(c.text, text[c.start:c.end]) for c in crit] == [("Adults", "Adults"), ("Consent", "Consent")]


@pytest.mark.parametrize("text", ["", "   \n\n", "\x00\x01", "1.", "*", "Inclusion Criteria:"])
def test_degenerate_inputs_do_not_crash(text):
    for c in split_criteria(text):
        assert text[c.start:c.end] == c.text


@pytest.mark.issue(2)
def test_seed_000_numbering_restart_starts_exclusion():
    text, s, e = _region("000", "Inclusion Criteria", "Minimum Eligible Age")
    crit = split_criteria(text, s, e)
    ids = [c.id for c in crit]
    assert ids == [f"I{i}" for i in range(1, 11)] + ["E2", "E3", "E4", "E4.1", "E4.2", "E5", "E6", "E7"]
    by_id = {c.id: c for c in crit}
    assert by_id["E2"].text.startswith("Active central nervous system metastases")
    assert by_id["E4.2"].text.startswith("Other clinically significant diseases:")
    assert "HbA1c \\> 8%" in by_id["E4.2"].text
    assert by_id["E4.1"].parent == "E4"
    assert all(text[c.start:c.end] == c.text for c in crit)


@pytest.mark.issue(2)
def test_seed_001_items_under_exclusion_heading_that_continue_inclusion():
    text, s, e = _region("001", "Inclusion Criteria", "\n18 Years")
    crit = split_criteria(text, s, e)
    inclusion = [c.id for c in crit if c.kind == "inclusion"]
    assert inclusion == ["I2", "I2.1", "I2.2", "I3", "I4", "I5", "I6", "I7", "I7.1", "I7.2", "I7.3", "I7.4", "I10", "I11"]
    by_id = {c.id: c for c in crit}
    assert by_id["I10"].text == "The subjects must sign and date the written informed consent form."
    assert by_id["E1"].text == "Pregnant and breastfeeding women."
    exclusion_top = [c.id for c in crit if c.kind == "exclusion" and c.parent is None]
    assert exclusion_top == [f"E{i}" for i in range(1, 27)]
    assert [c.id for c in crit if c.parent == "E13"] == [f"E13.{i}" for i in range(1, 11)]


@pytest.mark.parametrize(
    "name,start,end,n_inc,n_exc",
    [
        ("002", "Inclusion criteria", "Trial design", 9, 22),
        ("003", "Inclusion Criteria:", "\nTo learn more about this study, you or your doctor may contact the study research staff using the contact information", 9, 8),
        ("004", "Inclusion Criteria", "The above information", 4, 11),
    ],
)
def test_other_seeds_split_into_their_lists(name, start, end, n_inc, n_exc):
    text, s, e = _region(name, start, end)
    crit = split_criteria(text, s, e)
    assert sum(c.kind == "inclusion" for c in crit) == n_inc
    assert sum(c.kind == "exclusion" for c in crit) == n_exc


def test_first_line_that_lost_its_indentation_is_a_sibling():
    # ClinicalTrials.gov XML prints a text block's first line at the base indent (NCT00003118).
    text = "1. Patients with\n     cancer\n  2. Adults\n  3. Consent"
    assert [i for i, _ in _ids(text)] == ["I1", "I2", "I3"]
    assert [i for i, _ in _ids("-  Age\n\n  -  Consent\n\n  -  Other")] == ["I1", "I2", "I3"]


def test_right_aligned_numbers_stay_siblings():
    assert [i for i, _ in _ids("  9. nine\n 10. ten\n 11. eleven")] == ["I9", "I10", "I11"]


def test_heading_written_as_a_bullet_with_a_qualifier():
    crit = split_criteria("-  INCLUSION CRITERIA - Patient:\n\n  -  Adults\n\nEXCLUSION CRITERIA:\n\n  -  HIV")
    assert [(c.kind, c.text) for c in crit] == [("inclusion", "Adults"), ("exclusion", "HIV")]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_every_line_break_convention_splits_the_same(newline):
    text = newline.join(["Inclusion Criteria:", "- Age 18 or older", "- ANC > 1500", "Exclusion Criteria:", "- Pregnancy", ""])
    criteria = split_criteria(text)
    assert [(c.id, c.kind, c.text) for c in criteria] == [
        ("I1", "inclusion", "Age 18 or older"),
        ("I2", "inclusion", "ANC > 1500"),
        ("E1", "exclusion", "Pregnancy"),
    ]
    assert all(text[c.start : c.end] == c.text for c in criteria)


def test_numbers_authors_write_after_the_registrys_markers_are_list_numbers():
    # NCT05380934: "-  1 Sign ...", "-  2 Be able ...": the numbers count the items.
    text = "Inclusion Criteria:\n\n  -  1 Sign an informed consent form\n\n  -  2 Be able to comply\n\n  -  3 Age 18 to 55\n"
    assert [c.text for c in split_criteria(text)] == ["Sign an informed consent form", "Be able to comply", "Age 18 to 55"]
    # A scale's points and a number that opens one item only are content.
    points = "- 1 point each: age>67\n- 2 points each: QTc>450\n- 3 points each: sepsis"
    assert [c.text for c in split_criteria(points)][0] == "1 point each: age>67"
    single = "- 2 Prior lines of therapy\n- Age 18 or over"
    assert [c.text for c in split_criteria(single)] == ["2 Prior lines of therapy", "Age 18 or over"]
