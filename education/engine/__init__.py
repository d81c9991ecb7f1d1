"""Lecturer assignment for class requests: plain Python, numpy and the core's solver
(kokoron.core.assignment), no Django.

    Calendar.date_problem(date)    why a teacher may not ask for a date (lead time, holidays)
    candidates(problem)            every allowed (request, lecturer, date) with its score
    batch(problem)                 the plan over every pending request (see plan.py)
    greedy(problem)                first come, first served, for comparison
    check.violations(problem, b)   an independent check of a plan
    explain(problem)               why a request has no candidate: each date, each lecturer

The Django side (education.services.engine_bridge) turns models into these types and back.
"""

from .explain import CONSTRAINTS, DateVerdict, Explanation, explain
from .plan import Problem, batch, candidates, class_possible, greedy
from .rules import (
    DEFAULT_WEIGHTS,
    Calendar,
    Ledger,
    Weights,
    grade_suits,
    national_holiday,
    score,
)
from .types import (
    GUIDE,
    INTERPRETER,
    LECTURER,
    SUPPORTER,
    Booking,
    Item,
    Option,
    Part,
    Person,
    Plan,
    Programme,
    Request,
)

__all__ = [
    "CONSTRAINTS",
    "DEFAULT_WEIGHTS",
    "GUIDE",
    "INTERPRETER",
    "LECTURER",
    "SUPPORTER",
    "Booking",
    "Calendar",
    "DateVerdict",
    "Explanation",
    "Item",
    "Ledger",
    "Option",
    "Part",
    "Person",
    "Plan",
    "Problem",
    "Programme",
    "Request",
    "Weights",
    "batch",
    "candidates",
    "class_possible",
    "explain",
    "grade_suits",
    "greedy",
    "national_holiday",
    "score",
]
