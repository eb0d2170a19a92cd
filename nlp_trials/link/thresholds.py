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
   "≤ 5×ULN for patients with bone metastases", "allowed for patients with ...") or before its
   tests ("for patients with liver metastasis, AST and ALT < 5×ULN"; "for HCC, AST ≤ 5 × ULN" when
   a DISEASE is all there is): the qualifier, and the DISEASE tagged in it (APPLIES_WHEN).
   A value for all but some patients says so after it ("≥ 1.0 × 10^9/L unless due to marrow
   involvement", "(except in patients with Gilbert's syndrome)"): the qualifier is marked ``unless``
   (APPLIES_UNLESS), and a value after it for those patients ("..., then ≤ 5 × ULN", "..., in which
   case ≤ 5 × ULN") takes the same tests with the qualifier as its own.
5. A value inside "if ..., " is the condition of what follows ("If serum creatinine is > 1.5 × ULN,
   creatinine clearance > 50 mL/min"): it is marked a condition, and its text becomes the qualifier
   of the values of the rest of the clause. So is a value inside the qualifier of the value before
   ("QTc > 510 ms if QRS > 120 ms").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .boundaries import clause_end, clause_start, coordinated, same_clause
from .spans import APPLIES_UNLESS, APPLIES_WHEN, HAS_VALUE, Entity, Relation

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
# "(PSA < 15 ng/mL allowed for patients with benign prostatic hyperplasia)",
# "in case of liver involvement", "in subjects with Gilbert's syndrome"; or the patients it is not
# for ("unless due to marrow involvement", "except in patients with Gilbert's syndrome").
_SUFFIX_QUALIFIER_RE = re.compile(
    r"\s*(?:[,(\[]\s*)?(?:(?:if|when|(?P<unless>unless|except(?:\s+(?:if|when|with|(?:in|for)(?:\s+(?:the\s+)?cases?\s+of)?))?)|in\s+case\s+of|in\s+the\s+presence\s+of)\s+"
    r"(?:there\s+(?:is|are)\s+)?(?:(?:the\s+)?"
    + _PATIENTS
    + r"\s+(?:with|who\s+have|having)\s+)?|(?:(?:(?:is|are)\s+)?(?:allowed|permitted|acceptable|accepted)\s+)?(?:for|in)\s+(?:the\s+)?"
    + _PATIENTS
    + r"\s+(?:with|who\s+have|who\s+has|having|of)\s+)(?P<q>(?:[^;:()\[\]\n]|\n\s*(?=(?-i:[a-z])))+?)\s*(?=[;:()\[\]]|\n(?!\s*(?-i:[a-z]))|,|\.\s|\.$|$)",
    re.I,
)
# A capital right after a value, with only a space between: the next item of a run-on list.
_NEXT_ITEM_RE = re.compile(r"\s+[A-Z]")
# A heading of the next item in a run-on list ("... (unless due to disease) Renal: Creatinine"):
# a qualifier ends before it.
_HEADING_RE = re.compile(r"\s[A-Z][A-Za-z]*:")
# A capitalized word right after a lower-case one: where the next item of a run-on list starts
# ("unless Gilbert's syndrome PT and aPTT normal", "... pulmonary disease Reasonable respiratory
# reserve"), unless a function word comes before it ("SGOT and/or SGPT", "due to CML"), it is a
# single letter ("hepatitis C") or it starts the name of a disease or drug ("elevation is due to
# Crixivan").
_CAPITAL_AFTER_LOWER_RE = re.compile(r"(?<=[a-z0-9] )[A-Z][A-Za-z]")
_FUNCTION_WORDS = frozenset(
    "and or nor of to by with from in on for the a an than as at has have is are not".split()
)
# After a qualifier of the patients a value is not for, the value that is for them: "(unless
# related to liver metastases, then no greater than 5 × ULN)", "(unless liver metastases are
# present, in which case ≤ 5 × ULN)".
_OTHERWISE_RE = re.compile(
    r"^(?:\s+(?:is|are)\s+(?:present|documented|known|confirmed))?(?:\s*[,;])?\s*(?:then|in\s+(?:which|that|this|such\s+a)\s+case|where)(?:\s*[:,])?\s*$",
    re.I,
)
# Before the tests, in the same clause: "for patients with liver metastasis, AST and ALT < 5×ULN".
_PREFIX_QUALIFIER_RE = re.compile(
    r"\b(?:(?:for|in)\s+(?:the\s+)?" + _PATIENTS + r"\s+(?:with|who\s+have|having)|if\s+(?:there\s+(?:is|are)\s+)?|in\s+case\s+of)\s+(?P<q>[^,;:]+?)\s*,\s*$",
    re.I,
)
_PREFIX_DISEASE_RE = re.compile(r"(?:^|[\s(:])(?:for|in)\s+(?:(?:the\s+)?cases?\s+of\s+)?(?P<q>[^,;:()]+?)\s*,\s*$", re.I)
# "QTcF > 450 ms (male) or > 470 ms (female)": a bound for one sex.
_SEX_RE = re.compile(r"\s*\(\s*(?:for\s+|in\s+)?(?P<q>males?|females?|men|women)\s*\)", re.I)
# "QTcF > 470 ms for females and > 450 ms for males", "<26 kg in men": the same, unbracketed.
_SEX_AFTER_RE = re.compile(r"\s+(?:for|in)\s+(?P<q>males?|females?|men|women)\b", re.I)
_SEXES = frozenset({"male", "males", "female", "females", "men", "women"})
# Between a bound for one sex and the bound for the other: "> 470 ms for females and > 450 ms",
# "(male) or > 470 ms", "<26 kg in men; <18 kg in women".
_SEX_GAP_RE = re.compile(r"^\s*(?:[)\]]\s*)?(?:[,;]\s*)?(?:(?:or|and)\s+)?$", re.I)
_PRESENT_RE = re.compile(r"\s+(?:(?:is|are)\s+)?(?:present|documented|known|confirmed)$", re.I)
# "If serum creatinine is > 1.5 × ULN," : the value is the condition of the rest of the clause.
# An "if" closed by a bracket opened before it ("(5 times ULN if elevations due to liver
# metastasis) Renal: ...") opens no condition over what follows.
_CONDITION_OPEN_RE = re.compile(r"\b(?:if|when|in\s+case)\b(?![^,]*\bif\b)[^,)]*$", re.I)
_CONDITION_CLOSE_RE = re.compile(r"^\s*(?:,|then\b)", re.I)


@dataclass(frozen=True)
class Qualifier:
    """The patients a value is (or, with ``unless``, is not) for, as written, and where."""

    text: str
    start: int
    end: int
    unless: bool = False
    match_end: int = 0  # end of the whole qualifying phrase ("... are present")


@dataclass(frozen=True)
class ValueLink:
    """A LAB_VALUE with the tests it belongs to and the patients it is (or is not) for."""

    value: Entity
    tests: tuple[Entity, ...]
    patients: Qualifier | None = None
    disease: Entity | None = None
    is_condition: bool = False
    variant_of: Entity | None = None  # the value this one is a variant of (rule 2)
    conditions_before: bool = False  # a condition of the value before it ("QTc > 510 if QRS > 120")

    @property
    def qualifier(self) -> str | None:
        """The patients as written; null when the value is for everyone."""
        return self.patients.text if self.patients else None

    @property
    def unless(self) -> bool:
        """True when the qualifier names the patients the value is not for."""
        return self.patients is not None and self.patients.unless


_ABBREVIATION_RE = re.compile(r"^[A-Za-z0-9-]{1,8}$")


def _names_the_same_test(before: Entity, bracketed: Entity) -> bool:
    """Does ``bracketed``, written in brackets after ``before``, name the same test: the same norm, or
    a short form in capitals ("platelet count (PLT)", "ANC (absolute neutrophil count ...")?"""
    if bracketed.norm is not None and bracketed.norm == before.norm:
        return True
    return bool(_ABBREVIATION_RE.match(bracketed.text)) and bracketed.text.upper() == bracketed.text


def _own_tests(text: str, tests: list[Entity], value: Entity, since: int) -> list[Entity]:
    """Rule 1: the list of tests that ends shortly before ``value``, all written after ``since``; a
    value in brackets with other tests is theirs alone (:func:`_bracketed`)."""
    before = [t for t in tests if t.end <= value.start and t.start >= since]
    if not before:
        return []
    last = before[-1]
    gap = text[last.end:value.start]
    if len(gap) > MAX_TEST_GAP or not same_clause(text, last.end, value.start):
        return []
    return _bracketed(text, _last_series(text, coordinated(text, before, len(before) - 1)), value)


_CONJUNCTION_RE = re.compile(r"\b(?:and|or)\b", re.I)


def _last_series(text: str, tests: list[Entity]) -> list[Entity]:
    """The tests of a list after its first conjunction from the end, when another conjunction
    comes before it: in "prolonged PT, PTT, or thrombin time AND platelet count less than 25,000"
    the value is the platelet count's, "PT, PTT, or thrombin time" a series of its own."""
    joins = [k for k in range(1, len(tests)) if _CONJUNCTION_RE.search(text, tests[k - 1].end, tests[k].start)]
    # The series before is one only when commas list it ("PT, PTT, or thrombin time"): "AST or
    # ALT and alkaline phosphatase <= 2.5 x ULN" is one list.
    if len(joins) < 2 or not any("," in text[tests[k - 1].end : tests[k].start] for k in range(1, joins[-1]) if k not in joins):
        return tests
    return tests[joins[-1] :]


def _bracketed(text: str, own: list[Entity], value: Entity) -> list[Entity]:
    """The tests of ``own`` inside the bracket that also holds ``value``, when a bracket opens between
    two of them and stays open up to the value and the test after it is another test, not a short
    form or synonym of the one before: "adequate hepatic function (bilirubin less than 1.5 mg%)" is
    a threshold on bilirubin, not on hepatic function; "ANC (absolute neutrophil count ≥ 1500)"
    keeps both names."""
    for k in range(len(own) - 1, 0, -1):
        prev, test = own[k - 1], own[k]
        if "(" not in text[prev.end:test.start] or ")" in text[test.start:value.start]:
            continue
        if not _names_the_same_test(prev, test):
            return own[k:]
        break
    return own


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


def _qualifier(m: re.Match[str], stops: Sequence[int] = ()) -> Qualifier:
    """The qualifier of match ``m``, cut before the first of ``stops`` inside it, with the words
    that only say it holds ("are present") left out and its lines joined."""
    start, end = m.start("q"), m.end("q")
    end = min([end, *(i for i in stops if start < i < end)])
    heading = _HEADING_RE.search(m.string, start, end + 1)  # the colon may be where q stops
    raw = _PRESENT_RE.sub("", m.string[start : heading.start() if heading else end].rstrip(" \t\n,;:"))
    unless = bool(m.re.groupindex.get("unless") and m.group("unless"))
    return Qualifier(" ".join(raw.split()), start, start + len(raw), unless=unless, match_end=end)


def _after_function_word(text: str, pos: int) -> bool:
    word = re.search(r"(\w+) $", text[max(0, pos - 25) : pos])
    return word is not None and word.group(1) in _FUNCTION_WORDS


def _suffix_qualifier(text: str, value: Entity, entities: Sequence[Entity] = ()) -> Qualifier | None:
    limit = clause_end(text, value.end)
    m = _SUFFIX_QUALIFIER_RE.match(text, value.end, limit) or _SEX_RE.match(text, value.end, limit) or _SEX_AFTER_RE.match(text, value.end, limit)
    if not m or not m.group("q").strip():
        return None
    if _NEXT_ITEM_RE.match(text, value.end, m.end()):
        # A capital with nothing between starts the next item of a run-on list: "Alkaline
        # phosphatase less than 1.5 times normal If hepatitis C antibody positive, then ...".
        return None
    names = {e.start for e in entities if e.label in ("DISEASE", "DRUG")}
    stops = [
        c.start()
        for c in _CAPITAL_AFTER_LOWER_RE.finditer(text, m.start("q"), m.end("q"))
        if c.start() not in names and not _after_function_word(text, c.start())
    ]
    qualifier = _qualifier(m, stops)
    return qualifier if qualifier.text else None


def _prefix_qualifier(text: str, first_test: Entity, since: int, entities: Sequence[Entity] = ()) -> Qualifier | None:
    begin = max(clause_start(text, first_test.start), since)
    m = _PREFIX_QUALIFIER_RE.search(text, begin, first_test.start)
    if m is None:
        # "for HCC, AST and ALT ≤ 5 x ULN": a condition named alone before the tests.
        m = _PREFIX_DISEASE_RE.search(text, begin, first_test.start)
        if m is None or not any(e.label == "DISEASE" and (e.start, e.end) == m.span("q") for e in entities):
            return None
    return _qualifier(m)


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
            qualifier = _prefix_qualifier(text, own[0], since, ents)
            if qualifier is None and previous is not None and previous.is_condition and not previous.conditions_before and same_clause(text, previous.value.end, value.start):
                qualifier = Qualifier(text[previous.tests[0].start:previous.value.end], previous.tests[0].start, previous.value.end)
        elif previous is not None and previous.tests and _VARIANT_GAP_RE.match(text[previous.value.end:value.start]):
            found = previous.tests
            variant_of = previous.value
        elif (
            previous is not None and previous.tests and previous.patients is not None
            and previous.patients.text.lower() in _SEXES and _SEX_GAP_RE.match(text[previous.patients.match_end:value.start])
        ):
            # The same tests' bound for the other sex.
            found = previous.tests
            variant_of = previous.value
        elif (
            previous is not None and previous.tests and previous.patients is not None and previous.unless
            and _OTHERWISE_RE.match(text[previous.patients.match_end:value.start])
        ):
            # The value for the patients the one before is not for: same tests, for those patients.
            found = previous.tests
            variant_of = previous.value
            qualifier = replace(previous.patients, unless=False)
        else:
            found = tuple(_test_after(text, tests, value, values))
        suffix = _suffix_qualifier(text, value, ents)
        if suffix is not None:
            qualifier = suffix
        if not found:
            previous = ValueLink(value=value, tests=())
            continue
        disease = _disease_in(ents, qualifier.start, qualifier.end) if qualifier else None
        # "QTc > 510 if QRS > 120": the value inside the qualifier of the value before is its condition.
        in_condition = (
            previous is not None and previous.patients is not None and not previous.patients.unless
            and previous.patients.start <= found[0].start and value.end <= previous.patients.end
        )
        opens = _is_condition(text, value, found)
        link = ValueLink(
            value=value,
            tests=found,
            patients=qualifier,
            disease=disease,
            is_condition=in_condition or opens,
            variant_of=variant_of,
            conditions_before=in_condition and not opens,
        )
        links.append(link)
        previous = link
    return links


def _without_abbreviations(text: str, tests: tuple[Entity, ...]) -> list[Entity]:
    """The tests less an abbreviation in brackets right after its long form ("platelet count (PLT)"):
    the relation goes to the long form, once, as curated corpora (Chia) annotate it."""
    out: list[Entity] = []
    for t in tests:
        prev = out[-1] if out else None
        if prev is not None and re.fullmatch(r"\s*\(\s*", text[prev.end:t.start]) and _names_the_same_test(prev, t):
            continue
        out.append(t)
    return out


def value_relations(text: str, entities: list[Entity]) -> list[Relation]:
    """HAS_VALUE from each test to its value, and APPLIES_WHEN (APPLIES_UNLESS) from a value to the
    disease of the patients it is (is not) for."""
    out: list[Relation] = []
    for link in link_values(text, entities):
        out.extend(Relation(head=t, tail=link.value, label=HAS_VALUE) for t in _without_abbreviations(text, link.tests))
        if link.disease is not None:
            out.append(Relation(head=link.value, tail=link.disease, label=APPLIES_UNLESS if link.unless else APPLIES_WHEN))
    return out
