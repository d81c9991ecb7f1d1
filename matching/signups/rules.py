"""The rules of sign-ups, in plain Python (no Django): who may join, whether a place is free,
what happens to a hold or an offer in time, whether two sessions overlap, and certificate
numbers and their verification codes. The models and views call these; the tests call them directly.

Grades are numbers: 7-9 junior high (中1-中3), 10-12 high school (高1-高3), 13-16 university
or college (大学1-4年); 0 is "not a student" (an adult, or someone out of school).
"""

import datetime as dt
import secrets
import string
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

NOT_A_STUDENT = 0
JUNIOR_HIGH = (7, 8, 9)
HIGH_SCHOOL = (10, 11, 12)
UNIVERSITY = (13, 14, 15, 16)
GRADES = (NOT_A_STUDENT, *JUNIOR_HIGH, *HIGH_SCHOOL, *UNIVERSITY)
# Under this age, a guardian must agree before a place is confirmed.
ADULT_AGE = 18


class State:
    """A sign-up's states. A place is taken by HELD, OFFERED and CONFIRMED."""

    HELD = "held"  # a place kept until the guardian confirms
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    OFFERED = "offered"  # promoted from the waitlist, to be reconfirmed in time
    CANCELLED = "cancelled"
    RELEASED = "released"  # the guardian did not confirm in time
    LAPSED = "lapsed"  # an offer not reconfirmed in time


TAKING_A_PLACE = (State.HELD, State.OFFERED, State.CONFIRMED)
ACTIVE = (*TAKING_A_PLACE, State.WAITLISTED)
ENDED = (State.CANCELLED, State.RELEASED, State.LAPSED)
# Who staff check in at a session: those with a place (a guardian's consent may come late).
CHECKABLE = (State.CONFIRMED, State.HELD)


# Eligibility


@dataclass(frozen=True)
class Eligibility:
    """Who may join: a range of grades (None: any), whether people out of school may, ages."""

    grade_from: int | None = None
    grade_to: int | None = None
    adults: bool = True
    min_age: int | None = None
    max_age: int | None = None


def ineligibility(rule, grade, age):
    """Why a person may not join ("grade", "adults", "too_young", "too_old"), or None."""
    if rule.min_age is not None and age < rule.min_age:
        return "too_young"
    if rule.max_age is not None and age > rule.max_age:
        return "too_old"
    if grade == NOT_A_STUDENT:
        return None if rule.adults else "adults"
    if rule.grade_from is not None and grade < rule.grade_from:
        return "grade"
    if rule.grade_to is not None and grade > rule.grade_to:
        return "grade"
    return None


def needs_guardian(age):
    return age < ADULT_AGE


# The sign-up window


def window(now, opens, closes, start):
    """ "open", or why not: "not_yet" (before opening), "closed", "past" (it has begun)."""
    if now >= start:
        return "past"
    if opens is not None and now < opens:
        return "not_yet"
    if closes is not None and now >= closes:
        return "closed"
    return "open"


# Places


def placement(capacity, taken, waiting):
    """Where a new sign-up goes: "place" while a place is free and nobody waits, else "waitlist".

    Someone already waiting comes first: a free place with people waiting is theirs, offered
    by promotion, never taken by a newcomer.
    """
    return "place" if taken < capacity and waiting == 0 else "waitlist"


def free_places(capacity, taken):
    return max(capacity - taken, 0)


def promotions(capacity, taken, waiting):
    """How many people to promote from the waitlist now."""
    return min(free_places(capacity, taken), waiting)


def state_after_place(guardian_needed, guardian_confirmed):
    """The state of someone given a place (at sign-up, or on reconfirming an offer)."""
    return State.HELD if guardian_needed and not guardian_confirmed else State.CONFIRMED


def overdue_state(state, expires_at, now):
    """The state a hold or an offer falls to once its time is up, or None if it stands."""
    if expires_at is None or now < expires_at:
        return None
    return {State.HELD: State.RELEASED, State.OFFERED: State.LAPSED}.get(state)


def can_cancel(state, now, start):
    return state in ACTIVE and now < start


# Time


def overlaps(a_start, a_end, b_start, b_end):
    """Two periods overlap when each begins before the other ends (touching is fine)."""
    return a_start < b_end and b_start < a_end


def hours(start, end):
    """Hours between two datetimes, to the quarter hour, as a Decimal."""
    seconds = max((end - start).total_seconds(), 0)
    quarters = (Decimal(seconds) / Decimal(900)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return quarters / 4


def reminder_due(start, now, days_before=2):
    """A reminder is due once the session is at most `days_before` days away and not begun."""
    return now < start <= now + dt.timedelta(days=days_before)


# Certificate numbers: KC-YYYY-NNNNNN-C, C a check character so a mistyped number is caught.

CHECK_ALPHABET = string.digits + string.ascii_uppercase


def check_character(body):
    total = 0
    for position, char in enumerate(body.replace("-", "")):
        total += (position + 1) * CHECK_ALPHABET.index(char)
    return CHECK_ALPHABET[total % len(CHECK_ALPHABET)]


def certificate_number(year, sequence):
    body = f"KC-{year:04d}-{sequence:06d}"
    return f"{body}-{check_character(body)}"


def normalize_certificate_number(text):
    """A number as typed (lower case, full width, spaces) in canonical form, or None."""
    folded = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in (text or ""))
    folded = folded.upper().replace(" ", "").replace("\u2010", "-").replace("\u30fc", "-")
    parts = folded.split("-")
    if len(parts) != 4 or parts[0] != "KC" or len(parts[3]) != 1:
        return None
    year, sequence, check = parts[1], parts[2], parts[3]
    if not (year.isdigit() and len(year) == 4 and sequence.isdigit() and len(sequence) == 6):
        return None
    body = f"KC-{year}-{sequence}"
    if check not in CHECK_ALPHABET or check_character(body) != check:
        return None
    return f"{body}-{check}"


# Verification codes: printed on a certificate beside its number, and asked for with it, so a
# number alone (whose form anyone can guess) shows nothing. Crockford's base32: no I, L, O or
# U to misread; 12 characters are 60 random bits.

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
_CODE_MISREAD = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_verification_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_verification_code(code):
    """Printed in groups of four: 7KQ4-M2XD-9HTA."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def normalize_verification_code(text):
    """A code as typed (lower case, full width, spaces, hyphens, O for 0) in canonical form, or
    None."""
    folded = "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in (text or ""))
    for separator in (" ", "\u3000", "-", "\u2010", "\u30fc"):
        folded = folded.replace(separator, "")
    code = folded.upper().translate(_CODE_MISREAD)
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code
