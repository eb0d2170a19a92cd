"""Calendar periods of criteria: "diagnosed between January 2019 and July 2020", "since 01 January, 2018".

Pure functions over strings, like :mod:`nlp_trials.quantities`: a DURATION of the ``calendar period``
kind names dates, not an amount of time, so its text is read here into the dates it starts and ends
on, as ISO 8601 at the precision written::

    "between January 2019 and July 2020"    relation "between", start "2019-01", end "2020-07"
    "since 01 January, 2018"                relation "after", start "2018-01-01"
    "before 2019"                           relation "before", end "2019"
    "from 2008 to 2015"                     relation "between", start "2008", end "2015"
    "between 4/1/2019 and 12/31/2020"       relation "between", start "2019-04-01", end "2020-12-31"

Numeric dates with slashes are read month first, as ClinicalTrials.gov writes them, unless the first
number cannot be a month ("31/12/2019"); dotted dates ("01.06.2018") are read day first, as European
records write them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

#: Month names and the abbreviations records use; the DURATION patterns are generated from the
#: same list (scripts/build_lab_patterns.py), so what is tagged is what is read here.
MONTH_NAMES: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec",
)  # fmt: skip
_MONTHS = {name[:3]: i + 1 for i, name in enumerate(MONTH_NAMES[:12])}
_MONTH = r"(?:" + "|".join(sorted(MONTH_NAMES, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:19|20)\d{2}"
_ORDINAL = r"(?:st|nd|rd|th)?"
# One date in any of the shapes the DURATION patterns find, most specific first.
_DATE_RE = re.compile(
    rf"(?P<md_m>{_MONTH})\s*(?:(?P<md_d>\d{{1,2}}){_ORDINAL})?\s*,?\s*(?P<md_y>{_YEAR})\b"
    rf"|\b(?P<dm_d>\d{{1,2}}){_ORDINAL}\s+(?P<dm_m>{_MONTH})\s*,?\s*(?P<dm_y>{_YEAR})\b"
    rf"|\b(?P<s_a>\d{{1,2}})\s*/\s*(?P<s_b>\d{{1,2}})\s*/\s*(?P<s_y>{_YEAR})\b"
    rf"|\b(?P<iso_y>{_YEAR})\s*-\s*(?P<iso_m>\d{{1,2}})\s*-\s*(?P<iso_d>\d{{1,2}})\b"
    rf"|\b(?P<dot_d>\d{{1,2}})\.(?P<dot_m>\d{{1,2}})\.(?P<dot_y>{_YEAR})\b"
    rf"|\b(?P<y>{_YEAR})\b",
    re.I,
)
# The word that opens the period says which side of its date(s) it lies on.
_BEFORE_RE = re.compile(r"^\s*(?:before|until|till|prior\s+to)\b", re.I)
_AFTER_RE = re.compile(r"^\s*(?:since|after|from)\b", re.I)

PeriodRelation = Literal["between", "before", "after"]


@dataclass(frozen=True)
class CalendarPeriod:
    """Dates a period of the calendar starts and ends on (ISO 8601, as precise as written)."""

    relation: PeriodRelation
    start: str | None = None
    end: str | None = None


def _iso(year: str, month: int | None = None, day: int | None = None) -> str | None:
    """``YYYY[-MM[-DD]]``, or None for a month or day that cannot be."""
    if month is None:
        return year
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
        return None
    return f"{year}-{month:02d}" if day is None else f"{year}-{month:02d}-{day:02d}"


def _date(m: re.Match[str]) -> str | None:
    g = m.groupdict()
    if g["md_m"]:
        return _iso(g["md_y"], _MONTHS[g["md_m"][:3].lower()], int(g["md_d"]) if g["md_d"] else None)
    if g["dm_m"]:
        return _iso(g["dm_y"], _MONTHS[g["dm_m"][:3].lower()], int(g["dm_d"]))
    if g["s_y"]:
        a, b = int(g["s_a"]), int(g["s_b"])
        month, day = (a, b) if a <= 12 else (b, a)
        return _iso(g["s_y"], month, day)
    if g["iso_y"]:
        return _iso(g["iso_y"], int(g["iso_m"]), int(g["iso_d"]))
    if g["dot_y"]:
        return _iso(g["dot_y"], int(g["dot_m"]), int(g["dot_d"]))
    return g["y"]


def parse_dates(text: str) -> list[str]:
    """The calendar dates of ``text``, in order, as ISO 8601 strings; impossible dates are left out."""
    return [d for d in (_date(m) for m in _DATE_RE.finditer(text)) if d is not None]


def parse_calendar_period(text: str) -> CalendarPeriod | None:
    """The period a text such as "between January 2019 and July 2020" or "since 2018" names, or None
    when it holds no date."""
    dates = parse_dates(text)
    if not dates:
        return None
    if len(dates) >= 2:
        return CalendarPeriod(relation="between", start=dates[0], end=dates[-1])
    if _BEFORE_RE.match(text):
        return CalendarPeriod(relation="before", end=dates[0])
    if _AFTER_RE.match(text):
        return CalendarPeriod(relation="after", start=dates[0])
    return None


__all__ = ["MONTH_NAMES", "CalendarPeriod", "parse_calendar_period", "parse_dates"]
