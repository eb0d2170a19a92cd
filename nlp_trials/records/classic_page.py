"""Classic ClinicalTrials.gov study page saved as text (``Label : | value |`` table rows).

The classic page prints its fields as two-cell table rows ending in ``|`` ("Study Type : |
Interventional (Clinical Trial) |"), with the value sometimes on the following lines ("Other Study ID
Numbers: |" / "HMPL-012-SPRING-NEN106 |"), plus two real tables: conditions/interventions/phases and
arms/interventions. Cells of those tables may span several lines; a cell ends at a ``|``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from ..errors import RecordError, message
from ..schema import Arm, Eligibility, Intervention, Outcome, Source, Trial
from . import normalize as norm
from ._page import Line, criteria_in, dedupe, enrollment, intervention_ref, key, link_arms, span, split_lines
from .normalize import NCT_RE, clean, clean_block

FORMAT = "ctgov-classic-page"

#: Row labels -> Trial field, keyed without the "Estimated"/"Actual"/"Anticipated" prefix, which
#: becomes the enrollment type. An empty name marks a row we know and skip.
FIELDS: dict[str, str] = {
    "study type": "study_type",
    "enrollment": "enrollment",
    "official title": "official_title",
    "acronym": "acronym",
    "study start date": "start_date",
    "study completion date": "completion_date",
    "primary completion date": "",
    "ages eligible for study": "ages",
    "sexes eligible for study": "sex",
    "genders eligible for study": "sex",
    "gender": "sex",
    "accepts healthy volunteers": "healthy_volunteers",
    "other study id numbers": "other_ids",
    "sponsor": "sponsor",
    "brief summary": "brief_summary",
    "detailed description": "detailed_description",
    "responsible party": "",
}
#: Rows we recognise but do not map (study design, record dates): with FIELDS, the rows that end a
#: table, so a table cell that happens to end in ": |" does not cut the table short.
OTHER_ROWS = frozenset(
    {
        "allocation", "intervention model", "intervention model description", "masking", "masking description",
        "primary purpose", "observational model", "time perspective", "biospecimen retention",
        "biospecimen description", "target follow-up duration", "number of groups/cohorts", "first posted",
        "last update posted", "last verified", "clinicaltrials.gov identifier", "study population", "sampling method",
        "plan to share individual participant data (ipd)", "ipd sharing statement",
    }
)
#: Section headings of the classic page (when a save keeps them): they end a free-text block.
HEADINGS = frozenset(
    {
        "study description", "study design", "arms and interventions", "outcome measures", "eligibility criteria",
        "contacts and locations", "more information", "criteria",
    }
)
#: Rows that close the eligibility field block; the criteria follow them.
ELIGIBILITY_ROWS = frozenset({"ages eligible for study", "sexes eligible for study", "genders eligible for study", "gender", "accepts healthy volunteers", "sampling method"})
#: Lines that end the criteria (matched at the line start, case-insensitively).
CRITERIA_END = (
    "to learn more about this study",
    "contacts and locations",
    "please refer to this study by its clinicaltrials.gov identifier",
    "more information",
    "layout table for",
    "contact:",
)
_INCLUSION_HEADING = re.compile(r"^(?:key\s+)?inclusion criteria\b", re.I)
#: Outcome list headings; a page that prints none gets its outcome lines as primary (below).
OUTCOME_HEADINGS: dict[str, str] = {
    "primary outcome measures": "primary",
    "primary outcome measure": "primary",
    "secondary outcome measures": "secondary",
    "secondary outcome measure": "secondary",
    "other outcome measures": "other",
    "other outcome measure": "other",
}
#: Arm cell prefixes ("Experimental: <label>") -> arm type.
ARM_PREFIXES: dict[str, str] = {
    "experimental": "EXPERIMENTAL",
    "active comparator": "ACTIVE_COMPARATOR",
    "placebo comparator": "PLACEBO_COMPARATOR",
    "sham comparator": "SHAM_COMPARATOR",
    "no intervention": "NO_INTERVENTION",
    "other": "OTHER",
}

# Labels end on a non-blank and a value starts on one, so a run of blanks is split one way only
# (a lazy label before "\s*" made a long blank run cost quadratic time to reject).
_ROW = re.compile(r"^(?P<label>[^|:]*?[^|:\s])\s*:\s*\|\s*(?P<rest>.*)$")
_LABEL_ONLY = re.compile(r"^(?P<label>[^|:]*?[^|:\s])\s*:\s*(?P<rest>(?:[^|\s][^|]*)?)$")
_QUALIFIER = re.compile(r"^(estimated|actual|anticipated)\s+", re.I)
_IDENTIFIER = re.compile(r"^ClinicalTrials\.gov Identifier:?\s*\|?\s*(NCT\d{8})")
_STATUS = re.compile(r"^Recruitment Status\s*:\s*(.*)$", re.I)
_CONDITION_TABLE = re.compile(r"^Condition or disease\s*\|", re.I)
_ARM_TABLE = re.compile(r"^(?:Arm|Group/Cohort)\s*\|\s*Intervention/treatment\s*\|", re.I)
_SEPARATOR = re.compile(r"^-{3,}\s*(?:\|\s*-{3,}\s*)*\|?$")
_OUTCOME = re.compile(r"^[-*•]\s*(?P<measure>.+?)\s*\[\s*Time Frame:\s*(?P<frame>[^\]]*?)\s*\]\s*(?P<description>.*)$")
_ARM_CELL = re.compile(r"^(?P<prefix>[A-Za-z ]*?[A-Za-z])\s*:\s*(?P<label>\S.*)$")
_OTHER_NAMES = re.compile(r"^Other Names?\s*:\s*(.*)$", re.I)
_LIST_ITEM = re.compile(r"^[-*•]\s*(.+)$")

_SNIFF_ROW = re.compile(r"^[^|\n]+:[ \t]*\|", re.M)


def sniff(text: str) -> bool:
    """True when the text has the classic page's identifier cell and at least one ``Label : |`` row."""
    return "ClinicalTrials.gov Identifier:" in text and bool(_SNIFF_ROW.search(text))


class Row(NamedTuple):
    """One ``Label : | value |`` field row; ``last`` is the index of its final line."""

    label: str
    qualifier: str | None
    value: str
    first: int
    last: int


def _rows(lines: Sequence[Line]) -> list[Row]:
    """Every field row, its value joined over continuation lines up to the closing ``|``."""
    rows: list[Row] = []
    i = 0
    while i < len(lines):
        m = _ROW.match(lines[i].text)
        if not m:
            i += 1
            continue
        parts = [m.group("rest")]
        last = i
        # A value left open on the label line continues until a line ends with "|" (bounded so a
        # malformed row cannot swallow the page).
        while not parts[-1].rstrip().endswith("|") and last + 1 < len(lines) and last - i < 20:
            if not lines[last + 1].text or _ROW.match(lines[last + 1].text):
                break
            last += 1
            parts.append(lines[last].text)
        value = "\n".join(p for p in parts if p.strip()).rstrip().removesuffix("|").rstrip()
        label = key(m.group("label"))
        qualifier = None
        if q := _QUALIFIER.match(label):
            qualifier = q.group(1).lower()
            label = label[q.end() :]
        rows.append(Row(label, qualifier, value, i, last))
        i = last + 1
    return rows


def _known_row(text: str) -> bool:
    """A field row whose label we know (mapped or not), as opposed to any text ending in ``: |``."""
    m = _ROW.match(text)
    if not m:
        return False
    label = _QUALIFIER.sub("", key(m.group("label")))
    return label in FIELDS or label in OTHER_ROWS


def _table(lines: Sequence[Line], header: int) -> tuple[list[str], int]:
    """Cells of the table whose header line is ``lines[header]``, and the index after the table.

    Rows follow a ``---|---|`` separator. The table ends at a field row, an outcome line, or a blank
    line once the last cell is closed (a blank line inside an open cell is part of that cell).
    """
    i = header + 1
    if i < len(lines) and _SEPARATOR.match(lines[i].text):
        i += 1
    parts: list[str] = []
    while i < len(lines):
        text = lines[i].text
        if _known_row(text) or _OUTCOME.match(text) or key(text) in OUTCOME_HEADINGS or key(text) in HEADINGS:
            break
        if not text:
            if not parts or parts[-1].endswith("|"):
                break
        else:
            parts.append(text)
        i += 1
    cells = [c.strip() for c in "\n".join(parts).split("|")]
    if cells and not cells[-1]:
        cells.pop()
    return cells, i


def _cell_lines(cell: str) -> list[str]:
    return [line.strip() for line in cell.split("\n") if line.strip()]


def _conditions_table(cells: list[str], columns: int) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    """Conditions, ``(type, name)`` interventions and phases of the condition/intervention/phase table.

    One condition per line of the condition cell. A cell holding several conditions on one line
    cannot be split reliably and stays one condition.
    """
    conditions: list[str] = []
    refs: list[tuple[str, str]] = []
    phase_text: list[str] = []
    for n, cell in enumerate(cells):
        column = n % columns
        if column == 0:
            conditions.extend(clean(line) or line for line in _cell_lines(cell))
        elif column == 1:
            refs.extend(ref for line in _cell_lines(cell) if (ref := intervention_ref(line)))
        elif column == 2:
            phase_text.append(cell)
    return conditions, refs, norm.phases(" ".join(phase_text))


def _arm_cell(cell: str) -> Arm | None:
    """``"Experimental: <label>"`` then description lines -> Arm (type None without a known prefix)."""
    lines = _cell_lines(cell)
    if not lines:
        return None
    label, arm_type = lines[0], None
    if (m := _ARM_CELL.match(lines[0])) and key(m.group("prefix")) in ARM_PREFIXES:
        label, arm_type = m.group("label"), ARM_PREFIXES[key(m.group("prefix"))]
    return Arm(label=clean(label) or label, type=arm_type, description=clean_block("\n".join(lines[1:])))


def _intervention_cell(cell: str) -> list[Intervention]:
    """``"Drug: <name>"`` lines open interventions; following lines are the description, except an
    ``Other Names:`` line and the list items after it."""
    out: list[Intervention] = []
    description: list[str] = []
    names: list[str] = []
    in_names = False

    def close() -> None:
        if out:
            out[-1].description = clean_block("\n".join(description))
            out[-1].other_names = dedupe(clean(n) for n in names)

    for line in _cell_lines(cell):
        if ref := intervention_ref(line):
            close()
            out.append(Intervention(name=ref[1], type=ref[0]))
            description, names, in_names = [], [], False
        elif m := _OTHER_NAMES.match(line):
            in_names = True
            names.extend(n for n in m.group(1).split(",") if n.strip())
        elif in_names and (m := _LIST_ITEM.match(line)):
            names.append(m.group(1))
        else:
            in_names = False
            description.append(line)
    close()
    return out


def _arms_table(cells: list[str], columns: int) -> tuple[list[Arm], list[Intervention]]:
    """Arms and their interventions: cells alternate arm cell / intervention cell(s)."""
    arms: list[Arm] = []
    interventions: dict[str, Intervention] = {}
    for n, cell in enumerate(cells):
        if n % columns == 0:
            arm = _arm_cell(cell)
            if arm is not None:
                arms.append(arm)
            continue
        for found in _intervention_cell(cell):
            if arms:
                arms[-1].interventions = dedupe([*arms[-1].interventions, found.name])
            interventions.setdefault(key(found.name), found)
    return arms, list(interventions.values())


def _outcomes(lines: Sequence[Line]) -> list[Outcome]:
    """``- measure [ Time Frame: ... ]description`` lines.

    The kind comes from the nearest "Primary/Secondary/Other Outcome Measures" heading above. Saves
    that drop those headings (seed 003) have only the primary list shown, so lines before any
    heading are taken as primary.
    """
    kind = "primary"
    out: list[Outcome] = []
    for line in lines:
        if key(line.text) in OUTCOME_HEADINGS:
            kind = OUTCOME_HEADINGS[key(line.text)]
        elif m := _OUTCOME.match(line.text):
            measure = clean(m.group("measure"))
            if measure:
                out.append(
                    Outcome(
                        kind=kind,  # type: ignore[arg-type]
                        measure=measure,
                        time_frame=clean(m.group("frame")),
                        description=clean(m.group("description")),
                    )
                )
    return out


def _region(lines: Sequence[Line], rows: Sequence[Row]) -> tuple[int, int] | None:
    """The criteria: from the first line after the eligibility rows (or, without them, from the
    "Inclusion Criteria" heading) to the last line before the contact paragraph or field rows.
    A bare "Criteria" heading line is left out; "Inclusion/Exclusion Criteria:" headings stay in."""
    anchor = max((r.last for r in rows if r.label in ELIGIBILITY_ROWS), default=None)
    if anchor is not None:
        start = anchor + 1
    else:
        start = next((i for i, line in enumerate(lines) if _INCLUSION_HEADING.match(line.text)), len(lines))
    while start < len(lines) and (not lines[start].text or key(lines[start].text) == "criteria"):
        start += 1
    stop = start
    while stop < len(lines):
        text = lines[stop].text
        if key(text).startswith(CRITERIA_END) or _ROW.match(text) or _IDENTIFIER.match(text):
            break
        stop += 1
    return span(lines[start:stop])


def criteria_region(text: str) -> tuple[int, int] | None:
    """``(start, end)`` of the eligibility criteria in ``text``, headings included; None if absent."""
    lines = split_lines(text)
    return _region(lines, _rows(lines))


def _status(lines: Sequence[Line]) -> str | None:
    """``Recruitment Status :`` with the value on the same line or the next one."""
    for i, line in enumerate(lines):
        if m := _STATUS.match(line.text):
            value = m.group(1).strip(" |")
            if not value:
                value = next((n.text for n in lines[i + 1 : i + 3] if n.text), "")
            return norm.status(clean(value.strip(" |")))
    return None


def _block_after(lines: Sequence[Line], label: str) -> str | None:
    """A ``Brief Summary:`` style heading line followed by paragraph lines, up to the next field row,
    table, outcome line, criteria heading, section heading or ``Detailed Description:`` style label."""
    for i, line in enumerate(lines):
        if key(line.text) == label and _LABEL_ONLY.match(line.text):
            body: list[str] = []
            for nxt in lines[i + 1 :]:
                if (
                    _ROW.match(nxt.text)
                    or _CONDITION_TABLE.match(nxt.text)
                    or _ARM_TABLE.match(nxt.text)
                    or _OUTCOME.match(nxt.text)
                    or _INCLUSION_HEADING.match(nxt.text)
                    or key(nxt.text) in HEADINGS
                    or (_LABEL_ONLY.match(nxt.text) and key(nxt.text) in FIELDS)
                ):
                    break
                body.append(nxt.text)
            return clean_block("\n".join(body))
    return None


def parse(text: str, *, path: str | None = None) -> Iterator[Trial | RecordError]:
    """One Trial from a saved classic page, or a RecordError when neither rows nor tables are found."""
    lines = split_lines(text)
    rows = _rows(lines)
    nct = next((m.group(1) for line in lines if (m := _IDENTIFIER.match(line.text))), None)
    fields: dict[str, Row] = {}
    for row in rows:
        fields.setdefault(row.label, row)
    if nct is None and "clinicaltrials.gov identifier" in fields:
        m = NCT_RE.search(fields["clinicaltrials.gov identifier"].value)
        nct = m.group(0) if m else None
    known = [r for r in rows if r.label in FIELDS]
    if not known and nct is None:
        yield RecordError(message("E013", format=FORMAT), path=path)
        return

    def value(name: str) -> str | None:
        row = next((r for r in known if FIELDS[r.label] == name), None)
        return row.value if row else None

    conditions: list[str] = []
    refs: list[tuple[str, str]] = []
    phases: list[str] = []
    arms: list[Arm] = []
    interventions: list[Intervention] = []
    for i, line in enumerate(lines):
        if _CONDITION_TABLE.match(line.text) and not conditions:
            cells, _ = _table(lines, i)
            conditions, refs, phases = _conditions_table(cells, max(line.text.count("|"), 1))
        elif _ARM_TABLE.match(line.text) and not arms:
            cells, _ = _table(lines, i)
            arms, interventions = _arms_table(cells, max(line.text.count("|"), 1))
    # Interventions the conditions table names but no arm does (e.g. a page without an arm table).
    listed = {key(i.name) for i in interventions}
    interventions += [Intervention(name=name, type=itype) for itype, name in refs if key(name) not in listed]
    interventions = link_arms(arms, interventions)

    enrollment_row = next((r for r in known if FIELDS[r.label] == "enrollment"), None)
    enrollment_type = None
    if enrollment_row and enrollment_row.qualifier:
        enrollment_type = "ACTUAL" if enrollment_row.qualifier == "actual" else "ESTIMATED"
    minimum_age, maximum_age = norm.age_range(value("ages"))
    other_ids = [clean(v) for v in (value("other_ids") or "").split("\n")]
    title = next((line.text for line in lines if line.text), None)

    yield Trial(
        id=nct,
        source=Source(path=path, format=FORMAT),
        other_ids=[i for i in dedupe(other_ids) if i != nct],
        title=clean(title),
        official_title=clean(value("official_title")),
        acronym=clean(value("acronym")),
        status=_status(lines),
        phases=phases,
        study_type=norm.study_type(clean(value("study_type"))),
        enrollment=enrollment(enrollment_row.value, type=enrollment_type) if enrollment_row else None,
        start_date=norm.iso_date(clean(value("start_date"))),
        completion_date=norm.iso_date(clean(value("completion_date"))),
        conditions=dedupe(conditions),
        # Only an explicit "Sponsor:" row names the lead sponsor. "Responsible Party" is often a
        # person (a sponsor-investigator, as in seed 003), not the sponsoring organisation, so it
        # is not used as a stand-in: sponsor stays None rather than invented.
        sponsor=clean(value("sponsor")),
        brief_summary=clean(value("brief_summary")) or _block_after(lines, "brief summary"),
        detailed_description=clean(value("detailed_description")) or _block_after(lines, "detailed description"),
        arms=arms,
        interventions=interventions,
        eligibility=Eligibility(
            minimum_age=minimum_age,
            maximum_age=maximum_age,
            sex=norm.sex(clean(value("sex"))),  # type: ignore[arg-type]
            healthy_volunteers=norm.yes_no(clean(value("healthy_volunteers"))),
            criteria=criteria_in(text, _region(lines, rows)),
        ),
        outcomes=_outcomes(lines),
    )
