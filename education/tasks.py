"""Background work of welfare education, run by django-q2. Arguments are ids only; every task
is idempotent (emails are keyed, states move once)."""

import datetime as dt
import logging

from django.db import transaction

from django_q.tasks import async_task

from . import services
from .models import BatchRun

logger = logging.getLogger(__name__)


def enqueue_batch(run_id):
    transaction.on_commit(
        lambda: async_task(
            "education.tasks.batch",
            run_id,
            task_name=f"education-batch-{run_id}",
            group="education",
        )
    )


def batch(run_id):
    run = BatchRun.objects.filter(pk=run_id).first()
    if run is None or run.status == BatchRun.Status.DONE:
        return "skipped"
    try:
        services.run_batch(run)
    except Exception as error:
        BatchRun.objects.filter(pk=run_id).update(
            status=BatchRun.Status.FAILED, error=type(error).__name__
        )
        logger.exception("education batch %s failed", run_id)
        raise
    return "done"


def daily(on=None):
    """Scheduled: reminders before classes, feedback links after them. `on`: an ISO date to run
    as of (catching up), else today."""
    return services.daily(dt.date.fromisoformat(on) if on else None)
