"""The arithmetic of the plan's progress report (地域福祉活動計画の進捗), without Django.

Japanese councils report by fiscal year (年度): April to March, named by the calendar year it
begins in, so 1 April 2026 to 31 March 2027 is 2026年度. Here: which fiscal year a date is in,
which years a report covers, the figures laid out as tables and CSV rows, and the geometry of
the server-drawn bar charts.
"""

import datetime as dt
import math
from dataclasses import dataclass

FIRST_MONTH = 4  # the fiscal year begins on 1 April
# How many fiscal years the report shows side by side, the chosen one last.
YEARS_SHOWN = 5
# A cell's state when it has no number: the product does not count it, or it was not kept.
NOT_COLLECTED = "not_collected"
NOT_RECORDED = "not_recorded"


def fiscal_year(day):
    """The fiscal year a date (or datetime, in its own time zone) falls in."""
    return day.year if day.month >= FIRST_MONTH else day.year - 1


def fiscal_year_bounds(first, last=None):
    """[start, end) dates of fiscal years first..last: 1 April of the first to 1 April after
    the last."""
    last = first if last is None else last
    return dt.date(first, FIRST_MONTH, 1), dt.date(last + 1, FIRST_MONTH, 1)


def years_shown(chosen, count=YEARS_SHOWN):
    """The fiscal years of the year table: `count` years ending with the chosen one."""
    return list(range(chosen - count + 1, chosen + 1))


@dataclass(frozen=True)
class Cell:
    """One figure: a number, or why there is none (NOT_COLLECTED, NOT_RECORDED)."""

    value: int | None = None
    missing: str = ""

    @property
    def known(self):
        return self.value is not None


def cell(value):
    return Cell(value=int(value))


def year_cells(counts, years, district=None, *, collected=True, snapshot_year=None):
    """One indicator's cells for each year, for one district or (None) the whole ward.

    `counts` maps (fiscal year, district id) to a number, a missing key meaning none. A
    snapshot (a count of what exists now, e.g. places open today) is known only for
    `snapshot_year`; an indicator the product does not collect has no number at all."""
    cells = []
    for year in years:
        if not collected:
            cells.append(Cell(missing=NOT_COLLECTED))
        elif snapshot_year is not None and year != snapshot_year:
            cells.append(Cell(missing=NOT_RECORDED))
        elif district is None:
            cells.append(cell(sum(n for (y, _d), n in counts.items() if y == year)))
        else:
            cells.append(cell(counts.get((year, district), 0)))
    return cells


def district_cells(counts, year, districts, *, collected=True, snapshot_year=None):
    """One indicator's cells for one year: each district, then those with no district, then
    the ward's total."""
    keys = [*districts, None]
    if not collected:
        return [Cell(missing=NOT_COLLECTED) for _key in [*keys, "total"]]
    if snapshot_year is not None and year != snapshot_year:
        return [Cell(missing=NOT_RECORDED) for _key in [*keys, "total"]]
    cells = [cell(counts.get((year, key), 0)) for key in keys]
    return [*cells, cell(sum(c.value for c in cells))]


def csv_rows(header, sections, words):
    """The CSV of a report: `header` first, then for each section (goal, indicator, [(year
    label, district label, Cell)]) one row per cell, in the order they are shown; `words`
    maps NOT_COLLECTED and NOT_RECORDED to what a reader sees instead of a number."""
    rows = [list(header)]
    for goal, indicator, cells in sections:
        for year_label, district_label, one in cells:
            value = one.value if one.known else words[one.missing]
            rows.append([goal, indicator, year_label, district_label, value])
    return rows


# Charts ------------------------------------------------------------------------------------


def nice_ceiling(value):
    """The smallest 1, 2 or 5 times a power of ten that is at least `value` (at least 1): the
    top of a chart's scale, so that its gridlines fall on round numbers."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def tick_count(scale_max):
    """How many gridlines above zero divide the scale into whole numbers: 5, 2 or 1."""
    return next(n for n in (5, 2, 1) if scale_max % n == 0)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None
    x: float
    y: float
    width: float
    height: float
    # where the bar's label and its value are written
    label_x: float
    value_y: float


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    # the plot area: left, top, right, bottom (y grows downwards, as in SVG)
    left: float
    top: float
    right: float
    bottom: float
    scale_max: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]


def bar_chart(points, *, width=360, height=200):
    """The geometry of a vertical bar chart of (label, value or None) points.

    A point without a value gets no bar (its value is written as a dash by the template);
    the scale starts at zero and ends on a round number, its gridlines on whole numbers."""
    left, top, right, bottom = 44.0, 16.0, width - 8.0, height - 28.0
    known = [value for _label, value in points if value is not None]
    scale_max = nice_ceiling(max(known, default=0))
    plot_height = bottom - top
    slot = (right - left) / max(len(points), 1)
    bar_width = min(slot * 0.6, 48.0)
    bars = []
    for index, (label, value) in enumerate(points):
        centre = left + slot * index + slot / 2
        bar_height = plot_height * (value or 0) / scale_max if value is not None else 0.0
        y = bottom - bar_height
        bars.append(
            Bar(
                label=label,
                value=value,
                x=round(centre - bar_width / 2, 2),
                y=round(y, 2),
                width=round(bar_width, 2),
                height=round(bar_height, 2),
                label_x=round(centre, 2),
                value_y=round(y - 4, 2),
            )
        )
    ticks = tick_count(scale_max)
    tick_marks = tuple(
        Tick(value=scale_max * n // ticks, y=round(bottom - plot_height * n / ticks, 2))
        for n in range(ticks + 1)
    )
    return BarChart(width, height, left, top, right, bottom, scale_max, tuple(bars), tick_marks)
