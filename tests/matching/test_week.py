"""The week as free half-hours (engine/week.py): a filter that never leaves out who is free."""

import datetime as dt
import random

from matching.engine import WeeklySlot
from matching.engine.week import MASK_LENGTH, free_mask, needed_units, slots_from_json


def t(text):
    return dt.time.fromisoformat(text)


def fits(mask, weekday, start, end):
    position, length = needed_units(weekday, start, end)
    return mask[position - 1 : position - 1 + length] == "1" * length


def test_a_slot_fills_the_half_hours_inside_it():
    mask = free_mask([WeeklySlot(1, t("09:00"), t("12:00"))])
    assert len(mask) == MASK_LENGTH
    tuesday = mask[48:96]
    assert tuesday == "0" * 18 + "1" * 6 + "0" * 24
    assert mask.count("1") == 6


def test_uneven_times_only_count_whole_half_hours():
    mask = free_mask([WeeklySlot(0, t("09:10"), t("10:40"))])
    assert mask[:48] == "0" * 19 + "11" + "0" * 27
    assert needed_units(0, t("09:10"), t("10:40")) == (20, 2)
    assert needed_units(3, t("10:05"), t("10:25")) == (3 * 48 + 22, 0)


def test_the_mask_keeps_everyone_the_exact_rule_allows():
    rng = random.Random(4)
    hits = 0
    for _ in range(400):
        slots = []
        for _ in range(rng.randint(0, 3)):
            start = dt.time(rng.randint(6, 18), rng.choice([0, 10, 15, 30, 45]))
            slots.append(
                WeeklySlot(rng.randrange(7), start, dt.time(rng.randint(start.hour + 1, 23)))
            )
        mask = free_mask(slots)
        weekday = rng.randrange(7)
        start = dt.time(rng.randint(6, 20), rng.choice([0, 5, 30, 50]))
        end = (
            dt.datetime.combine(dt.date.today(), start)
            + dt.timedelta(minutes=rng.choice([20, 60, 95]))
        ).time()
        if end <= start:
            continue
        covered = any(slot.covers(weekday, start, end) for slot in slots)
        if covered:
            hits += 1
            assert fits(mask, weekday, start, end)
    assert hits > 20


def test_stored_slots_are_read_and_unreadable_ones_left_out():
    slots = slots_from_json(
        [
            {"weekday": 2, "start": "13:00", "end": "17:00"},
            {"weekday": "x", "start": "13:00", "end": "17:00"},
            {"start": "13:00"},
            "nonsense",
        ]
    )
    assert slots == (WeeklySlot(2, t("13:00"), t("17:00")),)
    assert slots_from_json(None) == ()
