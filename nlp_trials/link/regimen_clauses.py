"""Cut a description into the clauses a regimen's details stay inside.

A drug's dose, route and schedule are written in the same clause as the drug: the regimen linker
never attaches a modifier across a clause boundary (except the paragraph-wide "Courses repeat every
21 days", which :mod:`.regimen` handles). Boundaries:

* ``;`` and sentence ends (". " before a capital, a digit or a bracket; not "1.2", "e.g.", "approx.");
* line breaks that end a short line or start a list item (records wrap long lines, so a break
  inside running text is not a boundary);
* "followed by" and "then" (a sequence: "AC x 4, followed by docetaxel"), and "while" or "whereas"
  before another group ("..., while group B volunteers received ...");
* before a drug that opens a colon item ("...; Temozolomide: 200-300mg", "Surufatinib: 250mg,
  ..., Temozolomide: ..."), whose start offsets the caller passes as ``item_starts``.

Paragraphs (blank lines), arm headings ("Arm I:", "Group B.", "Cohort 2:") and treatment phases
("Induction:", "Intensive continuation:") start a new *scope*:
a drugless "Courses repeat every 21 days" applies to the drugs of its scope only. A description's
section headings ("OBJECTIVES:", "OUTLINE:", "PROJECTED ACCRUAL:") also start a *section*, which
nothing is shared across: the drugs an objective names are not the ones the outline repeats.

(:mod:`.clauses` is the eligibility side's: criteria need other boundaries, such as every line end.)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from .schedule_parse import REST

#: Lines shorter than this end with their break (a list, "Route: oral"); longer ones were wrapped.
SHORT_LINE = 60

_SENTENCE_END_RE = re.compile(r"\.(?=\s+[\"'(\[]?[A-Z0-9])")
#: Words whose period is not a sentence end ("approx. 2 years", "e.g. Cisplatin", "vs. Placebo").
_ABBREVIATIONS = frozenset({"approx", "vs", "no", "nos", "e.g", "i.e", "etc", "dr", "st", "fig", "ref", "incl", "max", "min"})
_SEMICOLON_RE = re.compile(r";")
#: A sequence boundary ("..., followed by", "and then"); :mod:`.regimen` reads it again between two
#: clauses to tell infusions given one after the other on the same days.
#: A rest is no step: "daily on days 1-14 followed by 2 weeks of rest for 6 courses" is one clause.
#: "X is then given on days 8-14" tells when X is given, no next step.
SEQUENCE_RE = re.compile(
    r",?\s*\b(?:followed\s+by|and\s+then|(?<!\bis\s)(?<!\bare\s)(?<!\bwas\s)(?<!\bwere\s)(?<!\bbe\s)then)\b(?!\s+" + REST + ")", re.I
)
#: "while" or "whereas" before another group: "group A received voriconazole ... while group B
#: volunteers received Voriz (2 x 200mg)" tells two groups' treatments.
_CONTRAST_RE = re.compile(
    r",?\s*\b(?:while|whereas)\b(?=\s+(?:the\s+)?(?:other\s+)?(?:(?:group|arm|cohort)[- ]?[A-Za-z0-9]{0,3}\s+)?"
    r"(?:patients|participants|subjects|volunteers|controls?|groups?|arms?|cohorts?|those)\b)",
    re.I,
)
_LIST_ITEM_RE = re.compile(r"[ \t]*(?:[-*•·]|\d{1,2}[.)]\s|\(?[a-z]\)\s|[A-Z][A-Za-z ]{0,30}:)")
_SCOPE_HEAD_RE = re.compile(
    r"\b(?:[Aa]rms?|ARMS?|[Gg]roups?|GROUPS?|[Cc]ohorts?|COHORTS?|[Rr]egimens?|REGIMENS?|[Ss]trat(?:um|a)|STRAT(?:UM|A)"
    r"|[Pp]arts?|PARTS?|[Pp]hases?|PHASES?)"
    r"\s+(?:[A-Z]{1,3}|[IVX]{1,5}|\d{1,2}[A-Za-z]?)\b\s*[:.)-]"
    # Treatment phases: "Induction:", "Consolidation therapy:", "Intensive continuation:".
    r"|(?:\b[A-Z][a-z]+\s+)?\b(?i:induction|re-?induction|consolidation|intensification|continuation|maintenance|conditioning"
    r"|mobilization|salvage)(?:\s+(?i:therapy|phase|treatment|chemotherapy))?\s*:"
)

#: Section headings of a description (PDQ-style "OBJECTIVES:" / "OUTLINE:", "Background:"), at the
#: start of a line, up to two words before the heading word ("PRIMARY OBJECTIVES:").
_SECTION_HEAD_RE = re.compile(
    r"^[ \t]*(?:[A-Za-z-]+[ \t]+){0,2}(?i:objectives?|outline|rationale|purpose|background|accrual|study\s+design"
    r"|overview|hypothes[ei]s|aims?|endpoints?)[ \t]*[:;]",  # "OUTLINE;" is a typo of records
    re.M,
)


@dataclass(frozen=True)
class Clause:
    """``text[start:end]``, the scope (paragraph or arm section) and the section (under one
    heading such as "OUTLINE:") it belongs to."""

    start: int
    end: int
    scope: int
    section: int = 0


def _line_breaks(text: str) -> Iterable[tuple[int, int, bool]]:
    """(start, end, paragraph?) of each line break that ends a clause."""
    for m in re.finditer(r"\n(?:[ \t]*\n)*", text):
        paragraph = m.group(0).count("\n") > 1
        line_start = text.rfind("\n", 0, m.start()) + 1
        line = text[line_start : m.start()]
        if paragraph or len(line.strip()) < SHORT_LINE or _LIST_ITEM_RE.match(text, m.end()):
            yield m.start(), m.end(), paragraph


def _abbreviation_before(text: str, period: int) -> bool:
    """Is the period at ``period`` the end of an abbreviation ("approx.", "e.g.")?"""
    m = re.search(r"([A-Za-z.]+)$", text[max(0, period - 12) : period])
    if m is None:
        return False
    word = m.group(1).lower().lstrip(".")
    return word in _ABBREVIATIONS or (len(word) == 1 and word.islower() and text[period - 2 : period - 1] == ".")


def _in_brackets(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside a bracket opened on its line, at most 200 characters before it,
    and closed within 80 characters."""
    line = text[max(text.rfind("\n", 0, pos) + 1, pos - 200) : pos]
    depth = 0
    for ch in line:
        depth = depth + 1 if ch in "([" else max(0, depth - 1) if ch in ")]" else depth
    if depth == 0:
        return False
    # The bracket the semicolon stands in must close soon: a long bracketed list of drugs
    # ("(patients receive vincristine ...; cyclophosphamide (CTX) ...; doxorubicin ...)") has clauses.
    inner = 0
    for ch in text[pos : pos + 80]:
        if ch in "([":
            inner += 1
        elif ch in ")]":
            if inner == 0:
                return True
            inner -= 1
        elif ch == "\n":
            break
    return False


def clause_bounds(text: str, item_starts: Iterable[int] = ()) -> list[Clause]:
    """The clauses of ``text`` in order, covering every character that is not a boundary itself."""
    cuts: list[tuple[int, int, bool]] = []  # (boundary start, boundary end, opens a new scope?)
    cuts.extend(_line_breaks(text))
    cuts.extend((m.start(), m.end(), False) for m in _SENTENCE_END_RE.finditer(text) if not _abbreviation_before(text, m.start()))
    # A semicolon inside brackets separates parts of one detail: "(400 mg; 2 tablets x 200 mg)".
    cuts.extend((m.start(), m.end(), False) for m in _SEMICOLON_RE.finditer(text) if not _in_brackets(text, m.start()))
    cuts.extend((m.start(), m.end(), False) for m in SEQUENCE_RE.finditer(text))
    cuts.extend((m.start(), m.end(), False) for m in _CONTRAST_RE.finditer(text))
    cuts.extend((i, i, False) for i in item_starts)
    cuts.extend((m.start(), m.start(), True) for m in _SCOPE_HEAD_RE.finditer(text))
    cuts.sort()
    sections = [m.start() for m in _SECTION_HEAD_RE.finditer(text)]
    clauses: list[Clause] = []
    pos, scope = 0, 0
    for a, b, new_scope in cuts:
        if a < pos:
            scope += new_scope  # a heading right after a boundary still opens its scope
            pos = max(pos, b)
            continue
        if text[pos:a].strip():
            clauses.append(Clause(pos, a, scope, bisect_right(sections, pos)))
        scope += new_scope
        pos = b
    if text[pos:].strip():
        clauses.append(Clause(pos, len(text), scope, bisect_right(sections, pos)))
    return clauses
