# ruff: noqa: F811 - pytest fixtures imported from tests.site.outreach
import datetime
import email
import re
from urllib.parse import urlsplit

from django.core import mail
from django.test import Client
from django.utils import timezone

import pytest
from django_q.models import OrmQ
from django_q.tasks import async_task, fetch

from kokoron.news.factories import NewsPageFactory
from kokoron.newsletters import subscriptions
from kokoron.newsletters.factories import NewsletterIssuePageFactory
from kokoron.newsletters.models import Announcement, Subscriber
from kokoron.notifications.models import Notification
from kokoron.notifications.service import deliver
from tests.conftest import start_cluster, wait_for
from tests.site.outreach import sections, ward  # noqa: F401

SUBSCRIBE = "/newsletters/subscribe/"


def post(client, email="hanako@example.jp", language="ja", **extra):
    data = {"email": email, "language": language, "newsletters": "on", **extra}
    return client.post(SUBSCRIBE, data, REMOTE_ADDR=extra.pop("ip", "192.0.2.1"))


def send_all():
    for notification in Notification.objects.filter(status="pending"):
        deliver(notification.pk)


def link(message, name):
    return re.search(rf"https?://\S+/{name}/\?token=\S+", message.body).group(0)


@pytest.mark.django_db
def test_double_opt_in_in_the_chosen_language(client, sections, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        response = post(client, language="en")
    assert response.status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.confirmed_at is None and subscriber.language == "en"
    send_all()
    (message,) = mail.outbox
    assert message.to == ["hanako@example.jp"]
    assert "confirm" in message.subject.lower()
    confirm = link(message, "confirm").replace("http://testserver", "")
    # Opening the link (as a mail scanner does) shows a button and changes nothing.
    page = client.get(confirm)
    assert page.status_code == 200
    assert b'method="post"' in page.content
    assert "登録を確定する" in page.content.decode()  # the button, in the page's language
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    # Pressing it confirms.
    pressed = client.post(confirm, {"token": page.context["token"]})
    assert pressed.status_code == 200 and pressed.context["outcome"] == "confirmed"
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None
    assert "unsubscribe" in message.body  # even the first email lets them leave

    # The same link again: a clear message, nothing changes.
    again = client.get(confirm)
    assert again.status_code == 200 and again.context["outcome"] == "already"
    assert client.post(confirm).context["outcome"] == "already"


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["", "not-an-address", "a@b", "x" * 300 + "@example.jp"])
def test_an_invalid_address_is_refused_with_a_message(client, sections, email):
    response = post(client, email=email)
    assert response.status_code == 400
    assert response.context["form"].errors["email"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
def test_nothing_chosen_is_refused(client, sections):
    response = client.post(SUBSCRIBE, {"email": "a@example.jp", "language": "ja"})
    assert response.status_code == 400
    assert response.context["form"].errors["newsletters"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("token", "outcome"), [("", "invalid"), ("1:forged:token", "invalid"), ("abc", "invalid")]
)
def test_forged_confirmation_links_change_nothing(client, sections, token, outcome):
    post(client)
    response = client.get(f"{SUBSCRIBE}confirm/", {"token": token})
    assert response.status_code == 400 and response.context["outcome"] == outcome
    assert Subscriber.objects.get().confirmed_at is None


@pytest.mark.django_db
def test_an_expired_confirmation_link_changes_nothing(client, sections, monkeypatch):
    post(client)
    token = subscriptions.confirm_token(Subscriber.objects.get())
    monkeypatch.setattr(subscriptions.CONFIRM_LINK, "max_age", -1)
    response = client.get(f"{SUBSCRIBE}confirm/", {"token": token})
    assert response.context["outcome"] == "expired"
    assert Subscriber.objects.get().confirmed_at is None


@pytest.mark.django_db
def test_a_second_subscription_sends_nothing_more(client, sections):
    post(client)
    subscriber = Subscriber.objects.get()
    subscriber.confirmed_at = timezone.now()
    subscriber.save()
    response = post(client, language="en")
    assert response.status_code == 200  # the same neutral message
    assert Subscriber.objects.count() == 1
    assert Subscriber.objects.get().language == "ja"  # unchanged
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_one_address_cannot_be_flooded(client, sections):
    for _attempt in range(5):
        post(client)
    assert Notification.objects.count() == 1  # one confirmation per ten minutes
    Subscriber.objects.update(last_sent_at=timezone.now() - datetime.timedelta(minutes=11))
    post(client)
    Subscriber.objects.update(last_sent_at=timezone.now() - datetime.timedelta(minutes=11))
    post(client)
    Subscriber.objects.update(last_sent_at=timezone.now() - datetime.timedelta(minutes=11))
    post(client)
    assert Notification.objects.count() == 3  # and three a day


@pytest.mark.django_db
def test_one_client_cannot_flood_many_addresses(client, sections):
    statuses = [post(client, email=f"p{n}@example.jp").status_code for n in range(12)]
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]
    assert Subscriber.objects.count() == 10
    assert post(client, email="other@example.jp", ip="192.0.2.99").status_code == 200


@pytest.mark.django_db
def test_unsubscribe_asks_for_a_button_press_and_then_twice_is_harmless(client, sections):
    post(client)
    subscriber = Subscriber.objects.get()
    token = subscriptions.unsubscribe_token(subscriber)
    opened = client.get(f"{SUBSCRIBE}unsubscribe/", {"token": token})
    assert opened.status_code == 200 and b'method="post"' in opened.content
    assert Subscriber.objects.exists()  # opening the link changes nothing
    first = client.post(f"{SUBSCRIBE}unsubscribe/?token={token}")
    assert first.context["outcome"] == "unsubscribed"
    assert not Subscriber.objects.exists()
    second = client.post(f"{SUBSCRIBE}unsubscribe/", {"token": token})
    assert second.status_code == 200 and second.context["outcome"] == "already"
    assert client.get(f"{SUBSCRIBE}unsubscribe/", {"token": token}).context["outcome"] == (
        "already"
    )
    forged = client.post(f"{SUBSCRIBE}unsubscribe/", {"token": token + "x"})
    assert forged.status_code == 400
    assert client.get(f"{SUBSCRIBE}unsubscribe/", {"token": token + "x"}).status_code == 400


@pytest.mark.django_db
def test_the_buttons_need_the_pages_csrf_token(sections):
    checked = Client(enforce_csrf_checks=True)
    subscriber = Subscriber.objects.create(email="hanako@example.jp", language="ja")
    confirm = f"{SUBSCRIBE}confirm/?token={subscriptions.confirm_token(subscriber)}"
    unsubscribe = f"{SUBSCRIBE}unsubscribe/?token={subscriptions.unsubscribe_token(subscriber)}"
    assert checked.post(confirm).status_code == 403
    assert checked.post(unsubscribe).status_code == 403
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    page = checked.get(confirm)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content).group(1)
    pressed = checked.post(confirm, {"csrfmiddlewaretoken": token.decode()})
    assert pressed.status_code == 200 and pressed.context["outcome"] == "confirmed"


def one_click_address(message):
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http://testserver/list-unsubscribe/?token=")
    return header.strip("<>").removeprefix("http://testserver")


@pytest.mark.django_db
def test_every_subscription_email_carries_a_one_click_unsubscribe(
    client, sections, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        post(client, email="hanako@example.jp")
    subscriber = Subscriber.objects.get()
    subscriber.confirmed_at = timezone.now()
    subscriber.save()
    with django_capture_on_commit_callbacks(execute=False):
        issue = NewsletterIssuePageFactory(
            parent=sections["newsletters"], number=60, publication_date=timezone.localdate()
        )
        issue.save_revision().publish()
    announcement = Announcement.objects.get()
    subscriptions.start_announcement(announcement.pk)
    subscriptions.send_batch(announcement.pk, [subscriber.pk])
    send_all()
    confirmation, announced = mail.outbox
    for message in (confirmation, announced):
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert one_click_address(message) == one_click_address(confirmation)
    # The header is in what goes over the wire too.
    wire = email.message_from_string(announced.message().as_string())
    assert wire["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "".join(wire["List-Unsubscribe"].split()) == announced.extra_headers["List-Unsubscribe"]


@pytest.mark.django_db
def test_one_click_unsubscribe_works_by_post_alone(sections):
    mail_system = Client(enforce_csrf_checks=True)  # no session, no CSRF token: RFC 8058
    subscriber = Subscriber.objects.create(
        email="hanako@example.jp", language="ja", confirmed_at=timezone.now()
    )
    one_click = urlsplit(subscriptions.unsubscribe_links(subscriber)["list_unsubscribe_url"])
    address = f"{one_click.path}?{one_click.query}"
    # Opening the address (a scanner, an old mail client) leads to the button, changing nothing.
    opened = mail_system.get(address)
    assert opened.status_code == 302
    assert opened["Location"].startswith(f"{SUBSCRIBE}unsubscribe/?token=")
    assert mail_system.get(opened["Location"]).status_code == 200
    # A POST without the one-click body changes nothing either.
    refused = mail_system.post(address, {"List-Unsubscribe": "Something"})
    assert refused.status_code == 400
    assert Subscriber.objects.exists()
    forged = mail_system.post(address + "x", {"List-Unsubscribe": "One-Click"})
    assert forged.status_code == 400
    assert Subscriber.objects.exists()
    # The RFC 8058 POST unsubscribes, form-encoded or multipart, and twice is harmless.
    done = mail_system.post(
        address,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert done.status_code == 200
    assert "no-store" in done["Cache-Control"]
    assert not Subscriber.objects.exists()
    again = mail_system.post(address, {"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200


@pytest.mark.django_db
def test_news_emails_link_to_a_page_that_unsubscribes(
    client, sections, django_capture_on_commit_callbacks
):
    subscriber = Subscriber.objects.create(
        email="hanako@example.jp", language="ja", news=True, confirmed_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=False):
        news = NewsPageFactory(parent=sections["news"], date=timezone.localdate())
        news.save_revision().publish()
    announcement = Announcement.objects.get(topic="news")
    subscriptions.send_batch(announcement.pk, [subscriber.pk])
    send_all()
    (message,) = mail.outbox
    page = link(message, "unsubscribe").replace("http://testserver", "")
    assert client.get(page).status_code == 200
    assert client.post(page).context["outcome"] == "unsubscribed"


def subscribers(count, language="ja"):
    now = timezone.now()
    return [
        Subscriber.objects.create(
            email=f"person{n}@example.jp", language=language, confirmed_at=now
        )
        for n in range(count)
    ]


@pytest.mark.django_db
def test_a_restarted_send_sends_nobody_twice(sections, django_capture_on_commit_callbacks):
    people = subscribers(5)
    Subscriber.objects.create(email="unconfirmed@example.jp", language="ja")
    with django_capture_on_commit_callbacks(execute=False):
        issue = NewsletterIssuePageFactory(
            parent=sections["newsletters"], number=50, publication_date=timezone.localdate()
        )
        issue.save_revision().publish()
    announcement = Announcement.objects.get()
    ids = [person.pk for person in people]
    # A worker stops after the first half of the batch; the whole batch runs again.
    subscriptions.send_batch(announcement.pk, ids[:3])
    subscriptions.send_batch(announcement.pk, ids)
    subscriptions.send_batch(announcement.pk, ids)
    send_all()
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(person.email for person in people)
    assert all("/subscribe/unsubscribe/?token=" in message.body for message in mail.outbox)
    assert announcement.progress() == {"pending": 0, "sent": 5, "failed": 0}


@pytest.mark.cluster
def test_issue_publish_emails_subscribers_once_through_a_cluster_stopped_and_restarted(
    transactional_db, tmp_path, sections
):
    from kokoron.newsletters import subscriptions as module

    people = subscribers(7)
    english = Subscriber.objects.create(
        email="english@example.jp", language="en", confirmed_at=timezone.now()
    )
    # An address that cannot be one does not stop the batch.
    Subscriber.objects.create(email="broken address", language="ja", confirmed_at=timezone.now())
    cluster = start_cluster(tmp_path)
    try:
        issue = NewsletterIssuePageFactory(
            parent=sections["newsletters"], number=51, publication_date=timezone.localdate()
        )
        issue.save_revision().publish()
        announcement = Announcement.objects.get()
        wait_for(
            lambda: Notification.objects.filter(status="sent").exists(),
            message="the first email",
        )
    finally:
        cluster.stop()  # stopped in the middle of the send (or just after it)
    cluster = start_cluster(tmp_path, restart=True)
    try:
        wait_for(
            lambda: (
                announcement.progress()["pending"] == 0
                and announcement.progress()["sent"] == len(people) + 1
            ),
            message="every email",
        )
        # A second run (a redelivered task, the recovery sweep) queues nothing new.
        assert module.start_announcement(announcement.pk) == 0
        assert Announcement.objects.get(pk=announcement.pk).status == Announcement.Status.DONE
    finally:
        cluster.stop()
    messages = cluster.sent_messages()
    recipients = sorted(
        re.search(r"^To: (.+)$", message, re.MULTILINE).group(1) for message in messages
    )
    assert recipients == sorted([*(p.email for p in people), english.email])
    assert announcement.progress()["failed"] == 1


@pytest.mark.django_db
def test_an_announcement_that_lost_a_task_is_resumed_for_whoever_has_no_email(
    sections, settings, django_capture_on_commit_callbacks
):
    people = subscribers(5)
    ids = [person.pk for person in people]
    with django_capture_on_commit_callbacks(execute=False):
        issue = NewsletterIssuePageFactory(
            parent=sections["newsletters"], number=52, publication_date=timezone.localdate()
        )
        issue.save_revision().publish()
    announcement = Announcement.objects.get()
    idle = timezone.now() - datetime.timedelta(seconds=settings.NOTIFICATION_SEND_TIMEOUT + 1)

    def queued():
        tasks = [task.task for task in OrmQ.objects.order_by("pk")]
        OrmQ.objects.all().delete()
        return [(task["func"].rpartition(".")[2], list(task["args"])) for task in tasks]

    # Just announced: its start task is on its way.
    assert subscriptions.resume_unfinished() == 0
    # Its start task was lost: idle longer than a send may take, it is started again...
    Announcement.objects.update(active_at=idle)
    async_task("math.factorial", 1)
    assert subscriptions.resume_unfinished() == 0  # ...once no other task is waiting
    queued()
    assert subscriptions.resume_unfinished() == 1
    assert queued() == [("start_announcement", [announcement.pk])]
    # It starts, and its batch task is lost after three emails were queued.
    assert subscriptions.start_announcement(announcement.pk) == 1
    assert queued() == [("send_batch", [announcement.pk, ids])]
    subscriptions.send_batch(announcement.pk, ids[:3])
    Announcement.objects.update(active_at=idle)
    assert subscriptions.resume_unfinished() == 1
    queued()
    # Resuming queues a batch for the two who have no email yet, and nobody else.
    assert subscriptions.start_announcement(announcement.pk) == 1
    assert queued() == [("send_batch", [announcement.pk, ids[3:]])]
    subscriptions.send_batch(announcement.pk, ids[3:])
    assert Announcement.objects.get().status == Announcement.Status.DONE
    Announcement.objects.update(active_at=idle)
    assert subscriptions.resume_unfinished() == 0
    assert (
        Notification.objects.filter(key__startswith=f"announcement-{announcement.pk}-").count() == 5
    )


@pytest.mark.cluster
def test_a_scheduled_issue_is_announced_once_when_the_cluster_makes_it_live(
    transactional_db, tmp_path, sections
):
    people = subscribers(3)
    issue = NewsletterIssuePageFactory(
        parent=sections["newsletters"], number=52, publication_date=timezone.localdate()
    )
    issue.unpublish()
    issue.go_live_at = timezone.now() + datetime.timedelta(seconds=3)
    issue.save_revision().publish()
    # Approved to go live later: not live, and nobody is told of a page that answers 404.
    issue.refresh_from_db()
    assert not issue.live
    assert Client().get(issue.url).status_code == 404
    assert not Announcement.objects.exists()

    cluster = start_cluster(tmp_path)
    try:
        wait_for(lambda: timezone.now() > issue.go_live_at, message="the go-live time")
        # What the cluster's every-minute schedule runs (kokoron.publish_scheduled), now.
        async_task("kokoron.news.tasks.publish_scheduled")
        wait_for(
            lambda: Notification.objects.filter(status="sent").count() == len(people),
            message="the announcement's emails",
        )
        second = async_task("kokoron.news.tasks.publish_scheduled")  # publishes nothing
        wait_for(lambda: fetch(second) is not None, message="the second run")
    finally:
        cluster.stop()
    issue.refresh_from_db()
    assert issue.live and Client().get(issue.url).status_code == 200
    (announcement,) = Announcement.objects.all()
    assert announcement.status == Announcement.Status.DONE
    assert announcement.progress() == {"pending": 0, "sent": 3, "failed": 0}
    recipients = sorted(
        re.search(r"^To: (.+)$", message, re.MULTILINE).group(1)
        for message in cluster.sent_messages()
    )
    assert recipients == sorted(person.email for person in people)


@pytest.mark.django_db
def test_pr_staff_see_what_became_of_the_announcements_of_what_they_published(
    sections, django_user_model, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group

    from kokoron.news.editorial import PR_STAFF

    people = subscribers(2)
    with django_capture_on_commit_callbacks(execute=False):
        issue = NewsletterIssuePageFactory(
            parent=sections["newsletters"], number=53, publication_date=timezone.localdate()
        )
        issue.save_revision().publish()
    announcement = Announcement.objects.get()
    subscriptions.send_batch(announcement.pk, [person.pk for person in people])
    send_all()
    announcement.refresh_from_db()
    writer = django_user_model.objects.create_user("writer", "writer@example.jp", "pw")
    writer.groups.add(Group.objects.get(name=PR_STAFF))
    client = Client()
    client.force_login(writer)
    listing = client.get("/admin/announcements/")
    assert listing.status_code == 200
    shown = listing.content.decode()
    assert issue.title in shown and announcement.get_status_display() in shown
    assert announcement.progress() == {"pending": 0, "sent": len(people), "failed": 0}
    assert client.get(f"/admin/announcements/inspect/{announcement.pk}/").status_code == 200
    # Seeing is all: subscribers' addresses stay with the Managers.
    assert client.get("/admin/subscribers/").status_code == 302
