"""ClinicalTrials.gov classic XML (``<clinical_study>``, the pre-2024 bulk download format).

Parsed with ``defusedxml`` with DTDs refused outright: the schema never needs one, and refusing it
also refuses every entity declaration, so an entity-expansion bomb fails before anything expands.
"""

from __future__ import annotations

import logging
import re
import textwrap
from collections.abc import Iterator
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from ..errors import RecordError, message
from ..schema import Arm, Eligibility, Enrollment, Intervention, Outcome, Source, Trial
from ..segment import split_criteria
from . import normalize as norm

logger = logging.getLogger("nlp_trials")

FORMAT = "ctgov-xml"
ROOT = "clinical_study"


def normalize_textblock(text: str | None) -> str | None:
    """Normalize a ``<textblock>``: one line-end style, no shared indentation, no trailing blanks.

    The XML writes ``"\\r\\n"`` (from ``&#xD;``) and indents every line by 8-10 spaces. Line ends become
    ``"\\n"``, each line is right-stripped, outer blank lines go, and the indentation common to all lines
    is removed (``textwrap.dedent``) while relative indentation stays: nested bullets are indented deeper,
    and the criterion splitter reads that. When the text starts on the tag's own line (no leading line
    break) that first line has no indentation to share, so only the lines after it are dedented.
    """
    if text is None:
        return None
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    head: list[str] = []
    if lines[0].strip():
        head, lines = [lines[0].strip()], lines[1:]
    lines = head + textwrap.dedent("\n".join(lines)).split("\n")
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) or None


def _plain(text: str | None) -> str | None:
    """A plain (non-textblock) element: unified line ends, lines right-stripped, outer white space removed."""
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip()
    return text or None


def _find(el: Element, path: str) -> str | None:
    node = el.find(path)
    return _plain(node.text) if node is not None else None


def _find_all(el: Element, path: str) -> list[str]:
    out: list[str] = []
    for node in el.findall(path):
        value = _plain(node.text)
        if value is not None and value not in out:
            out.append(value)
    return out


def _textblock(el: Element, path: str) -> str | None:
    node = el.find(path)
    return normalize_textblock(node.text) if node is not None else None


def _label_key(label: str) -> str:
    return " ".join(label.split()).casefold()


def _interventions(study: Element) -> list[Intervention]:
    out: list[Intervention] = []
    for node in study.findall("intervention"):
        name = _find(node, "intervention_name")
        if name is None:
            continue
        out.append(
            Intervention(
                name=name,
                type=norm.intervention_type(_find(node, "intervention_type")),
                description=_find(node, "description"),
                other_names=_find_all(node, "other_name"),
                arms=_find_all(node, "arm_group_label"),
            )
        )
    return out


def _arms(study: Element, interventions: list[Intervention]) -> list[Arm]:
    # The XML lists arms per intervention only; invert that so each arm names its interventions.
    by_label: dict[str, list[str]] = {}
    for iv in interventions:
        for label in iv.arms:
            names = by_label.setdefault(_label_key(label), [])
            if iv.name not in names:
                names.append(iv.name)
    arms: list[Arm] = []
    for node in study.findall("arm_group"):
        label = _find(node, "arm_group_label")
        if label is None:
            continue
        arms.append(
            Arm(
                label=label,
                type=norm.arm_type(_find(node, "arm_group_type")),
                description=_find(node, "description"),
                interventions=by_label.get(_label_key(label), []),
            )
        )
    return arms


def _outcomes(study: Element) -> list[Outcome]:
    out: list[Outcome] = []
    for kind in ("primary", "secondary", "other"):
        for node in study.findall(f"{kind}_outcome"):
            measure = _find(node, "measure")
            if measure is None:
                continue
            out.append(
                Outcome(
                    kind=kind,  # type: ignore[arg-type]
                    measure=measure,
                    time_frame=_find(node, "time_frame"),
                    description=_find(node, "description"),
                )
            )
    return out


def _eligibility(study: Element) -> Eligibility:
    node = study.find("eligibility")
    if node is None:
        return Eligibility()
    text = _textblock(node, "criteria/textblock")
    return Eligibility(
        minimum_age=norm.age(_find(node, "minimum_age")),
        maximum_age=norm.age(_find(node, "maximum_age")),
        sex=norm.sex(_find(node, "gender")),  # type: ignore[arg-type]
        healthy_volunteers=norm.yes_no(_find(node, "healthy_volunteers")),
        text=text,
        criteria=split_criteria(text) if text else [],
    )


def _enrollment(study: Element) -> Enrollment | None:
    node = study.find("enrollment")
    if node is None:
        return None
    value = (node.text or "").strip()
    count = int(value) if value.isdigit() else None
    kind = norm.enrollment_type(node.get("type"))
    if count is None and kind is None:
        return None
    return Enrollment(count=count, type=kind)  # type: ignore[arg-type]


def _other_ids(study: Element) -> list[str]:
    ids = _find_all(study, "id_info/org_study_id")
    for value in _find_all(study, "id_info/secondary_id"):
        if value not in ids:
            ids.append(value)
    return ids


def study_to_trial(study: Element, *, path: str | None, index: int | None) -> Trial:
    """Map one ``<clinical_study>`` element onto a Trial."""
    interventions = _interventions(study)
    study_type = _find(study, "study_type")
    return Trial(
        id=_find(study, "id_info/nct_id"),
        source=Source(path=path, format=FORMAT, index=index),
        other_ids=_other_ids(study),
        title=_find(study, "brief_title"),
        official_title=_find(study, "official_title"),
        acronym=_find(study, "acronym"),
        status=norm.status(_find(study, "overall_status")),
        phases=norm.phases(_find(study, "phase")),
        study_type=None if norm.not_applicable(study_type) else norm.study_type(study_type),
        enrollment=_enrollment(study),
        start_date=norm.iso_date(_find(study, "start_date")),
        completion_date=norm.iso_date(_find(study, "completion_date")),
        conditions=_find_all(study, "condition"),
        sponsor=_find(study, "sponsors/lead_sponsor/agency"),
        brief_summary=_textblock(study, "brief_summary/textblock"),
        detailed_description=_textblock(study, "detailed_description/textblock"),
        arms=_arms(study, interventions),
        interventions=interventions,
        eligibility=_eligibility(study),
        outcomes=_outcomes(study),
    )


def _local(tag: object) -> str:
    # Namespaced tags read "{uri}name"; comments and processing instructions have non-string tags.
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


_DECLARATION = re.compile(r"<!(?:DOCTYPE|ENTITY)\b")
_POSITION = re.compile(r"line (\d+), column (\d+)")


def _parse_error(e: ParseError) -> str:
    line, column = getattr(e, "position", (None, None))
    reason = _POSITION.sub("", str(e)).rstrip(": ,") or "not well-formed"
    if line is not None:
        return message("E004", detail=f"{reason} at line {line} column {column}")
    return message("E004", detail=reason)


def _build(study: Element, *, path: str | None, index: int | None) -> Trial | RecordError:
    try:
        return study_to_trial(study, path=path, index=index)
    except Exception as e:  # noqa: BLE001 - one study's surprise must not end a wrapper file
        logger.debug("ctgov-xml: study %s of %s failed", index, path, exc_info=True)
        detail = f"{type(e).__name__}: {' '.join(str(e).split())[:300]}"
        return RecordError(message("E015", format=FORMAT, detail=detail), path=path, index=index)


def parse(text: str, *, path: str | None = None) -> Iterator[Trial | RecordError]:
    """Yield one Trial (or RecordError) per ``<clinical_study>`` in ``text``.

    The root is the study itself (``source.index`` null) or a wrapper element whose
    ``<clinical_study>`` children are read in order (``source.index`` = position among them).
    """
    text = text.lstrip("\ufeff")
    try:
        root = SafeET.fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        yield RecordError(message("E007"), path=path)
        return
    except ParseError as e:
        # A stray declaration outside a DOCTYPE is a syntax error to expat; still report the refusal.
        reason = message("E007") if _DECLARATION.search(text) else _parse_error(e)
        yield RecordError(reason, path=path)
        return
    if isinstance(root.tag, str) and root.tag.startswith("{"):
        # A namespaced copy of the schema: drop namespaces so the plain paths below match.
        for el in root.iter():
            if isinstance(el.tag, str):
                el.tag = _local(el.tag)
    if _local(root.tag) == ROOT:
        yield _build(root, path=path, index=None)
        return
    studies = [child for child in root if _local(child.tag) == ROOT]
    if not studies:
        yield RecordError(message("E006", tag=_local(root.tag)), path=path)
        return
    for index, study in enumerate(studies):
        yield _build(study, path=path, index=index)
