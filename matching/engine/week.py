"""A volunteer's week as a string of free half-hours, so the database can pre-select volunteers.

    free_mask(slots)          "0"/"1" for each half-hour of the week, Monday 00:00 first
    needed_units(w, s, e)     (position, length) of the half-hours a need fills entirely

A volunteer whose mask has "1" * length at that position may be free for the need; one whose
mask has not is certainly not (a slot that covers the need covers every half-hour inside it).
The exact rule stays the engine's (rules.failed_constraint, "time"): the mask only narrows the
volunteers loaded for one need, which is what keeps suggestions fast in a large city.
"""

from __future__ import annotations

import datetime as dt

from .types import WeeklySlot

UNIT_MINUTES = 30
UNITS_PER_DAY = 24 * 60 // UNIT_MINUTES
MASK_LENGTH = 7 * UNITS_PER_DAY


def _minutes(time: dt.time) -> float:
    return time.hour * 60 + time.minute + (time.second + time.microsecond / 1e6) / 60


def free_mask(slots) -> str:
    """The mask of weekly slots (anything with weekday, start and end, like WeeklySlot)."""
    units = ["0"] * MASK_LENGTH
    for slot in slots:
        first = -(-_minutes(slot.start) // UNIT_MINUTES)  # first unit starting in the slot
        last = _minutes(slot.end) // UNIT_MINUTES  # units end before this one
        base = slot.weekday * UNITS_PER_DAY
        for unit in range(int(first), int(last)):
            units[base + unit] = "1"
    return "".join(units)


def needed_units(weekday: int, start: dt.time, end: dt.time) -> tuple[int, int]:
    """1-based position in the mask (as SQL's substr counts) and number of half-hours that lie
    wholly between start and end; the length is 0 for a need shorter than a half-hour."""
    first = int(-(-_minutes(start) // UNIT_MINUTES))
    last = int(_minutes(end) // UNIT_MINUTES)
    return weekday * UNITS_PER_DAY + first + 1, max(0, last - first)


def slots_from_json(availability) -> tuple:
    """WeeklySlots from the stored form [{"weekday": 0-6, "start": "HH:MM", "end": "HH:MM"}];
    entries that cannot be read are left out (the model's validation reports them)."""
    result = []
    for slot in availability or ():
        try:
            result.append(
                WeeklySlot(
                    int(slot["weekday"]),
                    dt.time.fromisoformat(slot["start"]),
                    dt.time.fromisoformat(slot["end"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(result)
