"""The school holidays a title may name, and dates inside them, in plain Python (no Django).

The demo dates a 夏休み (summer holiday) experience in the summer, whatever day it is loaded on:
the sessions to come fall in the next holiday that still has room after `lead` days, the past
ones in the last holiday before today. The same day gives the same dates.
"""

import datetime as dt

SUMMER = "summer"
WINTER = "winter"
SPRING = "spring"

# Words in a title that name a holiday season.
SEASON_WORDS = {
    "夏休み": SUMMER,
    "夏祭り": SUMMER,
    "冬休み": WINTER,
    "春休み": SPRING,
}
# The months each season's dates fall in.
MONTHS = {SUMMER: (7, 8), WINTER: (12, 1), SPRING: (3,)}


def season_of(title):
    """The season a title names (the first one named), or None."""
    found = [(title.find(word), season) for word, season in SEASON_WORDS.items() if word in title]
    return min(found)[1] if found else None


def holiday(season, year):
    """The first and last days of a season's holiday that begins in `year`: late July and
    August, from Christmas Eve to 7 January, late March."""
    if season == SUMMER:
        return dt.date(year, 7, 21), dt.date(year, 8, 31)
    if season == WINTER:
        return dt.date(year, 12, 24), dt.date(year + 1, 1, 7)
    if season == SPRING:
        return dt.date(year, 3, 20), dt.date(year, 3, 31)
    raise ValueError(season)


def _days(first, last, weekday):
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    return [day for day in days if weekday is None or day.weekday() == weekday]


def coming_days(season, today, count, *, offset=0, weekday=None, lead=7, step=14):
    """Up to `count` days in the next holiday of the season that has room for them, from
    `lead` days after today, `step` days apart where the holiday allows (closer where it is
    short), on a given weekday (0 Monday) if one is asked for. `offset` moves the first day
    along the holiday, so that several experiences do not all begin on its first day."""
    earliest = today + dt.timedelta(days=lead)
    candidates = []
    for year in (today.year - 1, today.year, today.year + 1, today.year + 2):
        first, last = holiday(season, year)
        days = _days(max(first, earliest), last, weekday) if last >= earliest else []
        if len(days) >= count:
            candidates = days
            break
        candidates = candidates or days
    count = min(count, len(candidates))
    if count == 0:
        return []
    gap = step if weekday is None else max(1, step // 7)
    if count > 1:
        gap = max(1, min(gap, (len(candidates) - 1) // (count - 1)))
    room = len(candidates) - gap * (count - 1)
    start = offset % room
    return [candidates[start + gap * n] for n in range(count)]


def past_day(season, today, *, offset=0):
    """A day before today in the last holiday of the season (the one under way, if it is)."""
    for year in (today.year, today.year - 1, today.year - 2):
        first, last = holiday(season, year)
        days = _days(first, min(last, today - dt.timedelta(days=1)), None)
        if days:
            return days[offset % len(days)]
    raise ValueError(season)
