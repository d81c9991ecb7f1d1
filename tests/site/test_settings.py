"""Settings read in a fresh process, as a deployment would."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def manage(*args, **env):
    full_env = {**os.environ, **env}
    full_env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # never set in a deployment
    for name, value in env.items():
        if value is None:
            full_env.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def strong_secret():
    return secrets.token_urlsafe(50)


def production(**env):
    """The environment of a production start: settings, a strong secret and the site's address."""
    return {
        "DJANGO_SETTINGS_MODULE": "kokoron.settings.production",
        "SECRET_KEY": strong_secret(),
        "ALLOWED_HOSTS": "kokoron.example.jp",
        "WAGTAILADMIN_BASE_URL": "https://kokoron.example.jp",
        **env,
    }


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production())
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_stays_clean_with_hsts_for_subdomains_and_preload_switched_on():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        **production(SECURE_HSTS_INCLUDE_SUBDOMAINS="true", SECURE_HSTS_PRELOAD="true"),
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


HSTS = (
    "from django.conf import settings as s;"
    "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD)"
)


def test_hsts_covers_subdomains_and_asks_for_preload_only_when_set():
    # A council on a subdomain of its city must not commit the city's other sites to HTTPS.
    default = manage("shell", "--no-imports", "-c", HSTS, **production())
    assert default.stdout.split() == ["31536000", "False", "False"], default.stderr
    chosen = manage(
        "shell",
        "--no-imports",
        "-c",
        HSTS,
        **production(
            SECURE_HSTS_INCLUDE_SUBDOMAINS="true",
            SECURE_HSTS_PRELOAD="true",
            SECURE_HSTS_SECONDS="600",
        ),
    )
    assert chosen.stdout.split() == ["600", "True", "True"], chosen.stderr


def test_production_settings_refuse_to_start_without_the_sites_address():
    for missing in (None, "", "kokoron.example.jp"):
        result = manage("check", **production(WAGTAILADMIN_BASE_URL=missing))
        assert result.returncode != 0
        assert "Set WAGTAILADMIN_BASE_URL in the environment" in result.stderr
    given = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)",
        **production(WAGTAILADMIN_BASE_URL="https://kokoron.example.jp/"),
    )
    assert given.stdout.strip() == "https://kokoron.example.jp", given.stderr


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = manage("check", **production(SECRET_KEY=None))
    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment" in result.stderr


def test_base_settings_keep_debug_off():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        **production(),
    )
    assert result.stdout.strip() == "False"


def test_database_and_redis_urls_switch_the_database_and_the_cache_and_q_broker_the_broker():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE']);"
        "print(s.Q_CLUSTER.get('redis'), s.Q_CLUSTER.get('orm'));"
        "print(s.CACHES['default']['BACKEND'])"
    )
    production_path = {
        "DJANGO_SETTINGS_MODULE": "kokoron.settings.dev",
        "DATABASE_URL": "postgres://kokoron@127.0.0.1:5432/kokoron",
        "REDIS_URL": "redis://127.0.0.1:6379/3",
    }
    configured = manage("shell", "--no-imports", "-c", code, **production_path)
    # Tasks stay in the database, where a killed worker cannot lose them; Redis caches.
    assert configured.stdout.split("\n")[:3] == [
        "django.db.backends.postgresql",
        "None default",
        "django.core.cache.backends.redis.RedisCache",
    ], configured.stderr
    redis_broker = manage("shell", "--no-imports", "-c", code, Q_BROKER="redis", **production_path)
    assert redis_broker.stdout.split("\n")[1] == "redis://127.0.0.1:6379/3 None", (
        redis_broker.stderr
    )
    embedded = manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        DJANGO_SETTINGS_MODULE="kokoron.settings.dev",
        DATABASE_URL=None,
        REDIS_URL=None,
    )
    assert embedded.stdout.split("\n")[:3] == [
        "django.db.backends.sqlite3",
        "None default",
        "django.core.cache.backends.db.DatabaseCache",
    ], embedded.stderr


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"Q_BROKER": "redis", "REDIS_URL": None}, "Q_BROKER=redis needs REDIS_URL."),
        ({"Q_BROKER": "rabbit"}, "Q_BROKER is orm or redis, not 'rabbit'."),
    ],
)
def test_a_broker_that_cannot_be_is_named_in_a_clear_message(environment, message):
    result = manage("check", **environment)
    assert result.returncode != 0
    assert message in result.stderr


def test_an_unknown_plugin_is_named_in_a_clear_message():
    result = manage("check", KOKORON_PLUGINS="directory,bakery")
    assert result.returncode != 0
    assert "KOKORON_PLUGINS names 'bakery', which cannot be imported" in result.stderr


def test_a_plugin_whose_dependency_is_off_stops_the_start_with_a_clear_message():
    result = manage("check", KOKORON_PLUGINS="education")
    assert result.returncode != 0
    assert "The education plugin needs the matching plugin" in result.stderr


def test_a_malformed_boolean_setting_is_named():
    result = manage("check", SERVE_MEDIA="perhaps")
    assert result.returncode != 0
    assert "SERVE_MEDIA must be true or false, not 'perhaps'" in result.stderr


def test_languages_and_machine_translation_are_switched_by_settings():
    listed = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(*[code for code, _ in settings.LANGUAGES])",
        KOKORON_LANGUAGES="en,ko",
    )
    assert listed.stdout.splitlines()[-1].split() == [
        "ja",
        "en",
        "ko",
    ]  # Japanese, the source, is always on
    unknown = manage("check", KOKORON_LANGUAGES="en,xx")
    assert unknown.returncode != 0
    assert "KOKORON_LANGUAGES names xx" in unknown.stderr
    keyless = manage("check", MACHINE_TRANSLATOR="deepl", DEEPL_AUTH_KEY=None)
    assert keyless.returncode != 0
    assert "MACHINE_TRANSLATOR=deepl needs DEEPL_AUTH_KEY" in keyless.stderr


def test_development_links_follow_the_port_make_run_serves():
    shell = "from django.conf import settings; print(settings.WAGTAILADMIN_BASE_URL)"
    dev = {"DJANGO_SETTINGS_MODULE": "kokoron.settings.dev", "WAGTAILADMIN_BASE_URL": None}
    assert manage("shell", "--no-imports", "-c", shell, PORT="8123", **dev).stdout.strip() == (
        "http://127.0.0.1:8123"
    )
    assert manage("shell", "--no-imports", "-c", shell, PORT=None, **dev).stdout.strip() == (
        "http://127.0.0.1:8000"
    )
