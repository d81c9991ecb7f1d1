import datetime as dt
import hashlib

from django.core import mail
from django.utils import timezone, translation

import pytest
from django_q.models import OrmQ, Task
from django_q.tasks import async_task

from kokoron.core.recovery import run_sweeps
from kokoron.core.wagtail_hooks import SiteStatusPanel
from kokoron.notifications.models import Notification
from kokoron.notifications.service import (
    MAX_ATTEMPTS,
    RETRY_DELAYS,
    claim,
    deliver,
    enqueue,
    forget_old_recipients,
    message_id,
    notify,
    private_key,
    requeue_unsent,
)
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


def test_an_unreachable_mail_server_is_retried_later_and_then_given_up(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    notification = queue_welcome()
    for attempt in range(1, MAX_ATTEMPTS):
        before = timezone.now()
        assert deliver(notification.pk) == "retry"
        notification.refresh_from_db()
        assert notification.attempts == attempt
        assert notification.status == Notification.Status.PENDING
        assert notification.last_error == "ConnectionRefusedError"
        assert notification.sending_started_at is None  # the attempt is over, nothing unsure
        assert not notification.uncertain
        delay = dt.timedelta(seconds=RETRY_DELAYS[attempt - 1])
        assert before + delay <= notification.retry_at <= timezone.now() + delay
        # Not due yet: a second task (a duplicate, a redelivery) does not try again early.
        assert deliver(notification.pk) == "skipped"
        Notification.objects.filter(pk=notification.pk).update(retry_at=timezone.now())
    assert deliver(notification.pk) == "failed"
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == MAX_ATTEMPTS


def test_every_attempt_sends_the_message_id_of_the_key(settings):
    settings.DEFAULT_FROM_EMAIL = "こころん <noreply@kokoron.example.jp>"
    notification = queue_welcome(key="welcome-hanako@example.jp")
    # The key is stored with the address replaced by its digest; the ID derives from that.
    assert notification.key == private_key("welcome-hanako@example.jp")
    assert "hanako" not in notification.key
    expected = "<" + hashlib.sha256(notification.key.encode()).hexdigest()[:32]
    assert message_id(notification.key) == expected + "@kokoron.example.jp>"
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    assert deliver(notification.pk) == "retry"
    Notification.objects.filter(pk=notification.pk).update(retry_at=timezone.now())
    with SMTPTestServer() as server:
        settings.EMAIL_PORT = server.port
        assert deliver(notification.pk) == "sent"
    (message,) = server.received
    assert f"Message-ID: {message_id(notification.key)}" in message.splitlines()
    assert "hanako" not in message_id(notification.key)


def test_a_claim_sends_once_and_a_cut_off_attempt_is_taken_over_and_flagged(settings):
    notification = queue_welcome()
    first = claim(notification.pk)
    assert first.attempts == 1 and first.sending_started_at is not None
    # Another worker with the same task meanwhile: not its to send.
    assert claim(notification.pk) is None
    assert deliver(notification.pk) == "skipped"
    assert mail.outbox == []
    # The first worker was killed mid-send: once its claim is older than a send may take, it
    # is taken over, and the email is flagged as possibly sent twice.
    abandoned = timezone.now() - dt.timedelta(seconds=settings.NOTIFICATION_SEND_TIMEOUT + 6)
    Notification.objects.filter(pk=notification.pk).update(sending_started_at=abandoned)
    assert deliver(notification.pk) == "sent"
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert notification.uncertain is True
    assert notification.attempts == 2
    assert notification.sending_started_at is None
    assert len(mail.outbox) == 1


def test_an_attempt_that_ends_does_not_flag_the_email(settings):
    notification = queue_welcome()
    assert deliver(notification.pk) == "sent"
    notification.refresh_from_db()
    assert notification.uncertain is False and notification.sending_started_at is None


def test_the_sweep_queues_again_what_no_task_takes_care_of(
    settings, django_capture_on_commit_callbacks
):
    send_timeout = dt.timedelta(seconds=settings.NOTIFICATION_SEND_TIMEOUT)
    with django_capture_on_commit_callbacks(execute=False):
        queue_welcome(key="waiting")  # just queued: its task is on its way
        lost = queue_welcome(key="lost")  # queued long ago and never started: task lost
        cut_off = queue_welcome(key="cut-off")  # started long ago and never ended
        sending = queue_welcome(key="sending")  # being sent right now
        retry_due = queue_welcome(key="retry-due")  # failed, and its retry is due
        retry_later = queue_welcome(key="retry-later")  # failed, retry not yet due
        last_cut_off = queue_welcome(key="last-cut-off")  # its last attempt was cut off
        sent = queue_welcome(key="sent")
    now = timezone.now()
    old = now - send_timeout - dt.timedelta(seconds=10)
    Notification.objects.filter(pk=lost.pk).update(queued_at=old)
    Notification.objects.filter(pk=cut_off.pk).update(
        queued_at=old - dt.timedelta(seconds=1), sending_started_at=old, attempts=1
    )
    Notification.objects.filter(pk=sending.pk).update(
        queued_at=old, sending_started_at=now, attempts=1
    )
    Notification.objects.filter(pk=retry_due.pk).update(retry_at=now, attempts=1)
    Notification.objects.filter(pk=retry_later.pk).update(
        retry_at=now + dt.timedelta(minutes=5), attempts=1
    )
    Notification.objects.filter(pk=last_cut_off.pk).update(
        queued_at=old, sending_started_at=old, attempts=MAX_ATTEMPTS
    )
    Notification.objects.filter(pk=sent.pk).update(queued_at=old, status="sent")

    def queued_ids():
        """The emails whose delivery task waits in the broker."""
        tasks = [task.task for task in OrmQ.objects.all()]
        return sorted(task["args"][0] for task in tasks if task["func"].endswith(".deliver"))

    # With other tasks waiting in the broker, an email queued long ago may be waiting behind
    # them: only those whose attempt ended or was cut off are queued again.
    OrmQ.objects.all().delete()
    async_task("math.factorial", 1)
    assert requeue_unsent() == 2
    assert queued_ids() == sorted([cut_off.pk, retry_due.pk])
    given_up = Notification.objects.get(pk=last_cut_off.pk)
    assert given_up.status == Notification.Status.FAILED and given_up.uncertain
    # Once the broker has nothing waiting, an email queued long ago and never started has lost
    # its task: it is queued again.
    OrmQ.objects.all().delete()
    assert requeue_unsent() == 1
    assert queued_ids() == [lost.pk]
    # Queued again just now: the next sweeps leave them all to their tasks.
    OrmQ.objects.all().delete()
    assert requeue_unsent() == 0


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
    wait_for(lambda: Task.objects.filter(group="notifications").count() >= 2, message="both tasks")
    messages = q_cluster.sent_messages()
    assert len(messages) == 1
    assert "To: hanako@example.jp" in messages[0]


def test_the_qcluster_command_runs_every_registered_recovery_sweep():
    assert run_sweeps() == {
        "kokoron.notifications.service.requeue_unsent": 0,
        "kokoron.newsletters.subscriptions.resume_unfinished": 0,
    }


def test_staff_see_which_emails_were_possibly_sent_twice(staff_client):
    flagged = queue_welcome(key="flagged")
    Notification.objects.filter(pk=flagged.pk).update(status="sent", uncertain=True)
    queue_welcome(key="plain", to="taro@example.jp")
    with translation.override("ja"):
        panel = SiteStatusPanel().render_html({})
    assert "送信処理が中断され、二重送信の可能性があるメール: 1 件。" in panel
    listing = staff_client.get("/admin/notifications/", {"uncertain": "true"})
    assert listing.status_code == 200
    assert [row.pk for row in listing.context["object_list"]] == [flagged.pk]
    assert "h***@example.jp" in listing.content.decode()  # the address stays masked
    inspect = staff_client.get(f"/admin/notifications/inspect/{flagged.pk}/")
    assert "二重送信の可能性" in inspect.content.decode()
