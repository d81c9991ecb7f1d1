"""What the lecturer-assignment engine knows: people, programmes, equipment, class requests.

No Django here. Ids are whatever the caller uses (primary keys). Dates are school dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

LECTURER = "lecturer"
SUPPORTER = "supporter"
# What a lecturer may need to come with them, and what a supporter can do as an escort.
GUIDE = "guide"
INTERPRETER = "interpreter"


def month_of(date: dt.date) -> tuple[int, int]:
    return (date.year, date.month)


@dataclass
class Person:
    """A lived-experience lecturer or a welfare-learning supporter."""

    id: int
    kind: str = LECTURER
    programmes: frozenset[int] = frozenset()
    # Weekdays (0 = Monday) the person can come to a school.
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    # Inclusive (first, last) date ranges the person is away.
    away: tuple[tuple[dt.date, dt.date], ...] = ()
    monthly_max: int = 4
    # School districts the person travels to; empty: every district.
    districts: frozenset[int] = frozenset()
    home_district: int | None = None
    needs_step_free: bool = False
    # GUIDE or INTERPRETER when the person needs someone to come with them; else "".
    needs_escort: str = ""
    # What a supporter can do as an escort (GUIDE, INTERPRETER).
    escorts: frozenset[str] = frozenset()
    # Dates already booked (confirmed classes), and classes already booked per month.
    busy: frozenset[dt.date] = frozenset()
    month_load: dict[tuple[int, int], int] = field(default_factory=dict)
    # programme id -> classes done; classes done this school year (fairness)
    experience: dict[int, int] = field(default_factory=dict)
    classes_this_year: int = 0

    def is_away(self, date: dt.date) -> bool:
        return any(first <= date <= last for first, last in self.away)

    def can_travel_to(self, district: int | None) -> bool:
        return not self.districts or district is None or district in self.districts


@dataclass(frozen=True)
class Programme:
    id: int
    grades: frozenset[int] = frozenset(range(1, 10))
    supporters: int = 0
    # equipment item id -> pieces per class taught
    equipment: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Item:
    """A kind of equipment, with how many pieces the council has."""

    id: int
    count: int


@dataclass(frozen=True)
class Option:
    """One of a request's preferred dates, with its school periods."""

    date: dt.date
    first_period: int = 1
    last_period: int = 2


@dataclass
class Request:
    """A teacher's class request. `options` in the teacher's order of preference.

    `programmes` (one to three, in the teacher's order) are taught in one visit on one of the
    dates: each gets its own lecturer, escort and supporters, the equipment of all of them
    comes together, and the request is fulfilled only when every programme is arranged. The
    first is the lead: the solver chooses its lecturer and the date, the others are filled in
    on that date (see plan.py)."""

    id: int
    school: int
    district: int | None
    programmes: tuple[int, ...]
    grade: int
    classes: int = 1
    pupils: int = 30
    options: tuple[Option, ...] = ()
    step_free: bool = True
    # ids of people this school rated before -> their mean rating (1-5)
    ratings: dict[int, float] = field(default_factory=dict)
    # the order it came in (first come, first served compares by it)
    received: int = 0

    @property
    def lead(self) -> int:
        return self.programmes[0]


@dataclass(frozen=True)
class Part:
    """Who teaches one programme of a visit: its lecturer, their escort, its supporters."""

    programme: int
    lecturer: int
    escort: int | None = None
    supporters: tuple[int, ...] = ()

    @property
    def people(self) -> tuple[int, ...]:
        escort = (self.escort,) if self.escort is not None else ()
        return (self.lecturer, *escort, *self.supporters)


@dataclass(frozen=True)
class Booking:
    """One visit for a request: a date, a part per programme (in the request's order) and the
    equipment of all its programmes together."""

    request: int
    date: dt.date
    option: int
    parts: tuple[Part, ...]
    equipment: tuple[tuple[int, int], ...] = ()
    score: int = 0

    @property
    def lecturer(self) -> int:
        """The lead programme's lecturer (the one the solver chose)."""
        return self.parts[0].lecturer

    @property
    def people(self) -> tuple[int, ...]:
        return tuple(person for part in self.parts for person in part.people)


@dataclass
class Plan:
    bookings: list[Booking]
    # request id -> why it could not be arranged (a code the caller translates)
    unfulfilled: dict[int, str]
    score: int = 0
    rounds: int = 0

    @property
    def fulfilled(self) -> int:
        return len(self.bookings)
