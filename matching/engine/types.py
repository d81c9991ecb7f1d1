"""The engine's plain data: what it knows of a volunteer (a candidate) and of a need (a demand).

No Django here. Times are wall-clock times in Asia/Tokyo: dates, and times of day. An aware
datetime handed to `OneOff.from_datetimes` is converted to Tokyo time first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from kokoron.core.reason import Reason

TOKYO = ZoneInfo("Asia/Tokyo")


@dataclass(frozen=True)
class WeeklySlot:
    """A time a volunteer is free every week: weekday 0 = Monday … 6 = Sunday."""

    weekday: int
    start: dt.time
    end: dt.time

    def covers(self, weekday: int, start: dt.time, end: dt.time) -> bool:
        return self.weekday == weekday and self.start <= start and end <= self.end


@dataclass(frozen=True)
class OneOff:
    """A need on one date, from start to end (same day)."""

    date: dt.date
    start: dt.time
    end: dt.time

    @classmethod
    def from_datetimes(cls, starts_at: dt.datetime, ends_at: dt.datetime) -> OneOff:
        if starts_at.tzinfo is not None:
            starts_at = starts_at.astimezone(TOKYO)
        if ends_at.tzinfo is not None:
            ends_at = ends_at.astimezone(TOKYO)
        return cls(starts_at.date(), starts_at.time(), ends_at.time())

    def occurrences(self, today: dt.date, horizon_weeks: int) -> list[dt.date]:
        return [self.date]

    @property
    def weekday(self) -> int:
        return self.date.weekday()

    @property
    def last_date(self) -> dt.date:
        return self.date


@dataclass(frozen=True)
class Weekly:
    """A need every week on one weekday, from `first` until `until` (inclusive, or open)."""

    weekday: int
    start: dt.time
    end: dt.time
    first: dt.date
    until: dt.date | None = None

    def occurrences(self, today: dt.date, horizon_weeks: int) -> list[dt.date]:
        """The dates of the next `horizon_weeks` weeks (from today or the first date)."""
        begin = max(today, self.first)
        offset = (self.weekday - begin.weekday()) % 7
        date = begin + dt.timedelta(days=offset)
        dates = []
        for _ in range(horizon_weeks):
            if self.until is not None and date > self.until:
                break
            dates.append(date)
            date += dt.timedelta(days=7)
        return dates

    @property
    def last_date(self) -> dt.date | None:
        return self.until


@dataclass
class Candidate:
    """A volunteer as the engine sees them. `id` is whatever the caller uses (a primary key)."""

    id: int
    district: int | None = None
    neighbourhood: int | None = None
    goes_to: frozenset[int] = frozenset()
    activities: frozenset[int] = frozenset()
    availability: tuple[WeeklySlot, ...] = ()
    # Inclusive (first, last) date ranges the volunteer is away.
    away: tuple[tuple[dt.date, dt.date], ...] = ()
    languages: frozenset[str] = frozenset()
    gender: str = ""
    # training id -> expiry date (None: never expires)
    trainings: dict[int, dt.date | None] = field(default_factory=dict)
    capacity: int = 1
    load: int = 0
    active: bool = True
    # Since when the volunteer has waited for a need (last assignment, or registration).
    waiting_since: dt.date | None = None
    # activity id -> needs of that activity done
    experience: dict[int, int] = field(default_factory=dict)
    # ids of the people this volunteer has helped before, and it went well (顔なじみ)
    familiar: frozenset[int] = frozenset()
    # ids of needs this volunteer said no to: never asked again for them
    declined: frozenset[int] = frozenset()

    @property
    def capacity_left(self) -> int:
        return max(0, self.capacity - self.load)

    def is_away(self, date: dt.date) -> bool:
        return any(first <= date <= last for first, last in self.away)


@dataclass
class Demand:
    """A need as the engine sees it."""

    id: int
    district: int | None
    neighbourhood: int | None
    activity: int | None
    when: OneOff | Weekly
    recipient: int | None = None
    required_languages: frozenset[str] = frozenset()
    required_gender: str = ""
    required_trainings: frozenset[int] = frozenset()
    preferred_languages: frozenset[str] = frozenset()
    preferred_gender: str = ""
    preferred_trainings: frozenset[int] = frozenset()
    urgency: int = 0


@dataclass(frozen=True)
class Suggestion:
    candidate_id: int
    score: int
    reasons: tuple[Reason, ...]


@dataclass
class SuggestResult:
    suggestions: list[Suggestion]
    # When the list is empty: why (the first hard constraint that nobody met).
    empty_reason: Reason | None = None
    # How many candidates were left after each hard constraint, in order.
    funnel: list[tuple[str, int]] = field(default_factory=list)
