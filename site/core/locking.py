"""Row locks for state changes, the same way on every database.

Every change of a state that someone else may change at the same moment (a class request and
its booking, a need and its proposals, a session and its sign-ups, a batch plan) runs in one
transaction that first locks the row whose state it changes and reads it again under the lock;
deciding and writing then see the latest state, so no answer, click or scheduled task
overwrites another's (no lost update), and doing the same thing twice finds it done.

- PostgreSQL: SELECT ... FOR UPDATE OF the row itself (not the rows it joins); `lock_name`
  takes a transaction-level advisory lock for something that has no row yet (one person's
  address, say).
- SQLite has no row locks: the settings begin every transaction IMMEDIATE, so a transaction
  holds the database's write lock from its start and writers take turns (`check_sqlite` below
  keeps it so).

Lock parents before children, always in this order, so that two changes never wait for each
other: a class request before its booking, a need before its proposals, a batch run before its
items, a session before its sign-ups.
"""

import hashlib

from django.core import checks
from django.db import DEFAULT_DB_ALIAS, connections


class NotInTransaction(RuntimeError):
    """A lock asked for outside transaction.atomic(): it would end at once."""


def _connection(using):
    connection = connections[using or DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        raise NotInTransaction("lock inside transaction.atomic()")
    return connection


def lock(queryset, pk):
    """The row `pk` of `queryset` (a manager or queryset), read again under its lock until the
    transaction ends; None if it is gone. Call inside transaction.atomic()."""
    queryset = queryset.all()
    _connection(queryset.db)
    return queryset.select_for_update(of=("self",)).filter(pk=pk).first()


def lock_all(queryset):
    """Every row of `queryset` locked, in primary-key order (a fixed order: two callers locking
    overlapping sets never wait for each other); returns them as a list."""
    queryset = queryset.all()
    _connection(queryset.db)
    return list(queryset.select_for_update(of=("self",)).order_by("pk"))


def lock_name(*parts, using=None):
    """Serialise everything that locks the same name until the transaction ends (for what has
    no row to lock yet, e.g. one address's sign-ups). The name is hashed: it may hold personal
    data, which never reaches the database's logs."""
    connection = _connection(using)
    if connection.vendor == "postgresql":
        name = "\x1f".join(str(part) for part in parts).encode()
        key = int.from_bytes(hashlib.blake2b(name, digest_size=8).digest(), "big", signed=True)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])
    # SQLite: the transaction began IMMEDIATE, so it already holds the only write lock.


def sqlite_errors(databases):
    """Errors for the SQLite databases among `databases` (alias -> settings) that do not begin
    their transactions IMMEDIATE: there, these locks would lock nothing."""
    return [
        checks.Error(
            f"The SQLite database {alias!r} does not begin transactions IMMEDIATE.",
            hint='Set OPTIONS["transaction_mode"] = "IMMEDIATE" (see kokoron.settings.base).',
            id="kokoron.E001",
        )
        for alias, database in databases.items()
        if database["ENGINE"] == "django.db.backends.sqlite3"
        and (database.get("OPTIONS") or {}).get("transaction_mode") != "IMMEDIATE"
    ]


@checks.register()
def check_sqlite(app_configs=None, **kwargs):
    return sqlite_errors(connections.settings)
