"""The batch assignment: as many demands covered as possible, then the highest total score.
Plain Python and numpy/scipy, no Django: the engines of the plugins (matching.engine,
education.engine) share it, with `Reason` (kokoron.core.reason), why a candidate scored or not.

A general solver of candidates x demands with capacities, used for volunteers and needs and
for lecturers and class requests:

    maximise   Σ_e (B + s_e) x_e       with B > (number of demands) * max s,
    subject to Σ_{e at demand d} x_e ≤ 1          for every demand,
               Σ_{e at candidate c} x_e ≤ cap_c    for every candidate,  x_e ∈ {0, 1}.

B makes one more covered demand worth more than any gain in score, so the optimum covers the
most demands possible and, among those, has the highest total score. It is solved exactly as a
minimum-cost full matching (LAPJVsp, scipy.sparse.csgraph) between the demands and the
candidates' capacity slots (one column per unit of capacity), where every demand also has its
own "uncovered" column at cost B + max s + 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Solution:
    # candidate index per demand, -1 where uncovered
    assignment: np.ndarray
    covered: int
    score: int


def solve(n_demands, capacities, demand_idx, candidate_idx, scores) -> Solution:
    """Optimal assignment. Edges are given as three parallel arrays (demand, candidate, score).

    Scores are non-negative integers; each (demand, candidate) pair appears at most once.
    """
    # scipy is loaded when a plan is solved, not with the models that import the engines.
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import connected_components

    capacities = np.asarray(capacities, dtype=np.int64)
    demand_idx = np.asarray(demand_idx, dtype=np.int64)
    candidate_idx = np.asarray(candidate_idx, dtype=np.int64)
    scores = np.asarray(scores, dtype=np.int64)
    assignment = np.full(n_demands, -1, dtype=np.int64)
    keep = capacities[candidate_idx] > 0 if len(candidate_idx) else np.zeros(0, dtype=bool)
    demand_idx, candidate_idx, scores = demand_idx[keep], candidate_idx[keep], scores[keep]
    if len(demand_idx) == 0:
        return Solution(assignment, 0, 0)
    if scores.min() < 0:
        raise ValueError("scores must be non-negative")

    # Solve each connected component of the demand-candidate graph on its own: smaller
    # problems, and the same optimum.
    n_candidates = len(capacities)
    graph = csr_matrix(
        (np.ones(len(demand_idx)), (demand_idx, n_demands + candidate_idx)),
        shape=(n_demands + n_candidates, n_demands + n_candidates),
    )
    _, labels = connected_components(graph, directed=False)
    edge_label = labels[demand_idx]
    order = np.argsort(edge_label, kind="stable")
    boundaries = np.flatnonzero(np.diff(edge_label[order])) + 1
    for part in np.split(order, boundaries):
        _solve_component(
            demand_idx[part], candidate_idx[part], scores[part], capacities, assignment
        )
    chosen = assignment >= 0
    total = int(edge_scores(demand_idx, candidate_idx, scores, n_candidates, assignment).sum())
    return Solution(assignment, int(chosen.sum()), total)


def edge_scores(demand_idx, candidate_idx, scores, n_candidates, assignment) -> np.ndarray:
    """The score of each demand's assigned edge (demands with -1 left out), in demand order:
    each (demand, candidate) pair looked up in the sorted edge keys, without a dict of every
    edge (millions in a city's batch)."""
    demands = np.flatnonzero(assignment >= 0)
    keys = demand_idx.astype(np.int64) * n_candidates + candidate_idx
    order = np.argsort(keys, kind="stable")
    wanted = demands * n_candidates + assignment[demands]
    return scores[order[np.searchsorted(keys, wanted, sorter=order)]]


def _solve_component(demand_idx, candidate_idx, scores, capacities, assignment):
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    demands, local_demand = np.unique(demand_idx, return_inverse=True)
    candidates, local_candidate = np.unique(candidate_idx, return_inverse=True)
    n = len(demands)
    # A candidate never needs more slots than demands it can take.
    degree = np.bincount(local_candidate, minlength=len(candidates))
    copies = np.minimum(capacities[candidates], degree)
    offsets = np.concatenate([[0], np.cumsum(copies)])
    n_slots = int(offsets[-1])

    repeat = copies[local_candidate]
    rows = np.repeat(local_demand, repeat)
    starts = np.repeat(np.cumsum(repeat) - repeat, repeat)
    cols = np.repeat(offsets[local_candidate], repeat) + (np.arange(len(rows)) - starts)
    top = int(scores.max())
    cost = (top + 1 - np.repeat(scores, repeat)).astype(np.float64)
    uncovered = float(n * top + top + 2)
    rows = np.concatenate([rows, np.arange(n)])
    cols = np.concatenate([cols, n_slots + np.arange(n)])
    cost = np.concatenate([cost, np.full(n, uncovered)])
    matrix = csr_matrix((cost, (rows, cols)), shape=(n, n_slots + n))
    matched_rows, matched_cols = min_weight_full_bipartite_matching(matrix)
    slot_owner = np.repeat(np.arange(len(candidates)), copies)
    real = matched_cols < n_slots
    assignment[demands[matched_rows[real]]] = candidates[slot_owner[matched_cols[real]]]


def greedy(n_demands, capacities, demand_idx, candidate_idx, scores, order=None) -> Solution:
    """Best-first greedy, for comparison only: each demand in turn takes its best free candidate."""
    left = np.asarray(capacities, dtype=np.int64).copy()
    options: dict[int, list[tuple[int, int]]] = {}
    for d, c, s in zip(list(demand_idx), list(candidate_idx), list(scores), strict=False):
        options.setdefault(int(d), []).append((-int(s), int(c)))
    assignment = np.full(n_demands, -1, dtype=np.int64)
    total = 0
    for d in order if order is not None else range(n_demands):
        for negative, c in sorted(options.get(d, ())):
            if left[c] > 0:
                left[c] -= 1
                assignment[d] = c
                total -= negative
                break
    return Solution(assignment, int((assignment >= 0).sum()), int(total))
