"""ClinicalTrials.gov classic XML reader: field mapping, textblocks, wrappers, and refused input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from nlp_trials.errors import RecordError
from nlp_trials.records import ctgov_xml, parse_file, parse_text
from nlp_trials.schema import Age, Arm, Enrollment, Intervention, Outcome, Trial

FIXTURES = Path(__file__).parent.parent / "fixtures" / "records"

MINIMAL = "<clinical_study><id_info><nct_id>NCT09000070</nct_id></id_info></clinical_study>"


def _parse(text: str) -> list[Trial | RecordError]:
    return list(ctgov_xml.parse(text, path=None))


def _one(items: list[Trial | RecordError]) -> Trial:
    assert len(items) == 1, items
    assert isinstance(items[0], Trial), items[0]
    return items[0]


def _error(items: list[Trial | RecordError], code: str) -> RecordError:
    assert len(items) == 1, items
    err = items[0]
    assert isinstance(err, RecordError), err
    assert err.reason.startswith(f"[{code}]"), err.reason
    return err


# --- a full record ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def study() -> Trial:
    return _one(list(parse_file(FIXTURES / "ctgov_study.xml")))


def test_identification(study: Trial) -> None:
    assert study.id == "NCT09000051"
    assert study.source.format == "ctgov-xml"
    assert study.source.path == str(FIXTURES / "ctgov_study.xml")
    assert study.source.index is None
    assert study.other_ids == ["XML-ORG-1", "CDR0000000051", "XML-2"]
    assert study.title == "Examplumab Plus Chemotherapy in Example Cancer"
    assert study.official_title == "A Randomized Study of Examplumab Plus Chemotherapy"
    assert study.acronym == "EXAMPLE"
    assert study.sponsor == "Example Oncology Group"


def test_status_design_dates(study: Trial) -> None:
    assert study.status == "ACTIVE_NOT_RECRUITING"
    assert study.phases == ["PHASE1", "PHASE2"]
    assert study.study_type == "INTERVENTIONAL"
    assert study.enrollment == Enrollment(count=60, type="ESTIMATED")
    assert study.start_date == "2005-06"
    assert study.completion_date == "2012-03-15"
    assert study.conditions == ["Example Cancer", "Second Condition"]


def test_textblocks_are_normalized(study: Trial) -> None:
    assert study.brief_summary == "RATIONALE: Examplumab may stop tumor growth.\n\nPURPOSE: This trial compares two regimens."
    # Relative indentation survives the dedent.
    assert study.detailed_description == "OBJECTIVES:\n\n  -  Compare overall survival."


def test_arms_get_their_interventions_from_the_intervention_side(study: Trial) -> None:
    assert study.arms == [
        Arm(
            label="Arm I",
            type="EXPERIMENTAL",
            description="Examplumab IV on day 1.\nCisplatin IV on day 2.",
            interventions=["examplumab", "cisplatin"],
        ),
        Arm(label="Arm II", type="ACTIVE_COMPARATOR", interventions=["cisplatin"]),
    ]


def test_interventions(study: Trial) -> None:
    assert study.interventions == [
        Intervention(name="examplumab", type="BIOLOGICAL", description="Given IV", other_names=["EXM-7", "Examplia"], arms=["Arm I"]),
        Intervention(name="cisplatin", type="DRUG", arms=["Arm I", "Arm II"]),
    ]


def test_outcomes(study: Trial) -> None:
    assert study.outcomes == [
        Outcome(kind="primary", measure="Overall survival", time_frame="5 years", description="Time to death"),
        Outcome(kind="secondary", measure="Response rate", time_frame="Up to 1 year"),
        Outcome(kind="other", measure="Quality of life"),
    ]


def test_eligibility(study: Trial) -> None:
    e = study.eligibility
    assert e.sex == "FEMALE"
    assert e.minimum_age == Age(value=18, unit="MONTHS")
    assert e.maximum_age is None
    assert e.healthy_volunteers is True
    assert e.text == (
        "Inclusion Criteria:\n\n  -  A\n\n  -  B, including:\n\n       -  B1\n\nExclusion Criteria:\n\n  -  C"
    )
    assert "\r" not in e.text
    top = [c for c in e.criteria if c.parent is None]
    assert [c.kind for c in top].count("inclusion") == 2
    assert [c.kind for c in top].count("exclusion") == 1
    for c in e.criteria:
        assert e.text[c.start : c.end] == c.text


def test_round_trip(study: Trial) -> None:
    assert Trial.model_validate_json(study.model_dump_json()) == study


def test_dispatch_detects_xml_from_content() -> None:
    text = (FIXTURES / "ctgov_study.xml").read_text(encoding="utf-8")
    assert _one(list(parse_text(text))).source.format == "ctgov-xml"


def test_minimal_record_leaves_missing_facts_empty() -> None:
    t = _one(_parse(MINIMAL))
    assert t.id == "NCT09000070"
    assert t.title is None and t.status is None and t.phases == [] and t.enrollment is None
    assert t.arms == [] and t.interventions == [] and t.outcomes == []
    assert t.eligibility.text is None and t.eligibility.criteria == []


# --- wrappers --------------------------------------------------------------------------------------


def test_wrapper_with_two_studies() -> None:
    items = list(parse_file(FIXTURES / "ctgov_wrapper.xml"))
    assert [type(i) for i in items] == [Trial, Trial]
    one, two = items
    assert isinstance(one, Trial) and isinstance(two, Trial)
    assert (one.id, one.source.index) == ("NCT09000061", 0)
    assert (two.id, two.source.index) == ("NCT09000062", 1)
    assert one.phases == ["NA"]
    assert one.study_type is None  # "N/A" is no study type
    assert one.enrollment == Enrollment(count=25, type=None)
    assert two.phases == ["PHASE2", "PHASE3"]
    for t in items:
        assert Trial.model_validate_json(t.model_dump_json()) == t


def test_wrapper_without_studies_is_an_unknown_layout() -> None:
    err = _error(_parse("<results><other/></results>"), "E006")
    assert "<results>" in err.reason


def test_wrong_root() -> None:
    err = _error(_parse("<html><body>not a study</body></html>"), "E006")
    assert "<html>" in err.reason


def test_namespaced_record() -> None:
    text = '<clinical_study xmlns="urn:example"><id_info><nct_id>NCT09000071</nct_id></id_info><phase>Phase 3</phase></clinical_study>'
    t = _one(_parse(text))
    assert t.id == "NCT09000071" and t.phases == ["PHASE3"]


# --- refused and broken input ----------------------------------------------------------------------


def test_doctype_is_refused() -> None:
    _error(_parse('<?xml version="1.0"?>\n<!DOCTYPE clinical_study SYSTEM "x.dtd">\n' + MINIMAL), "E007")


def test_entity_bomb_never_expands() -> None:
    lol = "".join(f'<!ENTITY lol{i} "{"&lol%d;" % (i - 1) * 10}">' for i in range(1, 10))
    bomb = f'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol0 "lol">{lol}]>\n<clinical_study><brief_title>&lol9;</brief_title></clinical_study>'
    start = time.perf_counter()
    _error(_parse(bomb), "E007")
    assert time.perf_counter() - start < 1.0


def test_external_entity_is_refused() -> None:
    xxe = '<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<clinical_study><brief_title>&xxe;</brief_title></clinical_study>'
    _error(_parse(xxe), "E007")


def test_stray_entity_declaration_is_refused() -> None:
    _error(_parse('<!ENTITY x "y">\n' + MINIMAL), "E007")


def test_truncated_xml_names_line_and_column() -> None:
    text = (FIXTURES / "ctgov_study.xml").read_text(encoding="utf-8")
    cut = text[: text.index("<eligibility>")]
    err = _error(_parse(cut), "E004")
    assert f"line {cut.count(chr(10)) + 1} column" in err.reason


def test_malformed_xml() -> None:
    err = _error(_parse("<clinical_study>\n  <brief_title>a & b</brief_title>\n</clinical_study>"), "E004")
    assert "line 2 column" in err.reason


def test_one_failing_study_does_not_end_the_wrapper(monkeypatch: pytest.MonkeyPatch) -> None:
    def flaky(text: str, start: int = 0, end: int | None = None) -> list:
        raise ValueError("splitter exploded")

    monkeypatch.setattr(ctgov_xml, "split_criteria", flaky)
    ok = "<clinical_study><brief_title>ok</brief_title></clinical_study>"
    bad = "<clinical_study><eligibility><criteria><textblock>x</textblock></criteria></eligibility></clinical_study>"
    items = _parse(f"<r>{ok}{bad}{ok}</r>")
    assert [type(i) for i in items] == [Trial, RecordError, Trial]
    assert isinstance(items[1], RecordError) and items[1].index == 1 and items[1].reason.startswith("[E015]")


# --- textblock normalization -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # ClinicalTrials.gov's shape: "\r\n" line ends, 8-10 spaces of indentation, blank outer lines.
        ("\n        Inclusion:\r\n\r\n          -  A  \r\n             more\r\n      ", "Inclusion:\n\n  -  A\n     more"),
        # Bare "\r" line ends.
        ("\n    a\r    b\r", "a\nb"),
        # Content starting on the tag's line: only the lines after it are dedented.
        ("First line\n        second\n          third", "First line\nsecond\n  third"),
        # Whitespace-only lines inside do not block the dedent.
        ("\n      a\n   \n      b\n", "a\n\nb"),
        ("   \r\n  \n ", None),
        ("", None),
        (None, None),
    ],
)
def test_normalize_textblock(raw: str | None, expected: str | None) -> None:
    assert ctgov_xml.normalize_textblock(raw) == expected
