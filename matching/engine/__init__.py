"""The matching engine: plain Python and numpy/scipy, no Django.

    suggest(demand, candidates, context, k)   the best k candidates for one need, with reasons,
                                              or the reason why nobody can take it
    batch(demands, candidates, context)       the optimal plan over many needs (see solver.py)
    edges(demands, candidates, context)       every allowed (demand, candidate, score)

The Django side (matching.services) turns models into Candidates and Demands and back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from . import solver
from .rules import CONSTRAINTS, DEFAULT_WEIGHTS, Context, Weights, dates_of, empty_reason
from .rules import failed_constraint as failed_constraint
from .rules import score as score
from .types import (
    TOKYO,
    Candidate,
    Demand,
    OneOff,
    Reason,
    Suggestion,
    SuggestResult,
    Weekly,
    WeeklySlot,
)

__all__ = [
    "CONSTRAINTS",
    "DEFAULT_WEIGHTS",
    "TOKYO",
    "BatchResult",
    "Candidate",
    "Context",
    "Demand",
    "OneOff",
    "Reason",
    "SuggestResult",
    "Suggestion",
    "Weekly",
    "WeeklySlot",
    "Weights",
    "batch",
    "edges",
    "suggest",
]


def suggest(demand: Demand, candidates, context: Context, k: int = 5) -> SuggestResult:
    dates = dates_of(demand, context)
    if not dates:
        return SuggestResult([], Reason.of("no_dates"), [])
    remaining = dict.fromkeys(CONSTRAINTS, 0)
    scored = []
    total = 0
    for candidate in candidates:
        total += 1
        failed = failed_constraint(demand, candidate, context, dates)
        if failed is not None:
            remaining[failed] += 1
            continue
        points, reasons = score(demand, candidate, context)
        scored.append(Suggestion(candidate.id, points, tuple(reasons)))
    scored.sort(key=lambda s: (-s.score, s.candidate_id))
    # How many were left after each constraint, and the first that left nobody.
    funnel = []
    left = total
    reason = None
    for name in CONSTRAINTS:
        left -= remaining[name]
        funnel.append((name, left))
        if left == 0 and reason is None and total:
            reason = empty_reason(demand, name, dates)
    if total == 0:
        reason = Reason.of("nobody_registered", district=demand.district)
    return SuggestResult(scored[:k], None if scored else reason, funnel)


def edges(demands, candidates, context: Context):
    """Every allowed pairing as parallel arrays (demand index, candidate index, score).

    Candidates are indexed by (district, activity) first, so each need only looks at the
    volunteers who go to its district and do its activity.
    """
    index = defaultdict(list)
    for position, candidate in enumerate(candidates):
        if not candidate.active or candidate.capacity_left <= 0:
            continue
        districts = set(candidate.goes_to)
        if candidate.district is not None:
            districts.add(candidate.district)
        for district in districts:
            for activity in candidate.activities:
                index[(district, activity)].append(position)
            index[(district, None)].append(position)
    everyone = [i for i, c in enumerate(candidates) if c.active and c.capacity_left > 0]
    demand_idx, candidate_idx, scores = [], [], []
    for d, demand in enumerate(demands):
        dates = dates_of(demand, context)
        if not dates:
            continue
        if demand.district is None:
            pool = everyone
        else:
            pool = index.get((demand.district, demand.activity), ())
        for c in pool:
            candidate = candidates[c]
            if failed_constraint(demand, candidate, context, dates) is None:
                points, _ = score(demand, candidate, context, with_reasons=False)
                demand_idx.append(d)
                candidate_idx.append(c)
                scores.append(points)
    return (
        np.asarray(demand_idx, dtype=np.int64),
        np.asarray(candidate_idx, dtype=np.int64),
        np.asarray(scores, dtype=np.int64),
    )


@dataclass
class BatchResult:
    # (demand id, candidate id, score) for every covered demand
    pairs: list[tuple[int, int, int]]
    covered: int
    score: int
    edges: int


def batch(demands, candidates, context: Context, progress=None) -> BatchResult:
    """The optimal plan: most needs covered, then highest total score, within capacities.

    Each candidate's capacity is what is left of it (capacity - load). `progress(stage)` is
    called between stages when given.
    """
    if progress:
        progress("candidates")
    demand_idx, candidate_idx, scores = edges(demands, candidates, context)
    if progress:
        progress("solve")
    capacities = [c.capacity_left if c.active else 0 for c in candidates]
    solution = solver.solve(len(demands), capacities, demand_idx, candidate_idx, scores)
    lookup = {}
    for d, c, s in zip(demand_idx.tolist(), candidate_idx.tolist(), scores.tolist(), strict=False):
        lookup[(d, c)] = s
    pairs = [
        (demands[d].id, candidates[c].id, lookup[(d, c)])
        for d, c in enumerate(solution.assignment.tolist())
        if c >= 0
    ]
    return BatchResult(pairs, solution.covered, solution.score, len(scores))
