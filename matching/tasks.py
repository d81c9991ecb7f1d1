"""Background work of the matching plugin, run by django-q2. Arguments are ids only.

Every task is idempotent: run twice, it leaves the same state as once.
"""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from django_q.tasks import async_task

from kokoron.core import batchrun
from kokoron.notifications.service import notify

from . import own_page, services, suggestions
from .models import BatchRun, Need, Volunteer, VolunteerTraining

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
    stored = suggestions.compute_suggestions(need)
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
        suggestions.compute_suggestions(need)
        count += 1
    return count


def batch(run_id):
    return batchrun.run_task(BatchRun, run_id, suggestions.run_batch, "matching")


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


# Days before a training runs out that the volunteer is reminded (and the coordinators' work
# panel counts it).
REMINDER_DAYS = 30


def remind_training_expiry(today=None):
    """Scheduled daily: each volunteer whose training runs out within REMINDER_DAYS is emailed
    once for that expiry date, in their language, with the link to their own page. The row
    is claimed by one conditional UPDATE before the email is queued, in one transaction: a
    rerun, or a second worker at the same moment, finds it claimed and sends nothing.
    Returns how many reminders were queued."""
    today = today or timezone.localdate()
    due = (
        VolunteerTraining.objects.filter(
            expires_on__gte=today,
            expires_on__lte=today + dt.timedelta(days=REMINDER_DAYS),
            volunteer__status__in=(Volunteer.Status.ACTIVE, Volunteer.Status.PAUSED),
        )
        .exclude(volunteer__person__email="")
        .exclude(reminded_for=F("expires_on"))
        .select_related("training", "volunteer__person")
        .order_by("pk")
    )
    sent = 0
    for row in due:
        with transaction.atomic():
            claimed = (
                VolunteerTraining.objects.filter(pk=row.pk, expires_on=row.expires_on)
                .exclude(reminded_for=row.expires_on)
                .update(reminded_for=row.expires_on)
            )
            if not claimed:
                continue
            person = row.volunteer.person
            with translation.override(person.language):
                training = row.training.localized.name
            notify(
                key=f"matching-training-expiry-{row.pk}-{row.expires_on.isoformat()}",
                template="matching_training_expiry",
                to=person.email,
                language=person.language,
                context={
                    "name": person.name,
                    "training": training,
                    "expires_on": row.expires_on.isoformat(),
                    "link": own_page.page_url(row.volunteer),
                },
            )
            sent += 1
    return sent
