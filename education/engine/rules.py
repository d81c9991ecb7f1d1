"""The rules of a class booking: which dates a teacher may ask for, who may come, how well
they fit, and the ledger of people and equipment already taken."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import jpholiday

from .types import (
    LECTURER,
    SUPPORTER,
    Booking,
    Item,
    Part,
    Person,
    Programme,
    Request,
    month_of,
)


@lru_cache(maxsize=4096)
def national_holiday(date: dt.date) -> str | None:
    """The name of the Japanese national holiday on a date (国民の祝日, 振替休日, 国民の休日),
    in Japanese as the law names it, or None. Schools are closed on every one of them."""
    return jpholiday.is_holiday_name(date)


@dataclass(frozen=True)
class Calendar:
    """The school calendar: the lead time staff set, the school holidays they enter (breaks)
    and Japan's national holidays, on which there are no classes either."""

    today: dt.date
    lead_days: int = 60
    # Inclusive (first, last) ranges staff enter: spring, summer and winter breaks.
    holidays: tuple[tuple[dt.date, dt.date], ...] = ()
    # Equipment goes out this many days before the class and comes back this many after.
    delivery_days: int = 1
    return_days: int = 1

    def earliest(self) -> dt.date:
        return self.today + dt.timedelta(days=self.lead_days)

    def is_school_holiday(self, date: dt.date) -> bool:
        return any(first <= date <= last for first, last in self.holidays)

    def is_holiday(self, date: dt.date) -> bool:
        """A school holiday or a national holiday."""
        return self.is_school_holiday(date) or national_holiday(date) is not None

    def day_problem(self, date: dt.date) -> str | None:
        """Why there can be no class on this date at all, or None: past, weekend, holiday
        (a school holiday staff entered), national_holiday (see national_holiday() for its
        name)."""
        if date <= self.today:
            return "past"
        if date.weekday() >= 5:
            return "weekend"
        if self.is_school_holiday(date):
            return "holiday"
        if national_holiday(date) is not None:
            return "national_holiday"
        return None

    def date_problem(self, date: dt.date) -> str | None:
        """Why a teacher may not ask for a class on this date, or None: past, too_soon,
        weekend, holiday, national_holiday."""
        if date > self.today and date < self.earliest():
            return "too_soon"
        return self.day_problem(date)

    def equipment_days(self, date: dt.date) -> list[dt.date]:
        first = date - dt.timedelta(days=self.delivery_days)
        return [
            first + dt.timedelta(days=n) for n in range(self.delivery_days + 1 + self.return_days)
        ]


def grade_suits(programme: Programme, grade: int) -> bool:
    return grade in programme.grades


def equipment_needed(programmes, request: Request) -> dict[int, int]:
    """The pieces of each item a visit takes: every programme's, for every class, summed
    (programmes of one visit may run at the same time, so nothing is shared between them)."""
    needed: dict[int, int] = {}
    for programme in programmes:
        for item, per_class in programme.equipment.items():
            needed[item] = needed.get(item, 0) + per_class * request.classes
    return needed


def can_come(person: Person, date: dt.date, district: int | None) -> bool:
    """The person's own constraints on a date: a school day they come, not away, travels there."""
    return (
        date.weekday() in person.weekdays
        and not person.is_away(date)
        and person.can_travel_to(district)
    )


def lecturer_fits(person: Person, request: Request, date: dt.date, programme: int) -> bool:
    return (
        person.kind == LECTURER
        and programme in person.programmes
        and (request.step_free or not person.needs_step_free)
        and can_come(person, date, request.district)
    )


@dataclass(frozen=True)
class Weights:
    home_district: int = 10
    experience_each: int = 2
    experience_max: int = 10
    # continuity: a lecturer this school rated 5 (or 4) before
    rated_five: int = 25
    rated_four: int = 15
    # fairness: lecturers with room left this month, and with fewer classes this year
    room_left: int = 10
    few_classes: int = 10
    few_classes_span: int = 20
    # the teacher's first choice of date over the second and third
    first_choice: int = 6
    second_choice: int = 3


DEFAULT_WEIGHTS = Weights()


def score(
    person: Person,
    request: Request,
    option: int,
    date: dt.date,
    weights: Weights = DEFAULT_WEIGHTS,
    programme: int | None = None,
) -> int:
    """How well a lecturer fits a request's programme (the lead one unless named) on one of
    its dates: fit, continuity, fairness."""
    programme = request.lead if programme is None else programme
    total = 0
    if person.home_district is not None and person.home_district == request.district:
        total += weights.home_district
    total += min(
        weights.experience_max,
        weights.experience_each * person.experience.get(programme, 0),
    )
    rating = request.ratings.get(person.id)
    if rating is not None:
        if rating >= 4.5:
            total += weights.rated_five
        elif rating >= 3.5:
            total += weights.rated_four
    if person.monthly_max > 0:
        left = person.monthly_max - person.month_load.get(month_of(date), 0)
        total += max(0, weights.room_left * left // person.monthly_max)
    total += max(
        0,
        weights.few_classes
        * (weights.few_classes_span - person.classes_this_year)
        // weights.few_classes_span,
    )
    total += (weights.first_choice, weights.second_choice)[option] if option < 2 else 0
    return total


@dataclass
class Ledger:
    """People and equipment already taken, per date and per month; starts from what the
    people and items carry (confirmed classes) and grows as bookings are made."""

    people: dict[int, Person]
    items: dict[int, Item]
    calendar: Calendar
    programmes: dict[int, Programme] = field(default_factory=dict)
    weights: Weights = DEFAULT_WEIGHTS
    taken: dict[int, set] = field(default_factory=lambda: defaultdict(set))
    month: dict[tuple[int, tuple[int, int]], int] = field(default_factory=lambda: defaultdict(int))
    # (item, date) -> pieces out
    out: dict[tuple[int, dt.date], int] = field(default_factory=lambda: defaultdict(int))

    def __post_init__(self):
        for person in self.people.values():
            self.taken[person.id] |= set(person.busy)
            for key, load in person.month_load.items():
                self.month[(person.id, key)] += load
        self.lecturers = [p for p in self.people.values() if p.kind == LECTURER]

    def set_equipment_out(self, item: int, date: dt.date, pieces: int):
        self.out[(item, date)] += pieces

    def person_free(self, person: Person, date: dt.date) -> bool:
        return date not in self.taken[person.id] and (
            self.month[(person.id, month_of(date))] < person.monthly_max
        )

    def equipment_free(self, needed: dict[int, int], date: dt.date) -> bool:
        return all(pieces <= self.equipment_left(item, date) for item, pieces in needed.items())

    def free_supporters(
        self, request: Request, date: dt.date, used: frozenset[int] | set[int] = frozenset()
    ) -> list[Person]:
        """The supporters who can come to the request's school on a date and are not booked
        (nor `used` by the visit), fewest classes first."""
        return sorted(
            (
                p
                for p in self.people.values()
                if p.kind == SUPPORTER
                and p.id not in used
                and self.person_free(p, date)
                and can_come(p, date, request.district)
            ),
            key=lambda p: (self.month[(p.id, month_of(date))], p.classes_this_year, p.id),
        )

    def equipment_left(self, item: int, date: dt.date) -> int:
        """The pieces of an item free on every day it would be out for a class on `date`."""
        count = self.items[item].count if item in self.items else 0
        return min(count - self.out[(item, day)] for day in self.calendar.equipment_days(date))

    def helpers_for(
        self,
        lecturer: Person,
        request: Request,
        programme: Programme,
        date: dt.date,
        used: frozenset[int] | set[int] = frozenset(),
    ) -> tuple[int | None, tuple[int, ...]] | str:
        """The escort and supporters to book with a lecturer for one programme, fewest classes
        first, leaving out the people `used` by the visit's other programmes; or the code of
        what is missing ("no_escort", "no_supporters")."""
        free = self.free_supporters(request, date, used)
        escort = None
        if lecturer.needs_escort:
            escort = next((p for p in free if lecturer.needs_escort in p.escorts), None)
            if escort is None:
                return "no_escort"
            free = [p for p in free if p.id != escort.id]
        # Supporters who know the programme come first.
        free.sort(key=lambda p: programme.id not in p.programmes)
        if len(free) < programme.supporters:
            return "no_supporters"
        supporters = tuple(p.id for p in free[: programme.supporters])
        return (escort.id if escort else None), supporters

    def book(self, booking: Booking):
        for person in booking.people:
            self.taken[person].add(booking.date)
            self.month[(person, month_of(booking.date))] += 1
        for item, pieces in booking.equipment:
            for day in self.calendar.equipment_days(booking.date):
                self.out[(item, day)] += pieces

    def _part(self, request, programme, lecturer, date, used):
        helpers = self.helpers_for(lecturer, request, programme, date, used)
        if isinstance(helpers, str):
            return helpers
        escort, supporters = helpers
        return Part(programme.id, lecturer.id, escort, supporters)

    def _other_part(self, request, programme, option, date, used, avoid):
        """A lecturer (best score first) with helpers for a programme after the lead one."""
        fitting = [
            p
            for p in self.lecturers
            if p.id not in used
            and (p.id, date) not in avoid
            and lecturer_fits(p, request, date, programme.id)
        ]
        if not fitting:
            return "no_lecturer", 0
        failure = "lecturer_taken"
        fitting.sort(
            key=lambda p: (-score(p, request, option, date, self.weights, programme.id), p.id)
        )
        for lecturer in fitting:
            if not self.person_free(lecturer, date):
                continue
            part = self._part(request, programme, lecturer, date, used)
            if isinstance(part, Part):
                return part, score(lecturer, request, option, date, self.weights, programme.id)
            failure = part
        return failure, 0

    def try_book(
        self,
        request: Request,
        lecturer: Person,
        option: int,
        points: int,
        avoid: frozenset[tuple[int, dt.date]] | set = frozenset(),
    ) -> Booking | str:
        """Book the visit for one option: the lead programme with this lecturer, each other
        programme with the best lecturer still free (none of the (person, date) pairs in
        `avoid`, which the batch keeps for other requests), all with their helpers and the
        equipment; or say what failed. Nothing is booked unless every programme is."""
        date = request.options[option].date
        if not self.person_free(lecturer, date):
            return "lecturer_taken"
        programmes = [self.programmes[p] for p in request.programmes]
        needed = equipment_needed(programmes, request)
        if not self.equipment_free(needed, date):
            return "no_equipment"
        part = self._part(request, programmes[0], lecturer, date, frozenset())
        if isinstance(part, str):
            return part
        parts, used, total = [part], set(part.people), points
        for programme in programmes[1:]:
            part, points = self._other_part(request, programme, option, date, used, avoid)
            if isinstance(part, str):
                return part
            parts.append(part)
            used.update(part.people)
            total += points
        booking = Booking(
            request=request.id,
            date=date,
            option=option,
            parts=tuple(parts),
            equipment=tuple(sorted(needed.items())),
            score=total,
        )
        self.book(booking)
        return booking
