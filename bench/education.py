# ruff: noqa: T201 - a benchmark prints its figures
"""Benchmark of the welfare-education batch: a spring rush of class requests.

    .venv/bin/python bench/education.py [--requests 600] [--people 120] [--seed 1] [--smoke]

Builds its own data (no database): 600 requests with three preferred dates each in May-July,
about a fifth of them for two programmes in one visit, 120 lecturers and supporters over 12
school districts, limited equipment. Runs the batch
(education.engine.batch) and first-come-first-served greedy on the same data, and checks
both with the independent checker. The last line is one JSON object of figures.
"""

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from education.engine import (
    GUIDE,
    INTERPRETER,
    LECTURER,
    SUPPORTER,
    Calendar,
    Item,
    Option,
    Person,
    Problem,
    Programme,
    Request,
    batch,
    greedy,
)
from education.engine.check import violations

TODAY = dt.date(2027, 4, 12)
DISTRICTS = list(range(1, 13))
# wheelchairs, eye masks and canes, ageing-simulation suits
ITEMS = [Item(1, 20), Item(2, 40), Item(3, 8)]
PROGRAMMES = {
    1: Programme(1, frozenset(range(3, 10)), supporters=2, equipment={1: 5}),
    2: Programme(2, frozenset(range(3, 10)), supporters=1, equipment={2: 10}),
    3: Programme(3, frozenset(range(5, 10)), supporters=1, equipment={3: 2}),
    4: Programme(4, frozenset(range(1, 10))),
    5: Programme(5, frozenset(range(3, 10))),
    6: Programme(6, frozenset(range(4, 10))),
    7: Programme(7, frozenset(range(4, 10)), supporters=1),
}
HOLIDAYS = (
    (dt.date(2027, 4, 29), dt.date(2027, 5, 5)),
    (dt.date(2027, 7, 19), dt.date(2027, 7, 19)),
)


def school_days(calendar):
    day = calendar.earliest()
    days = []
    while day < dt.date(2027, 7, 17):
        if day.weekday() < 5 and not calendar.is_holiday(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def build(n_requests, n_people, seed, two=0.2):
    rng = random.Random(seed)
    calendar = Calendar(today=TODAY, lead_days=21, holidays=HOLIDAYS)
    days = school_days(calendar)
    people = []
    for pid in range(1, n_people + 1):
        lecturer = pid <= n_people * 2 // 3
        home = rng.choice(DISTRICTS)
        people.append(
            Person(
                id=pid,
                kind=LECTURER if lecturer else SUPPORTER,
                programmes=frozenset(rng.sample(sorted(PROGRAMMES), rng.randint(1, 3))),
                weekdays=frozenset(rng.sample(range(5), rng.randint(2, 5))),
                away=((d := rng.choice(days), d + dt.timedelta(days=rng.randint(0, 10))),)
                if rng.random() < 0.3
                else (),
                monthly_max=rng.randint(2, 6),
                districts=frozenset(rng.sample(DISTRICTS, rng.randint(4, 12))),
                home_district=home,
                needs_step_free=lecturer and rng.random() < 0.25,
                needs_escort=(
                    rng.choice([GUIDE, INTERPRETER]) if lecturer and rng.random() < 0.2 else ""
                ),
                escorts=frozenset(
                    e for e in (GUIDE, INTERPRETER) if not lecturer and rng.random() < 0.4
                ),
                experience={p: rng.randint(0, 6) for p in PROGRAMMES if rng.random() < 0.3},
                classes_this_year=rng.randint(0, 20),
            )
        )
    lecturer_ids = [p.id for p in people if p.kind == LECTURER]
    requests = []
    for rid in range(1, n_requests + 1):
        programmes = tuple(rng.sample(sorted(PROGRAMMES), 2 if rng.random() < two else 1))
        grades = frozenset.intersection(*(PROGRAMMES[p].grades for p in programmes))
        grade = rng.choice(sorted(grades))
        picks = sorted(rng.sample(days, 3), key=lambda _d: rng.random())
        requests.append(
            Request(
                id=rid,
                school=rng.randint(1, 60),
                district=rng.choice(DISTRICTS),
                programmes=programmes,
                grade=grade,
                classes=rng.randint(1, 3),
                pupils=rng.randint(25, 110),
                options=tuple(Option(d, 3, 4) for d in picks),
                step_free=rng.random() < 0.7,
                ratings={rng.choice(lecturer_ids): rng.choice([3, 4, 5])}
                if rng.random() < 0.3
                else {},
                received=rid,
            )
        )
    return Problem(requests, PROGRAMMES, people, ITEMS, calendar)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--people", type=int, default=120)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--two", type=float, default=0.2, help="share of requests for two programmes"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="60 requests, 20 people: does it still run (CI)"
    )
    args = parser.parse_args()
    if args.smoke:
        args.requests, args.people = 60, 20
    problem = build(args.requests, args.people, args.seed, args.two)

    started = time.perf_counter()
    plan = batch(problem)
    batch_s = time.perf_counter() - started
    started = time.perf_counter()
    fcfs = greedy(problem)
    greedy_s = time.perf_counter() - started
    found = violations(problem, plan.bookings)
    found_greedy = violations(problem, fcfs.bookings)

    visits = sum(len(r.programmes) > 1 for r in problem.requests)
    print(
        f"{args.requests} requests ({visits} for two programmes), "
        f"{args.people} lecturers and supporters, seed {args.seed}"
    )
    print(
        f"batch:  {plan.fulfilled} fulfilled, score {plan.score}, {plan.rounds} rounds, {batch_s:.2f} s"
    )
    print(f"greedy: {fcfs.fulfilled} fulfilled, score {fcfs.score}, {greedy_s:.2f} s")
    print(f"checker on the batch: {sum(map(len, found.values()))} violations {sorted(found)}")
    print(f"checker on greedy: {sum(map(len, found_greedy.values()))} violations")
    figures = {
        "requests": args.requests,
        "two_programme_requests": visits,
        "batch_s": round(batch_s, 3),
        "fulfilled": plan.fulfilled,
        "greedy_fulfilled": fcfs.fulfilled,
        "greedy_s": round(greedy_s, 3),
        "score": plan.score,
        "greedy_score": fcfs.score,
        "double_bookings": len(found.get("double_bookings", [])),
        "equipment_overuse": len(found.get("equipment_overuse", [])),
        "other_violations": sum(
            len(v) for k, v in found.items() if k not in {"double_bookings", "equipment_overuse"}
        ),
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
