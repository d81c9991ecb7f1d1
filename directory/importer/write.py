"""Writing a plan in one transaction: rows created or updated by id (new, changed and unchanged
are counted), the children the file no longer lists removed, the services' terms and search
words brought up to date. With dry_run it all rolls back, which is how the preview counts."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .. import generation
from ..models import Organization, Service
from ..search import refresh_search_text
from ..sheet import FileProblem, Problem
from .plan import CHUNK, MODEL_ORDER, build_plan
from .upload import read_upload


class Rollback(Exception):
    pass


@dataclass
class Result:
    counts: dict = field(
        default_factory=dict
    )  # model name -> {created, updated, unchanged, deleted}
    services: list = field(default_factory=list)  # (status, name) in the file's order
    problems: list = field(default_factory=list)

    @property
    def changed(self):
        return any(c["created"] or c["updated"] or c["deleted"] for c in self.counts.values())


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def apply_plan(plan, dry_run=False):
    """Write the plan in one transaction; with dry_run, roll it back. Returns a Result.

    Nothing is written when the plan has problems or the database refuses any row.
    """
    result = Result()
    if plan.problems:
        result.problems = list(plan.problems)
        return result
    try:
        with transaction.atomic():
            _write(plan, result)
            if dry_run:
                raise Rollback
    except Rollback:
        pass
    except IntegrityError as error:
        result.problems = [Problem(0, "", "database", {"detail": str(error)[:200]})]
    return result


def import_file(data, filename="", dry_run=False, progress=None):
    """Read, check and write a file in one go (the management command and the benchmark)."""
    try:
        upload = read_upload(data, filename)
    except FileProblem as error:
        return Result(problems=[Problem(0, "", error.problem.code, error.problem.params, filename)])
    plan = build_plan(upload, progress)
    return apply_plan(plan, dry_run=dry_run)


def _count(result, model, key, n=1):
    counts = result.counts.setdefault(
        model._meta.model_name, {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0}
    )
    counts[key] += n


def _write(plan, result):
    now = timezone.now()
    for model, q in plan.deletes:
        deleted = model.objects.filter(q).delete()[1].get(model._meta.label, 0)
        _count(result, model, "deleted", deleted)
    for model, attname, parents in plan.replace:
        keep = plan.rows[model]
        for part in _chunks(parents):
            extra = model.objects.filter(**{f"{attname}__in": part}).exclude(pk__in=keep)
            _count(result, model, "deleted", extra.delete()[1].get(model._meta.label, 0))
    service_status = {}
    for model in MODEL_ORDER:
        if plan.rows[model]:
            _write_model(plan, result, model, now, service_status)
    _write_terms(plan, result, service_status)
    _refresh_search_words(plan)
    # Bulk writes send no signals.
    generation.changed()
    names = {pk: values["name"] for pk, values in plan.rows[Service].items()}
    result.services = [(service_status.get(pk, "unchanged"), names[pk]) for pk in names]


def _write_model(plan, result, model, now, service_status):
    rows = plan.rows[model]
    fields = {name: model._meta.get_field(name) for v in rows.values() for name in v}
    has_modified = any(f.name == "last_modified" for f in model._meta.concrete_fields)
    new, changed, changed_fields = [], [], set()
    for part in _chunks(rows):
        existing = model.objects.in_bulk(part)
        for pk in part:
            values = {name: fields[name].to_python(value) for name, value in rows[pk].items()}
            current = existing.get(pk)
            if current is None:
                obj = model(pk=pk, **values)
                if has_modified:
                    obj.last_modified = now
                new.append(obj)
                status = "created"
            else:
                differ = [n for n, v in values.items() if getattr(current, n) != v]
                status = "updated" if differ else "unchanged"
                if differ:
                    for name in differ:
                        setattr(current, name, values[name])
                    changed_fields.update(differ)
                    if has_modified:
                        current.last_modified = now
                    changed.append(current)
            _count(result, model, status)
            if model is Service:
                service_status[pk] = status
    model.objects.bulk_create(new, batch_size=CHUNK)
    if changed:
        if has_modified:
            changed_fields.add("last_modified")
        model.objects.bulk_update(changed, sorted(changed_fields), batch_size=CHUNK)


def _refresh_search_words(plan):
    # bulk_create and bulk_update send no signals: the search words of every service whose
    # texts may have changed (its own or its organisation's) are redone here.
    service_ids = set(plan.rows[Service])
    for part in _chunks(plan.rows[Organization]):
        service_ids |= set(
            Service.objects.filter(organization_id__in=part).values_list("id", flat=True)
        )
    refresh_search_text(service_ids)


def _write_terms(plan, result, service_status):
    through = Service.terms.through
    scope = through.objects.all()
    if plan.term_taxonomies is not None:
        scope = scope.filter(taxonomyterm__taxonomy_id__in=plan.term_taxonomies)
    current = defaultdict(set)
    for part in _chunks(plan.terms):
        for service_id, term_id in scope.filter(service_id__in=part).values_list(
            "service_id", "taxonomyterm_id"
        ):
            current[service_id].add(term_id)
    add, remove = [], []
    for service_id, wanted in plan.terms.items():
        have = current.get(service_id, set())
        add += [through(service_id=service_id, taxonomyterm_id=t) for t in wanted - have]
        remove += [(service_id, t) for t in have - wanted]
        if wanted != have and service_status.get(service_id) == "unchanged":
            service_status[service_id] = "updated"
            counts = result.counts["service"]
            counts["unchanged"] -= 1
            counts["updated"] += 1
    through.objects.bulk_create(add, batch_size=CHUNK)
    for part in _chunks(remove):
        condition = Q()
        for service_id, term_id in part:
            condition |= Q(service_id=service_id, taxonomyterm_id=term_id)
        through.objects.filter(condition).delete()
