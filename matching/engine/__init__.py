"""The matching engine: plain Python and numpy/scipy, no Django.

    suggest(demand, candidates, context, k)   the best k candidates for one need, with reasons,
                                              or the reason why nobody can take it
    batch(demands, candidates, context)       the optimal plan over many needs (kokoron.core.assignment)
    edges(demands, candidates, context)       every allowed (demand, candidate, score)

The Django side (matching.services) turns models into Candidates and Demands and back.

numpy and scipy are imported where the engine runs, not here: the models import this package's
calendar helpers (week, dates), and every process (each web worker, the cluster, each test
process) would otherwise load them at start, about a second each.
"""

from __future__ import annotations

from dataclasses import dataclass

from kokoron.core.reason import Reason

from .rules import CONSTRAINTS, DEFAULT_WEIGHTS, Context, Weights
from .rules import dates_of as dates_of
from .rules import empty_reason as empty_reason
from .rules import failed_constraint as failed_constraint
from .rules import score as score
from .types import (
    TOKYO,
    Candidate,
    Demand,
    OneOff,
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
    import numpy as np

    from . import vector

    dates = dates_of(demand, context)
    if not dates:
        return SuggestResult([], Reason.of("no_dates"), [])
    candidates = list(candidates)
    if not candidates:
        funnel = [(name, 0) for name in CONSTRAINTS]
        return SuggestResult([], Reason.of("nobody_registered", district=demand.district), funnel)
    problem = vector.Problem([demand], candidates, context)
    c = np.arange(len(candidates))
    d = np.zeros(len(candidates), dtype=np.int64)
    # How many were left after each constraint, and the first that left nobody.
    alive = np.ones(len(candidates), dtype=bool)
    funnel = []
    reason = None
    for name in CONSTRAINTS:
        alive &= problem.passes(name, d, c)
        left = int(alive.sum())
        funnel.append((name, left))
        if left == 0 and reason is None:
            reason = empty_reason(demand, name, dates)
    chosen = np.flatnonzero(alive)
    points = problem.score(d[chosen], chosen)
    ids = np.array([candidates[i].id for i in chosen.tolist()])
    best = chosen[np.lexsort((ids, -points))[:k]] if len(chosen) else chosen
    suggestions = []
    for i in best.tolist():
        # The reasons, in words, only for the few that are shown.
        total, reasons = score(demand, candidates[i], context)
        suggestions.append(Suggestion(candidates[i].id, total, tuple(reasons)))
    return SuggestResult(suggestions, None if suggestions else reason, funnel)


def edges(demands, candidates, context: Context):
    """Every allowed pairing as parallel arrays (demand index, candidate index, score),
    sorted by demand then candidate.

    Candidates are indexed by (district, activity) first, so each need only looks at the
    volunteers who go to its district and do its activity; the other rules run on arrays.
    """
    from . import vector

    return vector.Problem(demands, candidates, context).edges()


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
    import numpy as np

    from kokoron.core.assignment import edge_scores, solve

    if progress:
        progress("candidates")
    demand_idx, candidate_idx, scores = edges(demands, candidates, context)
    if progress:
        progress("solve")
    capacities = [c.capacity_left if c.active else 0 for c in candidates]
    solution = solve(len(demands), capacities, demand_idx, candidate_idx, scores)
    chosen = np.flatnonzero(solution.assignment >= 0)
    points = edge_scores(demand_idx, candidate_idx, scores, len(candidates), solution.assignment)
    pairs = [
        (demands[d].id, candidates[c].id, s)
        for d, c, s in zip(
            chosen.tolist(), solution.assignment[chosen].tolist(), points.tolist(), strict=True
        )
    ]
    return BatchResult(pairs, solution.covered, solution.score, len(scores))
