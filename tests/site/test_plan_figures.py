"""The arithmetic of the plan's progress report, without a database: fiscal years, cells,
CSV rows and chart geometry."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kokoron.core.plan_figures import (
    NOT_COLLECTED,
    NOT_RECORDED,
    Cell,
    bar_chart,
    csv_rows,
    district_cells,
    fiscal_year,
    fiscal_year_bounds,
    nice_ceiling,
    tick_count,
    year_cells,
    years_shown,
)

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (dt.date(2026, 4, 1), 2026),
        (dt.date(2027, 3, 31), 2026),
        (dt.date(2027, 4, 1), 2027),
        (dt.date(2026, 1, 15), 2025),
        (dt.date(2026, 12, 31), 2026),
        (dt.datetime(2027, 3, 31, 23, 59, tzinfo=TOKYO), 2026),
        (dt.datetime(2027, 4, 1, 0, 0, tzinfo=TOKYO), 2027),
    ],
)
def test_the_fiscal_year_begins_on_the_first_of_april(day, year):
    assert fiscal_year(day) == year


def test_bounds_run_from_the_first_april_to_the_first_april_after_the_last_year():
    assert fiscal_year_bounds(2026) == (dt.date(2026, 4, 1), dt.date(2027, 4, 1))
    assert fiscal_year_bounds(2022, 2026) == (dt.date(2022, 4, 1), dt.date(2027, 4, 1))


def test_the_report_shows_five_years_ending_with_the_chosen_one():
    assert years_shown(2026) == [2022, 2023, 2024, 2025, 2026]
    assert years_shown(2026, count=3) == [2024, 2025, 2026]


COUNTS = {(2025, 1): 2, (2026, 1): 3, (2026, 2): 4, (2026, None): 1}


def test_year_cells_of_the_ward_add_up_every_district_and_those_without_one():
    assert year_cells(COUNTS, [2024, 2025, 2026]) == [Cell(0), Cell(2), Cell(8)]


def test_year_cells_of_one_district():
    assert year_cells(COUNTS, [2025, 2026], 2) == [Cell(0), Cell(4)]


def test_an_indicator_not_collected_has_no_number_in_any_year():
    cells = year_cells({}, [2025, 2026], collected=False)
    assert cells == [Cell(missing=NOT_COLLECTED)] * 2


def test_a_snapshot_is_known_only_for_the_current_year():
    cells = year_cells({(2026, 1): 5}, [2025, 2026], snapshot_year=2026)
    assert cells == [Cell(missing=NOT_RECORDED), Cell(5)]


def test_district_cells_give_each_district_then_none_then_the_total():
    assert district_cells(COUNTS, 2026, [1, 2, 3]) == [Cell(3), Cell(4), Cell(0), Cell(1), Cell(8)]
    assert district_cells(COUNTS, 2026, [1], snapshot_year=2027) == [Cell(missing=NOT_RECORDED)] * 3
    assert district_cells({}, 2026, [1], collected=False) == [Cell(missing=NOT_COLLECTED)] * 3


def test_csv_rows_write_the_word_for_a_missing_figure():
    rows = csv_rows(
        ["goal", "indicator", "year", "district", "figure"],
        [
            (
                "①",
                "classes",
                [("FY2026", "A", Cell(3)), ("FY2026", "B", Cell(missing=NOT_COLLECTED))],
            )
        ],
        {NOT_COLLECTED: "not collected", NOT_RECORDED: "not recorded"},
    )
    assert rows == [
        ["goal", "indicator", "year", "district", "figure"],
        ["①", "classes", "FY2026", "A", 3],
        ["①", "classes", "FY2026", "B", "not collected"],
    ]


@pytest.mark.parametrize(
    ("value", "top", "ticks"),
    [
        (0, 1, 1),
        (1, 1, 1),
        (2, 2, 2),
        (3, 5, 5),
        (7, 10, 5),
        (11, 20, 5),
        (70, 100, 5),
        (101, 200, 5),
        (480, 500, 5),
    ],
)
def test_the_scale_ends_on_a_round_number_divided_into_whole_ticks(value, top, ticks):
    assert nice_ceiling(value) == top
    assert tick_count(top) == ticks


def test_bars_stand_on_the_baseline_in_proportion_to_their_values():
    chart = bar_chart([("FY2025", 5), ("FY2026", 10), ("FY2027", None)], width=360, height=200)
    assert chart.scale_max == 10
    first, second, missing = chart.bars
    plot = chart.bottom - chart.top
    assert second.height == pytest.approx(plot)
    assert first.height == pytest.approx(plot / 2)
    for bar in (first, second):
        assert bar.y + bar.height == pytest.approx(chart.bottom)
        assert chart.left <= bar.x and bar.x + bar.width <= chart.right
    assert missing.value is None and missing.height == 0
    assert first.x < second.x < missing.x
    assert [tick.value for tick in chart.ticks] == [0, 2, 4, 6, 8, 10]
    assert chart.ticks[0].y == chart.bottom and chart.ticks[-1].y == chart.top


def test_a_chart_of_nothing_has_a_scale_of_one_and_flat_bars():
    chart = bar_chart([("A", 0), ("B", None)])
    assert chart.scale_max == 1
    assert [bar.height for bar in chart.bars] == [0, 0]
