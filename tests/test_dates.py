"""Calendar periods of criteria (nlp_trials.dates)."""

from __future__ import annotations

import pytest

from nlp_trials.dates import CalendarPeriod, parse_calendar_period, parse_dates


@pytest.mark.parametrize(
    "text, period",
    [
        ("between January 2019 and July 2020", CalendarPeriod("between", "2019-01", "2020-07")),
        ("since 01 January, 2018", CalendarPeriod("after", "2018-01-01", None)),
        ("since July 1st, 2020", CalendarPeriod("after", "2020-07-01", None)),
        ("before 2019", CalendarPeriod("before", None, "2019")),
        ("prior to Sept. 2015", CalendarPeriod("before", None, "2015-09")),
        ("from 2008 to 2015", CalendarPeriod("between", "2008", "2015")),
        # Slashed dates are month first as ClinicalTrials.gov writes them, unless that cannot be.
        ("between 4/1/2019 and 12/31/2020", CalendarPeriod("between", "2019-04-01", "2020-12-31")),
        ("between 31/12/2019 and 1/6/2020", CalendarPeriod("between", "2019-12-31", "2020-01-06")),
        # Dotted dates are day first, as European records write them.
        ("between 01.06.2018 and 31.12.2019", CalendarPeriod("between", "2018-06-01", "2019-12-31")),
        ("since 2019-03-15", CalendarPeriod("after", "2019-03-15", None)),
    ],
)
def test_calendar_periods(text: str, period: CalendarPeriod) -> None:
    assert parse_calendar_period(text) == period


def test_no_date_no_period() -> None:
    assert parse_calendar_period("within 4 weeks") is None
    # A date that cannot be is left out; a lone date with no word before it says no side.
    assert parse_dates("from 13/45/2019 to 2020") == ["2020"]
    assert parse_calendar_period("2019") is None
    # "as of" is the record's own date ("closed to accrual as of 4/2/2009"), not a patient's window.
    assert parse_calendar_period("as of 4/2/2009") is None
