"""Background work of welfare education, run by django-q2. Arguments are ids only; every task
is idempotent (emails are keyed, states move once)."""

import datetime as dt

from kokoron.core import batchrun

from . import services
from .models import BatchRun


def enqueue_batch(run_id):
    batchrun.enqueue("education.tasks.batch", run_id, "education")


def batch(run_id):
    return batchrun.run_task(BatchRun, run_id, services.run_batch, "education")


def daily(on=None):
    """Scheduled: reminders before classes, feedback links after them. `on`: an ISO date to run
    as of (catching up), else today."""
    return services.daily(dt.date.fromisoformat(on) if on else None)
