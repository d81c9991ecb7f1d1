"""Background work of the matching plugin, run by django-q2. Arguments are ids only.

Every task is idempotent: run twice, it leaves the same state as once.
"""

from django.db import transaction
from django.utils import timezone

from django_q.tasks import async_task

from . import batchrun, services
from .models import BatchRun, Need, Volunteer

# Needs whose suggestions a volunteer's change refreshes, at most.
REFRESH_LIMIT = 200


def enqueue_suggestions(need_id):
    transaction.on_commit(
        lambda: async_task(
            "matching.tasks.suggest_need",
            need_id,
            task_name=f"matching-suggest-{need_id}",
            group="matching",
        )
    )


def enqueue_volunteer_refresh(volunteer_id):
    transaction.on_commit(
        lambda: async_task(
            "matching.tasks.refresh_for_volunteer",
            volunteer_id,
            task_name=f"matching-volunteer-{volunteer_id}",
            group="matching",
        )
    )


def enqueue_batch(run_id):
    batchrun.enqueue("matching.tasks.batch", run_id, "matching")


def suggest_need(need_id):
    need = Need.objects.filter(pk=need_id).first()
    if need is None or not need.is_open:
        return "skipped"
    stored = services.compute_suggestions(need)
    return len(stored.results)


def refresh_for_volunteer(volunteer_id):
    """A volunteer changed: refresh the suggestions of the open needs they could now take."""
    volunteer = Volunteer.objects.select_related("person").filter(pk=volunteer_id).first()
    if volunteer is None:
        return 0
    districts = set(volunteer.goes_to.values_list("pk", flat=True))
    if volunteer.person.district_id:
        districts.add(volunteer.person.district_id)
    needs = Need.objects.filter(state__in=Need.OPEN_STATES, district__in=districts).order_by(
        "-urgency", "created_at"
    )[:REFRESH_LIMIT]
    count = 0
    for need in needs:
        services.compute_suggestions(need)
        count += 1
    return count


def batch(run_id):
    return batchrun.run_task(BatchRun, run_id, services.run_batch, "matching")


# The local hour (Asia/Tokyo) at which the nightly batch runs.
NIGHTLY_HOUR = 2


def nightly_batch(force=False):
    """Scheduled hourly: one plan a night, for the coordinators to review in the morning."""
    now = timezone.localtime()
    if now.hour != NIGHTLY_HOUR and not force:
        return None
    start_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    run = BatchRun.objects.filter(created_at__gte=start_of_day, requested_by__isnull=True).first()
    if run is None:
        run = BatchRun.objects.create()
    batch(run.pk)
    return run.pk


def expire_proposals():
    """Scheduled: unanswered proposals past their time move to the next suggestion."""
    return services.expire_overdue()
