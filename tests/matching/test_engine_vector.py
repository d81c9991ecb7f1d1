"""The array form of the rules (engine/vector.py) against the rules one pair at a time."""

import datetime as dt
import random

import numpy as np
import pytest

from matching.engine import (
    CONSTRAINTS,
    Candidate,
    Context,
    Demand,
    OneOff,
    Weekly,
    WeeklySlot,
    edges,
    failed_constraint,
    score,
    suggest,
)
from matching.engine.vector import micros

TODAY = dt.date(2026, 5, 1)
DISTRICTS = [10, 11, 12, 13]
ADJACENCY = {10: frozenset({11}), 11: frozenset({10, 12}), 12: frozenset({11}), 13: frozenset()}


def maybe(rng, value, chance=0.15):
    return None if rng.random() < chance else value


def some(rng, pool, most):
    return frozenset(rng.sample(pool, rng.randint(0, most)))


def time_of(rng, hours=(8, 20)):
    return dt.time(rng.randint(*hours), rng.choice([0, 15, 30, 45]))


def random_candidate(rng, i):
    slots = []
    for _ in range(rng.randint(0, 9)):
        start = time_of(rng, (7, 14))
        slots.append(WeeklySlot(rng.randrange(7), start, time_of(rng, (start.hour + 1, 21))))
    away = []
    for _ in range(rng.choice([0, 0, 1, 2])):
        first = TODAY + dt.timedelta(days=rng.randint(-10, 40))
        away.append((first, first + dt.timedelta(days=rng.randint(0, 10))))
    return Candidate(
        id=1000 + i,
        district=maybe(rng, rng.choice(DISTRICTS)),
        neighbourhood=maybe(rng, rng.randint(1, 6)),
        goes_to=some(rng, DISTRICTS, 3),
        activities=some(rng, [1, 2, 3, 4], 3),
        availability=tuple(slots),
        away=tuple(away),
        languages=some(rng, ["ja", "en", "zh", "vi"], 3),
        gender=rng.choice(["", "f", "m", "x"]),
        trainings={
            t: maybe(rng, TODAY + dt.timedelta(days=rng.randint(-30, 90)), 0.3)
            for t in rng.sample([7, 8, 9], rng.randint(0, 3))
        },
        capacity=rng.randint(0, 3),
        load=rng.randint(0, 3),
        active=rng.random() < 0.9,
        waiting_since=maybe(rng, TODAY - dt.timedelta(days=rng.randint(-5, 200)), 0.3),
        experience={a: rng.randint(0, 8) for a in rng.sample([1, 2, 3, 4], rng.randint(0, 2))},
        familiar=some(rng, [50, 51, 52, 53], 2),
        declined=some(rng, list(range(1, 12)), 2),
    )


def random_demand(rng, i):
    start = time_of(rng, (8, 17))
    end = (dt.datetime.combine(TODAY, start) + dt.timedelta(minutes=rng.choice([30, 90]))).time()
    if rng.random() < 0.4:
        first = TODAY + dt.timedelta(days=rng.randint(-20, 20))
        until = maybe(rng, first + dt.timedelta(weeks=rng.randint(-1, 8)), 0.4)
        when = Weekly(first.weekday(), start, end, first, until)
    else:
        when = OneOff(TODAY + dt.timedelta(days=rng.randint(0, 30)), start, end)
    return Demand(
        id=1 + i,
        district=maybe(rng, rng.choice(DISTRICTS), 0.1),
        neighbourhood=maybe(rng, rng.randint(1, 6)),
        activity=maybe(rng, rng.randint(1, 4), 0.1),
        when=when,
        recipient=maybe(rng, rng.choice([50, 51, 52, 53]), 0.3),
        required_languages=some(rng, ["ja", "en", "ko"], 1) if rng.random() < 0.3 else frozenset(),
        required_gender=rng.choice(["", "", "", "", "f", "m"]),
        required_trainings=some(rng, [7, 8, 9], 1) if rng.random() < 0.3 else frozenset(),
        preferred_languages=some(rng, ["ja", "en", "zh"], 2),
        preferred_gender=rng.choice(["", "f", "m"]),
        preferred_trainings=some(rng, [7, 8, 9], 2),
        urgency=rng.randint(0, 3),
    )


def instance(seed, n_demands=12, n_candidates=80):
    rng = random.Random(seed)
    context = Context(today=TODAY, adjacency=ADJACENCY, horizon_weeks=rng.choice([1, 4]))
    demands = [random_demand(rng, i) for i in range(n_demands)]
    candidates = [random_candidate(rng, i) for i in range(n_candidates)]
    return demands, candidates, context


@pytest.mark.parametrize("seed", range(25))
def test_edges_are_the_pairs_the_rules_allow_with_their_scores(seed):
    demands, candidates, context = instance(seed)
    expected = []
    for d, demand in enumerate(demands):
        dates = demand.when.occurrences(context.today, context.horizon_weeks)
        if not dates:
            continue
        for c, candidate in enumerate(candidates):
            if failed_constraint(demand, candidate, context, dates) is None:
                expected.append((d, c, score(demand, candidate, context)[0]))
    d, c, s = edges(demands, candidates, context)
    assert list(zip(d.tolist(), c.tolist(), s.tolist(), strict=True)) == expected
    assert expected  # the instances are not empty by chance


@pytest.mark.parametrize("seed", range(25))
def test_suggest_counts_and_ranks_as_the_rules_do(seed):
    demands, candidates, context = instance(seed, n_demands=6, n_candidates=60)
    for demand in demands:
        dates = demand.when.occurrences(context.today, context.horizon_weeks)
        result = suggest(demand, candidates, context, k=4)
        if not dates:
            assert result.empty_reason.code == "no_dates"
            continue
        failures = [failed_constraint(demand, x, context, dates) for x in candidates]
        left = len(candidates)
        for name, count in result.funnel:
            left -= failures.count(name)
            assert count == left
        ranked = sorted(
            (-score(demand, x, context)[0], x.id)
            for x, failed in zip(candidates, failures, strict=True)
            if failed is None
        )
        assert [(-s.score, s.candidate_id) for s in result.suggestions] == ranked[:4]
        assert (result.empty_reason is None) == bool(ranked)
        assert [name for name, _ in result.funnel] == list(CONSTRAINTS)


def test_edges_of_nothing_are_empty_arrays():
    demands, candidates, context = instance(1)
    for d, c, s in (edges([], candidates, context), edges(demands, [], context)):
        assert len(d) == len(c) == len(s) == 0
        assert d.dtype == c.dtype == s.dtype == np.int64


def test_times_compare_to_the_microsecond():
    assert micros(dt.time(0, 0)) == 0
    assert micros(dt.time(9, 30)) < micros(dt.time(9, 30, 0, 1)) < micros(dt.time(9, 31))
