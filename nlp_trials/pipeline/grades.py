"""The grade a criterion puts on a condition: "Grade ≥ 2 neuropathy", "diarrhea > grade 1".

Oncology criteria bound adverse events and toxicities by their CTCAE grade ("grade 3 or 4
hypertension", "peripheral neuropathy of grade ≥ 2") and tumours by theirs ("WHO grade II glioma").
The grade is no lab test and no entity of its own: it is read from the words right before or right
after a DISEASE span and given to that span as a parsed attribute (``span._.grade``), with the
characters it was read from. Pure functions over a Span; no state. DOCS: issue 3 (entity pipeline).
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span

from ..labels import DISEASE

#: Grades as written: digits 0-5 or Roman numerals I-V.
_GRADE = r"(?:[0-5]|iv|v|i{1,3})(?![\w+])"
_COMPARATOR = r"(?:≥|≤|>=|<=|=>|=<|>/=|</=|>|<|greater\s+than|more\s+than|higher\s+than|less\s+than|lower\s+than|at\s+least|at\s+most|up\s+to|above|below|over|under)"
_AFTER_WORDS = r"(?:higher|greater|more|above|worse|less|lower|below)"
#: "≥ grade 2", "grade ≥ 2", "grade 3-4", "grade 3 or 4", "grade 2 or higher", "CTCAE grade 3".
_PHRASE = (
    rf"(?:(?P<cmp1>{_COMPARATOR})\s*)?(?:ctcae\s+|nci\s+ctcae\s+|nci-ctcae\s+)?grades?\s*(?:(?P<cmp2>{_COMPARATOR})\s*)?"
    rf"(?P<a>{_GRADE})(?:\s*(?:-|–|to|or|and|/)\s*(?P<b>{_GRADE}))?(?:\s+or\s+(?P<post>{_AFTER_WORDS}))?"
)
#: The phrase right before the condition, with at most a hyphen or a few qualifiers between:
#: "Grade ≥2 neuropathy", "grade 3 or higher peripheral neuropathy".
_BEFORE_RE = re.compile(rf"(?P<all>{_PHRASE})(?:\s*-)?\s*$", re.I)
#: The phrase right after it: "diarrhea > grade 1", "neuropathy (grade ≥ 2)", "hypertension of grade 3".
_AFTER_RE = re.compile(rf"^\s*(?:(?:\(|:|of|at)\s*)?(?P<all>{_PHRASE})", re.I)
#: How far before or after a condition a grade is looked for, in tokens.
WINDOW_TOKENS = 12

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
_COMPARATORS = {
    "≥": ">=", ">=": ">=", "=>": ">=", ">/=": ">=", "at least": ">=",
    "≤": "<=", "<=": "<=", "=<": "<=", "</=": "<=", "at most": "<=", "up to": "<=",
    ">": ">", "greater than": ">", "more than": ">", "higher than": ">", "above": ">", "over": ">",
    "<": "<", "less than": "<", "lower than": "<", "below": "<", "under": "<",
}  # fmt: skip
_AFTER_COMPARATORS = {"higher": ">=", "greater": ">=", "more": ">=", "above": ">=", "worse": ">=", "less": "<=", "lower": "<=", "below": "<="}


def _grade_number(text: str) -> int:
    return int(text) if text.isdigit() else _ROMAN[text.lower()]


def parse_grade(match: re.Match[str]) -> dict[str, Any]:
    """``{"comparator", "value"}`` or ``{"comparator": "between", "low", "high"}`` of a grade phrase."""
    a = _grade_number(match["a"])
    if match["b"]:
        b = _grade_number(match["b"])
        return {"comparator": "between", "low": float(min(a, b)), "high": float(max(a, b))}
    written = match["cmp1"] or match["cmp2"]
    comparator = _COMPARATORS.get(" ".join(written.lower().split())) if written else None
    if match["post"]:
        comparator = _AFTER_COMPARATORS[match["post"].lower()]
    return {"comparator": comparator or "=", "value": float(a)}


def condition_grade(span: Span) -> dict[str, Any] | None:
    """The grade bound written right before or after the DISEASE ``span``, or None.

    Returns:
        ``{"comparator", "value"}`` (or ``"between"`` with ``"low"``/``"high"``) and ``"start"``,
        ``"end"``, ``"text"``: the grade phrase's characters in the doc. The phrase before the
        condition wins ("Grade 3 rash (grade 2 allowed)").
    """
    if span.label_ != DISEASE:
        return None
    doc = span.doc
    # Token windows, not doc.text: a Doc rebuilds its whole text on every access.
    before = doc[max(0, span.start - WINDOW_TOKENS) : span.start]
    offset = before.start_char if len(before) else span.start_char
    before_text = before.text_with_ws if len(before) else ""
    found = _BEFORE_RE.search(before_text)
    if found is None:
        after = doc[span.end : span.end + WINDOW_TOKENS]
        offset = span.end_char
        gap = after.start_char - span.end_char if len(after) else 0
        found = _AFTER_RE.match(" " * gap + after.text) if len(after) else None
        if found is None:
            return None
        # "alopecia Grade 2 peripheral neuropathy": a grade right before another condition is that one's.
        following = span.end_char + found.end("all")
        rest = found.string[found.end("all") :]
        skipped = len(rest) - len(rest.lstrip())
        if any(e.label_ == DISEASE and e.start_char == following + skipped for e in doc.ents):
            return None
    start, end = offset + found.start("all"), offset + found.end("all")
    # A grade phrase is whole words: "upgrade 2" and "grade 2a" are none.
    if found.start("all") > 0 and found.string[found.start("all") - 1].isalnum():
        return None
    return {**parse_grade(found), "start": start, "end": end, "text": found["all"]}


__all__ = ["WINDOW_TOKENS", "condition_grade", "parse_grade"]
