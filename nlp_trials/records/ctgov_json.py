"""ClinicalTrials.gov JSON: API v2 studies (single, page, array, JSON Lines) and API v1 full studies.

API v1 (``FullStudiesResponse``, PascalCase, every list wrapped as ``ConditionList.Condition``) is mapped
through the same code as v2 by a table of paths (:data:`V1` / :data:`V2`), so both give identical Trials.

Values are read defensively: a wrong type in one field (a list where a string belongs, a string count)
is coerced or dropped, never allowed to fail the record, because exported files are often hand-edited
or converted from other formats.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import RecordError, message
from ..schema import Arm, Eligibility, Enrollment, Intervention, Outcome, Source, Trial
from ..segment import split_criteria
from . import normalize as norm

logger = logging.getLogger("nlp_trials")

FORMAT = "ctgov-json"

#: File name endings that mean JSON Lines even when the file holds a single line.
JSONL_SUFFIXES = (".jsonl", ".ndjson")

Path_ = tuple[str, ...]


@dataclass(frozen=True)
class Layout:
    """Where one API version keeps each Trial field, as key paths from the protocol section.

    List paths end at the list itself (v1 includes its wrapper key, e.g. ``ConditionList/Condition``);
    ``*_fields`` name the keys inside each list item.
    """

    protocol: str
    nct_id: Path_
    org_id: Path_
    secondary_ids: Path_
    secondary_id: str
    title: Path_
    official_title: Path_
    acronym: Path_
    status: Path_
    start_date: Path_
    completion_date: Path_
    sponsor: Path_
    brief_summary: Path_
    detailed_description: Path_
    conditions: Path_
    study_type: Path_
    phases: Path_
    enrollment_count: Path_
    enrollment_type: Path_
    arms: Path_
    arm_fields: tuple[str, str, str]  # label, type, description
    arm_interventions: Path_
    interventions: Path_
    intervention_fields: tuple[str, str, str]  # name, type, description
    other_names: Path_
    intervention_arms: Path_
    outcomes: tuple[tuple[str, Path_, tuple[str, str, str]], ...]  # kind, list path, (measure, time frame, description)
    criteria: Path_
    healthy_volunteers: Path_
    sex: Path_
    minimum_age: Path_
    maximum_age: Path_


V2 = Layout(
    protocol="protocolSection",
    nct_id=("identificationModule", "nctId"),
    org_id=("identificationModule", "orgStudyIdInfo", "id"),
    secondary_ids=("identificationModule", "secondaryIdInfos"),
    secondary_id="id",
    title=("identificationModule", "briefTitle"),
    official_title=("identificationModule", "officialTitle"),
    acronym=("identificationModule", "acronym"),
    status=("statusModule", "overallStatus"),
    start_date=("statusModule", "startDateStruct", "date"),
    completion_date=("statusModule", "completionDateStruct", "date"),
    sponsor=("sponsorCollaboratorsModule", "leadSponsor", "name"),
    brief_summary=("descriptionModule", "briefSummary"),
    detailed_description=("descriptionModule", "detailedDescription"),
    conditions=("conditionsModule", "conditions"),
    study_type=("designModule", "studyType"),
    phases=("designModule", "phases"),
    enrollment_count=("designModule", "enrollmentInfo", "count"),
    enrollment_type=("designModule", "enrollmentInfo", "type"),
    arms=("armsInterventionsModule", "armGroups"),
    arm_fields=("label", "type", "description"),
    arm_interventions=("interventionNames",),
    interventions=("armsInterventionsModule", "interventions"),
    intervention_fields=("name", "type", "description"),
    other_names=("otherNames",),
    intervention_arms=("armGroupLabels",),
    outcomes=(
        ("primary", ("outcomesModule", "primaryOutcomes"), ("measure", "timeFrame", "description")),
        ("secondary", ("outcomesModule", "secondaryOutcomes"), ("measure", "timeFrame", "description")),
        ("other", ("outcomesModule", "otherOutcomes"), ("measure", "timeFrame", "description")),
    ),
    criteria=("eligibilityModule", "eligibilityCriteria"),
    healthy_volunteers=("eligibilityModule", "healthyVolunteers"),
    sex=("eligibilityModule", "sex"),
    minimum_age=("eligibilityModule", "minimumAge"),
    maximum_age=("eligibilityModule", "maximumAge"),
)

V1 = Layout(
    protocol="ProtocolSection",
    nct_id=("IdentificationModule", "NCTId"),
    org_id=("IdentificationModule", "OrgStudyIdInfo", "OrgStudyId"),
    secondary_ids=("IdentificationModule", "SecondaryIdInfoList", "SecondaryIdInfo"),
    secondary_id="SecondaryId",
    title=("IdentificationModule", "BriefTitle"),
    official_title=("IdentificationModule", "OfficialTitle"),
    acronym=("IdentificationModule", "Acronym"),
    status=("StatusModule", "OverallStatus"),
    start_date=("StatusModule", "StartDateStruct", "StartDate"),
    completion_date=("StatusModule", "CompletionDateStruct", "CompletionDate"),
    sponsor=("SponsorCollaboratorsModule", "LeadSponsor", "LeadSponsorName"),
    brief_summary=("DescriptionModule", "BriefSummary"),
    detailed_description=("DescriptionModule", "DetailedDescription"),
    conditions=("ConditionsModule", "ConditionList", "Condition"),
    study_type=("DesignModule", "StudyType"),
    phases=("DesignModule", "PhaseList", "Phase"),
    enrollment_count=("DesignModule", "EnrollmentInfo", "EnrollmentCount"),
    enrollment_type=("DesignModule", "EnrollmentInfo", "EnrollmentType"),
    arms=("ArmsInterventionsModule", "ArmGroupList", "ArmGroup"),
    arm_fields=("ArmGroupLabel", "ArmGroupType", "ArmGroupDescription"),
    arm_interventions=("ArmGroupInterventionList", "ArmGroupInterventionName"),
    interventions=("ArmsInterventionsModule", "InterventionList", "Intervention"),
    intervention_fields=("InterventionName", "InterventionType", "InterventionDescription"),
    other_names=("InterventionOtherNameList", "InterventionOtherName"),
    intervention_arms=("InterventionArmGroupLabelList", "InterventionArmGroupLabel"),
    outcomes=(
        (
            "primary",
            ("OutcomesModule", "PrimaryOutcomeList", "PrimaryOutcome"),
            ("PrimaryOutcomeMeasure", "PrimaryOutcomeTimeFrame", "PrimaryOutcomeDescription"),
        ),
        (
            "secondary",
            ("OutcomesModule", "SecondaryOutcomeList", "SecondaryOutcome"),
            ("SecondaryOutcomeMeasure", "SecondaryOutcomeTimeFrame", "SecondaryOutcomeDescription"),
        ),
        (
            "other",
            ("OutcomesModule", "OtherOutcomeList", "OtherOutcome"),
            ("OtherOutcomeMeasure", "OtherOutcomeTimeFrame", "OtherOutcomeDescription"),
        ),
    ),
    criteria=("EligibilityModule", "EligibilityCriteria"),
    healthy_volunteers=("EligibilityModule", "HealthyVolunteers"),
    sex=("EligibilityModule", "Gender"),
    minimum_age=("EligibilityModule", "MinimumAge"),
    maximum_age=("EligibilityModule", "MaximumAge"),
)


# --- defensive value access ------------------------------------------------------------------------


def _get(obj: Any, path: Path_) -> Any:
    """Follow ``path`` through nested objects; None as soon as a step is missing or not an object."""
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _text(value: Any) -> str | None:
    """A string field: strip outer white space (inner newlines matter later), numbers become text, anything else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if not isinstance(value, str):
        # A list or object where a string belongs: dropped rather than guessed at.
        return None
    # Line ends are unified so every reader hands the splitter "\n" only.
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value or None


def _items(value: Any) -> list[Any]:
    """A list field; a lone value stands for a one-item list (converters from XML often unwrap singletons)."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    return [value]


def _texts(value: Any) -> list[str]:
    """A list of strings with empties and non-strings dropped, duplicates kept in order once."""
    out: list[str] = []
    for item in _items(value):
        text = _text(item)
        if text is not None and text not in out:
            out.append(text)
    return out


def _objects(value: Any) -> list[dict[str, Any]]:
    return [item for item in _items(value) if isinstance(item, dict)]


def _count(value: Any) -> int | None:
    """Enrollment count: an int, or a string/float holding a whole non-negative number (v1 writes ``"168"``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and re.fullmatch(r"\s*\d+\s*", value):
        value = int(value)
    if isinstance(value, int) and value >= 0:
        return value
    return None


def _flag(value: Any) -> bool | None:
    if isinstance(value, (bool, str)):
        return norm.yes_no(value)
    return None


# --- one study -------------------------------------------------------------------------------------


def _arms(ps: dict[str, Any], lay: Layout, interventions: list[Intervention]) -> list[Arm]:
    label_key, type_key, desc_key = lay.arm_fields
    # Per-arm fallback: when an arm lists no intervention names, the interventions' own arm labels
    # say the same thing from the other side.
    by_label: dict[str, list[str]] = {}
    for iv in interventions:
        for label in iv.arms:
            by_label.setdefault(_label_key(label), []).append(iv.name)
    arms: list[Arm] = []
    for item in _objects(_get(ps, lay.arms)):
        label = _text(item.get(label_key))
        if label is None:
            continue
        names = [norm.strip_intervention_type(n) for n in _texts(_get(item, lay.arm_interventions))]
        arms.append(
            Arm(
                label=label,
                type=norm.arm_type(_text(item.get(type_key))),
                description=_text(item.get(desc_key)),
                interventions=list(dict.fromkeys(names)) or by_label.get(_label_key(label), []),
            )
        )
    return arms


def _label_key(label: str) -> str:
    return " ".join(label.split()).casefold()


def _interventions(ps: dict[str, Any], lay: Layout) -> list[Intervention]:
    name_key, type_key, desc_key = lay.intervention_fields
    out: list[Intervention] = []
    for item in _objects(_get(ps, lay.interventions)):
        name = _text(item.get(name_key))
        if name is None:
            continue
        out.append(
            Intervention(
                name=name,
                type=norm.intervention_type(_text(item.get(type_key))),
                description=_text(item.get(desc_key)),
                other_names=_texts(_get(item, lay.other_names)),
                arms=_texts(_get(item, lay.intervention_arms)),
            )
        )
    return out


def _outcomes(ps: dict[str, Any], lay: Layout) -> list[Outcome]:
    out: list[Outcome] = []
    for kind, path, (measure_key, time_key, desc_key) in lay.outcomes:
        for item in _objects(_get(ps, path)):
            measure = _text(item.get(measure_key))
            if measure is None:
                continue
            out.append(
                Outcome(
                    kind=kind,  # type: ignore[arg-type]
                    measure=measure,
                    time_frame=_text(item.get(time_key)),
                    description=_text(item.get(desc_key)),
                )
            )
    return out


def _eligibility(ps: dict[str, Any], lay: Layout) -> Eligibility:
    text = _text(_get(ps, lay.criteria))
    return Eligibility(
        minimum_age=norm.age(_text(_get(ps, lay.minimum_age))),
        maximum_age=norm.age(_text(_get(ps, lay.maximum_age))),
        sex=norm.sex(_text(_get(ps, lay.sex))),  # type: ignore[arg-type]
        healthy_volunteers=_flag(_get(ps, lay.healthy_volunteers)),
        # Kept verbatim (markdown escapes such as "\<" included): criterion offsets index this text.
        text=text,
        criteria=split_criteria(text) if text else [],
    )


def _enrollment(ps: dict[str, Any], lay: Layout) -> Enrollment | None:
    count = _count(_get(ps, lay.enrollment_count))
    kind = norm.enrollment_type(_text(_get(ps, lay.enrollment_type)))
    if count is None and kind is None:
        return None
    return Enrollment(count=count, type=kind)  # type: ignore[arg-type]


def _other_ids(ps: dict[str, Any], lay: Layout) -> list[str]:
    ids = _texts(_get(ps, lay.org_id))
    for item in _items(_get(ps, lay.secondary_ids)):
        # v2 writes objects with an "id"; a bare string is accepted too.
        value = _text(item.get(lay.secondary_id)) if isinstance(item, dict) else _text(item)
        if value is not None and value not in ids:
            ids.append(value)
    return ids


def _study_type(text: str | None) -> str | None:
    return None if norm.not_applicable(text) else norm.study_type(text)


def study_to_trial(ps: dict[str, Any], lay: Layout, *, path: str | None, index: int | None) -> Trial:
    """Map one protocol section (``protocolSection`` or v1 ``ProtocolSection``) onto a Trial."""
    interventions = _interventions(ps, lay)
    return Trial(
        id=_text(_get(ps, lay.nct_id)),
        source=Source(path=path, format=FORMAT, index=index),
        other_ids=_other_ids(ps, lay),
        title=_text(_get(ps, lay.title)),
        official_title=_text(_get(ps, lay.official_title)),
        acronym=_text(_get(ps, lay.acronym)),
        status=norm.status(_text(_get(ps, lay.status))),
        phases=norm.phase_list(_texts(_get(ps, lay.phases))),
        study_type=_study_type(_text(_get(ps, lay.study_type))),
        enrollment=_enrollment(ps, lay),
        start_date=norm.iso_date(_text(_get(ps, lay.start_date))),
        completion_date=norm.iso_date(_text(_get(ps, lay.completion_date))),
        conditions=_texts(_get(ps, lay.conditions)),
        sponsor=_text(_get(ps, lay.sponsor)),
        brief_summary=_text(_get(ps, lay.brief_summary)),
        detailed_description=_text(_get(ps, lay.detailed_description)),
        arms=_arms(ps, lay, interventions),
        interventions=interventions,
        eligibility=_eligibility(ps, lay),
        outcomes=_outcomes(ps, lay),
    )


def _record(obj: dict[str, Any], *, path: str | None, index: int | None) -> Trial | RecordError:
    """One study object of either API version -> Trial, or a RecordError that names the keys found."""
    # v1 full-study entries wrap the study as {"Rank": 1, "Study": {...}}.
    study = obj["Study"] if isinstance(obj.get("Study"), dict) else obj
    for lay in (V2, V1):
        ps = study.get(lay.protocol)
        if isinstance(ps, dict):
            return _build(ps, lay, path=path, index=index)
    return RecordError(message("E005", keys=_keys(study)), path=path, index=index)


def _build(ps: dict[str, Any], lay: Layout, *, path: str | None, index: int | None) -> Trial | RecordError:
    try:
        return study_to_trial(ps, lay, path=path, index=index)
    except Exception as e:  # noqa: BLE001 - one study's surprise must not end a page or a JSON Lines batch
        logger.debug("ctgov-json: study %s of %s failed", index, path, exc_info=True)
        detail = f"{type(e).__name__}: {' '.join(str(e).split())[:300]}"
        return RecordError(message("E015", format=FORMAT, detail=detail), path=path, index=index)


# --- files -----------------------------------------------------------------------------------------


def _kind(obj: Any) -> str:
    if obj is None:
        return "null"
    if isinstance(obj, bool):
        return "boolean"
    return {dict: "object", list: "array", str: "string", int: "number", float: "number"}.get(type(obj), type(obj).__name__)


def _keys(obj: dict[str, Any]) -> str:
    keys = list(obj)
    shown = ", ".join(repr(k) for k in keys[:8])
    return "{" + shown + (", ..." if len(keys) > 8 else "") + "}" if keys else "{} (an empty object)"


class _JsonError(Exception):
    """A document could not be decoded; carries the coded reason."""


def _loads(text: str, *, first_line: int = 1) -> Any:
    """Decode ``text`` (which starts on the file's line ``first_line``), raising _JsonError with a coded reason."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        where = f"line {e.lineno + first_line - 1} column {e.colno}"
        raise _JsonError(message("E003", detail=f"{e.msg} at {where}")) from None
    except RecursionError:
        # The C decoder recurses once per nesting level and stops at the interpreter's recursion limit.
        # Real studies are about 8 levels deep, so only hostile input gets here; a pre-scan for depth
        # would cost several times the decode itself on every record.
        raise _JsonError(message("E010", limit=sys.getrecursionlimit())) from None


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Non-blank lines with 1-based line numbers.

    Splits on "\\n" only: ``str.splitlines`` would also split on U+2028, U+0085 and friends, which JSON
    allows raw inside strings.
    """
    for lineno, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield lineno, line


def _looks_like_json_lines(text: str) -> bool:
    """Whether ``text`` that failed to parse as one document is JSON Lines.

    It is if its first non-blank line is a whole JSON value by itself, or if at least half of its
    lines are (so a file whose first line is the broken one is still read line by line). Pretty-printed
    JSON fails both tests: its lines are fragments such as ``{`` or ``"key": "value",``.
    """
    lines = [line for _, line in _lines(text)]
    if len(lines) < 2:
        return False

    def whole(line: str) -> bool:
        s = line.strip()
        if not (s.startswith("{") and s.endswith("}")):
            return False
        try:
            json.loads(s)
        except (ValueError, RecursionError):
            return False
        return True

    if whole(lines[0]):
        return True
    return sum(map(whole, lines[:1000])) * 2 >= min(len(lines), 1000)


def _parse_json_lines(text: str, *, path: str | None) -> Iterator[Trial | RecordError]:
    from . import MAX_RECORD_CHARS  # the package imports this module, so read the limit at call time

    for index, (lineno, line) in enumerate(_lines(text)):
        if len(line) > MAX_RECORD_CHARS:
            yield RecordError(message("E009", size=len(line), limit=MAX_RECORD_CHARS), path=path, index=index)
            continue
        try:
            obj = _loads(line, first_line=lineno)
        except _JsonError as e:
            yield RecordError(str(e), path=path, index=index)
            continue
        if not isinstance(obj, dict):
            yield RecordError(message("E011", kind=_kind(obj)), path=path, index=index)
            continue
        yield _record(obj, path=path, index=index)


def _parse_document(obj: Any, *, path: str | None) -> Iterator[Trial | RecordError]:
    """One decoded JSON document: a study, a v2 page, a v1 response, or an array of studies."""
    if isinstance(obj, list):
        for index, item in enumerate(obj):
            if isinstance(item, dict):
                yield _record(item, path=path, index=index)
            else:
                yield RecordError(message("E014", index=index, container="array", kind=_kind(item)), path=path, index=index)
        return
    if not isinstance(obj, dict):
        yield RecordError(message("E005", keys=f"none (the document is a JSON {_kind(obj)})"), path=path)
        return
    if isinstance(obj.get("studies"), list):
        for index, item in enumerate(obj["studies"]):
            if isinstance(item, dict):
                yield _record(item, path=path, index=index)
            else:
                yield RecordError(message("E014", index=index, container="'studies' page", kind=_kind(item)), path=path, index=index)
        return
    response = obj.get("FullStudiesResponse")
    if isinstance(response, dict):
        for index, item in enumerate(_items(response.get("FullStudies"))):
            if isinstance(item, dict):
                yield _record(item, path=path, index=index)
            else:
                yield RecordError(message("E014", index=index, container="'FullStudies' list", kind=_kind(item)), path=path, index=index)
        return
    yield _record(obj, path=path, index=None)


def parse(text: str, *, path: str | None = None) -> Iterator[Trial | RecordError]:
    """Yield one Trial (or RecordError) per study in ClinicalTrials.gov JSON ``text``.

    Accepts a single API v2 study, a v2 page (``{"studies": [...]}``), an array of studies, JSON Lines
    of studies, and API v1 ``FullStudiesResponse`` documents. ``source.index`` is the study's position
    for every multi-study shape and null for a single study.
    """
    from . import MAX_RECORD_CHARS

    text = text.lstrip("\ufeff")
    jsonl_name = path is not None and path.lower().endswith(JSONL_SUFFIXES)
    if jsonl_name:
        yield from _parse_json_lines(text, path=path)
        return
    if len(text) > MAX_RECORD_CHARS:
        # Too big to decode as one document; JSON Lines are still fine, being limited per line.
        if _looks_like_json_lines(text[: MAX_RECORD_CHARS]):
            yield from _parse_json_lines(text, path=path)
        else:
            yield RecordError(message("E009", size=len(text), limit=MAX_RECORD_CHARS), path=path)
        return
    try:
        obj = _loads(text)
    except _JsonError as e:
        if _looks_like_json_lines(text):
            yield from _parse_json_lines(text, path=path)
        else:
            yield RecordError(str(e), path=path)
        return
    yield from _parse_document(obj, path=path)
