"""Read the numbers out of a regimen's modifier spans: days of a cycle, cycle length, cycle count, frequency.

Pure functions over strings (and the canonical FREQUENCY ids of ``patterns/frequencies.jsonl``), no
spaCy. What they read::

    "on Days 1 to 5"                     days [1, 2, 3, 4, 5]
    "on Days 1 and 8", "d1,8"            days [1, 8]
    "d10-d14", "days 1-3 and 15-17"      days [10..14], [1, 2, 3, 15, 16, 17]
    "Day 1 of each 21-day cycle"         days [1], cycle length 21
    "on the first day", "on the 1st day" days [1]
    "21-day cycles", "cycles of 3 weeks", "each cycle lasts 21 days"   cycle length 21
    "for 4 cycles", "for up to 6 courses", "for a total of four cycles"   cycles 4 / 6 / 4
    FREQUENCY "bid" / "q8h" / "q3w" / "2x/wk"    times a day 2 / 3 / - / -, interval 0.5 / 1/3 / 21 / 3.5 days

A frequency whose interval is a week or more (``q3w``, ``qw``, ``every 21 days``) is read as the
cycle (the patterns' README says so: after "Days 1 and 8", "every 21 days" is the cycle length); a
shorter one (``qd``, ``bid``, ``qod``, ``q8h``) is how often the drug is given within its days.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Days a month counts in a frequency or a cycle (as :data:`nlp_trials.quantities.DAYS_PER_UNIT`).
_DAYS = {"h": 1 / 24, "d": 1.0, "w": 7.0, "mo": 30.0, "yr": 365.0}
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "eighteen": 18, "twenty": 20, "twenty-one": 21, "twenty-four": 24, "twenty-eight": 28, "thirty": 30,
}
#: A count as trial text writes it: digits or a number word ("6", "six", "twenty-four").
COUNT = r"\d{1,3}|" + "|".join(sorted(_WORDS, key=len, reverse=True))
#: The most days a cycle (and a day list) may hold: beyond it the text is not a schedule we can trust.
MAX_DAY = 366

_NUM = r"-?\d{1,3}"
# A day token: "Day 1", "days 1", "d1", "D14", or a bare number after one of those.
_DAY_PREFIX_RE = re.compile(r"\b(?:days?|d)\s*(?=-?\d)", re.I)
_RANGE_RE = re.compile(rf"(?P<a>{_NUM})\s*(?:-|–|—|to|through|thru)\s*(?:days?\s*|d\s*)?(?P<b>{_NUM})(?!\s*-?\s*(?:day|week|wk)\b)", re.I)
_CYCLE_OF_RE = re.compile(r"\b(?:of|in)\s+(?:each|every|a|the|all|any)?\s*(?P<n>\d{1,3})\s*[-–]?\s*(?P<unit>days?|weeks?|weekly)\b", re.I)
#: A numbered cycle, course or week the days belong to ("days 2-4 of course 1", "day 1 of cycles
#: 2-6", "day 8 in week 2"): its numbers are no days.
_NUMBERED_PERIOD_RE = re.compile(
    r"\b(?:of|in|during|for)\s+(?:the\s+)?(?:cycles?|courses?|weeks?|months?|blocks?)\s+\d{1,3}(?:\s*(?:[-–]|,?\s*(?:to|through|and|or)\b|,)\s*\d{1,3}){0,8}\b",
    re.I,
)
_CYCLE_LEN_RE = re.compile(
    r"(?P<n>\d{1,3})\s*[-–]?\s*(?P<unit>days?|weeks?|weekly)\s+(?:(?:as|is|are)\s+(?:a|one|1|each)\s+)?(?:\w+\s+)?(?:cycles?|courses?)\b"
    r"|\b(?:cycles?|courses?)(?:\s+(?:of|lasting|lasts?|every|is|equals|will\s+be|consists\s+of)\s+|\s*=\s*)(?P<n2>"
    + COUNT
    + r")\s*(?P<unit2>days?|weeks?)\b",
    re.I,
)
_LENGTH_AFTER_RE = re.compile(r"\s*(?:-\s*)?(?:days?|weeks?|wk)\b", re.I)
_COUNT_RE = re.compile(r"\b(?P<n>" + COUNT + r")\b", re.I)


def _int(word: str) -> int | None:
    word = word.lower()
    if word.lstrip("-").isdigit():
        return int(word)
    return _WORDS.get(word)


#: "on day 4 and continuing through day 13" is the range 4-13.
_CONTINUING_RE = re.compile(r"\s+(?:and\s+)?(?:continu\w*|going\s+on)\s+(?:through|until|to)\s+", re.I)
_WINDOW_RE = re.compile(r"\bbetween\b", re.I)
_START_RE = re.compile(r"\b(?:beginning|starting|start(?:s|ed)?|from)\b", re.I)
_RANGE_WORD_RE = re.compile(r"\d\s*(?:-|–|—|to|through|thru)\s*(?:days?\s*|d\s*)?-?\d", re.I)
#: Ordinal days: "on the first day", "on the 1st day" are day 1.
ORDINAL_DAYS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5,
}
_ORDINAL_DAY_RE = re.compile(r"\b(?:the\s+)?(" + "|".join(ORDINAL_DAYS) + r")\s+day\b", re.I)


def parse_days(text: str) -> list[int]:
    """The days of a cycle a SCHEDULE names, sorted and unique; [] when it names none.

    A cycle clause inside the span ("Day 1 of each 21-day cycle") is left out of the days, and
    so are the numbers of the cycles or weeks named ("days 2-4 of course 1" -> [2, 3, 4]).
    """
    s = _CONTINUING_RE.sub(" through ", text.replace("\u2212", "-"))
    s = _ORDINAL_DAY_RE.sub(lambda m: f"day {ORDINAL_DAYS[m.group(1).lower()]}", s)
    if _WINDOW_RE.search(s) or (_START_RE.search(s) and not _RANGE_WORD_RE.search(s)):
        return []  # "beginning between days 50 and 70", "beginning day 29": when it starts, not the days it is given
    cut = _CYCLE_OF_RE.search(s)
    if cut:
        s = s[: cut.start()]
    s = _NUMBERED_PERIOD_RE.sub(" ", s)
    start = _DAY_PREFIX_RE.search(s)
    if start is None:
        return []
    s = s[start.end():]
    # Days are written "1-5", "1 to 5", "d10-d14": normalize "d14" to "14" after a separator.
    s = re.sub(r"\b(?:days?|d)\s*(?=-?\d)", "", s, flags=re.I)
    days: set[int] = set()
    pos = 0
    for m in _RANGE_RE.finditer(s):
        days.update(_single_days(s[pos : m.start()]))
        a, b = int(m.group("a")), int(m.group("b"))
        if a <= b and b - a <= MAX_DAY:
            days.update(range(a, b + 1))
        pos = m.end()
    days.update(_single_days(s[pos:]))
    return sorted(d for d in days if -MAX_DAY <= d <= MAX_DAY)


def _single_days(s: str) -> list[int]:
    return [int(n) for n in re.findall(r"(?<![\d.])-?\d{1,3}(?![\d.])", s)]


def parse_cycle_length(text: str) -> int | None:
    """Days in one cycle when ``text`` states it ("21-day cycle", "cycles of 3 weeks", "of each 28-day cycle")."""
    m = _CYCLE_LEN_RE.search(text)
    if m:
        n, unit = (m.group("n"), m.group("unit")) if m.group("n") else (m.group("n2"), m.group("unit2"))
        count = _int(n)
        return _cycle_days(count, unit) if count else None
    m = _CYCLE_OF_RE.search(text)
    if m and re.search(r"\b(?:cycles?|courses?)\b", text[m.end():], re.I):
        return _cycle_days(int(m.group("n")), m.group("unit"))
    return None


def _cycle_days(n: int, unit: str) -> int | None:
    days = n * (7 if unit.lower().startswith("week") else 1)
    return days if 1 <= days <= MAX_DAY else None


#: A time of rest: "2 weeks of rest", "a 14 day rest", "one week off", "4 week break".
REST = r"(?:an?\s+)?(?P<n>\d{1,2}|" + "|".join(_WORDS) + r")[- ]?(?P<unit>days?|weeks?|wks?)\s+(?:of\s+)?(?:rest|off|break)\b"
#: A rest written right after the time a drug is given: ", followed by 2 weeks of rest", " with 14
#: day rest", ", then one week off", " followed by 4 week break".
_REST_AFTER_RE = re.compile(r"[\s,;]*(?:(?:and|then)\s+)?(?:(?:followed\s+by|then|with)\s+)?" + REST, re.I)


_NEXT_STEP_RE = re.compile(r"[\s,;]*(?:and\s+)?(?:then|followed\s+by|before)\b", re.I)


def rest_cycle_length(on_days: float, after: str) -> int | None:
    """The cycle a drug given for ``on_days`` days makes with the rest written right after
    (``after`` is the text that follows): "daily x 28 days with 14 day rest" -> 42, "days 1-14
    followed by 2 weeks of rest" -> 28; None without a rest, or when a next step follows it."""
    m = _REST_AFTER_RE.match(after)
    # A rest before the next step is a pause, not a cycle: "melphalan on 2 consecutive days,
    # followed by 1 day of rest, then by PBSC transplantation".
    if m is None or on_days < 1 or _NEXT_STEP_RE.match(after, m.end()):
        return None
    word = m.group("n").lower()
    n = int(word) if word.isdigit() else _WORDS[word]
    days = round(on_days + n * (7 if m.group("unit").lower().startswith("w") else 1))
    return days if days <= MAX_DAY else None


def parse_count(text: str) -> int | None:
    """How many cycles or doses a SCHEDULE counts ("for 4 cycles" -> 4, "up to 6 courses" -> 6,
    "a maximum of 4-6 cycles" -> 6, "for a total of four cycles" -> 4, "two 28 day cycles" -> 2): the
    largest number it names that is not a cycle length."""
    # "two 28 day cycles": 28 is the cycle's length, not the count.
    numbers = [
        n for m in _COUNT_RE.finditer(text)
        if (n := _int(m.group("n"))) is not None and n > 0 and not _LENGTH_AFTER_RE.match(text, m.end())
    ]
    return max(numbers) if numbers else None


@dataclass(frozen=True)
class Frequency:
    """How often, read from a FREQUENCY's canonical id ("qd", "bid", "q8h", "q3w", "2x/wk", "prn")."""

    times_per_day: float | None
    interval_days: float | None

    @property
    def is_cycle(self) -> bool:
        """A week or more between doses: the span gives the cycle ("every 21 days", "Q3W", "weekly")."""
        return self.interval_days is not None and self.interval_days >= 7 and self.times_per_day is None


_WITHIN_DAY = {"qd": 1, "qam": 1, "qpm": 1, "qhs": 1, "bid": 2, "tid": 3, "qid": 4}
_EVERY_RE = re.compile(r"^q(?P<n>\d+(?:\.\d+)?)?(?P<unit>h|d|w|mo|yr)$")
_TIMES_RE = re.compile(r"^(?P<n>\d+(?:\.\d+)?)x/(?P<unit>d|wk|mo)$")


def parse_frequency(norm: str | None) -> Frequency:
    """Times a day and days between doses for a canonical FREQUENCY id; both None when unknown (``prn``)."""
    key = (norm or "").strip().lower()
    if key in _WITHIN_DAY:
        n = _WITHIN_DAY[key]
        return Frequency(times_per_day=float(n), interval_days=1.0 / n)
    if key == "qod":
        return Frequency(times_per_day=None, interval_days=2.0)
    if key in ("qw", "qmo", "qyr"):
        key = {"qw": "q1w", "qmo": "q1mo", "qyr": "q1yr"}[key]
    m = _EVERY_RE.match(key)
    if m:
        n = float(m.group("n") or 1)
        unit = m.group("unit")
        if unit == "h":
            return Frequency(times_per_day=24.0 / n if n <= 24 else None, interval_days=n / 24.0)
        return Frequency(times_per_day=1.0 if unit == "d" and n == 1 else None, interval_days=n * _DAYS[unit])
    m = _TIMES_RE.match(key)
    if m:
        n = float(m.group("n"))
        unit = m.group("unit")
        if unit == "d":
            return Frequency(times_per_day=n, interval_days=1.0 / n)
        return Frequency(times_per_day=None, interval_days=(7.0 if unit == "wk" else 30.0) / n)
    return Frequency(times_per_day=None, interval_days=None)


def spaced_days(interval_days: float | None, length_days: float | None, cycle_days: int | None) -> list[int]:
    """The days a drug given every ``interval_days`` (a week or more) for ``length_days`` of a longer
    cycle is given on: "weekly for 3 weeks of a 28-day cycle" -> [1, 8, 15]; [] unless all three
    are known, whole, and the interval and the length are both shorter than the cycle ("for 5 days
    every 4 weeks" is no weekly drug: its frequency is the cycle)."""
    if not (interval_days and length_days and cycle_days) or interval_days < 7 or length_days >= cycle_days or interval_days >= cycle_days:
        return []
    if not float(interval_days).is_integer() or not float(length_days).is_integer():
        return []
    return list(range(1, int(length_days) + 1, int(interval_days)))


def repeated_days(days: list[int], interval_days: float | None, length_days: float | None, cycle_days: int | None) -> list[int]:
    """The days of each week (or other interval of a week or more) of a longer cycle, repeated over
    the weeks the drug is given: "on days 1 and 4 weekly for 4 weeks, every 6 weeks" -> [1, 4, 8,
    11, 15, 18, 22, 25]; over the whole cycle when no length is stated ("on day 1 weekly, courses
    repeat every 4 weeks" -> [1, 8, 15, 22]). ``days`` unchanged unless every day falls in the
    first interval and the interval is whole and shorter than the cycle."""
    if not days or not interval_days or not cycle_days or interval_days < 7 or interval_days >= cycle_days:
        return days
    if not float(interval_days).is_integer() or min(days) < 1 or max(days) > interval_days:
        return days
    span = length_days if length_days and length_days <= cycle_days else cycle_days
    step = int(interval_days)
    return sorted({d + k * step for k in range(int(span // step) + 1) for d in days if d + k * step <= span})


#: Time units a dose's UCUM unit may end in ("mg/m2/d", "U/wk", "ug/m2/h"), and the days each holds.
#: A dose per day or per week is an amount over that time; per hour or minute it is a rate.
UNIT_TIMES: dict[str, float] = {"s": 1 / 86400, "min": 1 / 1440, "h": 1 / 24, "d": 1.0, "wk": 7.0, "mo": 30.0}


def unit_time(unit: str | None) -> str | None:
    """The time a dose's UCUM unit is per ("mg/m2/d" -> "d", "U/wk" -> "wk", "ug/m2/h" -> "h"); None
    for an amount per administration ("mg/m2", "mg/kg/{dose}", "mg.min/mL")."""
    if not unit or "/" not in unit:
        return None
    last = unit.rsplit("/", 1)[1]
    return last if last in UNIT_TIMES else None


def dose_intensity(
    amount: float | None,
    *,
    days: list[int],
    cycle_days: int | None,
    times_per_day: float | None,
    interval_days: float | None,
    per: str | None = None,
    doses: int | None = None,
) -> float | None:
    """Planned amount per week, or None when the text does not fix it.

    * days and a cycle: ``amount x len(days) x times_per_day (1 if unstated) x 7 / cycle_days``
      (gemcitabine 1000 on days 1 and 8 every 21 days -> 666.7);
    * no days, and the only frequency is the cycle or an interval ("200 mg Q3W", "80 mg/m2 weekly",
      "2x/wk"): one administration per interval, ``amount x 7 / interval_days``;
    * no days, no cycle and a within-day frequency ("250 mg QD", "every 8 hours"): given every
      day, ``amount x times_per_day x 7``; with a cycle the days are unknown, so None.

    ``amount`` is the dose (the mean of a range's ends). ``per`` is the time the dose's unit is per
    (:func:`unit_time`):

    * ``"d"``: the amount is a day's, however it is divided: "400 mg/day BID" is 400 mg a day, not 800;
      with a cycle or a weekly-or-longer interval and no days, the number of days is unknown: None;
    * ``"wk"`` or ``"mo"``: the amount is already a week's or a month's ("20 mg/m2 per week over 4
      days every week" is 20 a week);
    * ``"h"``, ``"min"``, ``"s"``: a rate ("25 mcg/m2/hr x 120hrs"), whose weekly amount needs the
      infusion's length, which the parse does not keep: None.

    ``doses`` counts the administrations of a drug given several times a day, when no days are
    stated ("3 g/m2 every 12 hours for 6 doses"): ``amount x doses x 7 / cycle_days``, or None
    without a cycle (the doses are not repeated every day).
    """
    if amount is None:
        return None
    if per in ("s", "min", "h"):
        return None
    if per in ("wk", "mo"):
        return _rounded(amount * 7.0 / UNIT_TIMES[per])
    if doses is not None and times_per_day is not None and times_per_day > 1 and not days:
        return _rounded(amount * doses * 7.0 / cycle_days) if cycle_days else None
    if per == "d" and times_per_day is not None:
        times_per_day = 1.0
    if per == "d" and not days and times_per_day is None and (cycle_days or (interval_days or 0) >= 7):
        # "850 mcg/m2/day over 72 hours, every 14 days": a day's amount on days not stated.
        return None
    per_week = _per_week(amount, days=days, cycle_days=cycle_days, times_per_day=times_per_day, interval_days=interval_days)
    return None if per_week is None else _rounded(per_week)


def _rounded(per_week: float) -> float:
    # One decimal for the usual amounts (666.7 mg/m2); small ones (0.25 mg/kg a week) keep 3 digits.
    return round(per_week, 1 if per_week >= 10 else 3)


def _per_week(amount: float, *, days: list[int], cycle_days: int | None, times_per_day: float | None, interval_days: float | None) -> float | None:
    if days:
        if cycle_days is None:
            return None
        return amount * len(days) * (times_per_day or 1.0) * 7.0 / cycle_days
    if times_per_day is not None:
        # Daily dosing with no days: every day only when no cycle says otherwise ("250 mg QD");
        # "9 mg/m2 daily for 4 days every 4 weeks" has a cycle and unknown days.
        return amount * times_per_day * 7.0 if cycle_days is None else None
    if interval_days:
        return amount * 7.0 / interval_days
    # A cycle's length alone ("TMZ 200 mg/m2 for twelve 28-day cycles") says nothing of the days.
    return None
