"""The rate limits: counted per form, per client address (read through the trusted proxies) and
per email address, kept where no visitor can cull them, the addresses only hashed."""

import datetime as dt
import hashlib
import uuid

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory, override_settings
from django.utils import timezone

import pytest
import redis
from django_q.models import Schedule

from kokoron.core import rate_limits
from kokoron.core.client_address import client_address
from kokoron.core.models import RateLimitCounter
from kokoron.core.rate_limits import email_rate_limited, rate_limited
from kokoron.core.setup import sync_schedules
from tests.site.test_services import REDIS_URL, needs_redis

PROXY = "10.0.0.1"


def request_from(address, forwarded=None):
    meta = {"REMOTE_ADDR": address}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **meta)


@pytest.fixture(params=["database", "redis"])
def backend(request, db, settings):
    """Each test of the counters runs on both stores."""
    if request.param == "redis":
        needs_redis()
        settings.REDIS_URL = REDIS_URL
        settings.KOKORON_RATE_LIMIT_PREFIX = f"kokoron-limits-test-{uuid.uuid4().hex}"
    else:
        settings.REDIS_URL = None
    yield request.param
    rate_limits.reset()


def test_each_form_and_each_address_has_its_own_count(backend):
    first = request_from("198.51.100.4")
    assert [rate_limited(first, "ask", limit=3) for _ in range(4)] == [False, False, False, True]
    assert rate_limited(first, "register", limit=3) is False
    assert rate_limited(request_from("198.51.100.5"), "ask", limit=3) is False


def test_each_email_address_has_its_own_count_whatever_its_case(backend):
    assert [email_rate_limited("Hanako@Example.jp", "mine", limit=2) for _ in range(2)] == [
        False,
        False,
    ]
    assert email_rate_limited(" hanako@example.jp ", "mine", limit=2) is True
    assert email_rate_limited("taro@example.jp", "mine", limit=2) is False
    assert email_rate_limited("hanako@example.jp", "ask", limit=2) is False


def test_a_form_is_refused_when_one_of_its_addresses_had_enough(backend):
    # One client writing to one address from ever-new networks is still stopped at that address.
    for n in range(3):
        client = request_from(f"198.51.100.{n + 1}")
        assert rate_limited(client, "signup", limit=50, emails=["kid@example.jp"]) is False
    refused = rate_limited(
        request_from("198.51.100.9"),
        "signup",
        limit=50,
        emails=["parent@example.jp", "kid@example.jp"],
    )
    assert refused is True
    # A class on one network, each with their own address, gets through.
    school = request_from("203.0.113.40")
    assert not any(
        rate_limited(school, "signup", limit=50, emails=[f"pupil{n}@example.jp"]) for n in range(40)
    )


def test_a_client_over_its_limit_does_not_use_up_the_addresses(backend):
    robot = request_from("198.51.100.66")
    assert rate_limited(robot, "ask", limit=1, emails=["a@example.jp"]) is False
    for _ in range(5):
        assert rate_limited(robot, "ask", limit=1, emails=["victim@example.jp"]) is True
    assert email_rate_limited("victim@example.jp", "ask", limit=1) is False


def test_neither_address_is_kept_in_the_clear(backend):
    rate_limited(request_from("203.0.113.9"), "subscribe", emails=["hanako@example.jp"])
    if backend == "redis":
        client = redis.Redis.from_url(REDIS_URL)
        prefix = rate_limits.counters().prefix
        keys = [key.decode() for key in client.scan_iter(match=f"{prefix}*")]
    else:
        keys = list(RateLimitCounter.objects.values_list("key", flat=True))
    assert len(keys) == 2
    plain_hashes = [
        hashlib.sha256(value.encode()).hexdigest()[:32]
        for value in ("203.0.113.9", "hanako@example.jp")
    ]
    for key in keys:
        assert "203.0.113.9" not in key and "hanako" not in key
        assert not any(digest in key for digest in plain_hashes)


def test_filling_or_clearing_the_cache_does_not_reset_the_limits(backend, settings):
    robot = request_from("198.51.100.77")
    for _ in range(3):
        rate_limited(robot, "ask", limit=3)
    assert rate_limited(robot, "ask", limit=3) is True
    for n in range(400):
        cache.set(f"kokoron.page:ja:{n}", "x" * 100)
    cache.clear()
    assert rate_limited(robot, "ask", limit=3) is True
    rate_limits.reset()
    assert rate_limited(robot, "ask", limit=3) is False


def test_the_count_does_not_fall_to_nothing_on_the_hour(backend, monkeypatch):
    """A sliding window: forms sent just before the hour still count just after it, and less
    and less as the hour goes on."""
    hour = 3600 * 500_000
    clock = [hour - 1.0]
    monkeypatch.setattr(rate_limits, "now", lambda: clock[0])
    robot = request_from("198.51.100.88")
    assert [rate_limited(robot, "ask", limit=3) for _ in range(3)] == [False] * 3
    clock[0] = hour + 1.0
    assert rate_limited(robot, "ask", limit=3) is True
    # At 10:45 a quarter of the last hour lies in 9:00-10:00: its 3 forms weigh 0.75, beside
    # the 2 of 10:00-10:45 (the refused one counts too).
    clock[0] = hour + 2700.0
    assert rate_limited(robot, "ask", limit=3) is False
    # At 12:00 nothing sent before 11:00 counts.
    clock[0] = hour + 3600.0 * 2 + 1
    assert [rate_limited(robot, "ask", limit=3) for _ in range(4)] == [False] * 3 + [True]


@pytest.mark.django_db
def test_cache_busting_page_views_in_a_culled_database_cache_do_not_reset_the_limits(
    client, demo, settings
):
    """The attack of the issue: the default database cache with its 300-entry cull, filled by
    anonymous views of the home page under ever-new query strings, then emptied."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kokoron_cache",
            "OPTIONS": {"MAX_ENTRIES": 300},
        }
    }
    settings.KOKORON_PAGE_CACHE_SECONDS = 300
    call_command("createcachetable")
    robot = request_from("127.0.0.1")  # the test client's address
    for _ in range(5):
        rate_limited(robot, "ask")
    assert rate_limited(robot, "ask") is True
    for n in range(150):
        assert client.get(f"/?bust={n}").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM kokoron_cache")
        assert cursor.fetchone()[0] >= 100  # the views really were cached
    assert rate_limited(robot, "ask") is True
    cache.clear()
    assert rate_limited(robot, "ask") is True


@pytest.mark.parametrize(
    ("proxies", "forwarded", "client"),
    [
        (0, None, PROXY),
        (0, "203.0.113.9", PROXY),  # no proxy: the header is the client's own words
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the left part is the client's
        (1, "not-an-address, 203.0.113.9", "203.0.113.9"),
        (1, "2001:db8::5", "2001:db8::5"),
        (1, None, PROXY),  # did not come through the proxy
        (2, "203.0.113.9, 192.0.2.10", "203.0.113.9"),
        (2, "198.51.100.1, 203.0.113.9, 192.0.2.10", "203.0.113.9"),
    ],
)
def test_the_client_address_is_read_through_the_trusted_proxies(
    settings, proxies, forwarded, client
):
    settings.KOKORON_TRUSTED_PROXIES = proxies
    assert client_address(request_from(PROXY, forwarded)) == client


def test_behind_the_proxy_each_resident_has_their_own_count_and_cannot_forge_another(
    backend, settings
):
    settings.KOKORON_TRUSTED_PROXIES = 1
    first = [request_from(PROXY, f"{n}.{n}.{n}.{n}, 203.0.113.9") for n in range(1, 5)]
    assert [rate_limited(request, "ask", limit=3) for request in first] == [
        False,
        False,
        False,
        True,
    ]
    assert rate_limited(request_from(PROXY, "203.0.113.10"), "ask", limit=3) is False


@override_settings(REDIS_URL=None)
@pytest.mark.django_db
def test_the_daily_job_deletes_the_counters_whose_window_is_over():
    now = timezone.now()
    RateLimitCounter.objects.create(key="old", count=9, expires_at=now - dt.timedelta(minutes=1))
    RateLimitCounter.objects.create(key="current", count=2, expires_at=now + dt.timedelta(hours=1))
    assert rate_limits.delete_expired() == 1
    assert list(RateLimitCounter.objects.values_list("key", flat=True)) == ["current"]
    assert "kokoron.core.delete_expired_rate_limits" in sync_schedules()
    schedule = Schedule.objects.get(name="kokoron.core.delete_expired_rate_limits")
    assert schedule.func == "kokoron.core.rate_limits.delete_expired"
    assert schedule.schedule_type == Schedule.DAILY
