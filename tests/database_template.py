"""Test databases copied from a migrated template instead of migrated one by one.

Migrating an empty database takes about 35 s on this machine: 290 migrations, and at each
step Django renders again every model related to a page or a user. Each pytest-xdist worker
and each site a configuration test starts would pay it. Instead, a template is migrated once
per set of migrations and copied: a file copy for SQLite, CREATE DATABASE ... TEMPLATE for
PostgreSQL. `migrate` still runs on every copy: it finds nothing to apply and runs every
post_migrate handler, so groups and permissions always come from the code under test. The
sites the configuration tests start and the benchmarks' databases come from it too
(migrate_from_template).

The template's key hashes the database engine, the installed apps and the text of every
migration file Django would apply (Django's and Wagtail's included), so a new, changed or
removed migration, another plugin set or another Wagtail makes a new template. A change of
schema without a migration is what `makemigrations --check` refuses.
"""

import fcntl
import hashlib
import sqlite3
import sys
import tempfile
from contextlib import closing, contextmanager
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.db import connections
from django.db.migrations.loader import MigrationLoader

TEMPLATE_PREFIX = "kokoron_template_"


def migrations_key(connection):
    digest = hashlib.sha256(connection.vendor.encode())
    digest.update(" ".join(config.name for config in apps.get_app_configs()).encode())
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for (app_label, name), migration in sorted(loader.disk_migrations.items()):
        digest.update(f"\0{app_label}.{name}\0".encode())
        digest.update(Path(sys.modules[migration.__module__].__file__).read_bytes())
    return digest.hexdigest()[:24]


@contextmanager
def _pointing_at(connection, name):
    """A connection of its own to another database (to migrate the template there), in place
    of this one for a while: closing an in-memory SQLite connection would not close it."""
    alias = connection.alias
    original = connections[alias]
    other = type(original)({**original.settings_dict, "NAME": name}, alias)
    connections[alias] = other
    try:
        yield other
    finally:
        other.close()
        connections[alias] = original


def _migrate(connection):
    call_command(
        "migrate", verbosity=0, interactive=False, database=connection.alias, run_syncdb=True
    )


@contextmanager
def _file_lock(path):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def sqlite_template(connection):
    """The path of the migrated SQLite template, migrated first if no run made it yet."""
    template = (
        Path(tempfile.gettempdir()) / f"{TEMPLATE_PREFIX}{migrations_key(connection)}.sqlite3"
    )
    # Workers and runs side by side wait for the one that migrates it.
    with _file_lock(template.with_suffix(".lock")):
        if not template.exists():
            partial = template.with_suffix(".partial")
            partial.unlink(missing_ok=True)
            with _pointing_at(connection, str(partial)) as building:
                _migrate(building)
                # One file to copy, without a write-ahead log beside it.
                with building.cursor() as cursor:
                    cursor.execute("PRAGMA journal_mode=DELETE")
            partial.replace(template)
    return template


def copy_sqlite(template, destination):
    """Copies the template into a database file, or into an open sqlite3 connection (an
    in-memory database)."""
    with closing(sqlite3.connect(f"file:{template}?mode=ro", uri=True)) as source:
        if isinstance(destination, sqlite3.Connection):
            source.backup(destination)
            return
        Path(destination).unlink(missing_ok=True)
        with closing(sqlite3.connect(destination)) as target:
            source.backup(target)


def postgresql_template(connection):
    """The name of the migrated PostgreSQL template database, made first if missing."""
    name = f"{TEMPLATE_PREFIX}{migrations_key(connection)}"
    with connection._nodb_cursor() as cursor:
        # Held on this connection while another one migrates the template.
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [name])
        try:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone() is None:
                partial = f"{name}_partial"
                cursor.execute(f'DROP DATABASE IF EXISTS "{partial}"')
                cursor.execute(f'CREATE DATABASE "{partial}"')
                with _pointing_at(connection, partial) as building:
                    _migrate(building)
                cursor.execute(f'ALTER DATABASE "{partial}" RENAME TO "{name}"')
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [name])
    return name


def create_test_databases_from_templates(connection):
    """Makes Django's next create_test_db start from the migrated template."""
    if connection.vendor == "postgresql":
        # Django's own setting: CREATE DATABASE test_... TEMPLATE <it>.
        connection.settings_dict["TEST"]["TEMPLATE"] = postgresql_template(connection)
    elif connection.vendor == "sqlite":
        if connection.creation.is_in_memory_db(connection.creation._get_test_db_name()):
            return
        template = sqlite_template(connection)
        create_empty = connection.creation._create_test_db

        def create_from_template(verbosity, autoclobber, keepdb=False):
            name = create_empty(verbosity, autoclobber, keepdb)
            copy_sqlite(template, name)
            return name

        connection.creation._create_test_db = create_from_template


def migrate_from_template(connection):
    """A database that is not a test database, migrated: the template's tables and rows, then
    `migrate` (nothing to apply; its handlers). For the sites the configuration tests start and
    for the benchmarks; SQLite (a file or in memory) or PostgreSQL (the database is made again
    from the template)."""
    restore_from_template(connection)
    _migrate(connection)


def restore_from_template(connection):
    """The database as the template has it (every migration applied): for a test database
    after a migration test took it back, in a fraction of the time migrating forward takes."""
    if connection.vendor == "postgresql":
        template = postgresql_template(connection)
        name = connection.settings_dict["NAME"]
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    else:
        connection.ensure_connection()
        copy_sqlite(sqlite_template(connection), connection.connection)


if __name__ == "__main__":
    # `python -m tests.database_template`: the database DATABASE_URL names (settings from
    # DJANGO_SETTINGS_MODULE) migrated from the template, for a benchmark's own processes.
    import django

    django.setup()
    migrate_from_template(connections["default"])
