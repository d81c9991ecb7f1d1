"""Date maths of volunteers' commitments: when a training done stops counting (the day it was
completed, `valid_years` later), and which dates of a weekly need a period away takes in.

No Django import: tested directly (tests/matching/test_trainings.py).
"""

import datetime as dt


def expiry_date(completed_on, valid_years):
    """The date `valid_years` after `completed_on`, or None for a training that never expires.
    A course done on 29 February expires on 28 February of a year that has no 29th (the
    certificate must not outlive its term by a day)."""
    if completed_on is None or not valid_years:
        return None
    year = completed_on.year + valid_years
    try:
        return completed_on.replace(year=year)
    except ValueError:  # 29 February, and `year` is not a leap year
        return dt.date(year, 2, 28)


def weekly_dates(start, until, first, last):
    """The dates of a weekly event (from `start`, on its weekday, until `until` or for ever)
    that fall between `first` and `last`, both included."""
    first = max(first, start)
    if until is not None:
        last = min(last, until)
    day = first + dt.timedelta(days=(start.weekday() - first.weekday()) % 7)
    dates = []
    while day <= last:
        dates.append(day)
        day += dt.timedelta(days=7)
    return dates
