"""Hard constraints (who may take a need at all) and the soft score (who fits it best)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kokoron.core.reason import Reason

from .types import Candidate, Demand

# The hard constraints, in the order a coordinator thinks of them. A candidate is out at the
# first one it fails; when nobody is left, the constraint that removed the last ones is the
# reason given for an empty list.
CONSTRAINTS = (
    "active",
    "capacity",
    "district",
    "activity",
    "declined",
    "time",
    "away",
    "language",
    "gender",
    "training",
)


@dataclass(frozen=True)
class Weights:
    same_neighbourhood: int = 30
    same_district: int = 20
    adjacent_district: int = 10
    experience_each: int = 4
    experience_max: int = 20
    familiar: int = 25
    # Fairness: up to `light_load` points for a volunteer with nothing on yet, and one point
    # per `waiting_days_per_point` days waited, up to `waiting_max`.
    light_load: int = 10
    waiting_days_per_point: int = 9
    waiting_max: int = 10
    preferred_each: int = 5


DEFAULT_WEIGHTS = Weights()


@dataclass
class Context:
    """What the rules need besides the volunteer and the need."""

    today: dt.date
    adjacency: dict[int, frozenset[int]]
    horizon_weeks: int = 4
    weights: Weights = DEFAULT_WEIGHTS


def dates_of(demand: Demand, context: Context) -> list[dt.date]:
    return demand.when.occurrences(context.today, context.horizon_weeks)


def failed_constraint(
    demand: Demand, candidate: Candidate, context: Context, dates: list[dt.date]
) -> str | None:
    """The first hard constraint the candidate fails for this need, or None if it may take it."""
    if not candidate.active:
        return "active"
    if candidate.capacity_left <= 0:
        return "capacity"
    if demand.district is not None and not (
        demand.district in candidate.goes_to or demand.district == candidate.district
    ):
        return "district"
    if demand.activity is not None and demand.activity not in candidate.activities:
        return "activity"
    if demand.id in candidate.declined:
        return "declined"
    when = demand.when
    if not any(slot.covers(when.weekday, when.start, when.end) for slot in candidate.availability):
        return "time"
    if candidate.away and any(candidate.is_away(date) for date in dates):
        return "away"
    if not demand.required_languages <= candidate.languages:
        return "language"
    if demand.required_gender and demand.required_gender != candidate.gender:
        return "gender"
    if demand.required_trainings:
        last = dates[-1] if dates else context.today
        for training in demand.required_trainings:
            if training not in candidate.trainings:
                return "training"
            expiry = candidate.trainings[training]
            if expiry is not None and expiry < last:
                return "training"
    return None


def score(
    demand: Demand, candidate: Candidate, context: Context, with_reasons: bool = True
) -> tuple[int, list[Reason]]:
    """The soft score of a candidate who meets every hard constraint, and its reasons."""
    weights = context.weights
    reasons: list[Reason] = []
    total = 0

    def add(points, code, **params):
        nonlocal total
        total += points
        if with_reasons and points:
            reasons.append(Reason.of(code, points, **params))

    # Nearness
    if demand.neighbourhood is not None and candidate.neighbourhood == demand.neighbourhood:
        add(weights.same_neighbourhood, "same_neighbourhood", neighbourhood=demand.neighbourhood)
    elif demand.district is not None and candidate.district == demand.district:
        add(weights.same_district, "same_district", district=demand.district)
    elif candidate.district is not None and candidate.district in context.adjacency.get(
        demand.district, ()
    ):
        add(weights.adjacent_district, "adjacent_district", district=candidate.district)
    # Activity experience
    done = candidate.experience.get(demand.activity, 0) if demand.activity is not None else 0
    if done:
        add(
            min(weights.experience_max, done * weights.experience_each),
            "experience",
            activity=demand.activity,
            count=done,
        )
    # Continuity (顔なじみ)
    if demand.recipient is not None and demand.recipient in candidate.familiar:
        add(weights.familiar, "familiar")
    # Fairness: spread the load, and favour who has waited longest
    if candidate.capacity > 0:
        light = weights.light_load * (candidate.capacity - candidate.load) // candidate.capacity
        if light > 0:
            add(light, "light_load", load=candidate.load, capacity=candidate.capacity)
    if candidate.waiting_since is not None:
        days = (context.today - candidate.waiting_since).days
        waited = min(weights.waiting_max, max(0, days) // weights.waiting_days_per_point)
        if waited > 0:
            add(waited, "waiting", days=days)
    # Preferred conditions
    for language in sorted(demand.preferred_languages & candidate.languages):
        add(weights.preferred_each, "preferred_language", language=language)
    if demand.preferred_gender and demand.preferred_gender == candidate.gender:
        add(weights.preferred_each, "preferred_gender", gender=candidate.gender)
    if demand.preferred_trainings:
        dates = dates_of(demand, context)
        last = dates[-1] if dates else context.today
        for training in sorted(demand.preferred_trainings):
            expiry = candidate.trainings.get(training, dt.date.min)
            if training in candidate.trainings and (expiry is None or expiry >= last):
                add(weights.preferred_each, "preferred_training", training=training)
    return total, reasons


def empty_reason(demand: Demand, constraint: str, dates: list[dt.date]) -> Reason:
    """Why nobody can take the need, given the constraint that removed the last candidates."""
    when = demand.when
    common = {"district": demand.district, "activity": demand.activity}
    if constraint == "time":
        return Reason.of(
            "nobody_available",
            weekday=when.weekday,
            start=when.start.strftime("%H:%M"),
            end=when.end.strftime("%H:%M"),
            **common,
        )
    if constraint == "away":
        return Reason.of("nobody_available_dates", dates=[d.isoformat() for d in dates], **common)
    return Reason.of(f"nobody_{constraint}", **common)
