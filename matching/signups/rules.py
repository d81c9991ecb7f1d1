"""The rules of sign-ups, in plain Python (no Django): who may join, whether a place is free,
what happens to a hold or an offer in time, whether two sessions overlap, and certificate
numbers and their verification codes. The models and views call these; the tests call them directly.

Grades are numbers: 1-6 primary school (小1-小6), 7-9 junior high (中1-中3), 10-12 high school
(高1-高3), 13 university or college (大学); 0 is an adult (一般・社会人: not at school).
"""

import datetime as dt
import secrets
import string
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ADULT = 0
PRIMARY = (1, 2, 3, 4, 5, 6)
JUNIOR_HIGH = (7, 8, 9)
HIGH_SCHOOL = (10, 11, 12)
UNIVERSITY = 13
STUDENT_GRADES = (*PRIMARY, *JUNIOR_HIGH, *HIGH_SCHOOL, UNIVERSITY)
# In the order a form offers them: the school years, then adults.
GRADES = (*STUDENT_GRADES, ADULT)
# The school stages, each with its years: "primary", "junior_high", "high_school", "university".
STAGES = {
    "primary": PRIMARY,
    "junior_high": JUNIOR_HIGH,
    "high_school": HIGH_SCHOOL,
    "university": (UNIVERSITY,),
}
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
    if grade == ADULT:
        return None if rule.adults else "adults"
    if rule.grade_from is not None and grade < rule.grade_from:
        return "grade"
    if rule.grade_to is not None and grade > rule.grade_to:
        return "grade"
    return None


def grades_taken(rule):
    """The grades an opportunity takes, in the order a form offers them: the school years in
    its range, then ADULT when people out of school may join."""
    first = rule.grade_from if rule.grade_from is not None else STUDENT_GRADES[0]
    last = rule.grade_to if rule.grade_to is not None else STUDENT_GRADES[-1]
    taken = [grade for grade in STUDENT_GRADES if first <= grade <= last]
    if rule.adults:
        taken.append(ADULT)
    return taken


def stage_of(grade):
    """The school stage of a student grade ("primary", ...), None for an adult."""
    return next((stage for stage, years in STAGES.items() if grade in years), None)


def year_in_stage(grade):
    """1 for 小1, 中1, 高1 and university; 3 for 中3."""
    stage = stage_of(grade)
    return STAGES[stage].index(grade) + 1 if stage else None


def starts_stage(grade):
    return year_in_stage(grade) == 1


@dataclass(frozen=True)
class Audience:
    """Who an opportunity is for, to be put in words (the words are the caller's).

    kind:
    - "everyone": every school year and adults (どなたでも)
    - "students": every school year, no adults (児童・生徒・学生)
    - "from": `first` and every year after it, and adults (中学生以上, 高校2年以上)
    - "stage_range": years of one stage, `first` to `last` (小学1年〜6年)
    - "range": `first` to `last` across stages (中学1年〜高校3年)
    - "only": one year (大学生)
    - "adults": adults only (一般)
    `from_stage` says `first` begins its stage (中学生以上 rather than 中学1年以上); `adults` that
    adults may join too (only said for "stage_range", "range" and "only"). Ages, when limited,
    are `min_age` and `max_age`.
    """

    kind: str
    first: int | None = None
    last: int | None = None
    adults: bool = False
    from_stage: bool = False
    min_age: int | None = None
    max_age: int | None = None


def audience(rule):
    """Who an opportunity takes, as an Audience."""
    ages = {"min_age": rule.min_age, "max_age": rule.max_age}
    students = [grade for grade in grades_taken(rule) if grade != ADULT]
    if not students:
        return Audience("adults", **ages)
    first, last = students[0], students[-1]
    whole = first == STUDENT_GRADES[0] and last == STUDENT_GRADES[-1]
    if whole:
        return Audience("everyone" if rule.adults else "students", **ages)
    if rule.adults and last == STUDENT_GRADES[-1]:
        return Audience("from", first, last, from_stage=starts_stage(first), **ages)
    if first == last:
        kind = "only"
    elif stage_of(first) == stage_of(last):
        kind = "stage_range"
    else:
        kind = "range"
    return Audience(kind, first, last, adults=rule.adults, **ages)


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
