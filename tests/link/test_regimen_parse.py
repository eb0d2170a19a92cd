"""Days, cycle lengths, counts, frequencies and dose intensity read from modifier text."""

from __future__ import annotations

import pytest

from nlp_trials.link.schedule_parse import dose_intensity, parse_count, parse_cycle_length, parse_days, parse_frequency, rest_cycle_length, unit_time


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("on Days 1 to 5", [1, 2, 3, 4, 5]),
        ("on Days 1 and 8", [1, 8]),
        ("d10-d14", [10, 11, 12, 13, 14]),
        ("d1-d14", list(range(1, 15))),
        ("on day 1", [1]),
        ("d1,8", [1, 8]),
        ("Days 1, 8, and 15", [1, 8, 15]),
        ("days 1-3 and 15-17", [1, 2, 3, 15, 16, 17]),
        ("on days 1 through 21", list(range(1, 22))),
        ("Day 1 of each 21-day cycle", [1]),
        ("on days 1-14 of a 21-day cycle", list(range(1, 15))),
        ("days -7 to -1", [-7, -6, -5, -4, -3, -2, -1]),
        ("on day 4 and continuing through day 13 of each chemotherapy course", list(range(4, 14))),
        ("beginning between days 50 and 70", []),
        ("beginning day 29", []),
        ("on the 1st day", [1]),
        ("on the first day", [1]),
        ("for 4 cycles", []),
        # The number of a course, cycle or week is no day.
        ("on days 2-4 of course 1", [2, 3, 4]),
        ("day 1 of cycles 2-6", [1]),
        ("days 1 and 8 of courses 2, 3, and 4", [1, 8]),
        ("day 8 in cycle 1", [8]),
    ],
)
def test_parse_days(text, days):
    assert parse_days(text) == days


@pytest.mark.parametrize(
    ("text", "length"),
    [("21-day cycles", 21), ("28 day cycle", 28), ("cycles of 3 weeks", 21), ("Day 1 of each 21-day cycle", 21), ("4-week courses", 28), ("on Days 1 and 8", None), ("for 4 cycles", None), ("21 days as a treatment cycle", 21), ("28 days is one cycle", 28), ("once every 21 days for one cycle", None), ("Each course consists of four weeks", 28), ("each cycle lasts twenty-one days", 21)],
)
def test_parse_cycle_length(text, length):
    assert parse_cycle_length(text) == length


@pytest.mark.parametrize(
    ("text", "count"),
    [("for 4 cycles", 4), ("for up to 35 cycles", 35), ("for a maximum of 4-6 cycles", 6), ("for a total of four cycles", 4), ("two 28 day cycles", 2), ("for cycles", None)],
)
def test_parse_count(text, count):
    assert parse_count(text) == count


@pytest.mark.parametrize(
    ("norm", "times", "interval", "cycle"),
    [
        ("qd", 1, 1, False), ("bid", 2, 0.5, False), ("tid", 3, 1 / 3, False), ("q8h", 3, 1 / 3, False), ("q12h", 2, 0.5, False),
        ("qod", None, 2, False), ("2x/wk", None, 3.5, False), ("qw", None, 7, True), ("q3w", None, 21, True), ("q2w", None, 14, True),
        ("qmo", None, 30, True), ("prn", None, None, False), (None, None, None, False),
    ],
)
def test_parse_frequency(norm, times, interval, cycle):
    f = parse_frequency(norm)
    assert f.times_per_day == (pytest.approx(times) if times is not None else None)
    assert f.interval_days == (pytest.approx(interval) if interval is not None else None)
    assert f.is_cycle is cycle


def test_dose_intensity_from_days_and_cycle():
    # gemcitabine 1000 mg/m2 on days 1 and 8 every 21 days (issue 4)
    assert dose_intensity(1000, days=[1, 8], cycle_days=21, times_per_day=None, interval_days=21) == 666.7
    # topotecan 1.2 mg/m2 on days 1-5 every 21 days: 6 mg/m2 per 3 weeks
    assert dose_intensity(1.2, days=[1, 2, 3, 4, 5], cycle_days=21, times_per_day=None, interval_days=21) == 2.0
    # S-1 50 mg (mean of 40-60) twice daily on days 1-14 every 21 days
    assert dose_intensity(50, days=list(range(1, 15)), cycle_days=21, times_per_day=2, interval_days=0.5) == 466.7


def test_dose_intensity_without_days():
    assert dose_intensity(200, days=[], cycle_days=21, times_per_day=None, interval_days=21) == 66.7  # 200 mg Q3W
    assert dose_intensity(250, days=[], cycle_days=None, times_per_day=1, interval_days=1) == 1750  # 250 mg QD (every day)
    assert dose_intensity(9, days=[], cycle_days=28, times_per_day=1, interval_days=1) is None  # daily for ? days every 4 weeks
    assert dose_intensity(100, days=[], cycle_days=None, times_per_day=None, interval_days=2) == 350  # every other day


@pytest.mark.parametrize(
    ("unit", "per"),
    [("mg/m2/d", "d"), ("ug/kg/d", "d"), ("U/wk", "wk"), ("ug/m2/h", "h"), ("mg/m2/min", "min"), ("mg/m2", None), ("mg/kg/{dose}", None), ("mg.min/mL", None), ("mg", None), (None, None)],
)
def test_unit_time(unit, per):
    assert unit_time(unit) == per


def test_dose_intensity_follows_the_time_of_the_dose_unit():
    # 400 mg/day given BID is 400 mg a day, not 800
    assert dose_intensity(400, days=[], cycle_days=None, times_per_day=2, interval_days=0.5, per="d") == 2800
    assert dose_intensity(400, days=[], cycle_days=None, times_per_day=2, interval_days=0.5) == 5600  # 400 mg per dose, BID
    # dexamethasone 40 mg/d on days 1-4, 9-12, 17-20 q 5 weeks
    days = [1, 2, 3, 4, 9, 10, 11, 12, 17, 18, 19, 20]
    assert dose_intensity(40, days=days, cycle_days=35, times_per_day=None, interval_days=35, per="d") == 96
    # "20 mg/m2 per week IV over 4 days every week": already a week's amount
    assert dose_intensity(20, days=[], cycle_days=None, times_per_day=None, interval_days=1.75, per="wk") == 20
    assert dose_intensity(15, days=[], cycle_days=None, times_per_day=None, interval_days=None, per="wk") == 15
    # "25 mcg/m2/hr x 120hrs, days 1-5 and 8-12 of each 3 week cycle": a rate, whose amount needs the infusion's length
    assert dose_intensity(25, days=[1, 2, 3, 4, 5, 8, 9, 10, 11, 12], cycle_days=21, times_per_day=None, interval_days=None, per="h") is None
    assert dose_intensity(10, days=[], cycle_days=7, times_per_day=None, interval_days=7, per="min") is None
    # "3 g/m2 every 12 hours for 6 doses": six doses a cycle, not twice a day every day
    assert dose_intensity(3, days=[], cycle_days=28, times_per_day=2, interval_days=0.5, doses=6) == 4.5
    assert dose_intensity(3, days=[], cycle_days=None, times_per_day=2, interval_days=0.5, doses=6) is None
    # "850 mcg/m2/day over 72 hours, every 14 days": a day's amount, on days the text does not give
    assert dose_intensity(850, days=[], cycle_days=14, times_per_day=None, interval_days=14, per="d") is None
    assert dose_intensity(850, days=[], cycle_days=None, times_per_day=None, interval_days=None, per="d") is None


def test_dose_intensity_is_null_when_a_part_is_missing():
    assert dose_intensity(None, days=[1], cycle_days=21, times_per_day=None, interval_days=None) is None
    assert dose_intensity(75, days=[1], cycle_days=None, times_per_day=None, interval_days=None) is None
    assert dose_intensity(75, days=[], cycle_days=None, times_per_day=None, interval_days=None) is None
    # A cycle's length with neither days nor a frequency: "TMZ 200 mg/m2 for twelve 28-day cycles".
    assert dose_intensity(200, days=[], cycle_days=28, times_per_day=None, interval_days=None) is None


def test_repeated_days_of_each_week():
    from nlp_trials.link.schedule_parse import repeated_days

    assert repeated_days([1, 4], 7, 28, 42) == [1, 4, 8, 11, 15, 18, 22, 25]
    assert repeated_days([1], 7, None, 28) == [1, 8, 15, 22]  # over the whole cycle
    assert repeated_days([1, 8], 21, None, 21) == [1, 8]  # the interval is the cycle
    assert repeated_days([1, 8, 15], 7, 21, 28) == [1, 8, 15]  # days past the first week: as written
    assert repeated_days([1, 2], 7, 14, None) == [1, 2]


def test_spaced_days_of_a_weekly_drug_in_a_longer_cycle():
    from nlp_trials.link.schedule_parse import spaced_days

    assert spaced_days(7, 21, 28) == [1, 8, 15]  # weekly for 3 weeks of a 28-day cycle
    assert spaced_days(7, 28, 42) == [1, 8, 15, 22]  # weekly for 4 weeks every 6 weeks
    assert spaced_days(14, 28, 42) == [1, 15]
    assert spaced_days(7, 28, 28) == []  # weekly through the whole cycle: no rest, no days to state
    assert spaced_days(7, None, 28) == spaced_days(1, 5, 21) == spaced_days(7, 21, None) == []
    assert spaced_days(28, 5, 28) == []  # "for 5 days every 4 weeks": the frequency is the cycle


@pytest.mark.parametrize(
    ("on_days", "after", "cycle"),
    [
        (28, " with 14 day rest for 3 cycles", 42),
        (14, " followed by 2 weeks of rest", 28),
        (42, ", followed by 4 week break.", 70),
        (21, ", then one week off", 28),
        (14, " followed by paclitaxel for 2 weeks", None),
        (14, ". Patients rest for 2 weeks", None),
        (2, ", followed by 1 day of rest, then by PBSC transplantation", None),
    ],
)
def test_rest_cycle_length(on_days, after, cycle):
    assert rest_cycle_length(on_days, after) == cycle
