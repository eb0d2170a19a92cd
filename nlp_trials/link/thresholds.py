"""Lab tests and their values: which LAB_VALUE belongs to which LAB_TEST, and for which patients.

Attachment policy (:func:`link_values`), inside one clause (:mod:`.boundaries`):

1. A value belongs to the tests written since the previous value, if the last of them comes shortly
   before it ("neutrophil count ≥ 1.5×10 9 /L", "Blood oxygen saturation is ≤ 95%"); a list of tests
   shares it ("AST, ALT<2.5X ULN", "Amylase and lipase ≤ 1.5 × ULN", "platelet count (PLT) ≥ 75").
   When other entities stand between and a test follows the value at once, the value is that
   test's (rule 3): "2+ proteinuria within 2 weeks; not nursing; Negative pregnancy test".
2. A value with no test of its own right after another value ("≤ 2.5×ULN (<5 X ULN if liver
   metastases are present)", "Hb ≥ 9 g/dL or 5.6 mmol/L") is a variant of it: same tests.
3. A value written before its test ("Positive HIV antibody test", "≥ 2+ of urine protein") takes the
   test right after it, unless that test's own value follows it at once ("< 4 mm2 plaque burden > 70%").
4. A value only for some patients says so after it ("(<5 X ULN if liver metastases are present)",
   "≤ 5×ULN for patients with bone metastases") or before its tests ("for patients with liver
   metastasis, AST and ALT < 5×ULN"): the qualifier, and the DISEASE tagged in it (APPLIES_WHEN).
5. A value inside "if ..., " is the condition of what follows ("If serum creatinine is > 1.5 × ULN,
   creatinine clearance > 50 mL/min"): it is marked a condition, and its text becomes the qualifier
   of the values of the rest of the clause.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .boundaries import clause_end, clause_start, coordinated, same_clause
from .spans import APPLIES_WHEN, HAS_VALUE, Entity, Relation

# Between a test and a later value: a coordinator or a semicolon, after which a new item may start.
_JOINED_RE = re.compile(r"\b(?:and|or)\b|;", re.I)
#: Most characters between a test and its value ("Blood oxygen saturation is ≤ 95%", "hemoglobin
#: (without transfusion within 7 days) ≥ 9 g/dL").
MAX_TEST_GAP = 60
# Between a value and its variant: a comma, an opening bracket, "or".
_VARIANT_GAP_RE = re.compile(r"^\s*(?:,\s*)?(?:[(\[]\s*)?(?:(?:or|and)\s*)?(?:[(\[]\s*)?$", re.I)
# Between a value written first and its test: "Positive HIV antibody test", "≥ 2+ of urine protein".
_VALUE_FIRST_GAP_RE = re.compile(r"^\s*(?:(?:of|for|in|on)\s+)?(?:the\s+)?$", re.I)
_PATIENTS = r"(?:patients|subjects|participants|those|people|persons|cases|individuals|women|men)"
# After a value: "(<5 X ULN if liver metastases are present)", "for patients with bone metastases",
# "in case of liver involvement", "in subjects with Gilbert's syndrome".
_SUFFIX_QUALIFIER_RE = re.compile(
    r"\s*(?:[,(\[]\s*)?(?:(?:if|when|unless|in\s+case\s+of|in\s+the\s+presence\s+of)\s+(?:there\s+(?:is|are)\s+)?(?:(?:the\s+)?"
    + _PATIENTS
    + r"\s+(?:with|who\s+have|having)\s+)?|(?:for|in)\s+(?:the\s+)?"
    + _PATIENTS
    + r"\s+(?:with|who\s+have|who\s+has|having|of)\s+)(?P<q>[^;)\]\n]+?)\s*(?=[;)\]\n]|,|\.\s|\.$|$)",
    re.I,
)
# Before the tests, in the same clause: "for patients with liver metastasis, AST and ALT < 5×ULN".
_PREFIX_QUALIFIER_RE = re.compile(
    r"\b(?:(?:for|in)\s+(?:the\s+)?" + _PATIENTS + r"\s+(?:with|who\s+have|having)|if\s+(?:there\s+(?:is|are)\s+)?|in\s+case\s+of)\s+(?P<q>[^,;:]+?)\s*,\s*$",
    re.I,
)
# "QTcF > 450 ms (male) or > 470 ms (female)": a bound for one sex.
_SEX_RE = re.compile(r"\s*\(\s*(?:for\s+|in\s+)?(?P<q>males?|females?|men|women)\s*\)", re.I)
_PRESENT_RE = re.compile(r"\s+(?:is|are)\s+(?:present|documented|known|confirmed)$", re.I)
# "If serum creatinine is > 1.5 × ULN," : the value is the condition of the rest of the clause.
_CONDITION_OPEN_RE = re.compile(r"\b(?:if|when|in\s+case)\b(?![^,]*\bif\b)[^,]*$", re.I)
_CONDITION_CLOSE_RE = re.compile(r"^\s*(?:,|then\b)", re.I)


@dataclass(frozen=True)
class ValueLink:
    """A LAB_VALUE with the tests it belongs to and the patients it is for."""

    value: Entity
    tests: tuple[Entity, ...]
    qualifier: str | None = None
    disease: Entity | None = None
    is_condition: bool = False
    variant_of: Entity | None = None  # the value this one is a variant of (rule 2)


def _own_tests(text: str, tests: list[Entity], value: Entity, since: int) -> list[Entity]:
    """Rule 1: the list of tests that ends shortly before ``value``, all written after ``since``."""
    before = [t for t in tests if t.end <= value.start and t.start >= since]
    if not before:
        return []
    last = before[-1]
    gap = text[last.end:value.start]
    if len(gap) > MAX_TEST_GAP or not same_clause(text, last.end, value.start):
        return []
    return coordinated(text, before, len(before) - 1)


def _test_after(text: str, tests: list[Entity], value: Entity, values: Sequence[Entity] = ()) -> list[Entity]:
    """Rule 3: the test (with its list) right after a value written first, unless the test's own
    value follows it at once ("MLA < 4 mm2 plaque burden > 70%": "plaque burden" is the 70%'s)."""
    after = [t for t in tests if t.start >= value.end]
    if not after or not _VALUE_FIRST_GAP_RE.match(text[value.end:after[0].start]):
        return []
    group = [after[0]]
    for t in after[1:]:
        if not re.match(r"^[\s,/()]*$", text[group[-1].end:t.start]):
            break
        group.append(t)
    later = [v for v in values if v.start >= group[-1].end]
    if later and _OWN_VALUE_GAP_RE.match(text[group[-1].end:later[0].start]):
        return []
    return group


#: Between a test and the value that is its own: nothing, a colon or an equals sign.
_OWN_VALUE_GAP_RE = re.compile(r"^\s*(?:[:=]\s*)?$")


def _suffix_qualifier(text: str, value: Entity) -> tuple[str, int, int] | None:
    limit = clause_end(text, value.end)
    m = _SUFFIX_QUALIFIER_RE.match(text, value.end, limit) or _SEX_RE.match(text, value.end, limit)
    if not m or not m.group("q").strip():
        return None
    q = _PRESENT_RE.sub("", m.group("q").strip())
    start = m.start("q")
    return q, start, start + len(q)


def _prefix_qualifier(text: str, first_test: Entity, since: int) -> tuple[str, int, int] | None:
    begin = max(clause_start(text, first_test.start), since)
    m = _PREFIX_QUALIFIER_RE.search(text, begin, first_test.start)
    if not m:
        return None
    q = _PRESENT_RE.sub("", m.group("q").strip())
    start = m.start("q")
    return q, start, start + len(q)


def _disease_in(entities: list[Entity], start: int, end: int) -> Entity | None:
    return next((e for e in entities if e.label == "DISEASE" and e.start >= start and e.end <= end), None)


def _is_condition(text: str, value: Entity, tests: tuple[Entity, ...]) -> bool:
    if not tests:
        return False
    head = text[clause_start(text, tests[0].start):tests[0].start]
    return bool(_CONDITION_OPEN_RE.search(head)) and bool(_CONDITION_CLOSE_RE.match(text[value.end:]))


def link_values(text: str, entities: list[Entity]) -> list[ValueLink]:
    """Every LAB_VALUE of ``text`` with its tests and qualifier (rules 1-5 of the module docstring), in text order."""
    ents = sorted(entities, key=lambda e: (e.start, e.end))
    tests = [e for e in ents if e.label == "LAB_TEST"]
    values = [e for e in ents if e.label == "LAB_VALUE"]
    links: list[ValueLink] = []
    previous: ValueLink | None = None
    for value in values:
        since = previous.value.end if previous else 0
        own = _own_tests(text, tests, value, since)
        if own and (
            any(own[-1].end <= e.start and e.end <= value.start for e in ents)
            or _JOINED_RE.search(text[own[-1].end : value.start])
        ):
            # Other entities, or "and"/"or"/";" stand between: a test right after the value is its
            # own ("at least 2+ proteinuria ... Not pregnant or nursing Negative pregnancy test",
            # "a negative serum pregnancy test at screening and a negative urine pregnancy test").
            after = _test_after(text, tests, value, values)
            if after:
                own = []
        qualifier = None
        variant_of = None
        if own:
            found = tuple(own)
            qualifier = _prefix_qualifier(text, own[0], since)
            if qualifier is None and previous is not None and previous.is_condition and same_clause(text, previous.value.end, value.start):
                cond = text[previous.tests[0].start:previous.value.end]
                qualifier = (cond, previous.tests[0].start, previous.value.end)
        elif previous is not None and previous.tests and _VARIANT_GAP_RE.match(text[previous.value.end:value.start]):
            found = previous.tests
            variant_of = previous.value
        else:
            found = tuple(_test_after(text, tests, value, values))
        suffix = _suffix_qualifier(text, value)
        if suffix is not None:
            qualifier = suffix
        if not found:
            previous = ValueLink(value=value, tests=())
            continue
        disease = _disease_in(ents, qualifier[1], qualifier[2]) if qualifier else None
        link = ValueLink(
            value=value,
            tests=found,
            qualifier=qualifier[0] if qualifier else None,
            disease=disease,
            is_condition=_is_condition(text, value, found),
            variant_of=variant_of,
        )
        links.append(link)
        previous = link
    return links


_ABBREVIATION_RE = re.compile(r"^[A-Za-z0-9-]{1,8}$")


def _without_abbreviations(text: str, tests: tuple[Entity, ...]) -> list[Entity]:
    """The tests less an abbreviation in brackets right after its long form ("platelet count (PLT)"):
    the relation goes to the long form, once, as curated corpora (Chia) annotate it."""
    out: list[Entity] = []
    for t in tests:
        prev = out[-1] if out else None
        if (
            prev is not None
            and re.fullmatch(r"\s*\(\s*", text[prev.end:t.start])
            and ((t.norm is not None and t.norm == prev.norm) or (_ABBREVIATION_RE.match(t.text) and t.text.upper() == t.text))
        ):
            continue
        out.append(t)
    return out


def value_relations(text: str, entities: list[Entity]) -> list[Relation]:
    """HAS_VALUE from each test to its value, and APPLIES_WHEN from a value to the disease it is for."""
    out: list[Relation] = []
    for link in link_values(text, entities):
        out.extend(Relation(head=t, tail=link.value, label=HAS_VALUE) for t in _without_abbreviations(text, link.tests))
        if link.disease is not None:
            out.append(Relation(head=link.value, tail=link.disease, label=APPLIES_WHEN))
    return out
