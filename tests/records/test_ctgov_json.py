"""ClinicalTrials.gov JSON reader: every accepted layout, field mapping, and bad input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from nlp_trials.errors import RecordError
from nlp_trials.records import ctgov_json, normalize, parse_file, parse_text
from nlp_trials.schema import Age, Arm, Enrollment, Intervention, Outcome, Trial

FIXTURES = Path(__file__).parent.parent / "fixtures" / "records"


def _read(name: str) -> list[Trial | RecordError]:
    return list(parse_file(FIXTURES / name))


def _parse(obj_or_text: object, path: str | None = None) -> list[Trial | RecordError]:
    text = obj_or_text if isinstance(obj_or_text, str) else json.dumps(obj_or_text)
    return list(ctgov_json.parse(text, path=path))


def _study(**modules: object) -> dict[str, object]:
    return {"protocolSection": {"identificationModule": {"nctId": "NCT09999999"}, **modules}}


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


def _assert_criteria_index_text(trial: Trial) -> None:
    text = trial.eligibility.text
    assert text is not None
    for c in trial.eligibility.criteria:
        assert text[c.start : c.end] == c.text


def _assert_round_trip(trial: Trial) -> None:
    assert Trial.model_validate_json(trial.model_dump_json()) == trial


# --- API v2, single study ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def v2() -> Trial:
    return _one(_read("ctgov_v2_study.json"))


def test_v2_identification(v2: Trial) -> None:
    assert v2.id == "NCT09000001"
    assert v2.source.format == "ctgov-json"
    assert v2.source.path == str(FIXTURES / "ctgov_v2_study.json")
    assert v2.source.index is None
    assert v2.other_ids == ["ORG-001", "2024-000001-11", "R01XX000001"]
    assert v2.title == "Testamab in Adults With Example Disease"
    assert v2.official_title == "A Phase 1/2 Study of Testamab in Adults With Example Disease"
    assert v2.acronym == "TEST-1"


def test_v2_status_design_dates(v2: Trial) -> None:
    assert v2.status == "ACTIVE_NOT_RECRUITING"
    assert v2.phases == ["PHASE1", "PHASE2"]
    assert v2.study_type == "INTERVENTIONAL"
    assert v2.enrollment == Enrollment(count=120, type="ESTIMATED")
    assert v2.start_date == "2024-03-15"
    assert v2.completion_date == "2026-12"
    assert v2.conditions == ["Example Disease", "Other Disease"]
    assert v2.sponsor == "Example Pharma"


def test_v2_descriptions_keep_inner_newlines(v2: Trial) -> None:
    assert v2.brief_summary == "Testamab is given every 3 weeks."
    assert v2.detailed_description == "Part A: dose escalation.\nPart B: expansion."


def test_v2_arms_strip_type_prefix(v2: Trial) -> None:
    assert v2.arms == [
        Arm(
            label="Arm A: Testamab",
            type="EXPERIMENTAL",
            description="Testamab 10 mg/kg IV\nevery 3 weeks",
            interventions=["Testamab", "Vaccine X"],
        ),
        Arm(label="Arm B: Placebo", type="PLACEBO_COMPARATOR", interventions=["Placebo"]),
    ]


def test_v2_interventions(v2: Trial) -> None:
    assert v2.interventions == [
        Intervention(
            name="Testamab",
            type="DRUG",
            description="10 mg/kg IV on day 1 of each 21-day cycle",
            other_names=["TST-001", "Testavia"],
            arms=["Arm A: Testamab"],
        ),
        Intervention(name="Vaccine X", type="BIOLOGICAL", arms=["Arm A: Testamab"]),
        Intervention(name="Placebo", type="DRUG", arms=["Arm B: Placebo"]),
    ]


def test_v2_outcomes(v2: Trial) -> None:
    assert v2.outcomes == [
        Outcome(kind="primary", measure="Dose-limiting toxicities", time_frame="Cycle 1 (21 days)", description="Per CTCAE v5"),
        Outcome(kind="secondary", measure="Objective response rate", time_frame="Up to 2 years"),
        Outcome(kind="other", measure="Biomarker levels", time_frame="Baseline"),
    ]


def test_v2_eligibility(v2: Trial) -> None:
    e = v2.eligibility
    assert e.minimum_age == Age(value=18, unit="YEARS")
    assert e.maximum_age == Age(value=75, unit="YEARS")
    assert e.sex == "ALL"
    assert e.healthy_volunteers is False
    # Verbatim (markdown escape kept), only the outer white space stripped.
    assert e.text == "Inclusion Criteria:\n\n* Age \\>= 18 years\n* ECOG 0-1\n\nExclusion Criteria:\n\n* Pregnancy"
    kinds = [c.kind for c in e.criteria]
    assert kinds.count("inclusion") == 2 and kinds.count("exclusion") == 1
    _assert_criteria_index_text(v2)


def test_v2_round_trip(v2: Trial) -> None:
    _assert_round_trip(v2)


def test_dispatch_detects_json_from_content() -> None:
    text = (FIXTURES / "ctgov_v2_study.json").read_text(encoding="utf-8")
    trial = _one(list(parse_text(text)))
    assert trial.id == "NCT09000001" and trial.source.path is None


# --- pages, arrays, JSON Lines ---------------------------------------------------------------------


def test_v2_page_gives_one_trial_per_study_with_index() -> None:
    items = _read("ctgov_v2_page.json")
    assert [type(i) for i in items] == [Trial, Trial]
    first, second = items
    assert isinstance(first, Trial) and isinstance(second, Trial)
    assert (first.id, first.source.index) == ("NCT09000011", 0)
    assert (second.id, second.source.index) == ("NCT09000012", 1)
    assert first.status == "RECRUITING" and first.start_date == "2025-01"
    assert first.study_type == "OBSERVATIONAL"
    assert first.enrollment == Enrollment(count=40, type=None)
    assert first.eligibility.sex == "FEMALE"
    kinds = [c.kind for c in first.eligibility.criteria]
    assert kinds.count("inclusion") == 1 and kinds.count("exclusion") == 1
    _assert_criteria_index_text(first)
    assert second.phases == ["NA"] and second.enrollment is None
    assert second.eligibility.text is None and second.eligibility.criteria == []
    for t in items:
        _assert_round_trip(t)  # type: ignore[arg-type]


def test_array_of_studies() -> None:
    items = _read("ctgov_v2_array.json")
    assert [(t.id, t.source.index) for t in items] == [("NCT09000021", 0), ("NCT09000022", 1)]  # type: ignore[union-attr]
    assert items[1].phases == ["EARLY_PHASE1"]  # type: ignore[union-attr]


def _check_jsonl(items: list[Trial | RecordError]) -> None:
    # Blank lines are skipped, so indexes count records; the batch goes on after each bad line.
    assert len(items) == 5
    ok0, bad1, ok2, bad3, bad4 = items
    assert isinstance(ok0, Trial) and (ok0.id, ok0.source.index) == ("NCT09000031", 0)
    assert isinstance(bad1, RecordError) and bad1.index == 1
    assert bad1.reason.startswith("[E003]") and "line 3 column" in bad1.reason
    assert isinstance(ok2, Trial) and (ok2.id, ok2.source.index) == ("NCT09000033", 2)
    # U+2028 is legal raw inside a JSON string: it must not split the line.
    assert ok2.title == "Line three \u2028 with a raw separator"
    assert isinstance(bad3, RecordError) and bad3.index == 3 and bad3.reason.startswith("[E011]")
    assert "array" in bad3.reason
    assert isinstance(bad4, RecordError) and bad4.index == 4 and bad4.reason.startswith("[E005]")
    assert "'hasResults'" in bad4.reason


def test_json_lines_by_file_name() -> None:
    _check_jsonl(_read("ctgov_v2_studies.jsonl"))


def test_json_lines_by_content() -> None:
    text = (FIXTURES / "ctgov_v2_studies.jsonl").read_text(encoding="utf-8")
    items = list(parse_text(text))
    _check_jsonl(items)
    assert all(i.path is None for i in items if isinstance(i, RecordError))


def test_json_lines_whose_first_line_is_broken_are_still_read_line_by_line() -> None:
    good = json.dumps(_study())
    items = _parse("\n".join(['{"protocolSection": ', good, good]))
    assert [type(i) for i in items] == [RecordError, Trial, Trial]
    assert [i.index if isinstance(i, RecordError) else i.source.index for i in items] == [0, 1, 2]


def test_single_line_jsonl_file_still_gets_an_index(tmp_path: Path) -> None:
    f = tmp_path / "one.jsonl"
    f.write_text(json.dumps(_study()) + "\n", encoding="utf-8")
    assert _one(list(parse_file(f))).source.index == 0


def test_json_lines_crlf_line_ends() -> None:
    line = json.dumps(_study())
    items = _parse(line + "\r\n" + line + "\r\n")
    assert [t.source.index for t in items] == [0, 1]  # type: ignore[union-attr]


# --- API v1 ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def v1() -> Trial:
    return _one(_read("ctgov_v1_response.json"))


def test_v1_maps_onto_the_same_trial(v1: Trial) -> None:
    assert v1.source.format == "ctgov-json"
    assert v1.source.index == 0
    assert v1.id == "NCT09000041"
    assert v1.other_ids == ["V1-ORG", "CDR0000000001"]
    assert v1.title == "Old Style Study of Examplinib"
    assert v1.official_title == "An Old Style Study of Examplinib in Example Cancer"
    assert v1.acronym == "OLD"
    assert v1.status == "ACTIVE_NOT_RECRUITING"
    assert v1.start_date == "2001-10"
    assert v1.completion_date == "2020-03-15"
    assert v1.sponsor == "Example Cancer Group"
    assert v1.brief_summary == "Examplinib daily."
    assert v1.detailed_description == "OBJECTIVES:\n\n- Determine the dose."
    assert v1.conditions == ["Example Cancer"]
    assert v1.study_type == "INTERVENTIONAL"
    assert v1.phases == ["PHASE2", "PHASE3"]
    assert v1.enrollment == Enrollment(count=168, type="ESTIMATED")


def test_v1_arms_interventions_outcomes(v1: Trial) -> None:
    assert v1.arms == [
        Arm(label="Arm I", type="ACTIVE_COMPARATOR", description="Examplinib 50 mg PO daily", interventions=["Examplinib", "Surgery"])
    ]
    assert v1.interventions == [
        Intervention(name="Examplinib", type="DRUG", description="50 mg PO daily", other_names=["EX-123"], arms=["Arm I"]),
        Intervention(name="Surgery", type="PROCEDURE", arms=["Arm I"]),
    ]
    assert v1.outcomes == [
        Outcome(kind="primary", measure="Overall survival", time_frame="5 years", description="Death from any cause"),
        Outcome(kind="secondary", measure="Toxicity", time_frame="2 years"),
        Outcome(kind="other", measure="Quality of life"),
    ]


def test_v1_eligibility(v1: Trial) -> None:
    e = v1.eligibility
    assert e.sex == "MALE"
    assert e.healthy_volunteers is False
    assert e.minimum_age == Age(value=18, unit="YEARS")
    assert e.maximum_age is None  # "N/A"
    assert e.text == "Inclusion Criteria:\n\n* A\n* B\n\nExclusion Criteria:\n\n* C"
    kinds = [c.kind for c in e.criteria]
    assert kinds.count("inclusion") == 2 and kinds.count("exclusion") == 1
    _assert_criteria_index_text(v1)
    _assert_round_trip(v1)


def test_v1_not_applicable_phase_and_singleton_lists() -> None:
    # Converters from XML often unwrap one-item lists into a bare value.
    ps = {
        "IdentificationModule": {"NCTId": "NCT09000042"},
        "DesignModule": {"PhaseList": {"Phase": "Not Applicable"}},
        "ConditionsModule": {"ConditionList": {"Condition": "Only One"}},
        "EligibilityModule": {"HealthyVolunteers": "Accepts Healthy Volunteers"},
    }
    t = _one(_parse({"FullStudiesResponse": {"FullStudies": [{"Study": {"ProtocolSection": ps}}]}}))
    assert t.phases == ["NA"]
    assert t.conditions == ["Only One"]
    assert t.eligibility.healthy_volunteers is True


def test_bare_v1_study_object() -> None:
    t = _one(_parse({"Study": {"ProtocolSection": {"IdentificationModule": {"NCTId": "NCT09000043"}}}}))
    assert (t.id, t.source.index) == ("NCT09000043", None)


# --- robustness ----------------------------------------------------------------------------------


def test_wrong_types_are_coerced_or_dropped() -> None:
    study = {
        "protocolSection": {
            "identificationModule": {"nctId": ["NCT1"], "briefTitle": {"x": 1}, "orgStudyIdInfo": "not an object", "secondaryIdInfos": ["S-1", 7, None]},
            "statusModule": {"overallStatus": 3, "startDateStruct": {"date": "not a date"}},
            "conditionsModule": {"conditions": "Lone Condition"},
            "designModule": {"phases": "PHASE3", "enrollmentInfo": {"count": -5, "type": "ACTUAL"}},
            "armsInterventionsModule": {
                "armGroups": {"label": "Only Arm", "interventionNames": "Drug: X"},
                "interventions": ["not an object", {"name": None}, {"name": "X", "otherNames": [1, "", "Y"]}],
            },
            "outcomesModule": {"primaryOutcomes": [{"timeFrame": "no measure"}, {"measure": "M"}]},
            "eligibilityModule": {"eligibilityCriteria": ["a list"], "healthyVolunteers": 1, "sex": None, "minimumAge": 18},
        }
    }
    t = _one(_parse(study))
    assert t.id is None and t.title is None
    assert t.other_ids == ["S-1", "7"]
    assert t.status == "3"  # a number is read as its text; the status vocabulary keeps unknown tokens
    assert t.start_date is None
    assert t.conditions == ["Lone Condition"]
    assert t.phases == ["PHASE3"]
    assert t.enrollment == Enrollment(count=None, type="ACTUAL")
    assert t.arms == [Arm(label="Only Arm", interventions=["X"])]
    assert t.interventions == [Intervention(name="X", other_names=["1", "Y"])]
    assert t.outcomes == [Outcome(kind="primary", measure="M")]
    e = t.eligibility
    assert e.text is None and e.criteria == [] and e.healthy_volunteers is None
    assert e.minimum_age == Age(value=18, unit="YEARS")


def test_string_counts_and_flags_are_coerced() -> None:
    t = _one(_parse(_study(designModule={"enrollmentInfo": {"count": " 31 "}}, eligibilityModule={"healthyVolunteers": "False"})))
    assert t.enrollment == Enrollment(count=31)
    assert t.eligibility.healthy_volunteers is False


def test_arm_without_intervention_names_uses_the_interventions_labels() -> None:
    aim = {"armGroups": [{"label": "A"}], "interventions": [{"name": "X", "armGroupLabels": ["A"]}]}
    t = _one(_parse(_study(armsInterventionsModule=aim)))
    assert t.arms[0].interventions == ["X"]


def test_empty_strings_become_none() -> None:
    t = _one(_parse(_study(identificationModule={"nctId": "  ", "briefTitle": ""}, eligibilityModule={"eligibilityCriteria": " \n "})))
    assert t.id is None and t.title is None and t.eligibility.text is None


def test_malformed_json_names_line_and_column() -> None:
    err = _error(_parse('{\n  "protocolSection": {\n    "x": ,\n  }\n}'), "E003")
    assert "line 3 column 10" in err.reason


def test_truncated_json() -> None:
    text = (FIXTURES / "ctgov_v2_study.json").read_text(encoding="utf-8")[:500]
    _error(_parse(text), "E003")


def test_deep_nesting_is_a_clear_error_not_a_recursion_error() -> None:
    depth = 100_000
    err = _error(_parse("[" * depth + "]" * depth), "E010")
    assert str(sys.getrecursionlimit()) in err.reason


def test_deep_nesting_without_closing_brackets() -> None:
    _error(list(parse_text('{"a":' * 200_000)), "E010")


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    t = _one(_parse(_study(descriptionModule={"briefSummary": "[{" * 1000 + '\\"]'})))
    assert t.brief_summary is not None and t.brief_summary.startswith("[{[{")


def test_deep_json_line_costs_only_its_record() -> None:
    items = _parse(json.dumps(_study()) + "\n" + "[" * 50_000 + "\n" + json.dumps(_study()))
    assert [type(i) for i in items] == [Trial, RecordError, Trial]
    assert isinstance(items[1], RecordError) and items[1].reason.startswith("[E010]") and items[1].index == 1


@pytest.mark.parametrize(
    ("doc", "code"),
    [
        ('"just a string"', "E005"),
        ("42", "E005"),
        ('{"foo": 1, "bar": 2}', "E005"),
        ('{"protocolSection": ["not", "an", "object"]}', "E005"),
    ],
)
def test_documents_that_are_not_studies(doc: str, code: str) -> None:
    _error(_parse(doc), code)


def test_unknown_layout_lists_the_keys_found() -> None:
    err = _error(_parse({"foo": 1, "bar": 2}), "E005")
    assert "'foo'" in err.reason and "'bar'" in err.reason


def test_non_object_entries_of_page_and_array() -> None:
    items = _parse({"studies": [_study(), "oops"]})
    assert isinstance(items[0], Trial)
    assert isinstance(items[1], RecordError) and items[1].index == 1 and items[1].reason.startswith("[E014]")
    items = _parse([None, _study(), {"no": "protocol"}])
    assert [type(i) for i in items] == [RecordError, Trial, RecordError]
    assert [i.index for i in items if isinstance(i, RecordError)] == [0, 2]


def test_one_failing_study_does_not_end_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    def flaky(text: str, start: int = 0, end: int | None = None) -> list:
        if "boom" in text:
            raise ValueError("splitter exploded")
        return []

    monkeypatch.setattr(ctgov_json, "split_criteria", flaky)
    page = {"studies": [_study(eligibilityModule={"eligibilityCriteria": t}) for t in ("fine", "boom", "fine")]}
    items = _parse(page)
    assert [type(i) for i in items] == [Trial, RecordError, Trial]
    err = items[1]
    assert isinstance(err, RecordError) and err.index == 1
    assert err.reason.startswith("[E015]") and "splitter exploded" in err.reason


def test_byte_order_mark_is_ignored() -> None:
    assert _one(_parse("\ufeff" + json.dumps(_study()))).id == "NCT09999999"


# --- shared normalizers added for these readers -----------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["PHASE1", "PHASE2"], ["PHASE1", "PHASE2"]),
        (["Not Applicable"], ["NA"]),
        (["NA"], ["NA"]),
        (["Early Phase 1"], ["EARLY_PHASE1"]),
        (["EARLY_PHASE1", "PHASE1"], ["EARLY_PHASE1", "PHASE1"]),
        (["Phase 2", "Phase 2"], ["PHASE2"]),
        ([], []),
    ],
)
def test_phase_list(values: list[str], expected: list[str]) -> None:
    assert normalize.phase_list(values) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("ACTUAL", "ACTUAL"), ("Actual", "ACTUAL"), ("ESTIMATED", "ESTIMATED"), ("Anticipated", "ESTIMATED"), ("", None), (None, None), ("Maybe", None)],
)
def test_enrollment_type(text: str | None, expected: str | None) -> None:
    assert normalize.enrollment_type(text) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Drug: Testamab", "Testamab"),
        ("Biological: Vaccine X", "Vaccine X"),
        ("Dietary Supplement: Vitamin D", "Vitamin D"),
        ("Procedure/Surgery: Resection", "Resection"),
        ("Other: Milk product: fermented", "Milk product: fermented"),
        ("Arm A: 5 mg", "Arm A: 5 mg"),
        ("Drugs: not a type", "Drugs: not a type"),
        ("Drug:", "Drug:"),
        ("  plain  ", "plain"),
    ],
)
def test_strip_intervention_type(name: str, expected: str) -> None:
    assert normalize.strip_intervention_type(name) == expected


@pytest.mark.parametrize(("text", "expected"), [("N/A", True), ("Not Applicable", True), ("na", True), ("Phase 1", False), (None, False)])
def test_not_applicable(text: str | None, expected: bool) -> None:
    assert normalize.not_applicable(text) is expected
