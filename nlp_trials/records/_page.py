"""Line handling shared by the saved-page readers (ctgov_page, classic_page, veeva_page).

A saved page is read as a list of :class:`Line` records that keep their character offsets into the
file's exact text, so a reader can hand the eligibility region to ``split_criteria`` as offsets and
still compare lines by their stripped content. Everything here is a pure function over strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ..schema import Arm, Criterion, Enrollment, Intervention
from ..segment import split_criteria
from .normalize import clean, clean_block, enum_token


class Line(NamedTuple):
    """One line of a page: its stripped text and where that text sits in the file."""

    start: int
    """Offset of the first non-space character (of the line start, for a blank line)."""
    end: int
    """Offset just past the last non-space character."""
    text: str
    """The line without surrounding white space; empty for a blank line."""


def split_lines(text: str) -> list[Line]:
    """Cut ``text`` into lines whose offsets index ``text`` (any line ending: ``\\n``, ``\\r\\n``, ``\\r``)."""
    lines: list[Line] = []
    pos = 0
    for chunk in text.splitlines(keepends=True):
        body = chunk.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
        # A byte-order mark left at the start of text passed in memory is not part of the title.
        rest = body.lstrip().lstrip("\ufeff").lstrip()
        stripped = rest.rstrip()
        start = pos + len(body) - len(rest) if stripped else pos
        lines.append(Line(start, start + len(stripped), stripped))
        pos += len(chunk)
    return lines


def nonblank(lines: Iterable[Line]) -> list[Line]:
    return [line for line in lines if line.text]


def key(text: str) -> str:
    """Comparison key of a heading or label: case-folded, white space collapsed, trailing ``:`` dropped."""
    return " ".join(text.split()).rstrip(" :").casefold()


def joined(lines: Sequence[Line]) -> str | None:
    """The lines' text read as one field value (markdown escapes read through, line breaks kept)."""
    return clean_block("\n".join(line.text for line in lines))


def span(lines: Sequence[Line]) -> tuple[int, int] | None:
    """``(start, end)`` from the first line's first character to the last non-blank line's last one."""
    body = nonblank(lines)
    if not body:
        return None
    return body[0].start, body[-1].end


def criteria_in(text: str, region: tuple[int, int] | None) -> list[Criterion]:
    """Split the eligibility region of a page; offsets index the whole file's text."""
    if region is None or region[0] >= region[1]:
        return []
    return split_criteria(text, region[0], region[1])


#: Intervention type labels as the sites print them before a name ("Drug: Aspirin"). Matched whole,
#: so "Other Names:" or "Drug Interactions:" are not read as an intervention of type OTHER or DRUG.
INTERVENTION_LABELS: dict[str, str] = {
    "drug": "DRUG",
    "biological": "BIOLOGICAL",
    "biological/vaccine": "BIOLOGICAL",
    "device": "DEVICE",
    "procedure": "PROCEDURE",
    "procedure/surgery": "PROCEDURE",
    "radiation": "RADIATION",
    "behavioral": "BEHAVIORAL",
    "behavioural": "BEHAVIORAL",
    "genetic": "GENETIC",
    "dietary supplement": "DIETARY_SUPPLEMENT",
    "combination product": "COMBINATION_PRODUCT",
    "diagnostic test": "DIAGNOSTIC_TEST",
    "other": "OTHER",
}
_TYPED_NAME = re.compile(r"^([A-Za-z][A-Za-z /]{0,30}?)\s*:\s*(\S.*)$")


def intervention_ref(text: str) -> tuple[str, str] | None:
    """``"Drug: IBI363(PD-1/IL-2a-bias)"`` -> ``("DRUG", "IBI363(PD-1/IL-2a-bias)")``, else None."""
    m = _TYPED_NAME.match(text)
    if not m or key(m.group(1)) not in INTERVENTION_LABELS:
        return None
    name = clean(m.group(2))
    return (INTERVENTION_LABELS[key(m.group(1))], name) if name else None


_ENROLLMENT = re.compile(
    r"^(\d[\d,]*)\s*(?:(estimated|anticipated|actual)\s+)?(?:participants?|patients?|subjects?)?"
    r"\s*(?:\[?\(?(estimated|anticipated|actual)\)?\]?)?$",
    re.I,
)


def enrollment(text: str | None, *, type: str | None = None) -> Enrollment | None:
    """``"412 participants"``, ``"35 estimated patients"``, ``"40 participants (Actual)"`` -> Enrollment.

    ``type`` is what the field's label said ("Estimated Enrollment" -> ESTIMATED); a word in the value
    itself wins. A value without either keeps type None rather than guessing.
    """
    m = _ENROLLMENT.match(clean(text) or "")
    if not m:
        return None
    word = (m.group(2) or m.group(3) or "").lower()
    if word:
        type = "ACTUAL" if word == "actual" else "ESTIMATED"
    return Enrollment(count=int(m.group(1).replace(",", "")), type=type)  # type: ignore[arg-type]


def link_arms(arms: list[Arm], interventions: list[Intervention]) -> list[Intervention]:
    """Fill each intervention's ``arms`` from the arms that name it; add interventions only arms name.

    Matching is on the cleaned, case-folded name, since both lists come from the same page.
    """
    by_name = {key(i.name): i for i in interventions}
    out = list(interventions)
    for arm in arms:
        for name in arm.interventions:
            found = by_name.get(key(name))
            if found is None:
                found = by_name[key(name)] = Intervention(name=name)
                out.append(found)
            if arm.label not in found.arms:
                found.arms = [*found.arms, arm.label]
    return out


def dedupe(values: Iterable[str | None]) -> list[str]:
    """Drop empties and repeats, keeping the first occurrence's order."""
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
    return out


def token(text: str) -> str:
    """Upper-snake token of a value line (``"Not yet enrolling"`` -> ``NOT_YET_ENROLLING``)."""
    return enum_token(text) or ""
