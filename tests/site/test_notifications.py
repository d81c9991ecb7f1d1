from django.core import mail

import pytest
from django_q.models import Task

from kokoron.notifications.models import Notification
from kokoron.notifications.service import deliver, enqueue, forget_old_recipients, notify
from tests.conftest import wait_for
from tests.smtp_server import SMTPTestServer

pytestmark = pytest.mark.django_db


def queue_welcome(key="welcome-1", to="hanako@example.jp", language="ja"):
    return notify(
        key=key, template="welcome", to=to, language=language, context={"name": "山田花子"}
    )


def test_the_same_key_queues_one_email(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = queue_welcome()
        second = queue_welcome()
    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert len(callbacks) == 1  # one task enqueued, not two


def test_a_task_run_twice_sends_once():
    notification = queue_welcome()
    assert deliver(notification.pk) == "sent"
    assert deliver(notification.pk) == "skipped"
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1


def test_email_is_rendered_in_the_persons_language():
    deliver(queue_welcome(key="ja", language="ja").pk)
    deliver(queue_welcome(key="en", language="en").pk)
    japanese, english = mail.outbox
    assert japanese.subject == "こころんへようこそ、山田花子さん"
    assert "昭和区社会福祉協議会" in japanese.body
    assert english.subject == "Welcome to Kokoron, 山田花子"
    assert "Showa Ward Council of Social Welfare" in english.body


def test_an_unreachable_mail_server_is_retried_and_then_given_up(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    notification = queue_welcome()
    for attempt in range(1, settings.Q_CLUSTER["max_attempts"]):
        with pytest.raises(OSError):
            deliver(notification.pk)  # raised so that django-q2 delivers the task again
        notification.refresh_from_db()
        assert notification.attempts == attempt
        assert notification.status == Notification.Status.PENDING
        assert notification.last_error == "ConnectionRefusedError"
    assert deliver(notification.pk) == "failed"
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED


def test_a_refused_recipient_fails_without_retrying_and_others_still_go(settings):
    refused = queue_welcome(key="refused", to="nobody@example.jp")
    accepted = queue_welcome(key="accepted", to="hanako@example.jp")
    with SMTPTestServer(refused={"nobody@example.jp"}) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        assert deliver(refused.pk) == "failed"
        assert deliver(accepted.pk) == "sent"
    refused.refresh_from_db()
    assert refused.status == Notification.Status.FAILED
    assert refused.last_error == "SMTPRecipientsRefused"
    assert len(server.received) == 1
    assert "To: hanako@example.jp" in server.received[0]


def test_an_invalid_address_is_recorded_as_failed_and_never_queued(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = queue_welcome(to="not an address")
    assert notification.status == Notification.Status.FAILED
    assert notification.last_error == "invalid address"
    assert callbacks == []


def test_old_notifications_forget_the_recipient():
    notification = queue_welcome()
    deliver(notification.pk)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=notification.created_at.replace(year=notification.created_at.year - 1)
    )
    assert forget_old_recipients() == 1
    notification.refresh_from_db()
    assert notification.recipient == ""
    assert notification.context == {}


@pytest.mark.cluster
def test_a_real_cluster_delivers_a_queued_email_exactly_once(q_cluster):
    notification = queue_welcome()
    # A second enqueue of the same notification, as a retry or a double click would cause.
    enqueue(notification.pk)
    wait_for(
        lambda: Notification.objects.get(pk=notification.pk).status == "sent",
        message="the cluster to send the email",
    )
    wait_for(lambda: len(q_cluster.sent_messages()) >= 1, message="the email file")
    wait_for(lambda: Task.objects.filter(group="notifications").count() == 2, message="both tasks")
    messages = q_cluster.sent_messages()
    assert len(messages) == 1
    assert "To: hanako@example.jp" in messages[0]
