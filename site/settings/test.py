import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, Q_CLUSTER
from .env import env_bool, env_int, env_str

# One id per test run, handed to the processes a run starts (a django-q2 cluster), so that
# test runs side by side never share a queue or a database file.
# Under pytest-xdist each worker is a run of its own (its queue, its SQLite file).
TEST_RUN_ID = "-".join(
    filter(
        None,
        [
            os.environ.setdefault("KOKORON_TEST_RUN", str(os.getpid())),
            os.environ.get("PYTEST_XDIST_WORKER", ""),
        ],
    )
)

SECRET_KEY = env_str("SECRET_KEY", "test-only-secret-key")
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A django-q2 cluster started by a test writes its email to files (EMAIL_FILE_PATH) instead.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
# Its own queue, so that a test cluster never takes a development task and the reverse.
Q_CLUSTER = {**Q_CLUSTER, "name": f"kokoron-test-{TEST_RUN_ID}", "retry": 5, "timeout": 4}
# A test cluster recovers lost work within seconds; a test that kills one shortens the send
# timeout too (tests/site/test_killed_cluster.py).
KOKORON_SWEEP_SECONDS = env_int("Q_SWEEP_SECONDS", 1)
WAGTAILADMIN_BASE_URL = "http://testserver"
# Rate limits in Redis: this run's own keys, which the tests clear before each test.
KOKORON_RATE_LIMIT_PREFIX = f"kokoron-limits-test-{TEST_RUN_ID}"
# Tests of the admin sign in without a second factor, except the second factor's own tests.
KOKORON_REQUIRE_2FA = env_bool("KOKORON_REQUIRE_2FA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Per process, emptied with it; the Redis cache is tested on its own (tests/site/test_services.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Page views are cached only in the tests of the page cache (tests/site/test_page_cache.py), so
# that other tests see what they change at once.
KOKORON_PAGE_CACHE_SECONDS = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A test's commits need not wait for the disk: the test databases are thrown away.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a django-q2 cluster in another process sees the test data.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"kokoron-test-{TEST_RUN_ID}.sqlite3")
    }
# Backups made by a test (or by a test cluster's daily schedule) go to a folder of the run.
KOKORON_BACKUP_DIR = Path(tempfile.gettempdir()) / f"kokoron-test-backups-{TEST_RUN_ID}"
# Static files straight from the apps' folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
