"""Schedule rules against a hand-made calendar (November and December 2026, January 2027).

The calendar, written out by hand:
    2026-11: Sunday the 1st; Tuesdays 3, 10, 17, 24; 3rd (Tue) 文化の日 and 23rd (Mon)
             勤労感謝の日 are public holidays; the last Friday is the 27th.
    2026-12: Tuesdays 1, 8, 15, 22, 29. 2027-01: Friday the 1st (元日), 11th (Mon) 成人の日.
"""

import datetime as dt

import pytest

from directory.schedule_rules import (
    LAST,
    YEAR_END,
    AnnualClosure,
    Period,
    Rule,
    Schedule,
    describe_rule,
    merge_rules,
)

HAND_MADE_HOLIDAYS = {
    dt.date(2026, 11, 3),
    dt.date(2026, 11, 23),
    dt.date(2027, 1, 1),
    dt.date(2027, 1, 11),
}


def hand_made_calendar(day):
    return day in HAND_MADE_HOLIDAYS


def p(opens, closes):
    return Period(dt.time(*opens), dt.time(*closes))


MORNING = p((10, 0), (12, 0))
WEEKDAYS = frozenset(range(5))
SALON = Schedule(
    rules=(Rule(frozenset({1}), (MORNING,), frozenset({2, 4})),),
    closed_on_holidays=True,
    is_holiday=hand_made_calendar,
)
WINDOW = Schedule(
    rules=(Rule(WEEKDAYS, (p((9, 0), (12, 0)), p((13, 0), (17, 0)))),),
    closed_on_holidays=True,
    closures=(YEAR_END,),
    is_holiday=hand_made_calendar,
)


@pytest.mark.parametrize(
    ("day", "open_"),
    [
        (dt.date(2026, 11, 3), False),  # 1st Tuesday (and a holiday)
        (dt.date(2026, 11, 10), True),  # 2nd Tuesday
        (dt.date(2026, 11, 17), False),  # 3rd
        (dt.date(2026, 11, 24), True),  # 4th
        (dt.date(2026, 11, 25), False),  # 4th Wednesday
        (dt.date(2026, 12, 8), True),  # 2nd Tuesday of December
        (dt.date(2026, 12, 22), True),  # 4th
        (dt.date(2026, 12, 29), False),  # 5th
    ],
)
def test_second_and_fourth_tuesday(day, open_):
    assert bool(SALON.opening_periods(day)) is open_


def test_nth_weekday_on_a_holiday_is_closed_when_the_place_closes_on_holidays():
    # 2026-11-23 is the 4th Monday and 勤労感謝の日.
    rule = Rule(frozenset({0}), (MORNING,), frozenset({4}))
    closes = Schedule((rule,), closed_on_holidays=True, is_holiday=hand_made_calendar)
    opens = Schedule((rule,), closed_on_holidays=False, is_holiday=hand_made_calendar)
    assert closes.opening_periods(dt.date(2026, 11, 23)) == []
    assert opens.opening_periods(dt.date(2026, 11, 23)) == [MORNING]


def test_last_friday_of_the_month():
    schedule = Schedule(
        (Rule(frozenset({4}), (MORNING,), frozenset({LAST})),), is_holiday=hand_made_calendar
    )
    assert schedule.opening_periods(dt.date(2026, 11, 27)) == [MORNING]
    assert schedule.opening_periods(dt.date(2026, 11, 20)) == []
    assert schedule.opening_periods(dt.date(2027, 1, 29)) == [MORNING]


def test_several_periods_a_day_and_lunch_break():
    tuesday = dt.date(2026, 11, 10)
    assert WINDOW.opening_periods(tuesday) == [p((9, 0), (12, 0)), p((13, 0), (17, 0))]
    assert WINDOW.is_open(dt.datetime(2026, 11, 10, 9, 0))
    assert WINDOW.is_open(dt.datetime(2026, 11, 10, 11, 59))
    assert not WINDOW.is_open(dt.datetime(2026, 11, 10, 12, 30))
    assert WINDOW.is_open(dt.datetime(2026, 11, 10, 16, 59))
    assert not WINDOW.is_open(dt.datetime(2026, 11, 10, 17, 0))
    assert not WINDOW.is_open(dt.datetime(2026, 11, 14, 10, 0))  # Saturday


def test_year_end_closure_crosses_the_new_year():
    assert WINDOW.opening_periods(dt.date(2026, 12, 28))
    for day in [
        dt.date(2026, 12, 29),
        dt.date(2026, 12, 31),
        dt.date(2027, 1, 1),
        dt.date(2027, 1, 4 - 1),
    ]:
        assert WINDOW.opening_periods(day) == [], day
    assert WINDOW.opening_periods(dt.date(2027, 1, 4))
    assert not WINDOW.is_open(dt.datetime(2027, 1, 11, 10, 0))  # 成人の日


def test_overlapping_periods_are_merged():
    schedule = Schedule(
        (Rule(WEEKDAYS, (p((9, 0), (12, 0)),)), Rule(frozenset({0}), (p((11, 0), (15, 0)),))),
        is_holiday=hand_made_calendar,
    )
    assert schedule.opening_periods(dt.date(2026, 11, 9)) == [p((9, 0), (15, 0))]


def test_real_japanese_holidays_come_from_the_calendar_package():
    schedule = Schedule((Rule(WEEKDAYS, (MORNING,)),))
    assert schedule.opening_periods(dt.date(2026, 9, 22)) == []  # 国民の休日 between two holidays
    assert schedule.opening_periods(dt.date(2026, 9, 24)) == [MORNING]


def test_byday_round_trip_and_bad_input():
    rule = Rule.from_byday("2TU,4TU", [MORNING])
    assert rule.weekdays == {1} and rule.weeks == {2, 4} and rule.freq == "MONTHLY"
    assert rule.byday == "2TU,4TU"
    assert Rule.from_byday("MO,TU,WE", [MORNING]).byday == "MO,TU,WE"
    assert Rule.from_byday("-1FR", [MORNING]).weeks == {LAST}
    for bad in ["XX", "aTU", ""]:
        with pytest.raises(ValueError):
            Rule.from_byday(bad, [MORNING])
    with pytest.raises(ValueError):
        p((12, 0), (10, 0))
    with pytest.raises(ValueError):
        AnnualClosure((2, 30), (3, 1))


def test_descriptions_in_three_languages():
    salon = SALON.rules[0]
    assert describe_rule(salon, "ja") == "毎月第2・第4火曜 10:00〜12:00"
    assert describe_rule(salon, "en") == "2nd and 4th Tuesday of each month, 10:00\u201312:00"
    assert describe_rule(salon, "ja-easy") == "まいつき だい2・だい4 かようび 10:00〜12:00"
    assert (
        WINDOW.describe("ja")
        == "月〜金曜 9:00〜12:00、13:00〜17:00。祝日休み。年末年始(12月29日〜1月3日)休み"
    )
    assert WINDOW.describe("en") == (
        "Monday to Friday, 9:00\u201312:00 and 13:00\u201317:00. Closed on public holidays. "
        "Closed over the New Year (29 December to 3 January)."
    )
    mon_wed = Rule(frozenset({0, 2}), (MORNING,))
    assert describe_rule(mon_wed, "ja") == "月・水曜 10:00〜12:00"
    assert describe_rule(mon_wed, "en") == "Monday and Wednesday, 10:00\u201312:00"


def test_rows_with_the_same_days_gather_into_one_line():
    rows = [
        Rule.from_byday("MO,TU,WE,TH,FR", [p((9, 0), (12, 0))]),
        Rule.from_byday("MO,TU,WE,TH,FR", [p((13, 0), (17, 0))]),
        Rule.from_byday("SA", [MORNING]),
    ]
    merged = merge_rules(rows)
    assert len(merged) == 2
    weekday_rule = next(r for r in merged if 0 in r.weekdays)
    assert len(weekday_rule.periods) == 2
