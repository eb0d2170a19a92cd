"""The grade a criterion puts on a condition: "Grade ≥ 2 neuropathy", "diarrhea > grade 1".

Oncology criteria bound adverse events and toxicities by their CTCAE grade ("grade 3 or 4
hypertension", "peripheral neuropathy of grade ≥ 2") and tumours by theirs ("WHO grade II glioma").
The grade is no lab test and no entity of its own: it is read from the words right before or right
after a DISEASE span and given to that span as a parsed attribute (``span._.grade``), with the
characters it was read from. A toxicity of earlier treatment (:data:`TOXICITY_IDS`) is read to the
end of its clause: "Toxicities from prior therapy must have resolved to ≤ Grade 1" (resolved to
grade 1 is grade 1 at most), "toxicities from prior chemotherapy ≥ Grade 2". Pure functions over a
Span; no state. DOCS: issue 3 (entity pipeline).
"""

from __future__ import annotations

import re
from typing import Any

from spacy.tokens import Span

from ..labels import DISEASE

#: Grades as written: digits 0-5 or Roman numerals I-V.
_GRADE = r"(?:[0-5]|iv|v|i{1,3})(?![\w+])"
_COMPARATOR = r"(?:≥|≤|>=|<=|=>|=<|>/=|</=|>|<|greater\s+than|more\s+than|higher\s+than|less\s+than|lower\s+than|at\s+least|at\s+most|up\s+to|above|below|over|under)"
_AFTER_WORDS = r"(?:higher|greater|more|above|worse|less|lower|below|better)"
#: "≥ grade 2", "grade ≥ 2", "grade 3-4", "grade 3 or 4", "grade 2 or higher", "CTCAE grade 3".
_PHRASE = (
    rf"(?:(?P<cmp1>{_COMPARATOR})\s*)?(?:ctcae\s+|nci\s+ctcae\s+|nci-ctcae\s+)?grades?\s*(?:(?P<cmp2>{_COMPARATOR})\s*)?"
    rf"(?P<a>{_GRADE})(?:\s*(?:-|–|to|or|and|/)\s*(?P<b>{_GRADE}))?(?:\s+or\s+(?P<post>{_AFTER_WORDS}))?"
)
#: The phrase right before the condition, with at most a bracketed aside, a hyphen or two words
#: between ("Grade ≥2 neuropathy", "grade 3 or higher peripheral neuropathy", "Grade ≥ 3 (according
#: to NCI CTCAE v5.0 criteria) hematologic toxicity"). The words between are small-letter
#: qualifiers on the same line: a conjunction or a negation ends the reach ("Grade 2 neuropathy or
#: alopecia"), and so does a capital or a line break, which start the next item in run-on registry
#: text ("neuropathy greater than grade 1 No significant neurologic disorder").
_BEFORE_RE = re.compile(
    rf"(?P<all>(?i:{_PHRASE}))(?:\s*\([^()]{{0,80}}\))?(?:\s*-)?"
    rf"(?:(?P<between>(?:[ \t]+(?!(?:or|and|nor|with|without|of|in|to|no|not|non|never)(?:\s|$))[a-z][\w-]*){{1,2}})[ \t]*|\s*)$",
)
#: The phrase right after it: "diarrhea > grade 1", "neuropathy (grade ≥ 2)", "hypertension of grade 3".
_AFTER_RE = re.compile(rf"^\s*(?:(?:\(|:|of|at)\s*)?(?P<all>{_PHRASE})", re.I)
#: How far before or after a condition a grade is looked for, in tokens.
WINDOW_TOKENS = 12

#: Conditions that criteria bound by the grade they must have come back to: the toxicities of
#: earlier treatment ("Toxicities from prior therapy must have resolved to ≤ Grade 1").
GENERIC_TOXICITY_ID = "disease:adverse event"
TOXICITY_IDS = frozenset({GENERIC_TOXICITY_ID, "disease:immune-related adverse event"})
#: How far after a toxicity its resolution grade is looked for, in tokens (to the end of the clause):
#: "All toxicities attributed to prior anti-cancer therapy other than alopecia and fatigue must have
#: resolved to grade 1".
RESOLUTION_WINDOW_TOKENS = 30
#: A word of resolution, after the toxicity ("must have resolved", "recovered") or before it
#: ("Resolution of all acute toxic effects of prior therapy to grade ≤ 1").
_RESOLUTION_RE = re.compile(r"\b(?:resolv|recover|return|improv|resolution)\w*", re.I)
#: A negation right before the resolution word: "has not recovered", "not yet resolved", "hasn't".
_NOT_RE = re.compile(r"\b(?:not|n't|never)\s+(?:(?:yet|fully|completely)\s+)?$|n't\s+$", re.I)
#: The grade a toxicity that has not resolved to a bound has: "not recovered to ≤ 1" is > 1.
_UNRESOLVED = {"<=": ">", "<": ">="}
#: A grade phrase anywhere.
_PHRASE_RE = re.compile(rf"(?P<all>{_PHRASE})", re.I)
#: The grade it resolves to: "to ≤ Grade 1", "to grade 1 or baseline", "to baseline or grade ≤ 1".
_RESOLVED_TO_RE = re.compile(rf"\bto\s+(?:an?\s+)?(?:(?:baseline|pre-?treatment\s+levels?)\s+or\s+)?(?P<all>{_PHRASE})", re.I)
#: The end of a clause (not the point of "version 5.0"), or of an item: a line that starts with a
#: capital, a digit or a bullet (a line wrapped inside an item starts with a small letter).
_CLAUSE_END_RE = re.compile(r"[.;](?!\d)|\n\s*(?=[A-Z\d•*-])")

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
_COMPARATORS = {
    "≥": ">=", ">=": ">=", "=>": ">=", ">/=": ">=", "at least": ">=",
    "≤": "<=", "<=": "<=", "=<": "<=", "</=": "<=", "at most": "<=", "up to": "<=",
    ">": ">", "greater than": ">", "more than": ">", "higher than": ">", "above": ">", "over": ">",
    "<": "<", "less than": "<", "lower than": "<", "below": "<", "under": "<",
}  # fmt: skip
_AFTER_COMPARATORS = {
    "higher": ">=", "greater": ">=", "more": ">=", "above": ">=", "worse": ">=",
    "less": "<=", "lower": "<=", "below": "<=", "better": "<=",
}  # fmt: skip


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
    # Token windows, not doc.text: a Doc rebuilds its whole text on every access. The window before
    # holds a bracketed aside ("Grade ≥ 3 (according to NCI CTCAE v5.0 criteria) hematologic").
    before = doc[max(0, span.start - 2 * WINDOW_TOKENS) : span.start]
    offset = before.start_char if len(before) else span.start_char
    before_text = before.text_with_ws if len(before) else ""
    found = _BEFORE_RE.search(before_text)
    if found is not None and found["between"]:
        # The words between are the condition's qualifiers, not another condition.
        gap_start = offset + found.end("all")
        if any(e.label_ == DISEASE and gap_start <= e.start_char < span.start_char for e in doc.ents):
            found = None
    if found is None and span.id_ in TOXICITY_IDS:
        resolved = _resolution_grade(span)
        if resolved is not None:
            return resolved
    if found is None:
        after = doc[span.end : span.end + WINDOW_TOKENS]
        offset = span.end_char
        gap = after.start_char - span.end_char if len(after) else 0
        found = _AFTER_RE.match(" " * gap + after.text) if len(after) else None
        if found is None:
            return _later_grade(span) if span.id_ in TOXICITY_IDS else None
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


def _clause_after(span: Span) -> str:
    """The text after ``span`` to the end of its clause (at most RESOLUTION_WINDOW_TOKENS tokens),
    starting at ``span.end_char``."""
    after = span.doc[span.end : span.end + RESOLUTION_WINDOW_TOKENS]
    if not len(after):
        return ""
    text = " " * (after.start_char - span.end_char) + after.text
    end = _CLAUSE_END_RE.search(text)
    return text[: end.start()] if end else text


def _later_grade(span: Span) -> dict[str, Any] | None:
    """The first grade later in a toxicity's clause with no other condition before it: "toxicities
    from prior chemotherapy ≥ Grade 2"."""
    text = _clause_after(span)
    found = _PHRASE_RE.search(text)
    if found is None or (found.start("all") > 0 and text[found.start("all") - 1].isalnum()):
        return None
    start, end = span.end_char + found.start("all"), span.end_char + found.end("all")
    # A condition between them, or within two words after the grade ("... or grade 2 neuropathy",
    # "≥ Grade 2 immune-related myocarditis"), owns it.
    words_after = re.match(r"(?:\s*\S+){0,2}", text[found.end("all") :])
    reach = end + (words_after.end() if words_after else 0)
    if any(e.label_ == DISEASE and (span.end_char <= e.start_char < start or end <= e.start_char <= reach) for e in span.doc.ents):
        return None
    return {**parse_grade(found), "start": start, "end": end, "text": found["all"]}


def _resolution_grade(span: Span) -> dict[str, Any] | None:
    """The grade a toxicity must have resolved to, read to the end of its clause, or None."""
    doc = span.doc
    text = _clause_after(span)
    if not text:
        return None
    word = _RESOLUTION_RE.search(text)
    if word is None:
        before = doc[max(0, span.start - 4) : span.start]
        if not _RESOLUTION_RE.search(before.text):
            return None
    found = _RESOLVED_TO_RE.search(text, word.end() if word else 0)
    if found is None:
        return None
    start, end_char = span.end_char + found.start("all"), span.end_char + found.end("all")
    grade = parse_grade(found)
    if grade["comparator"] == "=":
        grade["comparator"] = "<="  # resolved to grade 1: grade 1 at most
    if word is not None and _NOT_RE.search(text[: word.start()]) and grade["comparator"] in _UNRESOLVED:
        # "not recovered to ≤ Grade 1": the toxicity is still above grade 1.
        grade["comparator"] = _UNRESOLVED[grade["comparator"]]
    return {**grade, "start": start, "end": end_char, "text": found["all"]}


__all__ = ["GENERIC_TOXICITY_ID", "RESOLUTION_WINDOW_TOKENS", "TOXICITY_IDS", "WINDOW_TOKENS", "condition_grade", "parse_grade"]
