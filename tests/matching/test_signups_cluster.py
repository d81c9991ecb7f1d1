"""Reminders and hold expiry through a real django-q2 cluster and the schedules the plugin
registers: the emails go out, once, in the person's language."""

import datetime as dt
from email import message_from_string
from email.header import decode_header, make_header

from django.utils import timezone

import pytest
from django_q.brokers import get_broker
from django_q.models import Schedule, Task
from django_q.scheduler import scheduler

from kokoron.core.setup import sync_schedules
from matching.signups import services
from matching.signups.factories import SessionFactory, signup_data
from matching.signups.models import Signup
from matching.signups.rules import State
from tests.conftest import wait_for
from tests.matching.signups_fixtures import build_experiences

pytestmark = pytest.mark.cluster

OURS = {"kokoron.matching.signup_reminders", "kokoron.matching.signup_holds"}


def subjects(cluster):
    found = []
    for raw in cluster.sent_messages():
        message = message_from_string(raw)
        found.append((message["To"], str(make_header(decode_header(message["Subject"])))))
    return found


def test_reminders_and_expired_holds_through_the_schedules(q_cluster):
    experiences = build_experiences()
    soon = SessionFactory(
        opportunity=experiences.care,
        start=timezone.now() + dt.timedelta(days=1, hours=12),
        capacity=1,
    )
    confirmed = services.sign_up(soon.pk, signup_data(email="adult@example.jp"))
    minor = services.sign_up(
        experiences.session.pk,
        signup_data(
            email="minor@example.jp",
            age=15,
            grade=10,
            guardian_name="親",
            guardian_email="g@example.jp",
        ),
    )
    services.sign_up(experiences.session.pk, signup_data(email="two@example.jp"))
    waiting = services.sign_up(experiences.session.pk, signup_data(email="next@example.jp"))
    assert (confirmed.state, minor.state, waiting.state) == (
        State.CONFIRMED,
        State.HELD,
        State.WAITLISTED,
    )
    english = services.sign_up(
        SessionFactory(opportunity=experiences.care, start=soon.start + dt.timedelta(days=3)).pk,
        signup_data(email="en@example.jp"),
        language="en",
    )
    # The guardian never answers: the hold's time runs out.
    Signup.objects.filter(pk=minor.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    Signup.objects.filter(pk=english.pk).update(expires_at=None)

    assert set(sync_schedules()) >= OURS
    Schedule.objects.exclude(name__in=OURS).update(next_run=timezone.now() + dt.timedelta(days=1))
    Schedule.objects.filter(name__in=OURS).update(next_run=timezone.now())
    scheduler(broker=get_broker())

    wait_for(
        lambda: Signup.objects.filter(pk=waiting.pk, state=State.OFFERED).exists(),
        message="the next in line to be offered the place",
    )
    assert Signup.objects.get(pk=minor.pk).state == State.RELEASED

    def by_recipient():
        found = {}
        for to, subject in subjects(q_cluster):
            found.setdefault(to, []).append(subject)
        return found

    def delivered():
        sent = by_recipient()
        wanted = {"adult@example.jp": 2, "minor@example.jp": 2, "next@example.jp": 2}
        return all(len(sent.get(to, [])) >= n for to, n in wanted.items()) and sent

    sent = wait_for(delivered, message="confirmations, the reminder, the release and the offer")
    # In each person's language: Japanese by default, English for who signed up in English.
    assert any("お知らせ" in subject for subject in sent["adult@example.jp"]), sent
    assert sent["en@example.jp"] == ["Your place is confirmed: 夏休み 高齢者施設ボランティア体験"]
    assert any("空き" in subject for subject in sent["next@example.jp"])

    # The schedules run again: nothing is sent twice.
    Schedule.objects.filter(name__in=OURS).update(next_run=timezone.now())
    scheduler(broker=get_broker())
    wait_for(
        lambda: (
            Task.objects.filter(func="matching.signups.tasks.send_reminders").count() == 2
            and Task.objects.filter(func="matching.signups.tasks.expire_holds").count() == 2
        ),
        message="the second runs",
    )
    assert len(by_recipient()["adult@example.jp"]) == 2
