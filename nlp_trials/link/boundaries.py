"""Clause boundaries and coordinated lists in criteria: the two text facts every eligibility rule needs.

A modifier is linked only inside its clause (criteria chain unrelated requirements with ";" and
sentences), and one modifier often serves a list of heads ("AST, ALT < 2.5 × ULN", "Amylase and
lipase ≤ 1.5 × ULN"): :func:`coordinated` finds such a list from its last member.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from .spans import Entity

# A sentence ends at ". " before a capital letter or digit; a decimal point has no space after it.
# ";" and "\r" (a record's own line end) always end a clause; "\n" is decided by :func:`_line_ends`.
_BOUNDARY_RE = re.compile(r";|\r|\.\s+(?=[A-Z0-9(\[\"'])|\.$")
_LIST_ITEM_RE = re.compile(r"[ \t]*(?:$|\n|[-*•·]|\d{1,2}[.)]\s|\(?[a-z][.)]\s)")
#: A line at least this long, ending without punctuation or space, was wrapped by the registry's
#: text layout (classic XML wraps near 70 characters), not ended by its author.
WRAP_WIDTH = 60
# Between two members of a list: punctuation and at most one conjunction ("AST, ALT", "AST and ALT",
# "alanine aminotransferase (ALT)", "HBsAg and/or HBc antibody").
_CONNECTOR_RE = re.compile(r"^[\s,/&()]*(?:(?:and/or|and|or)\b[\s,/&()]*)?$", re.I)
# A list member the pipeline did not tag, one short word between commas ("AST, ALT, alfa-GT and
# alkaline phosphatase"), does not break the list.
_SKIP_ONE_RE = re.compile(r"^\s*,\s*[A-Za-z][\w-]{0,11}\s*(?:,\s*(?:and|or)?|\s(?:and|or|and/or))\s*$", re.I)


def _line_ends(text: str) -> list[int]:
    """Offsets of the line ends that end a clause: not those of a wrapped line.

    A line goes on when the next one continues a sentence (lower case, or a number that is not a
    list marker), when it is a long line cut without punctuation, or when it is a short label whose
    value the next line holds ("Life expectancy:" / "At least 1 year" in classic XML). A blank
    line, a list item and a line that ends in a space end the clause.
    """
    out = []
    line_start = 0
    for m in re.finditer(r"\n", text):
        pos = m.start()
        line = text[line_start:pos]
        line_start = pos + 1
        nxt = text[pos + 1:]
        if line.endswith("\r"):
            continue  # the "\r" already ends it
        if _LIST_ITEM_RE.match(nxt) or line != line.rstrip(" \t"):
            out.append(pos)
            continue
        stripped = nxt.lstrip(" \t")
        if stripped[:1].islower() or stripped[:1].isdigit():
            continue
        if len(line) >= WRAP_WIDTH and line[-1:] not in ".;!?":
            continue
        if _LABEL_LINE_RE.match(line):
            continue  # "Life expectancy:" / "Greater than 12 weeks": a label and its value
        out.append(pos)
    return out


#: A line that is a short label ending in a colon, whose value the next line holds ("Life
#: expectancy:\nGreater than 12 weeks", as PDQ records wrap their sub-headings' items).
_LABEL_LINE_RE = re.compile(r"^\s*\S+(?:[ \t]+\S+){0,3}:$")


@lru_cache(maxsize=256)
def _breaks(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every clause boundary, in order (cached: every rule asks about the same text)."""
    spans = [(m.start(), m.end()) for m in _BOUNDARY_RE.finditer(text)] + [(p, p + 1) for p in _line_ends(text)]
    return tuple(sorted(spans))


@lru_cache(maxsize=256)
def unwrapped(text: str) -> str:
    """``text`` with the newlines of wrapped lines (those :func:`_line_ends` keeps inside a clause)
    as spaces: same length, so offsets hold, and a phrase reads across the wrap ("since prior
    myeloid growth\n     factor")."""
    if "\n" not in text:
        return text
    ends = set(_line_ends(text))
    chars = list(text)
    for m in re.finditer("\n", text):
        if m.start() not in ends:
            chars[m.start()] = " "
    return "".join(chars)


def clause_breaks(text: str) -> list[int]:
    """Offsets of every clause boundary in ``text`` (";", line ends that end a line, sentence-final ".")."""
    return [a for a, _ in _breaks(text)]


def same_clause(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` crosses no clause boundary."""
    return not any(start <= a < end for a, _ in _breaks(text))


def clause_start(text: str, at: int) -> int:
    """Offset where the clause holding offset ``at`` begins."""
    last = 0
    for a, b in _breaks(text):
        if b > at:
            break
        last = b
    return last


def clause_end(text: str, at: int) -> int:
    """Offset where the clause holding offset ``at`` ends (its boundary, or the text's end)."""
    for a, _ in _breaks(text):
        if a >= at:
            return a
    return len(text)


def is_connector(gap: str) -> bool:
    """True when ``gap`` only joins two members of a list (bare spaces do not: "molecular weight heparin")."""
    return (_CONNECTOR_RE.match(gap) is not None or _SKIP_ONE_RE.match(gap) is not None) and bool(gap.strip())


def coordinated(text: str, members: Sequence[Entity], last: int) -> list[Entity]:
    """The list that ends with ``members[last]``: walk back while the gaps are list connectors.

    ``members`` are in text order; the result is too.
    """
    group = [members[last]]
    i = last
    while i > 0 and is_connector(text[members[i - 1].end:members[i].start]):
        i -= 1
        group.insert(0, members[i])
    return group
