"""An independent check of a plan, written from the rules as staff state them and sharing no
code with the planner: whatever the planner does, this counts what it got wrong."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

import jpholiday

from .types import LECTURER, SUPPORTER


def violations(problem, bookings) -> dict[str, list[str]]:
    """Every broken rule, by kind: double_bookings, equipment_overuse, monthly_limit,
    eligibility, escort, supporters, request."""
    found: dict[str, list[str]] = defaultdict(list)
    people = {p.id: p for p in problem.people}
    requests = {r.id: r for r in problem.requests}
    calendar = problem.calendar

    per_request = Counter(b.request for b in bookings)
    for request_id, count in per_request.items():
        if count > 1 or request_id not in requests:
            found["request"].append(f"request {request_id} booked {count} times")

    days: dict[tuple[int, dt.date], int] = Counter()
    months: dict[tuple[int, int, int], int] = Counter()
    for person in problem.people:
        for date in person.busy:
            days[(person.id, date)] += 1
        for (year, month), load in person.month_load.items():
            months[(person.id, year, month)] += load
    out: dict[tuple[int, dt.date], int] = Counter(problem.equipment_out or {})

    for booking in bookings:
        request = requests.get(booking.request)
        if request is None:
            continue
        date = booking.date
        if date not in [option.date for option in request.options]:
            found["request"].append(f"request {request.id} on a date not asked for")
        # Weekends, the school holidays staff entered and Japan's national holidays.
        if (
            date.weekday() >= 5
            or any(a <= date <= b for a, b in calendar.holidays)
            or jpholiday.is_holiday(date)
        ):
            found["request"].append(f"request {request.id} on a day without school")
        # One part per programme asked for, in the teacher's order; everyone in every part
        # counts for the day (a person in two parts is booked twice that day).
        if [part.programme for part in booking.parts] != list(request.programmes):
            found["request"].append(f"request {request.id}: programmes not as asked")
        everyone = []
        for part in booking.parts:
            programme = problem.programmes.get(part.programme)
            if programme is None:
                found["eligibility"].append(f"request {request.id}: unknown programme")
                continue
            if request.grade not in programme.grades:
                found["eligibility"].append(f"request {request.id}: grade")
            lecturer = people[part.lecturer]
            if lecturer.kind != LECTURER or part.programme not in lecturer.programmes:
                found["eligibility"].append(f"request {request.id}: lecturer cannot teach it")
            if lecturer.needs_step_free and not request.step_free:
                found["eligibility"].append(f"request {request.id}: venue not step-free")
            if lecturer.needs_escort:
                escort = people.get(part.escort) if part.escort is not None else None
                if escort is None or lecturer.needs_escort not in escort.escorts:
                    found["escort"].append(f"request {request.id}: no {lecturer.needs_escort}")
            elif part.escort is not None:
                found["escort"].append(f"request {request.id}: escort nobody needs")
            if len(part.supporters) != programme.supporters or any(
                people[s].kind != SUPPORTER for s in part.supporters
            ):
                found["supporters"].append(f"request {request.id}: supporters")
            everyone += [part.lecturer, *part.supporters]
            if part.escort is not None:
                everyone.append(part.escort)
        for person_id in everyone:
            person = people[person_id]
            if date.weekday() not in person.weekdays or any(a <= date <= b for a, b in person.away):
                found["eligibility"].append(f"request {request.id}: person {person_id} not free")
            if person.districts and request.district not in person.districts:
                found["eligibility"].append(f"request {request.id}: person {person_id} too far")
            days[(person_id, date)] += 1
            months[(person_id, date.year, date.month)] += 1
        # Every programme's equipment for every class, added up.
        wanted: dict[int, int] = Counter()
        for programme_id in request.programmes:
            programme = problem.programmes.get(programme_id)
            for item, per_class in (programme.equipment if programme else {}).items():
                wanted[item] += per_class * request.classes
        if dict(booking.equipment) != dict(wanted):
            found["equipment_overuse"].append(f"request {request.id}: wrong equipment")
        first = date - dt.timedelta(days=calendar.delivery_days)
        last = date + dt.timedelta(days=calendar.return_days)
        day = first
        while day <= last:
            for item, pieces in wanted.items():
                out[(item, day)] += pieces
            day += dt.timedelta(days=1)

    for (person_id, date), count in days.items():
        if count > 1:
            found["double_bookings"].append(f"person {person_id} has {count} classes on {date}")
    for (person_id, year, month), count in months.items():
        if count > people[person_id].monthly_max:
            found["monthly_limit"].append(f"person {person_id}: {count} in {year}-{month}")
    counts = {item.id: item.count for item in problem.items}
    for (item, day), pieces in out.items():
        if pieces > counts.get(item, 0):
            found["equipment_overuse"].append(f"item {item}: {pieces} out on {day}")
    return dict(found)
