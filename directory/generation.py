"""The directory's generation: a token that every change of its data replaces.

What is built from the whole directory (the HSDS export, the public filters' choices, the
district pages' sections) is kept in the cache under the generation it was built from, and is
built again once the generation has changed. Every save or deletion of a directory model (and
a change of a service's terms) gives a new one, as do the bulk writes that send no signal (an
import, translation files, a verification). The generation changes at once, for the rest of
this transaction, and again when it commits: a reader that built from the data before the
commit stored its result under a generation that no longer holds.
"""

import uuid

from django.apps import apps
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

KEY = "directory.generation"
# The directory's bookkeeping, not its data: nothing built from the directory shows them.
BOOKKEEPING = {"correctionsuggestion", "importjob", "bookletpdf"}


def current():
    """The generation now (made where missing)."""
    value = cache.get(KEY)
    if value is None:
        cache.add(KEY, uuid.uuid4().hex, None)
        value = cache.get(KEY)
    return value


def _renew():
    cache.set(KEY, uuid.uuid4().hex, None)


def changed():
    """The directory's data changed (or will, when this transaction commits)."""
    _renew()
    transaction.on_commit(_renew)


def on_change(sender, **kwargs):
    changed()


def connect():
    """Called by the directory's AppConfig.ready()."""
    for model in apps.get_app_config("directory").get_models(include_auto_created=True):
        if model._meta.model_name in BOOKKEEPING:
            continue
        label = model._meta.label_lower
        post_save.connect(on_change, sender=model, dispatch_uid=f"directory-generation-{label}")
        post_delete.connect(
            on_change, sender=model, dispatch_uid=f"directory-generation-{label}-deleted"
        )
        m2m_changed.connect(
            on_change, sender=model, dispatch_uid=f"directory-generation-{label}-m2m"
        )
