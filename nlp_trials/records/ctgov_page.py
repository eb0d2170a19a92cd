"""Current ClinicalTrials.gov-style study page saved as text ("NCT ID: ..." plus described sections).

The page is a sequence of sections. Each starts with a fixed heading line followed by a fixed
one-sentence description ("Review each arm or cohort in the study, ..."); both are listed in
:data:`SECTIONS`, and a heading counts only when its description follows, so a criterion that happens
to read "Conditions" does not open a section. Inside a section, fields are a label line followed by a
value line ("Recruitment Status" / "NOT_YET_RECRUITING"). Some saves drop every label and keep only
the values; those are read by the shape of the value (see :func:`_basic_by_shape` and
:func:`_eligibility_by_shape`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..errors import RecordError, message
from ..schema import Arm, Eligibility, Intervention, Source, Trial
from . import normalize as norm
from ._page import Line, criteria_in, dedupe, enrollment, joined, key, link_arms, nonblank, span, split_lines, token
from .normalize import clean

FORMAT = "ctgov-page"

#: Section headings and the fixed description sentence the site prints under each.
SECTIONS: dict[str, str] = {
    "Study Results": "The study team has not published outcome measurements, participant flow, or safety data for this trial yet. Check back later for updates.",
    "Basic Information": "Get a concise snapshot of the trial, including recruitment status, study phase, enrollment targets, and key timeline milestones.",
    "Brief Summary": "Review the sponsor-provided synopsis that highlights what the study is about and why it is being conducted.",
    "Related Clinical Trials": "Explore similar clinical trials based on study characteristics and research focus.",
    "Detailed Description": "Dive into the extended narrative that explains the scientific background, objectives, and procedures in greater depth.",
    "Conditions": "See the medical conditions and disease areas that this research is targeting or investigating.",
    "Study Design": "Understand how the trial is structured, including allocation methods, masking strategies, primary purpose, and other design elements.",
    "Study Groups": "Review each arm or cohort in the study, along with the interventions and objectives associated with them.",
    "Interventions": "Learn about the drugs, procedures, or behavioral strategies being tested and how they are applied within this trial.",
    "Other Intervention Names": "Discover alternative or legacy names that may be used to describe the listed interventions across different sources.",
    "Eligibility Criteria": "Check the participation requirements, including inclusion and exclusion rules, age limits, and whether healthy volunteers are accepted.",
    "Sponsors": "Meet the organizations funding or collaborating on the study and learn about their roles.",
    "Responsible Party": "Identify the individual or organization who holds primary responsibility for the study information submitted to regulators.",
    "Principal Investigators": "Learn about the lead researchers overseeing the trial and their institutional affiliations.",
    "Locations": "Explore where the study is taking place and check the recruitment status at each participating site.",
    "Countries": "Review the countries where the study has at least one active or historical site.",
    "Central Contacts": "Reach out to these primary contacts for questions about participation or study logistics.",
    "Facility Contacts": "Find local site contact details for specific facilities participating in the trial.",
    "Provided Documents": "Download supplemental materials such as informed consent forms, study protocols, or participant manuals.",
    "References": "Explore related publications, articles, or registry entries linked to this study.",
    "Other Identifiers": "Review additional registry numbers or institutional identifiers associated with this trial.",
    "More Related Trials": "Additional clinical trials that may be relevant based on similarity analysis.",
}
#: How many non-blank lines after a heading its description may appear ("Study Results" puts a
#: "Results pending" line in between).
DESCRIPTION_LOOKAHEAD = 2

#: Field labels of the Basic Information section -> Trial field. An empty name marks a label we know
#: and skip, so its value is never taken for another field.
BASIC_LABELS: dict[str, str] = {
    "recruitment status": "status",
    "overall status": "status",
    "clinical phase": "phases",
    "phase": "phases",
    "total enrollment": "enrollment",
    "enrollment": "enrollment",
    "estimated enrollment": "enrollment_estimated",
    "actual enrollment": "enrollment_actual",
    "study classification": "study_type",
    "study type": "study_type",
    "official title": "official_title",
    "acronym": "acronym",
    "study start date": "start_date",
    "study completion date": "completion_date",
    "primary completion date": "",
    "last updated": "",
}
#: Field labels printed after the criteria in the Eligibility Criteria section.
ELIGIBILITY_LABELS: dict[str, str] = {
    "minimum eligible age": "minimum_age",
    "maximum eligible age": "maximum_age",
    "eligible sex": "sex",
    "accepts healthy volunteers": "healthy_volunteers",
}
#: Disclaimer some pages print right after the criteria; never part of the criteria region.
ELIGIBILITY_FOOTER = "the above information is not intended to contain all considerations"

#: Organisation classes printed under a sponsor's name; never a sponsor name themselves.
SPONSOR_CLASSES = frozenset({"INDUSTRY", "NIH", "FED", "OTHER_GOV", "INDIV", "NETWORK", "AMBIG", "UNKNOWN", "OTHER"})

_NCT_ID_LINE = re.compile(r"^NCT ID:\s*(NCT\d{8})\b")
_LAST_UPDATED = re.compile(r"^Last Updated:", re.I)
_GROUP_TYPE = re.compile(r"^Group Type:?\s+(\S.*)$", re.I)
_INTERVENTION_TYPE = re.compile(r"^Intervention Type:?\s+(\S.*)$", re.I)
_SPONSOR_ROLE = re.compile(r"^Sponsor Role:?\s+(\S.*)$", re.I)
_IDENTIFIER_META = re.compile(r"^Identifier (?:Type|Source|Link|Domain)\b", re.I)
_PHASE_LINE = re.compile(r"^(?:EARLY_PHASE1|PHASE[1-4]|NA|N/A)(?:\s*[/,]\s*(?:EARLY_PHASE1|PHASE[1-4]))*$", re.I)
_STUDY_TYPES = frozenset({"INTERVENTIONAL", "OBSERVATIONAL", "EXPANDED_ACCESS"})

_SNIFF_NCT_ID = re.compile(r"^[ \t]*NCT ID:[ \t]*NCT\d{8}", re.M)
_SNIFF_HEADING = re.compile(r"^[ \t]*(?:Eligibility Criteria|Study Groups|Basic Information)[ \t]*\r?$", re.M)
#: The "NCT ID:" line sits right under the title; looking only this far keeps sniffing cheap.
SNIFF_HEAD_CHARS = 10_000


def sniff(text: str) -> bool:
    """True for a current-layout page: an ``NCT ID:`` line near the top and one of its section headings.

    A plain criteria text that merely mentions an NCT number has neither the ``NCT ID:`` line nor the
    heading lines, so it is not taken for a page.
    """
    return bool(_SNIFF_NCT_ID.search(text, 0, SNIFF_HEAD_CHARS) and _SNIFF_HEADING.search(text))


def _sections(lines: Sequence[Line]) -> tuple[list[Line], dict[str, list[Line]]]:
    """Split the page into the lines before the first section and each section's non-blank body.

    The description line is left out of the body. A heading repeated later keeps its first body.
    """
    wanted = {key(h): (h, key(d)) for h, d in SECTIONS.items()}
    filled = [i for i, line in enumerate(lines) if line.text]
    marks: list[tuple[int, str, int]] = []
    for pos, i in enumerate(filled):
        entry = wanted.get(key(lines[i].text))
        if entry is None:
            continue
        for j in filled[pos + 1 : pos + 1 + DESCRIPTION_LOOKAHEAD]:
            if key(clean(lines[j].text) or "") == entry[1]:
                marks.append((i, entry[0], j))
                break
    sections: dict[str, list[Line]] = {}
    for n, (i, name, desc) in enumerate(marks):
        stop = marks[n + 1][0] if n + 1 < len(marks) else len(lines)
        body = [line for k, line in enumerate(lines[i + 1 : stop], i + 1) if k != desc and line.text]
        sections.setdefault(name, body)
    head = nonblank(lines[: marks[0][0]] if marks else lines)
    return head, sections


def _labelled(body: Sequence[Line], labels: dict[str, str]) -> tuple[dict[str, str], int | None]:
    """``label`` / ``value`` line pairs -> values by field name, and the index of the first label."""
    values: dict[str, str] = {}
    first = None
    i = 0
    while i < len(body):
        name = labels.get(key(body[i].text))
        if name is not None and i + 1 < len(body) and key(body[i + 1].text) not in labels:
            first = i if first is None else first
            if name:
                values.setdefault(name, body[i + 1].text)
            i += 2
        else:
            i += 1
    return values, first


def _basic_by_shape(body: Sequence[Line]) -> dict[str, str]:
    """Label-less Basic Information: tell the values apart by what they look like.

    Status is a word of the API v2 status vocabulary, phases look like ``PHASE3``/``PHASE1/PHASE2``,
    enrollment like ``150 participants``, study type is one of INTERVENTIONAL/OBSERVATIONAL/
    EXPANDED_ACCESS. Dates come in page order, start first: two dates are start and completion; a
    single date is taken as the start, because the start date is the one registries require and the
    completion date is the one pages leave out.
    """
    values: dict[str, str] = {}
    dates: list[str] = []
    for line in body:
        text = line.text
        if "status" not in values and norm.status(text) in norm.STATUSES:
            values["status"] = text
        elif "phases" not in values and _PHASE_LINE.match(text):
            values["phases"] = text
        elif "enrollment" not in values and enrollment(text):
            values["enrollment"] = text
        elif "study_type" not in values and (token(text) in _STUDY_TYPES or token(text).startswith("OBSERVATIONAL")):
            values["study_type"] = text
        elif norm.iso_date(text):
            dates.append(text)
    if dates:
        values["start_date"] = dates[0]
    if len(dates) >= 2:
        values["completion_date"] = dates[-1]
    return values


def _eligibility_by_shape(body: Sequence[Line]) -> tuple[dict[str, str], int]:
    """Label-less eligibility fields: the trailing run of age, sex and yes/no lines after the criteria.

    Read backwards from the end of the section: an optional yes/no line (healthy volunteers), an
    optional sex line, then up to two age lines. Two ages are minimum and maximum; one age is the
    minimum, since pages print the minimum first and many trials set no maximum. Returns the values
    and the index where the run starts (the end of the criteria).
    """
    values: dict[str, str] = {}
    k = len(body)
    if k and norm.yes_no(body[k - 1].text) is not None:
        values["healthy_volunteers"] = body[k - 1].text
        k -= 1
    if k and norm.sex(body[k - 1].text):
        values["sex"] = body[k - 1].text
        k -= 1
    ages: list[str] = []
    while k and len(ages) < 2 and norm.age(body[k - 1].text):
        ages.insert(0, body[k - 1].text)
        k -= 1
    if ages:
        values["minimum_age"] = ages[0]
    if len(ages) == 2:
        values["maximum_age"] = ages[1]
    return values, k


def _eligibility(body: Sequence[Line]) -> tuple[tuple[int, int] | None, dict[str, str]]:
    """The criteria region (offsets) and the age/sex/volunteer values of the Eligibility section.

    The region runs from the section's first body line (normally "Inclusion Criteria", kept so the
    splitter can tell inclusion from exclusion) to the last line before the first field label, the
    disclaimer footer, or (label-less pages) the trailing run of field values.
    """
    footer = next((i for i, line in enumerate(body) if key(line.text).startswith(ELIGIBILITY_FOOTER)), len(body))
    values, first_label = _labelled(body, ELIGIBILITY_LABELS)
    if first_label is not None:
        stop = min(first_label, footer)
    else:
        values, run = _eligibility_by_shape(body)
        stop = min(run, footer)
    return span(body[:stop]), values


def _region(sections: dict[str, list[Line]]) -> tuple[int, int] | None:
    return _eligibility(sections.get("Eligibility Criteria", []))[0]


def criteria_region(text: str) -> tuple[int, int] | None:
    """``(start, end)`` of the eligibility criteria in ``text``, headings included; None if absent."""
    return _region(_sections(split_lines(text))[1])


def _interventions(body: Sequence[Line]) -> list[Intervention]:
    """The Interventions section.

    Labelled pages close each intervention with an ``Intervention Type DRUG`` line: name first, then
    the description lines. Label-less pages alternate a name line and a one-line description, which
    is the only reading available without labels.
    """
    out: list[Intervention] = []
    if any(_INTERVENTION_TYPE.match(line.text) for line in body):
        block: list[Line] = []
        for line in body:
            if m := _INTERVENTION_TYPE.match(line.text):
                if block:
                    out.append(Intervention(name=_name(block[0]), type=norm.intervention_type(m.group(1)), description=joined(block[1:])))
                block = []
            else:
                block.append(line)
        if block:
            out.append(Intervention(name=_name(block[0]), description=joined(block[1:])))
        return out
    for i in range(0, len(body), 2):
        out.append(Intervention(name=_name(body[i]), description=joined(body[i + 1 : i + 2])))
    return out


def _name(line: Line) -> str:
    return clean(line.text) or line.text


@dataclass
class _ArmDraft:
    label: str
    type: str | None = None
    description: list[Line] = field(default_factory=list)
    interventions: list[str] = field(default_factory=list)
    closed: bool = False  # a Group Type line or an intervention was seen: no more description lines


def _group_intervention(
    body: Sequence[Line], i: int, known: dict[str, Intervention]
) -> tuple[Intervention, int] | None:
    """Read an intervention block of a Study Groups arm starting at ``body[i]``, if there is one.

    The block is the intervention's name, an optional ``Intervention Type`` line, then its
    description lines, which repeat the Interventions section. A known name counts only when the
    known description follows in full, which is what separates it from the next arm's label and
    description. Returns the intervention and the index after the block.
    """
    j = i + 1
    itype = None
    if j < len(body) and (m := _INTERVENTION_TYPE.match(body[j].text)):
        itype = norm.intervention_type(m.group(1))
        j += 1
    found = known.get(key(body[i].text))
    if found is not None:
        want = key(found.description or "")
        got = ""
        k = j
        while want and k < len(body) and not _GROUP_TYPE.match(body[k].text):
            got = key(f"{got} {clean(body[k].text) or ''}")
            k += 1
            if got == want:
                return found, k
            if not want.startswith(got):
                break
        if not want or itype:
            # No description to match, or a labelled block whose description differs from the
            # Interventions section: keep the name and type, and leave the lines to what follows.
            return found, j
        return None
    if itype is None:
        return None
    # An intervention the Interventions section does not list (or a page without that section):
    # its description runs to the next intervention name (a line followed by "Intervention Type")
    # or to the next arm, assumed to be a label plus one description line before "Group Type".
    k = j
    while k < len(body):
        if k + 1 < len(body) and (_INTERVENTION_TYPE.match(body[k + 1].text) or _GROUP_TYPE.match(body[k + 1].text)):
            break
        if k + 2 < len(body) and _GROUP_TYPE.match(body[k + 2].text):
            break
        k += 1
    return Intervention(name=_name(body[i]), type=itype, description=joined(body[j:k])), k


def _study_groups(body: Sequence[Line], known: list[Intervention]) -> tuple[list[Arm], list[Intervention]]:
    """Arms of the Study Groups section, plus interventions it names that ``known`` lacks.

    Per arm: label line, description lines, ``Group Type X`` (absent on label-less pages), then its
    intervention blocks (see :func:`_group_intervention`). A line that is neither a type line nor an
    intervention block starts a new arm once the current arm has a type or an intervention, and is
    part of the current arm's description before that. (On a label-less page an arm with neither
    description nor interventions cannot be told from the next arm's label.)
    """
    by_name = {key(i.name): i for i in known}
    extra: list[Intervention] = []
    drafts: list[_ArmDraft] = []
    i = 0
    while i < len(body):
        line = body[i]
        if m := _GROUP_TYPE.match(line.text):
            if drafts:
                drafts[-1].type = norm.arm_type(m.group(1))
                drafts[-1].closed = True
            i += 1
            continue
        block = _group_intervention(body, i, by_name) if drafts else None
        if block is not None:
            found, i = block
            if key(found.name) not in by_name:
                by_name[key(found.name)] = found
                extra.append(found)
            drafts[-1].interventions.append(found.name)
            drafts[-1].closed = True
            continue
        if not drafts or drafts[-1].closed:
            drafts.append(_ArmDraft(label=_name(line)))
        else:
            drafts[-1].description.append(line)
        i += 1
    arms = [
        Arm(label=d.label, type=d.type, description=joined(d.description), interventions=dedupe(d.interventions))
        for d in drafts
    ]
    return arms, extra


def _lead_sponsor(body: Sequence[Line]) -> str | None:
    """The organisation whose block ends with ``Sponsor Role lead``; else the section's first name.

    A sponsor block is the name, its class (INDUSTRY, OTHER, ...) and a ``Sponsor Role`` line; pages
    without role lines list the lead sponsor first.
    """
    names: list[str] = []
    for line in body:
        if m := _SPONSOR_ROLE.match(line.text):
            if token(m.group(1)) in {"LEAD", "LEAD_SPONSOR"} and names:
                return names[0]
            names = []
        elif token(line.text) not in SPONSOR_CLASSES:
            names.append(_name(line))
    first = next((line for line in body if token(line.text) not in SPONSOR_CLASSES and not _SPONSOR_ROLE.match(line.text)), None)
    return _name(first) if first else None


def _header(head: Sequence[Line], lines: Sequence[Line]) -> tuple[str | None, str | None]:
    """Trial id from the ``NCT ID:`` line (never from related-trial listings) and the title line."""
    nct = next((m.group(1) for line in head if (m := _NCT_ID_LINE.match(line.text))), None)
    if nct is None:
        nct = next((m.group(1) for line in lines if (m := _NCT_ID_LINE.match(line.text))), None)
    title = next((line for line in head if not _NCT_ID_LINE.match(line.text) and not _LAST_UPDATED.match(line.text)), None)
    return nct, (clean(title.text) if title else None)


def parse(text: str, *, path: str | None = None) -> Iterator[Trial | RecordError]:
    """One Trial from a saved current-layout page, or a RecordError if no section is recognised."""
    lines = split_lines(text)
    head, sections = _sections(lines)
    if not sections:
        yield RecordError(message("E013", format=FORMAT), path=path)
        return
    nct, title = _header(head, lines)

    basic_body = sections.get("Basic Information", [])
    basic, first_label = _labelled(basic_body, BASIC_LABELS)
    if first_label is None:
        basic = _basic_by_shape(basic_body)
    count = (
        enrollment(basic.get("enrollment_actual"), type="ACTUAL")
        or enrollment(basic.get("enrollment_estimated"), type="ESTIMATED")
        or enrollment(basic.get("enrollment"))
    )

    region, elig = _eligibility(sections.get("Eligibility Criteria", []))

    interventions = _interventions(sections.get("Interventions", []))
    arms, extra = _study_groups(sections.get("Study Groups", []), interventions)
    # "Other Intervention Names" is one space-joined line of every synonym of every intervention
    # ("Tusamitamab ravtansine Santeson ophthalmic solution Clearine Restamin Kowa"): neither the
    # boundaries between names nor their owners can be recovered, so other_names stays empty
    # rather than holding an invented split.
    interventions = link_arms(arms, interventions + extra)

    ids = [clean(line.text) for line in sections.get("Other Identifiers", []) if not _IDENTIFIER_META.match(line.text)]
    yield Trial(
        id=nct,
        source=Source(path=path, format=FORMAT),
        other_ids=[i for i in dedupe(ids) if i != nct],
        title=title,
        official_title=clean(basic.get("official_title")),
        acronym=clean(basic.get("acronym")),
        status=norm.status(clean(basic.get("status"))),
        phases=norm.phases(basic.get("phases")),
        study_type=norm.study_type(clean(basic.get("study_type"))),
        enrollment=count,
        start_date=norm.iso_date(clean(basic.get("start_date"))),
        completion_date=norm.iso_date(clean(basic.get("completion_date"))),
        conditions=dedupe(clean(line.text) for line in sections.get("Conditions", [])),
        sponsor=_lead_sponsor(sections.get("Sponsors", [])),
        brief_summary=joined(sections.get("Brief Summary", [])),
        detailed_description=joined(sections.get("Detailed Description", [])),
        arms=arms,
        interventions=interventions,
        eligibility=Eligibility(
            minimum_age=norm.age(elig.get("minimum_age")),
            maximum_age=norm.age(elig.get("maximum_age")),
            sex=norm.sex(elig.get("sex")),  # type: ignore[arg-type]
            healthy_volunteers=norm.yes_no(elig.get("healthy_volunteers")),
            criteria=criteria_in(text, region),
        ),
    )
