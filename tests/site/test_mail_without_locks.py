"""No network inside a transaction: a mail server that hangs holds up only its own email."""

import threading
import time

from django.core import mail
from django.db import connections, transaction
from django.utils import timezone

import pytest

from kokoron.newsletters.models import Subscriber
from kokoron.notifications.models import Notification
from kokoron.notifications.service import deliver, notify
from tests.conftest import wait_for
from tests.smtp_server import SilentSMTPServer, SMTPTestServer


def deliver_in_a_thread(notification_id, outcome):
    def run():
        try:
            outcome["result"] = deliver(notification_id)
        finally:
            connections.close_all()

    worker = threading.Thread(target=run)
    worker.start()
    return worker


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_never_answers_holds_no_lock_and_loses_no_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_TIMEOUT = "127.0.0.1", 3
    notification = notify(
        key="welcome-1",
        template="welcome",
        to="hanako@example.jp",
        language="ja",
        context={"name": "山田花子"},
    )
    outcome = {}
    with SilentSMTPServer() as server:
        settings.EMAIL_PORT = server.port
        worker = deliver_in_a_thread(notification.pk, outcome)
        wait_for(lambda: server.connections, timeout=10, message="the connection to the server")
        # The attempt was recorded, and committed, before the server was reached.
        attempt = Notification.objects.get(pk=notification.pk)
        assert attempt.attempts == 1 and attempt.sending_started_at is not None
        # While the worker waits for the server, the same row and another table can be
        # written at once (SQLite: the database's one write lock; PostgreSQL: the row's lock).
        started = time.monotonic()
        with transaction.atomic():
            Notification.objects.select_for_update().get(pk=notification.pk)
            Subscriber.objects.create(email="taro@example.jp", language="ja")
        assert time.monotonic() - started < 1.5
        assert worker.is_alive(), "the worker should still be waiting for the mail server"
        worker.join(timeout=20)
    assert outcome["result"] == "retry"
    waiting = Notification.objects.get(pk=notification.pk)
    assert waiting.status == Notification.Status.PENDING
    assert waiting.last_error == "SMTPServerDisconnected"  # smtplib's word for its timeout
    assert waiting.sending_started_at is None and not waiting.uncertain
    # Nothing is lost: when its retry is due and the server answers, the email goes.
    Notification.objects.filter(pk=notification.pk).update(retry_at=timezone.now())
    with SMTPTestServer() as sink:
        settings.EMAIL_PORT = sink.port
        assert deliver(notification.pk) == "sent"
    assert len(sink.received) == 1
    assert mail.outbox == []  # it went over SMTP, not to the test backend


@pytest.mark.django_db(transaction=True)
def test_two_workers_with_the_same_email_send_it_once(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    notification = notify(
        key="welcome-2",
        template="welcome",
        to="hanako@example.jp",
        language="ja",
        context={"name": "山田花子"},
    )
    with SMTPTestServer(delay=0.5) as sink:
        settings.EMAIL_PORT = sink.port
        outcomes = [{}, {}]
        workers = [deliver_in_a_thread(notification.pk, outcome) for outcome in outcomes]
        for worker in workers:
            worker.join(timeout=20)
    assert sorted(outcome["result"] for outcome in outcomes) == ["sent", "skipped"]
    assert len(sink.received) == 1
    sent = Notification.objects.get(pk=notification.pk)
    assert sent.status == Notification.Status.SENT and sent.attempts == 1 and not sent.uncertain
