"""The recovery sweeps: work that a lost or killed task left undone, found in the database and
queued again (kokoron.plugins.RECOVERY_HOOK). `manage.py qcluster` runs them every
KOKORON_SWEEP_SECONDS, so whichever broker carries the tasks, nothing waits longer than that
and a send timeout before it is taken up again."""

import logging

from django.db import DatabaseError

from django_q.brokers import get_broker
from redis import RedisError

from kokoron.plugins import RECOVERY_HOOK, registered

logger = logging.getLogger(__name__)


def broker_idle():
    """True when no task waits in the broker: work found undone and not started then has
    lost its task, rather than waiting behind others."""
    return get_broker().queue_size() == 0


def run_sweeps():
    """Run every registered sweep; {its name: how many it queued, or None if it failed}. A
    database or broker that is away for a moment fails this round only: the next one retries."""
    results = {}
    for sweep in registered(RECOVERY_HOOK):
        name = f"{sweep.__module__}.{sweep.__qualname__}"
        try:
            results[name] = sweep()
        except (DatabaseError, RedisError, OSError) as error:
            logger.warning("recovery sweep %s failed: %s", name, type(error).__name__)
            results[name] = None
    return results
