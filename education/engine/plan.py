"""Candidate bookings and the batch plan over many class requests.

The batch reuses the core's optimal solver (kokoron.core.assignment.solve): class
requests are its demands and (lecturer, date) pairs its candidates, each with room for one
class, so no lecturer is ever given two classes on a day and the solver covers as many
requests as it can, then maximises the score. A request for several programmes is one visit
on one date: the solver chooses the date and the lead (first) programme's lecturer, and the
ledger fills in a lecturer for each other programme on that date, never one the solver gave
to another request (the visit is booked whole or not at all). What the bipartite model
cannot say (the other programmes' lecturers, monthly limits, escorts and supporters,
equipment out from delivery to return) is checked when the solver's choice is booked into a
ledger (smallest share of the equipment first, then by
score, so that more requests fit the equipment there is); a choice that cannot be booked
is taken out of the candidates and the solver runs again. The best feasible plan of those
rounds is then topped up: a request still open takes any booking that is still possible.
The result is never worse than first come, first served (greedy), which is computed too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from kokoron.core.assignment import solve

from .rules import (
    DEFAULT_WEIGHTS,
    Calendar,
    Ledger,
    Weights,
    equipment_needed,
    grade_suits,
    lecturer_fits,
    score,
)
from .types import LECTURER, Booking, Item, Person, Plan, Programme, Request

MAX_ROUNDS = 40


@dataclass
class Problem:
    requests: list[Request]
    programmes: dict[int, Programme]
    people: list[Person]
    items: list[Item]
    calendar: Calendar
    weights: Weights = DEFAULT_WEIGHTS
    # (item id, date) -> pieces already out on that day (classes confirmed before)
    equipment_out: dict[tuple[int, dt.date], int] | None = None

    def ledger(self) -> Ledger:
        ledger = Ledger(
            {p.id: p for p in self.people},
            {i.id: i for i in self.items},
            self.calendar,
            self.programmes,
            self.weights,
        )
        for (item, date), pieces in (self.equipment_out or {}).items():
            ledger.set_equipment_out(item, date, pieces)
        return ledger


@dataclass
class Candidates:
    """Every allowed (request, lecturer, option) with its score, as parallel arrays."""

    request: np.ndarray
    lecturer: np.ndarray
    option: np.ndarray
    score: np.ndarray
    # column of the solver: one per (lecturer, date)
    column: np.ndarray
    n_columns: int
    # request index -> why it has no candidate at all
    hopeless: dict[int, str]


def class_possible(calendar: Calendar, date: dt.date) -> bool:
    """A date still possible for a class already asked for (the lead time was checked when
    the teacher asked; the batch only skips days gone by and days without school: weekends,
    school holidays and national holidays)."""
    return calendar.day_problem(date) is None


def programmes_of(problem: Problem, request: Request) -> list[Programme] | None:
    """The request's programmes in its order, or None when one is unknown or not for its grade."""
    found = [problem.programmes.get(p) for p in request.programmes]
    if not found or any(p is None or not grade_suits(p, request.grade) for p in found):
        return None
    return found


def candidates(problem: Problem) -> Candidates:
    lecturers = [p for p in problem.people if p.kind == LECTURER]
    items = {i.id: i.count for i in problem.items}
    columns: dict[tuple[int, dt.date], int] = {}
    rows: list[tuple[int, int, int, int, int]] = []
    hopeless = {}
    for r, request in enumerate(problem.requests):
        programmes = programmes_of(problem, request)
        if programmes is None:
            hopeless[r] = "grade"
            continue
        needed = equipment_needed(programmes, request)
        if any(pieces > items.get(item, 0) for item, pieces in needed.items()):
            hopeless[r] = "no_equipment"
            continue
        found = False
        for o, option in enumerate(request.options):
            if not class_possible(problem.calendar, option.date):
                continue
            fitting = [
                [
                    p
                    for p in lecturers
                    if option.date not in p.busy
                    and lecturer_fits(p, request, option.date, programme.id)
                ]
                for programme in programmes
            ]
            # Every other programme needs someone on that date too.
            if not all(fitting[1:]):
                continue
            for lecturer in fitting[0]:
                key = (lecturer.id, option.date)
                column = columns.setdefault(key, len(columns))
                points = score(lecturer, request, o, option.date, problem.weights)
                rows.append((r, lecturer.id, o, points, column))
                found = True
        if not found:
            hopeless[r] = (
                "no_date"
                if not any(class_possible(problem.calendar, o.date) for o in request.options)
                else "no_lecturer"
            )
    array = np.asarray(rows, dtype=np.int64).reshape(-1, 5)
    return Candidates(
        array[:, 0], array[:, 1], array[:, 2], array[:, 3], array[:, 4], len(columns), hopeless
    )


def equipment_share(problem: Problem, request: Request) -> float:
    """The largest share of any item's stock that the request would take."""
    programmes = programmes_of(problem, request)
    if programmes is None:
        return 0.0
    counts = {item.id: item.count for item in problem.items}
    needed = equipment_needed(programmes, request)
    return max(
        (pieces / counts[item] for item, pieces in needed.items() if counts.get(item)), default=0.0
    )


def _edge_date(problem, cands, e) -> dt.date:
    return problem.requests[cands.request[e]].options[cands.option[e]].date


def _book_all(problem, people, chosen, cands, order):
    """Book the chosen candidates in the given order; returns (ledger, bookings, failures).
    The other programmes of a visit never take a lecturer the solver chose for a request."""
    ledger = problem.ledger()
    reserved = {(int(cands.lecturer[e]), _edge_date(problem, cands, e)) for e in chosen}
    bookings, failures = [], []
    for e in order:
        e = int(e)
        request = problem.requests[cands.request[e]]
        # (The request's own lead lecturer is in the visit already, so never taken twice.)
        result = ledger.try_book(
            request,
            people[int(cands.lecturer[e])],
            int(cands.option[e]),
            int(cands.score[e]),
            avoid=reserved,
        )
        if isinstance(result, Booking):
            bookings.append(result)
        else:
            failures.append((e, result))
    return ledger, bookings, failures


def batch(problem: Problem, progress=None) -> Plan:
    """The plan: as many requests as possible, then the highest score, all constraints kept."""
    if progress:
        progress("candidates")
    cands = candidates(problem)
    people = {p.id: p for p in problem.people}
    n = len(problem.requests)
    alive = np.ones(len(cands.request), dtype=bool)
    footprint = [equipment_share(problem, request) for request in problem.requests]
    best: tuple[int, int, list[Booking], Ledger] | None = None
    last_failure: dict[int, str] = {}
    rounds = 0
    for rounds in range(1, MAX_ROUNDS + 1):
        if progress:
            progress(f"solve {rounds}")
        # One edge per (request, column): the best option for that pair.
        edge_ids = np.flatnonzero(alive)
        if len(edge_ids) == 0:
            break
        solution = solve(
            n,
            np.ones(cands.n_columns, dtype=np.int64),
            cands.request[edge_ids],
            cands.column[edge_ids],
            cands.score[edge_ids],
        )
        lookup = {(int(cands.request[e]), int(cands.column[e])): int(e) for e in edge_ids.tolist()}
        chosen = [lookup[(r, int(c))] for r, c in enumerate(solution.assignment.tolist()) if c >= 0]
        # Requests that take a small share of the equipment first: more of them fit.
        chosen.sort(
            key=lambda e: (
                footprint[int(cands.request[e])],
                -int(cands.score[e]),
                problem.requests[cands.request[e]].received,
            )
        )
        ledger, bookings, failures = _book_all(problem, people, chosen, cands, chosen)
        total = sum(b.score for b in bookings)
        if best is None or (len(bookings), total) > (best[0], best[1]):
            best = (len(bookings), total, bookings, ledger)
        if not failures:
            break
        for e, reason in failures:
            r = int(cands.request[e])
            last_failure[r] = reason
            if reason == "no_equipment":
                # Nobody can bring the class on that date: drop the whole date.
                same = (cands.request == r) & (cands.option == cands.option[e])
                alive &= ~same
            else:
                alive[e] = False
    if progress:
        progress("top up")
    _, _, bookings, ledger = best if best else (0, 0, [], problem.ledger())
    booked = {b.request for b in bookings}
    by_request: dict[int, list[int]] = {}
    for e in np.argsort(-cands.score, kind="stable").tolist():
        by_request.setdefault(int(cands.request[e]), []).append(e)
    for r in sorted(range(n), key=lambda r: (footprint[r], problem.requests[r].received)):
        request = problem.requests[r]
        if request.id in booked or r not in by_request:
            continue
        for e in by_request[r]:
            result = ledger.try_book(
                request,
                people[int(cands.lecturer[e])],
                int(cands.option[e]),
                int(cands.score[e]),
            )
            if isinstance(result, Booking):
                bookings.append(result)
                booked.add(request.id)
                break
            last_failure[r] = result
    unfulfilled = {}
    for r, request in enumerate(problem.requests):
        if request.id not in booked:
            unfulfilled[request.id] = cands.hopeless.get(r) or last_failure.get(r, "all_taken")
    plan = Plan(bookings, unfulfilled, sum(b.score for b in bookings), rounds)
    # The rounds are a heuristic around an exact core: on the rare problem where first come,
    # first served does better, its plan is the one to propose.
    fcfs = greedy(problem)
    if (fcfs.fulfilled, fcfs.score) > (plan.fulfilled, plan.score):
        fcfs.rounds = rounds
        return fcfs
    return plan


def greedy(problem: Problem) -> Plan:
    """First come, first served, as done by hand: each request in the order it came takes its
    first date on which its best-scoring lead lecturer (with the others) can be booked. For
    comparison."""
    people = {p.id: p for p in problem.people}
    lecturers = [p for p in problem.people if p.kind == LECTURER]
    ledger = problem.ledger()
    bookings, unfulfilled = [], {}
    for request in sorted(problem.requests, key=lambda r: r.received):
        if programmes_of(problem, request) is None:
            unfulfilled[request.id] = "grade"
            continue
        reason = "no_lecturer"
        booking = None
        for o, option in enumerate(request.options):
            if not class_possible(problem.calendar, option.date):
                continue
            fitting = sorted(
                (p for p in lecturers if lecturer_fits(p, request, option.date, request.lead)),
                key=lambda p: -score(p, request, o, option.date, problem.weights),
            )
            for lecturer in fitting:
                points = score(lecturer, request, o, option.date, problem.weights)
                result = ledger.try_book(request, people[lecturer.id], o, points)
                if isinstance(result, Booking):
                    booking = result
                    break
                reason = result
            if booking:
                break
        if booking:
            bookings.append(booking)
        else:
            unfulfilled[request.id] = reason
    return Plan(bookings, unfulfilled, sum(b.score for b in bookings), 1)
