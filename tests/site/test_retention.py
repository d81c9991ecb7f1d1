"""The core's retention: unconfirmed subscribers and expired sessions are cleared daily, the
jobs are scheduled, and the demo's privacy page states the periods from the settings."""

import datetime as dt

from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

import pytest

from kokoron.core.demo import ESSENTIAL_STEPS, load_demo
from kokoron.core.setup import sync_schedules
from kokoron.newsletters.models import Subscriber
from kokoron.newsletters.subscriptions import forget_unconfirmed
from kokoron.pages.models import StandardPage
from kokoron.plugins import is_enabled
from kokoron.privacy.retention import clear_expired_sessions

pytestmark = pytest.mark.django_db


def test_unconfirmed_subscribers_are_deleted_after_their_period(settings):
    settings.RETENTION_UNCONFIRMED_SUBSCRIBERS_DAYS = 7
    old = Subscriber.objects.create(email="old@example.jp", language="ja")
    Subscriber.objects.create(email="new@example.jp", language="ja")
    confirmed = Subscriber.objects.create(
        email="reader@example.jp", language="ja", confirmed_at=timezone.now()
    )
    Subscriber.objects.filter(pk__in=[old.pk, confirmed.pk]).update(
        created_at=timezone.now() - dt.timedelta(days=8)
    )
    assert forget_unconfirmed() == 1
    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "new@example.jp",
        "reader@example.jp",
    }
    assert forget_unconfirmed() == 0 and Subscriber.objects.count() == 2


def test_expired_sessions_are_cleared():
    live = SessionStore()
    live["x"] = 1
    live.create()
    expired = SessionStore()
    expired["x"] = 2
    expired.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - dt.timedelta(minutes=1)
    )
    assert clear_expired_sessions() == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]
    assert clear_expired_sessions() == 0


def test_the_jobs_are_scheduled_daily():
    names = sync_schedules()
    assert {"kokoron.privacy.clear_sessions", "kokoron.newsletters.forget_unconfirmed"} <= set(
        names
    )


def test_the_demo_privacy_page_states_the_periods(settings):
    settings.RETENTION_UNCONFIRMED_SUBSCRIBERS_DAYS = 9
    settings.NOTIFICATION_RETENTION_DAYS = 91
    settings.RETENTION_SIGNUP_DETAILS_DAYS = 31
    settings.RETENTION_NEEDS_DAYS = 366
    settings.RETENTION_CLASS_REQUESTS_DAYS = 367
    load_demo(core_steps=ESSENTIAL_STEPS)
    page = StandardPage.objects.get(slug="privacy", locale__language_code="ja")
    text = str(page.body)
    assert "9日後に削除" in text and "91日後" in text
    if is_enabled("matching"):
        assert "31日後" in text and "366日後" in text
    if is_enabled("education"):
        assert "367日後" in text
    english = StandardPage.objects.get(slug="privacy", locale__language_code="en")
    assert "after 9 days" in str(english.body)
    load_demo(core_steps=ESSENTIAL_STEPS)  # a second run makes nothing new
    assert StandardPage.objects.filter(slug="privacy").count() == 3
