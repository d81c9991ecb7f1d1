"""The core's batch solver alone (no Django): the optimum against a brute force."""

import itertools
import random

import numpy as np
import pytest

from kokoron.core import assignment


def brute_force(n_demands, capacities, edge_list):
    """The lexicographic optimum (covered, score) by trying every choice per demand."""
    options = [[(-1, 0)] + [(c, s) for d, c, s in edge_list if d == i] for i in range(n_demands)]
    best = (0, 0)
    for choice in itertools.product(*options):
        used = [0] * len(capacities)
        for c, _ in choice:
            if c >= 0:
                used[c] += 1
        if any(u > cap for u, cap in zip(used, capacities, strict=False)):
            continue
        covered = sum(1 for c, _ in choice if c >= 0)
        best = max(best, (covered, sum(s for _, s in choice)))
    return best


@pytest.mark.parametrize("seed", range(60))
def test_batch_is_optimal_against_brute_force(seed):
    rng = random.Random(seed)
    n_demands, n_candidates = rng.randint(1, 6), rng.randint(1, 4)
    capacities = [rng.randint(0, 2) for _ in range(n_candidates)]
    edge_list = [
        (d, c, rng.randint(0, 30))
        for d in range(n_demands)
        for c in range(n_candidates)
        if rng.random() < 0.5
    ]
    d, c, s = (
        (np.array(column, dtype=np.int64) for column in zip(*edge_list, strict=False))
        if edge_list
        else ([], [], [])
    )
    solution = assignment.solve(n_demands, capacities, d, c, s)
    assert (solution.covered, solution.score) == brute_force(n_demands, capacities, edge_list)
    used = np.bincount(solution.assignment[solution.assignment >= 0], minlength=n_candidates)
    assert all(u <= cap for u, cap in zip(used, capacities, strict=False))
    allowed = {(e[0], e[1]) for e in edge_list}
    assert all((i, int(j)) in allowed for i, j in enumerate(solution.assignment) if j >= 0)
