"""Saving a need or a volunteer queues fresh suggestions (ids only in the task)."""

import contextlib
import contextvars

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from . import tasks
from .models import Need, Volunteer

_paused = contextvars.ContextVar("matching_signals_paused", default=False)


@contextlib.contextmanager
def paused():
    """No tasks queued inside: for bulk loads (demo, imports, benchmarks)."""
    token = _paused.set(True)
    try:
        yield
    finally:
        _paused.reset(token)


@receiver(post_save, sender=Need)
def need_saved(sender, instance, raw=False, **kwargs):
    if raw or _paused.get():
        return
    if instance.state in Need.OPEN_STATES:
        tasks.enqueue_suggestions(instance.pk)


@receiver(post_save, sender=Volunteer)
def volunteer_saved(sender, instance, raw=False, **kwargs):
    if raw or _paused.get():
        return
    tasks.enqueue_volunteer_refresh(instance.pk)


@receiver(m2m_changed, sender=Volunteer.activities.through)
@receiver(m2m_changed, sender=Volunteer.goes_to.through)
def volunteer_links_changed(sender, instance, action, **kwargs):
    if _paused.get() or action not in {"post_add", "post_remove", "post_clear"}:
        return
    if isinstance(instance, Volunteer):
        tasks.enqueue_volunteer_refresh(instance.pk)
