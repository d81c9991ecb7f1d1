"""The weekly availability grid: weekdays x parts of the day, as people tick them.

No Django here. A cell is (weekday, period), weekday 0 = Monday. Stored availability stays the
engine's list of slots [{"weekday": 0-6, "start": "HH:MM", "end": "HH:MM"}]; ticked periods
that follow each other on a day become one slot (morning and afternoon: 09:00-17:00).
"""

from __future__ import annotations

import datetime as dt

# (name, start, end): each period starts when the one before ends.
PERIODS = (
    ("morning", "09:00", "12:00"),
    ("afternoon", "12:00", "17:00"),
    ("evening", "17:00", "20:00"),
)
PERIOD_NAMES = tuple(name for name, _start, _end in PERIODS)


def cell_value(weekday: int, period: str) -> str:
    """The value of a cell's checkbox, e.g. "0-morning"."""
    return f"{weekday}-{period}"


def parse_cell(value: str) -> tuple[int, str] | None:
    """(weekday, period) from a checkbox value, or None if it is not one."""
    weekday, _, period = str(value).partition("-")
    if weekday not in {"0", "1", "2", "3", "4", "5", "6"} or period not in PERIOD_NAMES:
        return None
    return int(weekday), period


def slots_from_cells(cells) -> list[dict]:
    """The stored availability for ticked cells, in weekday then time order."""
    ticked = set(cells)
    slots = []
    for weekday in range(7):
        current = None
        for name, start, end in PERIODS:
            if (weekday, name) not in ticked:
                current = None
            elif current is not None and current["end"] == start:
                current["end"] = end
            else:
                current = {"weekday": weekday, "start": start, "end": end}
                slots.append(current)
    return slots


def _read(slot):
    try:
        return (
            int(slot["weekday"]),
            dt.time.fromisoformat(slot["start"]),
            dt.time.fromisoformat(slot["end"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def cells_from_slots(availability) -> set[tuple[int, str]]:
    """The cells wholly inside the stored slots: what the grid shows as ticked."""
    cells = set()
    for slot in availability or ():
        read = _read(slot)
        if read is None:
            continue
        weekday, start, end = read
        for name, period_start, period_end in PERIODS:
            if (
                start <= dt.time.fromisoformat(period_start)
                and dt.time.fromisoformat(period_end) <= end
            ):
                cells.add((weekday, name))
    return cells


def fits_grid(availability) -> bool:
    """True when the grid shows the stored slots exactly, so saving it changes nothing."""
    stored = sorted(
        (read for read in map(_read, availability or ()) if read is not None),
    )
    again = sorted(map(_read, slots_from_cells(cells_from_slots(availability))))
    return stored == again and len(stored) == len(availability or ())


def keep_recorded(recorded, slots) -> list[dict]:
    """The recorded slots if the ticks are the ones the grid showed for them, else `slots`:
    saving an untouched grid never rounds times the grid cannot show (10:00-16:00)."""
    if cells_from_slots(recorded) == cells_from_slots(slots):
        return list(recorded or [])
    return slots
