"""Summary facts a screener asks first, read from the criteria: ECOG, life expectancy, prior lines,
measurable disease and ages.

ECOG and life expectancy come from the criteria's lab thresholds (their ``eligible_if``, so an
exclusion "ECOG ≥ 2" allows 0-1); prior lines, measurable disease and ages are read from the text
with the patterns below, because the pipeline tags no entity for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..quantities import DAYS_PER_UNIT
from ..schema import Age, Criterion
from ..schema.eligibility_objects import LabThreshold, LineRange, ScoreRange

ECOG_TEST = "ecog performance status"
KARNOFSKY_TEST = "karnofsky performance status"
LIFE_EXPECTANCY_TEST = "life expectancy"
#: The worst ECOG grade (dead): a bound above it is on another scale.
ECOG_MAX = 5

_NUMBER_WORDS = {
    "zero": 0, "no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4,
}
_NUM = r"(?:\d+|zero|one|two|three|four|five|six|seven|eight|first|second|third|fourth|1st|2nd|3rd|4th)"
_AT_LEAST = r"(?:at\s+least|≥|>=|a\s+minimum\s+of|minimum\s+of|not\s+less\s+than|no\s+less\s+than)"
_AT_MOST = r"(?:at\s+most|≤|<=|no\s+more\s+than|not\s+more\s+than|up\s+to|a\s+maximum\s+of|maximum\s+of|not\s+exceeding)"
_MORE_THAN = r"(?:more\s+than|greater\s+than|>|over)"
_FEWER_THAN = r"(?:fewer\s+than|less\s+than|<)"
_LINES = (
    r"(?:(?:prior|previous|preceding)\s+)?(?:(?:systemic|standard|chemotherapy|treatment|therapeutic|anti-?cancer|anti-?tumou?r|palliative)\s+){0,2}"
    r"(?:lines?|regimens?)(?!\s+of\s+(?:hepatic|renal))"
    r"|(?:prior|previous)\s+(?:(?:systemic|chemotherapy|anti-?cancer|anti-?tumou?r)\s+){0,2}(?:therapy|therapies|treatments?|regimens?)"
)
_LINE_RE = re.compile(
    r"(?P<cmp>" + _AT_LEAST + "|" + _AT_MOST + "|" + _MORE_THAN + "|" + _FEWER_THAN + r")?\s*(?P<a>" + _NUM + r")"
    r"(?:\s*(?:-|–|to|or)\s*(?P<b>" + _NUM + r"))?\s*(?:\(\s*\d\s*\)\s*)?(?:-line\s+|\s+)?(?:" + _LINES + r")\b",
    re.I,
)
_UNTREATED_RE = re.compile(
    r"\b(?:previously\s+untreated|treatment[- ]na[iï]ve|no\s+prior\s+(?:systemic\s+)?(?:therapy|treatment|chemotherapy)|not\s+(?:previously\s+)?received\s+(?:any\s+)?(?:prior\s+)?systemic)", re.I
)
_MEASURABLE_RE = re.compile(r"\bmeasurable\s+(?:disease|lesions?|target\s+lesions?|tumou?rs?)\b|\b(?:one|1)\s+(?:\w+\s+){0,3}measurable\b", re.I)
_NOT_MEASURABLE_RE = re.compile(r"\b(?:non-?|not\s+|un)measurable\b", re.I)
_CRITERIA_RE = re.compile(
    r"\b(?P<name>i?RECIST|mRECIST|RANO(?:-BM)?|iRANO|Lugano|IMWG|PCWG3|GCIG|Cheson|IWG|mSWAT|Choi)\b(?:\s*(?:criteria|guidelines?)?\s*[,(]?\s*(?:v(?:ersion)?\.?\s*)?(?P<ver>\d\.\d))?",
)
_AGE_RANGE_RE = re.compile(
    r"\b(?:age[sd]?|aged)\b[^0-9;.]{0,20}?(?P<a>\d{1,2})\s*(?:-|–|to|~)\s*(?P<b>\d{1,3})\s*(?:years?|yrs?)", re.I
)
_AGE_MIN_RE = re.compile(
    r"(?:\b(?:age[sd]?|aged)\b\s*(?:of\s+)?(?:≥|>=|=>|at\s+least|over|above|greater\s+than\s+or\s+equal\s+to|≧)\s*(?P<a>\d{1,2})"
    r"|(?:≥|>=|at\s+least)\s*(?P<b>\d{1,2})\s*(?:years?|yrs?)\s*(?:of\s+age|old)"
    r"|\b(?P<c>\d{1,2})\s*(?:years?|yrs?)\s*(?:of\s+age\s+)?(?:or|and)\s+(?:older|above|over))",
    re.I,
)


def _num(word: str) -> int:
    w = word.lower()
    return int(w) if w.isdigit() else _NUMBER_WORDS[w]


def _intersect(a: ScoreRange | None, low: float | None, high: float | None) -> ScoreRange:
    if a is None:
        return ScoreRange(low=low, high=high)
    lo = a.low if low is None else low if a.low is None else max(a.low, low)
    hi = a.high if high is None else high if a.high is None else min(a.high, high)
    return ScoreRange(low=lo, high=hi)


def _score_bounds(t: LabThreshold) -> tuple[float | None, float | None] | None:
    """The allowed range of an integer score from a threshold's eligible_if."""
    e = t.eligible_if
    if e is None or e.comparator is None:
        return None
    v = e.value
    match e.comparator:
        case "between":
            return e.low, e.high
        case "<=":
            return 0, v
        case "<":
            return 0, (v - 1 if v is not None else None)
        case ">=":
            return v, ECOG_MAX
        case ">":
            return (v + 1 if v is not None else None), ECOG_MAX
        case "=":
            return v, v
        case "outside" if e.low is not None and e.low > 0 and (e.high or 0) >= ECOG_MAX - 1:
            return 0, e.low - 1
    return None


def ecog_range(criteria: Iterable[Criterion]) -> ScoreRange | None:
    """ECOG an eligible patient may have: the thresholds on the ECOG test, intersected; None when
    they leave nothing (ranges of different cohorts: "ECOG 0-2 ... ECOG 3" of two arms)."""
    out: ScoreRange | None = None
    for c in criteria:
        for t in c.lab_thresholds:
            if t.test == ECOG_TEST and not t.is_condition and t.applies_when is None:
                bounds = _score_bounds(t)
                # A bound off the 0-5 scale is a misread of another scale, not an ECOG range.
                if bounds is not None and all(b is None or 0 <= b <= ECOG_MAX for b in bounds):
                    out = _intersect(out, *bounds)
    if out is not None and out.low is not None and out.high is not None and out.low > out.high:
        return None
    return out


def life_expectancy_weeks(criteria: Iterable[Criterion]) -> float | None:
    """The life expectancy an inclusion criterion requires, in weeks (1 decimal)."""
    for c in criteria:
        for t in c.lab_thresholds:
            e = t.eligible_if
            if t.test != LIFE_EXPECTANCY_TEST or e is None or e.comparator not in (">=", ">") or e.value is None:
                continue
            per = DAYS_PER_UNIT.get(e.unit or "")
            if per is not None:
                return round(e.value * per / 7, 1)
    return None


def prior_lines(criteria: Iterable[Criterion]) -> LineRange | None:
    """How many prior lines of therapy the criteria allow."""
    low: int | None = None
    high: int | None = None
    for c in criteria:
        exclusion = c.kind == "exclusion"
        for m in _LINE_RE.finditer(c.text):
            a = _num(m.group("a"))
            b = _num(m.group("b")) if m.group("b") else None
            cmp = (m.group("cmp") or "").lower()
            lo: int | None
            hi: int | None
            if b is not None:
                lo, hi = a, b
            elif re.fullmatch(_AT_LEAST, cmp, re.I):
                lo, hi = a, None
            elif re.fullmatch(_AT_MOST, cmp, re.I):
                lo, hi = None, a
            elif re.fullmatch(_MORE_THAN, cmp, re.I):
                lo, hi = a + 1, None
            elif re.fullmatch(_FEWER_THAN, cmp, re.I):
                lo, hi = None, a - 1
            elif re.search(r"\b(?:failed|progressed|received|after|refractory|relapsed)\b", c.text[max(0, m.start() - 80):m.start()], re.I):
                lo, hi = a, None  # "failed two prior lines": at least that many
            else:
                continue
            if exclusion:
                # An excluded count turns around: "more than 2 prior lines" excluded -> at most 2.
                lo, hi = (None, lo - 1) if lo is not None and hi is None else (hi + 1, None) if hi is not None and lo is None else (None, None)
            if lo is not None:
                low = lo if low is None else max(low, lo)
            if hi is not None:
                high = hi if high is None else min(high, hi)
        if c.kind == "inclusion" and _UNTREATED_RE.search(c.text):
            high = 0
    if low is None and high is None:
        return None
    if low is not None and high is not None and low > high:
        return None  # the criteria contradict each other (or a rule misread one): state nothing
    return LineRange(min=low, max=high)


def measurable_disease(criteria: Iterable[Criterion]) -> str | bool | None:
    """The response criteria an inclusion criterion requires measurable disease by, or True, or None."""
    for c in criteria:
        if c.kind != "inclusion":
            continue
        m = _MEASURABLE_RE.search(c.text)
        if m is None or _NOT_MEASURABLE_RE.search(c.text[max(0, m.start() - 4):m.end()]):
            continue
        crit = _CRITERIA_RE.search(c.text)
        if crit is None:
            return True
        return f"{crit.group('name')} {crit.group('ver')}" if crit.group("ver") else crit.group("name")
    return None


#: What follows an "Age" sub-heading (PDQ's "Age:" / "- 15 to 65", "Age: 18 and over", "Age: Over 1
#: to 21", "Age: 3 and over (older patients ...)", "Age: under 21"): the years are implied.
_HEADED_RANGE_RE = re.compile(r"^(?:over\s+)?(?P<a>\d{1,3})\s*(?:-|–|to)\s*(?P<b>\d{1,3})\b(?!\s*(?:months?|weeks?|days?)\b)", re.I)
_HEADED_MIN_RE = re.compile(
    r"^(?:(?P<a>\d{1,2})\s+(?:and|or)\s+(?:over|older|above)|(?:over|above|at\s+least|greater\s+than(?:\s+or\s+equal\s+to)?)\s+(?P<b>\d{1,2}))\b"
    r"(?!\s*(?:months?|weeks?|days?)\b)",
    re.I,
)
_HEADED_MAX_RE = re.compile(
    r"^(?:under|below|younger\s+than|up\s+to|less\s+than(?:\s+or\s+equal\s+to)?)\s+(?P<b>\d{1,3})\b(?!\s*(?:months?|weeks?|days?)\b)", re.I
)
_AGE_LABEL_RE = re.compile(r"^\s*age\s*:\s*", re.I)


def is_age_heading(heading: str | None) -> bool:
    """Is a criterion's sub-heading the PDQ "Age" label?"""
    return " ".join((heading or "").lower().split()).rstrip(":") == "age"


def headed_ages(text: str) -> tuple[Age | None, Age | None]:
    """The ages an item under an "Age" sub-heading states ("15 to 65", "Age: 18 and over", "under
    21"); none for "Not specified", "Any age" or an amount in months."""
    text = _AGE_LABEL_RE.sub("", text, count=1).strip()
    if m := _HEADED_RANGE_RE.match(text):
        a, b = int(m.group("a")), int(m.group("b"))
        return (Age(value=a, unit="YEARS"), Age(value=b, unit="YEARS")) if a < b <= 120 else (None, None)
    if (m := _HEADED_MIN_RE.match(text)) and not re.match(r"\W*or\b", text[m.end() :], re.I):
        # Not "65 and over OR Postmenopausal": a younger patient may be eligible the other way.
        return Age(value=int(m.group("a") or m.group("b")), unit="YEARS"), None
    if m := _HEADED_MAX_RE.match(text):
        return None, Age(value=int(m.group("b")), unit="YEARS")
    return None, None


def ages(criteria: Iterable[Criterion]) -> tuple[Age | None, Age | None]:
    """Minimum and maximum age (years) stated in the inclusion criteria's text, or in the items of
    an "Age" sub-heading (:func:`headed_ages`)."""
    low: Age | None = None
    high: Age | None = None
    for c in criteria:
        if c.kind != "inclusion":
            continue
        if is_age_heading(c.heading) and low is None and high is None:
            low, high = headed_ages(c.text)
            if low is not None or high is not None:
                continue
        m = _AGE_RANGE_RE.search(c.text)
        if m and low is None:
            a, b = int(m.group("a")), int(m.group("b"))
            if a < b <= 120:
                low, high = Age(value=a, unit="YEARS"), Age(value=b, unit="YEARS")
                continue
        m = _AGE_MIN_RE.search(c.text)
        if m and low is None:
            low = Age(value=int(m.group("a") or m.group("b") or m.group("c")), unit="YEARS")
    return low, high
