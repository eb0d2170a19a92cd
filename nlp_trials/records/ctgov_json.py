"""ClinicalTrials.gov JSON: API v2 studies (single, page, array, JSON Lines) and API v1 full studies.

API v1 (``FullStudiesResponse``, PascalCase, every list wrapped as ``ConditionList.Condition``) is mapped
through the same code as v2 by a table of paths (:data:`V1` / :data:`V2`), so both give identical Trials.

Values are read defensively: a wrong type in one field (a list where a string belongs, a string count)
is coerced or dropped, never allowed to fail the record, because exported files are often hand-edited
or converted from other formats.
"""

from __future__ import annotations

import itertools
import json
import logging
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from ..errors import RecordError, message
from ..guard import DEFAULT_SECONDS, guarded
from ..schema import Arm, Eligibility, Enrollment, Intervention, Outcome, Source, Trial
from ..segment import split_criteria
from . import normalize as norm
from ._stream import JsonScanner, JsonStreamError, Utf8Chunks, iter_lines

logger = logging.getLogger("nlp_trials")

FORMAT = "ctgov-json"

#: File name endings that mean JSON Lines even when the file holds a single line.
JSONL_SUFFIXES = (".jsonl", ".ndjson")

#: How far the reader looks for the end of the first line to recognize JSON Lines up front.
HEAD_LINE_CHARS = 65536

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
    if _SURROGATE.search(value):
        # JSON may escape a lone surrogate ("\ud800"), which no UTF-8 output can hold; one character
        # for one keeps every offset.
        value = _SURROGATE.sub("\ufffd", value)
    return value or None


_SURROGATE = re.compile("[\ud800-\udfff]")


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


class _DocFailed(Exception):
    """The document failed at its top level; ``index`` is the record it failed in, if any."""

    def __init__(self, reason: str, index: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.index = index


Lines = Iterator[tuple[int, "str | None", "str | None"]]
"""(line number, line text or None, coded error or None) for each line, blank ones included."""


def _text_lines(text: str) -> Lines:
    """Lines of ``text`` split on "\\n" only (``str.splitlines`` would also split on U+2028, U+0085 and
    friends, which JSON allows raw inside strings), without copying the text into a list."""
    lineno, pos = 0, 0
    while pos <= len(text):
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        lineno += 1
        yield lineno, text[pos:end], None
        pos = end + 1


def _file_lines(fh: IO[bytes]) -> Lines:
    """Lines of a binary file, each decoded on its own: a bad line costs that line only."""
    from . import MAX_RECORD_CHARS

    for lineno, offset, line in iter_lines(fh, max_bytes=4 * MAX_RECORD_CHARS):
        if isinstance(line, int):
            yield lineno, None, message("E009", size=line, limit=MAX_RECORD_CHARS)
            continue
        if lineno == 1 and line.startswith(b"\xef\xbb\xbf"):
            line, offset = line[3:], offset + 3
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as e:
            yield lineno, None, message("E002", pos=offset + e.start)
            continue
        if "\x00" in text:
            yield lineno, None, message("E002", pos=offset + line.index(b"\x00"))
            continue
        yield lineno, text.rstrip("\n"), None


def _record_guarded(obj: dict[str, Any], *, path: str | None, index: int | None, time_limit: float | None) -> Trial | RecordError:
    return guarded(lambda: _record(obj, path=path, index=index), time_limit, path=path, index=index)


def _parse_json_lines(lines: Lines, *, path: str | None, time_limit: float | None = None) -> Iterator[Trial | RecordError]:
    from . import MAX_RECORD_CHARS  # the package imports this module, so read the limit at call time

    index = 0
    for lineno, line, error in lines:
        if error is None:
            assert line is not None
            if not line.strip():
                continue
            if len(line) > MAX_RECORD_CHARS:
                error = message("E009", size=len(line), limit=MAX_RECORD_CHARS)
        if error is not None:
            yield RecordError(error, path=path, index=index)
            index += 1
            continue
        assert line is not None
        try:
            obj = _loads(line, first_line=lineno)
        except _JsonError as e:
            yield RecordError(str(e), path=path, index=index)
        else:
            if isinstance(obj, dict):
                yield _record_guarded(obj, path=path, index=index, time_limit=time_limit)
            else:
                yield RecordError(message("E011", kind=_kind(obj)), path=path, index=index)
        index += 1


def _parse_document(obj: Any, *, path: str | None, time_limit: float | None = None) -> Iterator[Trial | RecordError]:
    """One decoded JSON document: a study, a v2 page, a v1 response, or an array of studies."""
    if isinstance(obj, list):
        for index, item in enumerate(obj):
            yield _entry(item, index=index, container="array", path=path, time_limit=time_limit)
        return
    if not isinstance(obj, dict):
        yield RecordError(message("E005", keys=f"none (the document is a JSON {_kind(obj)})"), path=path)
        return
    if isinstance(obj.get("studies"), list):
        for index, item in enumerate(obj["studies"]):
            yield _entry(item, index=index, container="'studies' page", path=path, time_limit=time_limit)
        return
    response = obj.get("FullStudiesResponse")
    if isinstance(response, dict):
        for index, item in enumerate(_items(response.get("FullStudies"))):
            yield _entry(item, index=index, container="'FullStudies' list", path=path, time_limit=time_limit)
        return
    yield _record_guarded(obj, path=path, index=None, time_limit=time_limit)


def _entry(item: Any, *, index: int, container: str, path: str | None, time_limit: float | None) -> Trial | RecordError:
    if isinstance(item, dict):
        return _record_guarded(item, path=path, index=index, time_limit=time_limit)
    return RecordError(message("E014", index=index, container=container, kind=_kind(item)), path=path, index=index)


# --- streaming: one element of a big array or page at a time ----------------------------------------


def _stream_array(sc: JsonScanner, *, container: str, path: str | None, time_limit: float | None) -> Iterator[Trial | RecordError]:
    """The elements of the array at the cursor, decoded one at a time.

    A malformed element costs that element when its end can be found; when the input ends inside
    the array, the last record gets one error and reading stops (raised as _DocFailed).
    """
    sc.pos += 1  # "["
    index = 0
    if sc.peek() == "]":
        sc.pos += 1
        return
    while True:
        if sc.peek() == "":
            raise _DocFailed(message("E003", detail=f"Expecting value at {sc.where()}"), index)
        before = sc.offset()
        try:
            obj = sc.value()
        except JsonStreamError as e:
            if e.fatal or sc.offset() == before:
                raise _DocFailed(e.reason, index) from None
            yield RecordError(e.reason, path=path, index=index)
        else:
            yield _entry(obj, index=index, container=container, path=path, time_limit=time_limit)
        index += 1
        c = sc.peek()
        if c == ",":
            sc.pos += 1
        elif c == "]":
            sc.pos += 1
            return
        else:
            raise _DocFailed(message("E003", detail=f"Expecting ',' delimiter at {sc.where()}"), index)


def _member_value(sc: JsonScanner) -> Any:
    try:
        return sc.value()
    except JsonStreamError as e:
        raise _DocFailed(e.reason) from None


def _stream_object(sc: JsonScanner, *, path: str | None, time_limit: float | None) -> Iterator[Trial | RecordError]:
    """The object at the cursor: a ``{"studies": [...]}`` page streams its studies; any other object
    (a study, a v1 response) is decoded member by member and read as one document."""
    from . import MAX_RECORD_CHARS

    start = sc.offset()
    sc.pos += 1  # "{"
    members: dict[str, Any] = {}
    page = False
    c = sc.peek()
    if c == "}":
        sc.pos += 1
    while c != "}":
        if c != '"':
            raise _DocFailed(message("E003", detail=f"Expecting property name enclosed in double quotes at {sc.where()}"))
        key = _member_value(sc)
        if sc.peek() != ":":
            raise _DocFailed(message("E003", detail=f"Expecting ':' delimiter at {sc.where()}"))
        sc.pos += 1
        c = sc.peek()
        if key == "studies" and c == "[" and not page:
            page = True
            members.clear()
            yield from _stream_array(sc, container="'studies' page", path=path, time_limit=time_limit)
        elif c == "":
            raise _DocFailed(message("E003", detail=f"Expecting value at {sc.where()}"))
        else:
            value = _member_value(sc)
            if not page:
                members[key] = value
                if sc.offset() - start > MAX_RECORD_CHARS:
                    raise _DocFailed(message("E009", size=f"more than {sc.offset() - start}", limit=MAX_RECORD_CHARS))
        c = sc.peek()
        if c == ",":
            sc.pos += 1
            c = sc.peek()
        elif c == "}":
            sc.pos += 1
        else:
            raise _DocFailed(message("E003", detail=f"Expecting ',' delimiter at {sc.where()}"))
    if page:
        _check_end(sc)
        return
    _check_end(sc)
    yield from _parse_document(members, path=path, time_limit=time_limit)


def _check_end(sc: JsonScanner) -> None:
    if sc.peek() != "":
        raise _DocFailed(message("E003", detail=f"Extra data at {sc.where()}"))


def _stream_document(sc: JsonScanner, *, path: str | None, time_limit: float | None) -> Iterator[Trial | RecordError]:
    c = sc.peek()
    if c == "[":
        yield from _stream_array(sc, container="array", path=path, time_limit=time_limit)
        _check_end(sc)
    elif c == "{":
        yield from _stream_object(sc, path=path, time_limit=time_limit)
    else:
        obj = _member_value(sc)
        _check_end(sc)
        yield from _parse_document(obj, path=path, time_limit=time_limit)


def _whole(line: str) -> bool:
    """Whether ``line`` is one whole JSON object by itself (a JSON Lines record)."""
    s = line.strip()
    if not (s.startswith("{") and s.endswith("}")):
        return False
    try:
        json.loads(s)
    except (ValueError, RecursionError):
        return False
    return True


def _looks_like_json_lines(lines: Iterable[str]) -> bool:
    """Whether a text that failed to parse as one document is JSON Lines, judged by its first lines.

    It is if its first non-blank line is a whole JSON value by itself, or if at least half of its
    first 1000 lines are (so a file whose first line is the broken one is still read line by line).
    Pretty-printed JSON fails both tests: its lines are fragments such as ``{`` or ``"key": "value",``.
    """
    head = [line for line in itertools.islice((x for x in lines if x.strip()), 1000)]
    if len(head) < 2:
        return False
    if _whole(head[0]):
        return True
    return sum(map(_whole, head)) * 2 >= len(head)


def _parse_scanned(
    sc: JsonScanner,
    *,
    path: str | None,
    time_limit: float | None,
    lines: Callable[[], Lines],
) -> Iterator[Trial | RecordError]:
    """Read the JSON text behind ``sc``: JSON Lines, or one document streamed element by element.

    ``lines()`` reads the text again from its start, line by line, for JSON Lines.
    """
    # Only a first line that ends within 64 KB is tried here, so the look-ahead costs little memory;
    # a longer JSON Lines record is still recognized below, when the text fails as one document.
    first = sc.head_line(min(HEAD_LINE_CHARS, sc.max_chars))
    if first is not None and _whole(first[0]) and sc.has_more_after(first[1]):
        yield from _parse_json_lines(lines(), path=path, time_limit=time_limit)
        return
    count = 0
    try:
        for item in _stream_document(sc, path=path, time_limit=time_limit):
            count += 1
            yield item
    except _DocFailed as e:
        # A whole document that fails before its first record may be JSON Lines whose first line is
        # the broken one.
        if count == 0 and _looks_like_json_lines(line or "" for _, line, _ in lines()):
            yield from _parse_json_lines(lines(), path=path, time_limit=time_limit)
            return
        yield RecordError(e.reason, path=path, index=e.index)
    except RecordError as e:  # undecodable bytes part-way through a file
        e.index = count if count else None
        yield e


def parse(text: str, *, path: str | None = None, time_limit: float | None = DEFAULT_SECONDS) -> Iterator[Trial | RecordError]:
    """Yield one Trial (or RecordError) per study in ClinicalTrials.gov JSON ``text``.

    Accepts a single API v2 study, a v2 page (``{"studies": [...]}``), an array of studies, JSON Lines
    of studies, and API v1 ``FullStudiesResponse`` documents. ``source.index`` is the study's position
    for every multi-study shape and null for a single study. Each study is decoded and mapped on its
    own (see :func:`parse_stream`), under a budget of ``time_limit`` seconds.
    """
    from . import MAX_RECORD_CHARS

    text = text.lstrip("\ufeff")
    if path is not None and path.lower().endswith(JSONL_SUFFIXES):
        yield from _parse_json_lines(_text_lines(text), path=path, time_limit=time_limit)
        return
    sc = JsonScanner(lambda: "", max_chars=MAX_RECORD_CHARS, first=text)
    yield from _parse_scanned(sc, path=path, time_limit=time_limit, lines=lambda: _text_lines(text))


def parse_stream(fh: IO[bytes], *, path: str | None = None, time_limit: float | None = DEFAULT_SECONDS) -> Iterator[Trial | RecordError]:
    """Like :func:`parse`, reading a seekable binary file with memory bounded by one study.

    JSON Lines are read line by line (each line its own size limit and its own UTF-8 check); an array
    or a ``{"studies": [...]}`` page is decoded one element at a time. When the input ends inside a
    study, the studies before it are yielded and that one gets a single error.
    """
    from . import MAX_RECORD_CHARS

    def lines() -> Lines:
        fh.seek(0)
        return _file_lines(fh)

    if path is not None and path.lower().endswith(JSONL_SUFFIXES):
        yield from _parse_json_lines(lines(), path=path, time_limit=time_limit)
        return
    sc = JsonScanner(Utf8Chunks(fh, path=path), max_chars=MAX_RECORD_CHARS)
    try:
        yield from _parse_scanned(sc, path=path, time_limit=time_limit, lines=lines)
    except RecordError as e:  # undecodable bytes before the first record
        yield e
