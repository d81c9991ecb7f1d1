import logging
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.state import ProjectState
from django.test import override_settings
from django.utils import translation

from wagtail import hooks

import pytest
from django_q.brokers import get_broker

from kokoron.core import rate_limits
from kokoron.core.demo import ESSENTIAL_STEPS, load_demo
from kokoron.plugins import DEMO_DATA_HOOK, enabled_plugins

from .database_template import create_test_databases_from_templates, restore_from_template

REPO = Path(__file__).resolve().parent.parent


def pytest_ignore_collect(collection_path, config):
    """A plugin's tests run only where the plugin is on (KOKORON_PLUGINS)."""
    relative = Path(collection_path).resolve().relative_to(REPO / "tests").parts
    if len(relative) >= 1 and relative[0] in {"directory", "matching", "education"}:
        return relative[0] not in {plugin.label for plugin in enabled_plugins()}
    return None


def pytest_collection_modifyitems(config, items):
    """The tests on the whole demo run first, one after the other: they share one demo, built
    once per process (whole_demo), which no other test must see. First, so that the longest
    crawls never hold a process at the end of a run while the others are done."""
    on_whole_demo = [item for item in items if _uses_whole_demo(item)]
    if on_whole_demo:
        others = [item for item in items if not _uses_whole_demo(item)]
        items[:] = on_whole_demo + others


def _uses_whole_demo(item):
    return item is not None and "whole_demo" in getattr(item, "fixturenames", ())


class WholeDemo:
    """The whole demo, built inside a transaction of its own; each test's transaction (the db
    fixture) is a savepoint inside it, so a test sees the demo as it was built, never another
    test's changes. It is rolled back as soon as a test that does not use it comes next (the
    process goes on with the other tests), and built again if one is asked for later."""

    def __init__(self, blocker):
        self.blocker = blocker
        self.outer = None
        self.context = None

    def open(self):
        if self.outer is None:
            with self.blocker.unblock():
                outer = transaction.atomic()
                outer.__enter__()
                try:
                    with override_settings(KOKORON_DEMO_SUPERUSER=True):
                        self.context = load_demo(plugin_steps=hooks.get_hooks(DEMO_DATA_HOOK))
                except BaseException:
                    transaction.set_rollback(True)
                    outer.__exit__(None, None, None)
                    raise
                self.outer = outer
        return self.context

    def close(self):
        if self.outer is not None:
            with self.blocker.unblock():
                transaction.set_rollback(True)
                self.outer.__exit__(None, None, None)
            self.outer = self.context = None


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, django_db_blocker):
    """Each process's test database is a copy of one migrated template (database_template.py)."""
    with django_db_blocker.unblock():
        create_test_databases_from_templates(connection)


_whole_demo = []


@pytest.fixture(scope="session")
def _whole_demo_built(django_db_setup, django_db_blocker):
    keeper = WholeDemo(django_db_blocker)
    _whole_demo.append(keeper)
    keeper.open()
    yield keeper
    keeper.close()
    _whole_demo.remove(keeper)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    # Built again before any fixture of a test that needs it (the test's transaction included).
    if _uses_whole_demo(item):
        for keeper in _whole_demo:
            keeper.open()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the test's own fixtures; at the session's end the session fixture closes it.
    if nextitem is not None and not _uses_whole_demo(nextitem):
        for keeper in _whole_demo:
            keeper.close()
    return result


@pytest.fixture
def whole_demo(_whole_demo_built, db):
    """The whole demo (the core's and every plugin's, with the demo staff): the costliest
    fixture, shared by the crawls of every page, form and screen."""
    return _whole_demo_built.context


@pytest.fixture
def page_cache(settings):
    """Public views kept in the page cache (off in the other tests, so that they see what they
    change at once), from an empty cache."""
    settings.KOKORON_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db):
    """The core's demo ward: districts, pages in every language, navigation (no news, events,
    newsletters or district pages: tests that need them build them or load the whole demo)."""
    return load_demo(core_steps=ESSENTIAL_STEPS)


def page_tree_root():
    """The root of the page tree, made again if a transactional test before this one flushed
    the rows the migrations made (the root page and the default locale)."""
    from wagtail.models import Locale, Page

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


def migrate(target):
    """Migrate the test database to (app, migration); the models as they were there.

    (app, None) takes it back to before the app's first migration, and everything that
    depends on it; the models are then those of every migration still applied."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    plan = executor.migration_plan([target])
    if plan and all(backwards for _, backwards in plan):
        unapply(executor, plan)
    else:
        executor.migrate([target])
    if target[1] is not None:
        return executor.loader.project_state([target]).apps
    executor.loader.build_graph()
    graph, applied = executor.loader.graph, executor.loader.applied_migrations
    latest = [
        key
        for key in applied
        if key in graph.nodes
        and not any(child.key in applied for child in graph.node_map[key].children)
    ]
    return executor.loader.project_state(latest).apps


def unapply(executor, plan):
    """Django's backward migration (executor.unapply_migration, in the plan's order, each from
    the state before it), with those states computed without rendering the models. Django's
    executor renders them once, then renders the related models again for every migration of
    every app that follows in its plan: 15-25 s per call here, where this takes a few."""
    loader = executor.loader
    applied = {
        loader.graph.nodes[key] for key in loader.applied_migrations if key in loader.graph.nodes
    }
    pending = {migration for migration, _ in plan}
    state = ProjectState(real_apps=loader.unmigrated_apps)
    states_before = {}
    for migration, _ in executor.migration_plan(loader.graph.leaf_nodes(), clean_start=True):
        if not pending:
            break
        if migration in pending:
            states_before[migration] = state.clone()
            pending.remove(migration)
        if migration in applied:
            migration.mutate_state(state, preserve=False)
    for migration, _ in plan:
        executor.unapply_migration(states_before[migration], migration)
    executor.check_replacements()


@pytest.fixture
def back_to_latest():
    """After a migration test, the test database at the latest migrations again: a copy of the
    migrated template (the test's flush then empties it, as after any transactional test)."""
    yield
    restore_from_template(connection)


def database_url_for_tests():
    """The URL of the database the tests are using right now, for another process to use."""
    database = connection.settings_dict
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{database['NAME']}"
    user = database.get("USER") or ""
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    credentials = f"{user}{password}@" if user else ""
    host = database.get("HOST") or "localhost"
    port = f":{database['PORT']}" if database.get("PORT") else ""
    return f"postgres://{credentials}{host}{port}/{database['NAME']}"


class RunningCluster:
    def __init__(self, process, mail_dir):
        self.process = process
        self.mail_dir = mail_dir

    def sent_messages(self):
        """The raw messages the cluster's file-based email backend wrote."""
        messages = []
        for path in sorted(self.mail_dir.glob("*.log")):
            chunks = path.read_text(encoding="utf-8").split("-" * 79)
            messages.extend(chunk.strip() for chunk in chunks if chunk.strip())
        return messages

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self):
        """SIGKILL to every process of the cluster at once, as an out-of-memory killer or a
        supervisor's last resort does (needs `own_process_group`)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def start_cluster(tmp_path, extra_env=None, restart=False, own_process_group=False):
    """A real django-q2 cluster (`manage.py qcluster`) in its own process, on the test database;
    with `own_process_group`, in a process group of its own that `kill()` can end at once."""
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kokoron.settings.test",
        "DATABASE_URL": database_url_for_tests(),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        **(extra_env or {}),
    }
    # With the Redis broker, tasks queued by earlier tests outlive their rolled-back data: a
    # cluster started for a test must not run them first. A restarted one takes over the queue.
    if not restart:
        get_broker().purge_queue()
    log = open(tmp_path / "qcluster.log", "ab")  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        process_group=0 if own_process_group else None,
    )
    return RunningCluster(process, mail_dir)


@pytest.fixture
def q_cluster(transactional_db, tmp_path):
    cluster = start_cluster(tmp_path)
    yield cluster
    cluster.stop()


def wait_for(condition, timeout=60, interval=0.2, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {message}")


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.jp", "pw")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the site's default language, whatever the test before it did: a
    request through LocaleMiddleware leaves its language active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)


# Personal data never appears in logs (DESIGN): every log record written in a test process is
# checked for anything shaped like an email address or a Japanese telephone number.
PERSONAL_DATA_IN_LOGS = re.compile(
    r"[\w.+-]+@[\w-]+\.[\w.-]+|(?<!\d)0\d{1,4}-\d{1,4}-\d{3,4}(?!\d)"
)


class _RecordKeeper(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.leaks = []

    def emit(self, record):
        message = record.getMessage()
        if PERSONAL_DATA_IN_LOGS.search(message):
            self.leaks.append(f"{record.name} {record.levelname}: {message[:200]}")


@pytest.fixture(autouse=True)
def no_personal_data_in_logs():
    keeper = _RecordKeeper()
    root = logging.getLogger()
    root.addHandler(keeper)
    try:
        yield
    finally:
        root.removeHandler(keeper)
    assert keeper.leaks == [], "personal data written to the logs"


# A server error fails the test it happens in (issue 14), even a test that looked at something
# else: Django logs every 5xx answer, and every exception a view lets out, to django.request.
class ServerErrorKeeper(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.errors = []

    def emit(self, record):
        status = getattr(record, "status_code", None)
        if status is None or status >= 500:
            summary = record.getMessage()[:200]
            if record.exc_info and record.exc_info[1] is not None:
                summary += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"[:300]
            self.errors.append(summary)


@pytest.fixture(autouse=True)
def no_server_errors(request):
    """Fails a test during which a request ended in a server error. A test that means to
    reach the 500 handler says so with @pytest.mark.server_error_expected."""
    if request.node.get_closest_marker("server_error_expected"):
        yield
        return
    keeper = ServerErrorKeeper()
    logger = logging.getLogger("django.request")
    logger.addHandler(keeper)
    try:
        yield
    finally:
        logger.removeHandler(keeper)
    assert keeper.errors == [], "server errors during the test:\n" + "\n".join(keeper.errors)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (the page cache)."""
    cache.clear()


@pytest.fixture(autouse=True)
def no_rate_limits_counted():
    """Each test starts with no form counted by the rate limits (every test's client has the
    same address). Their counters are not in the cache: in the database they go with each
    test's transaction; in Redis (REDIS_URL) they are cleared here, this run's keys only."""
    if settings.REDIS_URL:
        rate_limits.reset()
