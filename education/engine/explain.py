"""Why a class request has no suggestion: which rule ruled out each of its dates, and each
lecturer on a date that is possible.

As the matching engine does for needs (an empty reason and a funnel), the engine gives
codes and their parameters (kokoron.core.assignment.Reason) and the Django side (education.reasons)
puts them into the coordinator's words. The rules are the planner's own (rules.py), taken
one at a time in the order below: a (date, lecturer) candidate is out at the first it fails.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kokoron.core.reason import Reason

from .plan import Problem, programmes_of
from .rules import equipment_needed, national_holiday
from .types import LECTURER, Part, month_of

# The rules, in order. The first two rule a whole date out, the others one lecturer on it.
CONSTRAINTS = (
    "day",  # no school: the date has passed, a weekend, a school or national holiday
    "equipment",  # not enough pieces free from delivery to return (other classes have them)
    "step_free",  # the lecturer needs a step-free venue, the school is not
    "weekday",  # not a weekday the lecturer comes
    "away",  # the lecturer is away
    "district",  # the lecturer does not go to the school's district
    "booked",  # the lecturer already has a class that day
    "monthly_limit",  # the lecturer has as many classes that month as they take
    "escort",  # nobody free to come with the lecturer as guide or interpreter
    "supporters",  # not enough welfare-learning supporters free
    "other_programme",  # nobody free for another programme of the same visit
)


@dataclass
class DateVerdict:
    """One of the request's dates: what rules it out as a whole (the day, each item of
    equipment short), else each lecturer of the lead programme with what rules them out
    (None: nothing, they could come)."""

    option: int
    date: dt.date
    reasons: list[Reason] = field(default_factory=list)
    lecturers: list[tuple[int, Reason | None]] = field(default_factory=list)


@dataclass
class Explanation:
    # What rules out the request whatever the date (the grade, nobody teaches it), or None.
    reason: Reason | None
    dates: list[DateVerdict]
    # How many (date, lecturer) candidates were left after each rule, in order.
    funnel: list[tuple[str, int]]
    # The rule that removed the last candidates, or None when some are left.
    empty_reason: Reason | None


def _day(problem: Problem, date: dt.date) -> Reason | None:
    code = problem.calendar.day_problem(date)
    if code is None:
        return None
    if code == "national_holiday":
        return Reason.of(code, holiday=national_holiday(date))
    return Reason.of(code)


def _lecturer(ledger, request, programmes, option, person) -> Reason | None:
    """The first rule that keeps a lecturer of the lead programme from this date."""
    date = request.options[option].date
    lead = programmes[0]
    if person.needs_step_free and not request.step_free:
        return Reason.of("step_free")
    if date.weekday() not in person.weekdays:
        return Reason.of("weekday", weekday=date.weekday())
    if person.is_away(date):
        return Reason.of("away")
    if not person.can_travel_to(request.district):
        return Reason.of("district", district=request.district)
    if date in ledger.taken[person.id]:
        return Reason.of("booked")
    if ledger.month[(person.id, month_of(date))] >= person.monthly_max:
        return Reason.of("monthly_limit", limit=person.monthly_max)
    helpers = ledger.helpers_for(person, request, lead, date)
    if helpers == "no_escort":
        return Reason.of("escort", escort=person.needs_escort)
    if helpers == "no_supporters":
        # The escort, when one is needed, was found among them first.
        free = len(ledger.free_supporters(request, date)) - (1 if person.needs_escort else 0)
        return Reason.of("supporters", needed=lead.supporters, free=free)
    escort, supporters = helpers
    used = set(Part(lead.id, person.id, escort, supporters).people)
    for programme in programmes[1:]:
        part, _points = ledger._other_part(request, programme, option, date, used, frozenset())
        if isinstance(part, str):
            return Reason.of("other_programme", programme=programme.id, why=part)
        used.update(part.people)
    return None


def explain(problem: Problem, index: int = 0) -> Explanation:
    """Why each date and each lecturer of the problem's request `index` is ruled out."""
    request = problem.requests[index]
    programmes = programmes_of(problem, request)
    if programmes is None:
        reason = Reason.of("grade")
        return Explanation(reason, [], [(name, 0) for name in CONSTRAINTS], reason)
    lead = programmes[0]
    teachers = sorted(
        (p for p in problem.people if p.kind == LECTURER and lead.id in p.programmes),
        key=lambda p: p.id,
    )
    if not teachers:
        reason = Reason.of("nobody_teaches", programme=lead.id)
        return Explanation(reason, [], [(name, 0) for name in CONSTRAINTS], reason)
    ledger = problem.ledger()
    needed = equipment_needed(programmes, request)
    # The rule each (date, lecturer) candidate failed first (None: it passed every one).
    failed: list[str | None] = []
    verdicts = []
    for option, wish in enumerate(request.options):
        verdict = DateVerdict(option, wish.date)
        verdicts.append(verdict)
        day = _day(problem, wish.date)
        if day is not None:
            verdict.reasons.append(day)
            failed += ["day"] * len(teachers)
            continue
        for item, pieces in sorted(needed.items()):
            free = ledger.equipment_left(item, wish.date)
            if pieces > free:
                verdict.reasons.append(
                    Reason.of("equipment", item=item, needed=pieces, free=max(0, free))
                )
        if verdict.reasons:
            failed += ["equipment"] * len(teachers)
            continue
        for person in teachers:
            reason = _lecturer(ledger, request, programmes, option, person)
            verdict.lecturers.append((person.id, reason))
            failed.append(reason.code if reason else None)
    funnel, left, empty = [], len(failed), None
    for name in CONSTRAINTS:
        left -= failed.count(name)
        funnel.append((name, left))
        if left == 0 and empty is None:
            empty = Reason.of(f"nobody_{name}")
    return Explanation(None, verdicts, funnel, empty)
