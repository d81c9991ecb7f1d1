"""Scheduled work of the sign-ups, run by django-q2 (see admin.py for the schedules).

Both are idempotent: a reminder is one email per sign-up (notify's key), and an ended hold or
offer is not touched again.
"""

from . import services


def send_reminders():
    """Hourly: email everyone with a confirmed place in a session two days ahead, once."""
    return services.send_reminders()


def expire_holds():
    """Every few minutes: holds and offers past their time end; the next in line is offered."""
    return services.expire_overdue()
