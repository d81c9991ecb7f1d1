"""The pure rules of sign-ups (matching/signups/rules.py), without Django."""

import datetime as dt
from decimal import Decimal

from matching.signups import rules
from matching.signups.rules import Eligibility, State

T0 = dt.datetime(2026, 8, 1, 10, 0, tzinfo=dt.UTC)


def test_placement_gives_free_places_only_when_nobody_waits():
    assert rules.placement(capacity=2, taken=1, waiting=0) == "place"
    assert rules.placement(capacity=2, taken=2, waiting=0) == "waitlist"
    # A free place with people waiting is theirs (offered by promotion), not the newcomer's.
    assert rules.placement(capacity=2, taken=1, waiting=1) == "waitlist"
    assert rules.free_places(3, 5) == 0
    assert rules.promotions(capacity=5, taken=3, waiting=1) == 1
    assert rules.promotions(capacity=5, taken=3, waiting=4) == 2
    assert rules.promotions(capacity=5, taken=5, waiting=4) == 0


def test_eligibility_by_grade_age_and_adults():
    high_school_only = Eligibility(grade_from=10, grade_to=12, adults=False)
    assert rules.ineligibility(high_school_only, 11, 16) is None
    assert rules.ineligibility(high_school_only, 9, 15) == "grade"
    assert rules.ineligibility(high_school_only, 13, 19) == "grade"
    assert rules.ineligibility(high_school_only, rules.ADULT, 40) == "adults"
    anyone = Eligibility()
    assert rules.ineligibility(anyone, rules.ADULT, 70) is None
    aged = Eligibility(min_age=15, max_age=30)
    assert rules.ineligibility(aged, 8, 14) == "too_young"
    assert rules.ineligibility(aged, rules.ADULT, 31) == "too_old"


def test_guardian_and_state_after_place():
    assert rules.needs_guardian(17) and not rules.needs_guardian(18)
    assert rules.state_after_place(True, False) == State.HELD
    assert rules.state_after_place(True, True) == State.CONFIRMED
    assert rules.state_after_place(False, False) == State.CONFIRMED


def test_window():
    start = T0 + dt.timedelta(days=5)
    opens, closes = T0, T0 + dt.timedelta(days=3)
    assert rules.window(T0 - dt.timedelta(seconds=1), opens, closes, start) == "not_yet"
    assert rules.window(T0, opens, closes, start) == "open"
    assert rules.window(closes, opens, closes, start) == "closed"
    assert rules.window(start, None, None, start) == "past"
    assert rules.window(T0, None, None, start) == "open"


def test_holds_and_offers_expire_to_their_own_states():
    due = T0
    assert rules.overdue_state(State.HELD, due, T0 - dt.timedelta(seconds=1)) is None
    assert rules.overdue_state(State.HELD, due, T0) == State.RELEASED
    assert rules.overdue_state(State.OFFERED, due, T0) == State.LAPSED
    assert rules.overdue_state(State.CONFIRMED, due, T0) is None
    assert rules.overdue_state(State.HELD, None, T0) is None


def test_overlap_hours_and_reminders():
    hour = dt.timedelta(hours=1)
    assert rules.overlaps(T0, T0 + 2 * hour, T0 + hour, T0 + 3 * hour)
    assert not rules.overlaps(T0, T0 + hour, T0 + hour, T0 + 2 * hour)  # touching is fine
    assert rules.hours(T0, T0 + dt.timedelta(hours=2, minutes=50)) == Decimal("2.75")
    assert rules.hours(T0, T0 + dt.timedelta(minutes=90)) == Decimal("1.5")
    start = T0 + dt.timedelta(days=2)
    assert rules.reminder_due(start, T0)
    assert not rules.reminder_due(start, T0 - dt.timedelta(minutes=1))
    assert not rules.reminder_due(start, start)
    assert rules.can_cancel(State.WAITLISTED, T0, start)
    assert not rules.can_cancel(State.CONFIRMED, start, start)
    assert not rules.can_cancel(State.CANCELLED, T0, start)


def test_certificate_numbers_catch_typos():
    number = rules.certificate_number(2026, 123)
    assert number.startswith("KC-2026-000123-")
    assert rules.normalize_certificate_number(number) == number
    # Typed in lower case, full width, with spaces: still found.
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in number.lower())
    assert rules.normalize_certificate_number(f" {wide} ") == number
    # One digit changed, or two swapped: the check character says no.
    assert rules.normalize_certificate_number(number.replace("000123", "000124")) is None
    assert rules.normalize_certificate_number(number.replace("000123", "000213")) is None
    assert rules.normalize_certificate_number("KC-2026-12-X") is None
    assert rules.normalize_certificate_number("") is None


def test_verification_codes_are_random_and_read_as_typed():
    codes = {rules.new_verification_code() for _ in range(1000)}
    assert len(codes) == 1000
    assert all(len(code) == 12 and set(code) <= set(rules.CODE_ALPHABET) for code in codes)
    code = "7KQ4M2XD9HTA"
    assert rules.format_verification_code(code) == "7KQ4-M2XD-9HTA"
    assert rules.normalize_verification_code("7kq4-m2xd-9hta") == code
    wide = "".join(chr(ord(c) + 0xFEE0) if c != " " else "\u3000" for c in "7KQ4 M2XD 9HTA")
    assert rules.normalize_verification_code(f" {wide} ") == code
    # Letters that look like digits are read as the digits.
    assert rules.normalize_verification_code("7KQ4-M2XD-IOLA") == "7KQ4M2XD101A"
    for bad in ("", None, "7KQ4-M2XD", "7KQ4-M2XD-9HTAX", "7KQ4-M2XD-9HT!", "7KQ4-M2XD-9HTU"):
        assert rules.normalize_verification_code(bad) is None
