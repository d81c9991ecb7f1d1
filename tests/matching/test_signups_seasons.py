"""Dates in the holiday a title names, from the plain rules: the demo's 夏休み experiences fall
in the summer holidays whatever day it is loaded on, and the same day gives the same dates."""

import datetime as dt

import pytest

from matching.signups import seasons
from matching.signups.seasons import MONTHS, SPRING, SUMMER, WINTER

# Every day of a year and a bit, leap day included.
DAYS = [dt.date(2027, 11, 1) + dt.timedelta(days=n) for n in range(500)]


def test_a_title_names_its_season():
    assert seasons.season_of("夏休み 高齢者施設ボランティア体験") == SUMMER
    assert seasons.season_of("子どもふくし体験教室(夏休み)") == SUMMER
    assert seasons.season_of("障がい者施設の夏祭りスタッフ") == SUMMER
    assert seasons.season_of("冬休み 子ども食堂") == WINTER
    assert seasons.season_of("春休みボランティア") == SPRING
    assert seasons.season_of("冬休みと春休みの体験") == WINTER
    assert seasons.season_of("傾聴ボランティア講座") is None


@pytest.mark.parametrize("season", [SUMMER, WINTER, SPRING])
@pytest.mark.parametrize("count", [1, 2, 3])
def test_the_coming_days_are_in_the_season_after_the_lead_time(season, count):
    for today in DAYS:
        for offset in (0, 5, 33):
            days = seasons.coming_days(season, today, count, offset=offset)
            assert len(days) == count
            assert all(day.month in MONTHS[season] for day in days), (today, days)
            assert all(day >= today + dt.timedelta(days=7) for day in days)
            assert days == sorted(set(days))
            # The coming holiday with room for them, not one a year further on.
            assert days[-1] <= today + dt.timedelta(days=366 + 15)
            # The same day, the same dates.
            assert seasons.coming_days(season, today, count, offset=offset) == days


@pytest.mark.parametrize("season", [SUMMER, WINTER, SPRING])
def test_saturdays_in_the_season(season):
    for today in DAYS[::3]:
        days = seasons.coming_days(season, today, 3, weekday=5)
        assert days and all(day.weekday() == 5 for day in days)
        assert all(day.month in MONTHS[season] for day in days)


def test_summer_sessions_are_two_weeks_apart_in_late_july_and_august():
    days = seasons.coming_days(SUMMER, dt.date(2026, 12, 6), 3)
    assert days == [dt.date(2027, 7, 21), dt.date(2027, 8, 4), dt.date(2027, 8, 18)]
    # A short holiday: the days come closer together.
    assert seasons.coming_days(SPRING, dt.date(2026, 12, 6), 3) == [
        dt.date(2027, 3, 20),
        dt.date(2027, 3, 25),
        dt.date(2027, 3, 30),
    ]
    # Winter holidays run over the new year.
    assert seasons.coming_days(WINTER, dt.date(2026, 12, 6), 1) == [dt.date(2026, 12, 24)]
    assert seasons.coming_days(WINTER, dt.date(2027, 1, 2), 1) == [dt.date(2027, 12, 24)]


@pytest.mark.parametrize("season", [SUMMER, WINTER, SPRING])
def test_a_past_day_is_in_the_last_holiday_before_today(season):
    for today in DAYS[::5]:
        for offset in (0, 12):
            day = seasons.past_day(season, today, offset=offset)
            assert day < today and day.month in MONTHS[season]
            assert day > today - dt.timedelta(days=366 + 15)
