"""The plan: every row the database should hold after an import, and the problems found on
the way. Nothing is written here (write.py does that)."""

from collections import defaultdict
from dataclasses import dataclass, field

from ..models import (
    Accessibility,
    Address,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from ..sheet import Problem
from .hsds import build_hsds
from .sheet_rows import build_sheet

# The order rows are written in: a row's foreign keys point at rows written before it.
MODEL_ORDER = (
    Taxonomy,
    TaxonomyTerm,
    Organization,
    Location,
    Address,
    Accessibility,
    Service,
    ServiceAtLocation,
    Schedule,
    Phone,
    Contact,
    Language,
    CostOption,
    ServiceArea,
)
CHUNK = 500


@dataclass
class Plan:
    rows: dict = field(default_factory=lambda: {model: {} for model in MODEL_ORDER})
    origins: dict = field(default_factory=dict)  # (model, id) -> (file, row)
    # (model, parent attname, parent ids, codes) whose rows not in the plan are removed.
    replace: list = field(default_factory=list)
    deletes: list = field(default_factory=list)  # (model, Q)
    terms: dict = field(default_factory=dict)  # service id -> set of term ids
    term_taxonomies: set | None = None  # replace terms only within these (None: all)
    problems: list = field(default_factory=list)

    def add(self, model, pk, values, origin):
        self.rows[model][pk] = values
        self.origins[(model, pk)] = origin

    def problem(self, origin, column, code, **params):
        self.problems.append(Problem(origin[1], column, code, params, origin[0]))


def build_plan(upload, progress=None):
    builder = build_hsds if upload.kind == "hsds" else build_sheet
    plan = Plan()
    builder(upload.tables, plan, progress or (lambda done, total: None))
    check_references(plan)
    plan.problems.sort(key=lambda p: (p.file, p.row, p.column))
    return plan


def check_references(plan):
    """Every foreign key points at a row of the plan or of the database."""
    for model, rows in plan.rows.items():
        for fk in [f for f in model._meta.concrete_fields if f.is_relation]:
            target = fk.related_model
            if target not in plan.rows:
                continue
            wanted = defaultdict(list)
            for pk, values in rows.items():
                value = values.get(fk.attname)
                if value is not None and value not in plan.rows[target]:
                    wanted[value].append(pk)
            found = set()
            keys = list(wanted)
            for start in range(0, len(keys), CHUNK):
                found |= set(
                    target.objects.filter(pk__in=keys[start : start + CHUNK]).values_list(
                        "pk", flat=True
                    )
                )
            for value, pks in wanted.items():
                if value in found:
                    continue
                for pk in pks:
                    plan.problem(
                        plan.origins[(model, pk)], fk.attname, "unknown_reference", value=str(value)
                    )
