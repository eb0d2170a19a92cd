"""ClinicalTrials.Veeva study page saved as text.

The page opens with the site name, "Menu", the title, an avatar letter and the sponsor; then short
sections, each a heading line (:data:`HEADINGS`) followed by value lines ("Status and phase" / "Not yet
enrolling" / "Phase 2"). The criteria come under "Inclusion criteria"/"Exclusion criteria"; the arms
come after the "N participants in K patient groups" line of "Trial design".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..errors import RecordError, message
from ..schema import Arm, Eligibility, Intervention, Source, Trial
from . import normalize as norm
from ._page import Line, criteria_in, dedupe, enrollment, intervention_ref, joined, key, link_arms, nonblank, span, split_lines, token
from .normalize import NCT_RE, clean, clean_block

FORMAT = "veeva-page"

#: Section headings, printed alone on a line without a colon.
HEADINGS: tuple[str, ...] = (
    "Status and phase",
    "Conditions",
    "Treatments",
    "Study type",
    "Funder types",
    "Identifiers",
    "Details and patient eligibility",
    "About",
    "Full description",
    "Enrollment",
    "Sex",
    "Ages",
    "Volunteers",
    "Criteria",
    "Inclusion criteria",
    "Exclusion criteria",
    "Trial design",
    "Primary purpose",
    "Allocation",
    "Interventional model",
    "Observational model",
    "Time perspective",
    "Masking",
    "Trial contacts and locations",
    "Central trial contact",
    "Trial documents",
    "Data sourced from clinicaltrials.gov",
    "Clinical trials",
)
#: Headings of the criteria lists. Inside them only these and the section headings that can follow
#: the criteria (:data:`AFTER_CRITERIA`) count, so a criterion line such as "Sex" opens nothing.
CRITERIA_HEADINGS = frozenset({"criteria", "inclusion criteria", "exclusion criteria"})
AFTER_CRITERIA = frozenset(
    {"trial design", "trial contacts and locations", "central trial contact", "trial documents", "data sourced from clinicaltrials.gov", "clinical trials"}
)
#: Header lines that are page furniture, not title or sponsor.
FURNITURE = frozenset({"clinicaltrials.veeva", "menu"})

_HEADING_KEYS = {key(h): h for h in HEADINGS}
_PARTICIPANTS = re.compile(r"^(\d[\d,]*)\s+participants?\s+in\s+(\d+)\s+(?:patient\s+)?groups?\b", re.I)
_PHASE_RANGE = re.compile(r"\b(phase\s*)([1-4])\s*(?:/|&|and|-)\s*([1-4])\b", re.I)
_DESCRIPTION = re.compile(r"^Description:\s*(.*)$", re.I)
_TREATMENT = re.compile(r"^Treatments?:\s*(.*)$", re.I)

_SNIFF_SITE = re.compile(r"^[ \t]*ClinicalTrials\.Veeva[ \t]*\r?$", re.M)
_SNIFF_DETAILS = re.compile(r"^[ \t]*Details and patient eligibility[ \t]*\r?$", re.M)
_SNIFF_DESIGN = re.compile(r"^[ \t]*Trial design[ \t]*\r?$", re.M)


def sniff(text: str) -> bool:
    """True for a Veeva page: the site name on a line of its own, or both of its fixed section headings.

    This runs first on every file, so plain substring tests (fast) gate the line-anchored regexes.
    """
    if "ClinicalTrials.Veeva" in text and _SNIFF_SITE.search(text):
        return True
    return (
        "Details and patient eligibility" in text
        and "Trial design" in text
        and bool(_SNIFF_DETAILS.search(text) and _SNIFF_DESIGN.search(text))
    )


def _headings(lines: Sequence[Line]) -> list[tuple[int, str]]:
    """``(line index, heading key)`` of every section heading, in page order."""
    marks: list[tuple[int, str]] = []
    in_criteria = False
    for i, line in enumerate(lines):
        k = key(line.text)
        if k not in _HEADING_KEYS or line.text.endswith(":"):
            continue
        if in_criteria and k not in CRITERIA_HEADINGS and k not in AFTER_CRITERIA:
            continue
        in_criteria = k in CRITERIA_HEADINGS
        marks.append((i, k))
    return marks


def _sections(lines: Sequence[Line], marks: Sequence[tuple[int, str]]) -> dict[str, list[Line]]:
    """Each heading's non-blank body lines; a repeated heading keeps its first body."""
    sections: dict[str, list[Line]] = {}
    for n, (i, k) in enumerate(marks):
        stop = marks[n + 1][0] if n + 1 < len(marks) else len(lines)
        sections.setdefault(k, nonblank(lines[i + 1 : stop]))
    return sections


def _region(lines: Sequence[Line], marks: Sequence[tuple[int, str]]) -> tuple[int, int] | None:
    """From the first criteria heading (kept in the region) to the last line before the next
    non-criteria heading."""
    first = next((n for n, (_, k) in enumerate(marks) if k in CRITERIA_HEADINGS), None)
    if first is None:
        return None
    last = first
    while last + 1 < len(marks) and marks[last + 1][1] in CRITERIA_HEADINGS:
        last += 1
    stop = marks[last + 1][0] if last + 1 < len(marks) else len(lines)
    return span(lines[marks[first][0] : stop])


def criteria_region(text: str) -> tuple[int, int] | None:
    """``(start, end)`` of the eligibility criteria in ``text``, headings included; None if absent."""
    lines = split_lines(text)
    return _region(lines, _headings(lines))


def _is_arm_type(text: str) -> bool:
    """``"Experimental group"``, ``"Placebo Comparator group"``, ``"Experimental"``."""
    return norm.arm_type(text) is not None


@dataclass
class _ArmDraft:
    label: str
    type: str | None = None
    description: list[str] = field(default_factory=list)
    interventions: list[str] = field(default_factory=list)
    treating: bool = False  # past the "Treatment:" line


def _arms(body: Sequence[Line]) -> list[Arm]:
    """Arm blocks after the "N participants in K patient groups" line.

    A block is the label, a type line ("Experimental group"), optional description (after
    "Description:"), and "Treatment:" followed by ``Type: name`` lines. A line followed by a type
    line, or a line that is not ``Type: name`` after the treatments, starts the next arm.
    """
    drafts: list[_ArmDraft] = []
    for n, line in enumerate(body):
        text = line.text
        next_is_type = n + 1 < len(body) and _is_arm_type(body[n + 1].text)
        current = drafts[-1] if drafts else None
        if current is not None and not next_is_type:
            if current.type is None and not current.description and not current.treating and _is_arm_type(text):
                current.type = norm.arm_type(text)
                continue
            if m := _TREATMENT.match(text):
                current.treating = True
                text = m.group(1)
                if not text:
                    continue
            if current.treating:
                ref = intervention_ref(text)
                if ref is not None:
                    current.interventions.append(ref[1])
                    continue
            elif m := _DESCRIPTION.match(text):
                if m.group(1):
                    current.description.append(m.group(1))
                continue
            else:
                current.description.append(text)
                continue
        drafts.append(_ArmDraft(label=clean(text) or text))
    return [
        Arm(label=d.label, type=d.type, description=clean_block("\n".join(d.description)), interventions=dedupe(d.interventions))
        for d in drafts
    ]


def _arm_lines(lines: Sequence[Line], marks: Sequence[tuple[int, str]]) -> list[Line]:
    """Lines after the participants/groups line, up to the next heading."""
    for i, line in enumerate(lines):
        if _PARTICIPANTS.match(line.text):
            stop = next((j for j, _ in marks if j > i), len(lines))
            return nonblank(lines[i + 1 : stop])
    return []


def _header(lines: Sequence[Line], marks: Sequence[tuple[int, str]]) -> tuple[str | None, str | None]:
    """Title and sponsor: the first two header lines that are not site furniture or the one-letter
    avatar the site draws in front of the sponsor's name."""
    stop = marks[0][0] if marks else len(lines)
    kept = [line.text for line in lines[:stop] if line.text and key(line.text) not in FURNITURE and len(line.text) > 1]
    title = clean(kept[0]) if kept else None
    sponsor = clean(kept[1]) if len(kept) > 1 else None
    return title, sponsor


def parse(text: str, *, path: str | None = None) -> Iterator[Trial | RecordError]:
    """One Trial from a saved Veeva page, or a RecordError when no section heading is found."""
    lines = split_lines(text)
    marks = _headings(lines)
    if len({k for _, k in marks}) < 2:
        yield RecordError(message("E013", format=FORMAT), path=path)
        return
    sections = _sections(lines, marks)
    title, sponsor = _header(lines, marks)

    def first(name: str) -> str | None:
        body = sections.get(name)
        return body[0].text if body else None

    status_lines = sections.get("status and phase", [])
    status = next((s for line in status_lines if (s := norm.status(line.text)) in norm.STATUSES), None)
    # "Phase 1/2" is read as phases 1 and 2 (normalize.phases only knows "Phase 1/Phase 2").
    phase_text = " ".join(_PHASE_RANGE.sub(r"\1\2 \1\3", line.text) for line in status_lines if token(line.text).startswith(("PHASE", "EARLY_PHASE", "N_A")))

    ids = [clean(line.text) for line in sections.get("identifiers", [])]
    nct = next((i for i in ids if i and NCT_RE.fullmatch(i)), None)

    interventions: list[Intervention] = []
    for line in sections.get("treatments", []):
        ref = intervention_ref(line.text)
        interventions.append(Intervention(name=ref[1], type=ref[0]) if ref else Intervention(name=clean(line.text) or line.text))
    arms = _arms(_arm_lines(lines, marks))
    interventions = link_arms(arms, interventions)

    minimum_age, maximum_age = norm.age_range(first("ages"))
    yield Trial(
        id=nct,
        source=Source(path=path, format=FORMAT),
        other_ids=[i for i in dedupe(ids) if i != nct],
        title=title,
        status=status,
        phases=norm.phases(phase_text),
        study_type=norm.study_type(clean(first("study type"))),
        enrollment=enrollment(first("enrollment")),
        # One condition per line: a comma can belong to a single condition ("SCLC,Extensive Stage").
        conditions=dedupe(clean(line.text) for line in sections.get("conditions", [])),
        sponsor=sponsor,
        brief_summary=joined(sections.get("about", [])),
        detailed_description=joined(sections.get("full description", [])),
        arms=arms,
        interventions=interventions,
        eligibility=Eligibility(
            minimum_age=minimum_age,
            maximum_age=maximum_age,
            sex=norm.sex(first("sex")),  # type: ignore[arg-type]
            healthy_volunteers=norm.yes_no(first("volunteers")),
            criteria=criteria_in(text, _region(lines, marks)),
        ),
    )
