"""Background work survives a killed worker, on both brokers, and a stop takes seconds.

A real cluster (`manage.py qcluster`, kokoron.core's) sends a newsletter announcement through a
real SMTP server on a socket; the whole cluster is killed (SIGKILL to its process group) in the
middle of the send and started again. Every subscriber must get the email, and anyone who got
it twice must be flagged in the data.
"""

import re
import signal
import time
from collections import Counter

from django.utils import timezone

import psutil
import pytest
from django_q.conf import Conf
from django_q.tasks import async_task

from kokoron.newsletters.factories import NewsletterIssuePageFactory
from kokoron.newsletters.models import Announcement, Subscriber
from kokoron.notifications.models import Notification
from tests.conftest import start_cluster, wait_for
from tests.site.outreach import sections, ward  # noqa: F401
from tests.site.test_services import REDIS_URL, needs_redis
from tests.smtp_server import SMTPTestServer

SUBSCRIBERS = 300
KILL_AFTER = 100  # emails received when the cluster is killed


def use_broker(broker, monkeypatch):
    """The test process enqueues on the broker the cluster reads; the cluster's environment."""
    if broker == "redis":
        needs_redis()
        monkeypatch.setattr(Conf, "ORM", None)
        monkeypatch.setattr(Conf, "REDIS", REDIS_URL)
        return {"Q_BROKER": "redis", "REDIS_URL": REDIS_URL}
    monkeypatch.setattr(Conf, "ORM", "default")
    return {"Q_BROKER": "orm"}


@pytest.mark.cluster
@pytest.mark.parametrize("broker", ["orm", "redis"])
def test_an_announcement_reaches_everyone_through_a_killed_cluster(
    transactional_db,
    tmp_path,
    sections,  # noqa: F811
    broker,
    monkeypatch,
):
    env = use_broker(broker, monkeypatch)
    now = timezone.now()
    people = Subscriber.objects.bulk_create(
        Subscriber(email=f"person{n}@example.jp", language="ja", confirmed_at=now)
        for n in range(SUBSCRIBERS)
    )
    # Each message takes the server a moment, as a real one's checks do: the kill lands
    # while emails are being handed over, and lost or repeated ones would show.
    with SMTPTestServer(delay=0.02) as sink:
        env |= {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(sink.port),
            # A cut-off attempt is taken over after 3 s (and CLAIM_MARGIN), not a minute.
            "NOTIFICATION_SEND_TIMEOUT": "3",
        }
        cluster = start_cluster(tmp_path, extra_env=env, own_process_group=True)
        try:
            issue = NewsletterIssuePageFactory(
                parent=sections["newsletters"], number=70, publication_date=now.date()
            )
            issue.save_revision().publish()
            wait_for(
                lambda: len(sink.envelopes) >= KILL_AFTER,
                timeout=240,
                message=f"{KILL_AFTER} emails at the SMTP server",
            )
        finally:
            cluster.kill()
        received_before_the_kill = len(sink.envelopes)
        assert received_before_the_kill < SUBSCRIBERS, "the kill came after the send"
        announcement = Announcement.objects.get()

        cluster = start_cluster(tmp_path, extra_env=env, restart=True, own_process_group=True)
        try:
            wait_for(
                lambda: (
                    Notification.objects.filter(status="sent").count() == SUBSCRIBERS
                    and Announcement.objects.get(pk=announcement.pk).status == "done"
                ),
                timeout=240,
                message="every email sent after the restart",
            )
        finally:
            cluster.stop()

    per_recipient = Counter(
        recipient for recipients, _message in sink.envelopes for recipient in recipients
    )
    lost = [person.email for person in people if per_recipient[person.email] == 0]
    assert lost == [], f"{len(lost)} subscribers never got the email ({broker} broker)"
    repeated = {address for address, count in per_recipient.items() if count > 1}
    flagged = set(Notification.objects.filter(uncertain=True).values_list("recipient", flat=True))
    assert repeated <= flagged, "an email arrived twice and nothing in the data says so"
    # A repeat is the same message: receiving systems can drop it by its Message-ID.
    message_ids = {}
    for recipients, message in sink.envelopes:
        found = re.search(r"^Message-ID: (<[0-9a-f]{32}@[^>]+>)$", message, re.MULTILINE)
        message_ids.setdefault(recipients, set()).add(found.group(1))
    assert all(len(ids) == 1 for ids in message_ids.values())
    assert len({ids.pop() for ids in message_ids.values()}) == SUBSCRIBERS
    assert Notification.objects.filter(status="pending").count() == 0


@pytest.mark.cluster
def test_sigterm_stops_the_cluster_in_seconds_while_its_workers_are_busy(
    transactional_db, tmp_path, monkeypatch
):
    use_broker("orm", monkeypatch)
    stop_seconds = 3
    cluster = start_cluster(
        tmp_path, extra_env={"Q_STOP_SECONDS": str(stop_seconds)}, own_process_group=True
    )
    log = tmp_path / "qcluster.log"
    try:
        # More long tasks than workers: both busy, more waiting in the cluster's own queue.
        for _task in range(6):
            async_task("time.sleep", 60, timeout=120)
        wait_for(
            lambda: log.read_text().count("processing") >= 2,
            timeout=120,
            message="both workers busy",
        )
        processes = psutil.Process(cluster.process.pid).children(recursive=True)
        assert len(processes) >= 4  # the sentinel, two workers, the monitor, the pusher
        started = time.monotonic()
        cluster.process.send_signal(signal.SIGTERM)
        cluster.process.wait(timeout=60)
        elapsed = time.monotonic() - started
    finally:
        cluster.kill()
    assert elapsed < stop_seconds + 3, f"the stop took {elapsed:.1f} s"
    assert cluster.process.returncode == 0
    # Its processes were told to end before it exited; on a busy machine the last may take a
    # moment to be gone.
    _gone, alive = psutil.wait_procs(processes, timeout=3)
    still_running = [process for process in alive if process.status() != psutil.STATUS_ZOMBIE]
    assert still_running == []
    assert "the cluster did not stop within 3 s" in log.read_text()
