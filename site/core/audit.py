"""The audit log: every change to the records a plugin tracks (matching's people, volunteers and
needs), and every disclosure.

Views say who is acting with `acting(user)` (or `acting(label="volunteer V-000012 via link")`);
model signals then record what changed in the models given to `track(...)`, by field name
only. Disclosures are recorded by the code that shows personal data, with `disclosed(...)`.
"""

import contextlib
import contextvars

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import AuditEntry

_actor = contextvars.ContextVar("audit_actor", default=(None, "system"))

# The models whose every change is logged: each plugin adds its own (in its AppConfig.ready).
AUDITED = set()
IGNORED_FIELDS = {"updated_at", "reference"}


def track(*models):
    AUDITED.update(models)


@contextlib.contextmanager
def acting(user=None, label=""):
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    token = _actor.set((user, label or ("" if user else "anonymous")))
    try:
        yield
    finally:
        _actor.reset(token)


def record(action, obj, detail=""):
    user, label = _actor.get()
    return AuditEntry.objects.create(
        actor=user,
        actor_label=label,
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        detail=detail[:300],
    )


def disclosed(obj, what, user=None, label=""):
    """Record that personal data of `obj` (named by `what`, e.g. "contact") was shown."""
    if user is not None or label:
        with acting(user, label):
            return record(AuditEntry.Action.DISCLOSE, obj, what)
    return record(AuditEntry.Action.DISCLOSE, obj, what)


def _tracked_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in IGNORED_FIELDS
    ]


@receiver(pre_save)
def _remember_old(sender, instance, **kwargs):
    if sender not in AUDITED or instance.pk is None:
        return
    old = sender.objects.filter(pk=instance.pk).values(
        *[field.attname for field in _tracked_fields(sender)]
    )
    instance._audit_old = old.first()


@receiver(post_save)
def _record_save(sender, instance, created, **kwargs):
    if sender not in AUDITED or kwargs.get("raw"):
        return
    if created:
        record(AuditEntry.Action.CREATE, instance)
        return
    old = getattr(instance, "_audit_old", None) or {}
    changed = [
        field.name
        for field in _tracked_fields(sender)
        if old.get(field.attname) != getattr(instance, field.attname)
    ]
    if not changed:
        return
    if changed == ["state"] or (set(changed) <= {"state", "closed_at", "responded_at"}):
        record(
            AuditEntry.Action.STATE,
            instance,
            f"{old.get('state')} → {instance.state}",
        )
    else:
        record(AuditEntry.Action.CHANGE, instance, ", ".join(changed))
    instance._audit_old = None


@receiver(post_delete)
def _record_delete(sender, instance, **kwargs):
    if sender in AUDITED:
        record(AuditEntry.Action.DELETE, instance)


# The audit entries of the screens that export or erase one record


def _record(action, anchor, what, user):
    if user is None:  # whoever acting() names already
        return record(action, anchor, what)
    with acting(user):
        return record(action, anchor, what)


def exported(anchor, what, user=None):
    """Write the export of `anchor`'s data (a record, or one of a person's records) to the log."""
    return _record(AuditEntry.Action.EXPORT, anchor, what, user)


def erased(anchor, what, user=None):
    """Write the erasure to the log; call it before erasing, while the record is whole."""
    return _record(AuditEntry.Action.DELETE, anchor, what, user)
