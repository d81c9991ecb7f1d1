"""Email subscriptions: double opt-in, language choice, unsubscribing, and the announcement of
each new issue (or news) sent by django-q2 tasks in batches.

Links in emails lead to a page with a button: opening one (as mail scanners do) changes
nothing. Every email also carries List-Unsubscribe and List-Unsubscribe-Post (RFC 8058), whose
one-click address unsubscribes on a POST (`views.one_click_unsubscribe`).

Every email goes through kokoron.notifications.service.notify with a key made of the
announcement and the subscriber, so a batch run again after a worker stopped half-way sends
nobody the same announcement twice; an announcement left unfinished (a lost or killed task) is
resumed by the recovery sweep (`resume_unfinished`).
"""

import logging
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from django_q.tasks import async_task

from kokoron.core.links import absolute, absolute_url
from kokoron.core.rate_limits import rate_limited
from kokoron.core.recovery import broker_idle
from kokoron.core.signed_links import LinkError, SignedId
from kokoron.notifications.models import Notification
from kokoron.notifications.service import notify
from kokoron.pages.privacy import is_public

from .models import Announcement, NewsletterIndexPage, Subscriber

logger = logging.getLogger(__name__)

CONFIRM_SALT = "kokoron.subscriptions.confirm"
UNSUBSCRIBE_SALT = "kokoron.subscriptions.unsubscribe"
CONFIRM_MAX_AGE = 3 * 24 * 3600  # a confirmation link works for three days
BATCH_SIZE = 50
# Against using the form to flood someone's mailbox: per address and per client.
ADDRESS_INTERVAL = 10 * 60  # at most one confirmation email per address every ten minutes
ADDRESS_DAILY_LIMIT = 3
CLIENT_LIMIT = 10  # requests per client per hour
CLIENT_WINDOW = 3600


CONFIRM_LINK = SignedId(CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
UNSUBSCRIBE_LINK = SignedId(UNSUBSCRIBE_SALT)


def confirm_token(subscriber):
    return CONFIRM_LINK.token(subscriber.pk)


def unsubscribe_token(subscriber):
    return UNSUBSCRIBE_LINK.token(subscriber.pk)


def read_confirm_token(token):
    """The subscriber id, or raises LinkError("expired") / LinkError("invalid")."""
    return CONFIRM_LINK.read(token)


def read_unsubscribe_token(token):
    """The subscriber id, or raises LinkError("invalid")."""
    return UNSUBSCRIBE_LINK.read(token)


def newsletter_index(language):
    """The newsletter's page in a language (its subscription pages), else the default one."""
    pages = NewsletterIndexPage.objects.live().public().order_by("path")
    return (
        pages.filter(locale__language_code=language).first()
        or pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
        or pages.first()
    )


def unsubscribe_page_url(token, language=None):
    """The path of the page where the holder of this token presses a button to leave, in
    their language when the token is good; None when the site has no newsletter page."""
    if language is None:
        try:
            subscriber_id = read_unsubscribe_token(token)
        except LinkError:
            subscriber_id = None
        language = (
            Subscriber.objects.filter(pk=subscriber_id).values_list("language", flat=True).first()
        )
    index = newsletter_index(language or settings.LANGUAGE_CODE)
    if index is None:
        return None
    return f"{index.subscribe_url()}unsubscribe/?{urlencode({'token': token})}"


def unsubscribe_links(subscriber):
    """What every email to a subscriber carries: the page with the button to leave
    (`unsubscribe_url`) and the RFC 8058 one-click address (`list_unsubscribe_url`)."""
    token = unsubscribe_token(subscriber)
    page = unsubscribe_page_url(token, language=subscriber.language) or "/"
    one_click = reverse("newsletter_one_click_unsubscribe")
    return {
        "unsubscribe_url": absolute(page),
        "list_unsubscribe_url": absolute_url(f"{one_click}?{urlencode({'token': token})}"),
    }


def client_allowed(request):
    """Counts this client's requests; False once it made too many this hour."""
    return not rate_limited(request, "subscribe", limit=CLIENT_LIMIT, window=CLIENT_WINDOW)


def request_subscription(*, email, language, newsletters, news, subscribe_url):
    """Record a subscription request and send the confirmation link when allowed.

    Returns what happened ("sent", "already", "limited"), for tests; the person always sees
    the same message, so that nobody learns who subscribes.
    """
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"language": language}
        )
        if subscriber.confirmed_at is not None:
            return "already"
        if subscriber.last_sent_at and subscriber.last_sent_at.date() != now.date():
            subscriber.sent_today = 0
        recent = subscriber.last_sent_at and (now - subscriber.last_sent_at).total_seconds() < (
            ADDRESS_INTERVAL
        )
        if recent or subscriber.sent_today >= ADDRESS_DAILY_LIMIT:
            return "limited"
        subscriber.language = language
        subscriber.newsletters = newsletters
        subscriber.news = news
        subscriber.sent_today += 1
        subscriber.confirmations_sent += 1
        subscriber.last_sent_at = now
        subscriber.save()
        notify(
            key=f"subscription-{subscriber.pk}-confirm-{subscriber.confirmations_sent}",
            template="newsletters/confirm",
            to=subscriber.email,
            language=subscriber.language,
            context={
                "confirm_url": f"{subscribe_url}confirm/?token={confirm_token(subscriber)}",
                **unsubscribe_links(subscriber),
            },
        )
    return "sent"


def check_confirm(token):
    """What pressing the confirmation button would do, changing nothing: "ready", or the
    outcome `confirm` would give ("already" | "expired" | "invalid" | "gone")."""
    try:
        subscriber_id = read_confirm_token(token)
    except LinkError as error:
        return error.code
    subscriber = Subscriber.objects.filter(pk=subscriber_id).only("confirmed_at").first()
    if subscriber is None:
        return "gone"
    return "ready" if subscriber.confirmed_at is None else "already"


def check_unsubscribe(token):
    """What pressing the unsubscribe button would do, changing nothing: "ready", or the
    outcome `unsubscribe` would give ("already" | "invalid")."""
    try:
        subscriber_id = read_unsubscribe_token(token)
    except LinkError:
        return "invalid"
    return "ready" if Subscriber.objects.filter(pk=subscriber_id).exists() else "already"


def confirm(token):
    """("confirmed" | "already" | "expired" | "invalid" | "gone", subscriber or None)."""
    try:
        subscriber_id = read_confirm_token(token)
    except LinkError as error:
        return error.code, None
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(pk=subscriber_id).first()
        if subscriber is None:
            return "gone", None
        if subscriber.confirmed_at is not None:
            return "already", subscriber
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return "confirmed", subscriber


def unsubscribe(token):
    """("unsubscribed" | "already" | "invalid"). Nothing about the person is kept."""
    try:
        subscriber_id = read_unsubscribe_token(token)
    except LinkError:
        return "invalid"
    deleted, _rows = Subscriber.objects.filter(pk=subscriber_id).delete()
    return "unsubscribed" if deleted else "already"


def forget_unconfirmed(now=None):
    """Scheduled daily: a request never confirmed is deleted after
    RETENTION_UNCONFIRMED_SUBSCRIBERS_DAYS (the link itself works for three days)."""
    days = settings.RETENTION_UNCONFIRMED_SUBSCRIBERS_DAYS
    cutoff = (now or timezone.now()) - timezone.timedelta(days=days)
    deleted, _rows = Subscriber.objects.filter(
        confirmed_at__isnull=True, created_at__lt=cutoff
    ).delete()
    return deleted


# Announcements ------------------------------------------------------------------------------


def announce(page, topic):
    """Called when a page is first published: one announcement per page, whatever happens."""
    announcement, created = Announcement.objects.get_or_create(
        translation_key=page.translation_key,
        topic=topic,
        defaults={"page": page, "title": page.title[:255], "active_at": timezone.now()},
    )
    if created:
        transaction.on_commit(lambda: _queue_start(announcement.pk))
    return announcement


def _queue_start(announcement_id):
    async_task(
        "kokoron.newsletters.subscriptions.start_announcement",
        announcement_id,
        task_name=f"announcement-{announcement_id}",
        group="announcements",
    )


def _recipients(announcement):
    """The subscribers an announcement is for: those of its topic confirmed when it started."""
    recipients = Subscriber.objects.filter(confirmed_at__isnull=False, **{announcement.topic: True})
    if announcement.started_at is not None:
        recipients = recipients.filter(confirmed_at__lte=announcement.started_at)
    return recipients


def _missing_ids(announcement):
    """The recipients who have no email of this announcement yet, in order."""
    prefix = f"announcement-{announcement.pk}-"
    keys = Notification.objects.filter(key__startswith=prefix).values_list("key", flat=True)
    queued = {int(key.removeprefix(prefix)) for key in keys}
    recipients = _recipients(announcement).order_by("pk").values_list("pk", flat=True)
    return [pk for pk in recipients if pk not in queued]


def start_announcement(announcement_id):
    """The task, run to start an announcement and again to resume one: queue a batch task for
    each BATCH_SIZE recipients who have no email yet; with none left, the announcement is
    done. Returns how many batches it queued."""
    now = timezone.now()
    Announcement.objects.filter(pk=announcement_id, status=Announcement.Status.QUEUED).update(
        status=Announcement.Status.SENDING, started_at=now
    )
    announcement = Announcement.objects.get(pk=announcement_id)
    if not announcement.total:
        announcement.total = _recipients(announcement).count()
    ids = _missing_ids(announcement)
    batches = [ids[start : start + BATCH_SIZE] for start in range(0, len(ids), BATCH_SIZE)]
    Announcement.objects.filter(pk=announcement_id).update(
        total=announcement.total,
        active_at=now,
        status=Announcement.Status.SENDING if batches else Announcement.Status.DONE,
    )
    for batch in batches:
        async_task(
            "kokoron.newsletters.subscriptions.send_batch",
            announcement_id,
            batch,
            task_name=f"announcement-{announcement_id}-batch-{batch[0]}",
            group="announcements",
        )
    return len(batches)


def send_batch(announcement_id, subscriber_ids):
    """The task: queue one email per subscriber. Safe to run again: the key sends once."""
    announcement = Announcement.objects.select_related("page").get(pk=announcement_id)
    source = announcement.page.specific if announcement.page else None
    queued = 0
    subscribers = _recipients(announcement).filter(pk__in=subscriber_ids)
    for subscriber in subscribers:
        page = source
        if source is not None:
            translated = source.get_translations(inclusive=True).filter(
                locale__language_code=subscriber.language, live=True
            )
            page = (translated.first() or source).specific
        notify(
            key=f"announcement-{announcement_id}-{subscriber.pk}",
            template=f"newsletters/{announcement.topic}",
            to=subscriber.email,
            language=subscriber.language,
            context={
                "title": page.title if page else announcement.title,
                "summary": getattr(page, "summary", ""),
                "url": absolute(page.get_url() if page else "/"),
                **unsubscribe_links(subscriber),
            },
        )
        queued += 1
    Announcement.objects.filter(pk=announcement_id).update(
        batches_done=F("batches_done") + 1, active_at=timezone.now()
    )
    if not _missing_ids(announcement):
        Announcement.objects.filter(pk=announcement_id).update(status=Announcement.Status.DONE)
    return queued


def resume_unfinished():
    """Recovery sweep: an announcement not done, idle for longer than a send may take, while
    the broker has no task waiting, lost a task (its start or a batch): start it again, which
    queues only what is missing. Returns how many were resumed."""
    if not broker_idle():
        return 0
    now = timezone.now()
    idle_since = now - timedelta(seconds=settings.NOTIFICATION_SEND_TIMEOUT)
    ids = list(
        Announcement.objects.exclude(status=Announcement.Status.DONE)
        .annotate(last_active=Coalesce("active_at", "created_at"))
        .filter(last_active__lt=idle_since)
        .values_list("pk", flat=True)
    )
    if ids:
        Announcement.objects.filter(pk__in=ids).update(active_at=now)
    for announcement_id in ids:
        _queue_start(announcement_id)
    if ids:
        logger.info("resumed %s unfinished announcements", len(ids))
    return len(ids)


# How recent a page must be when first published to be announced: publishing an old issue or
# old news (an archive, the demo) emails nobody.
ANNOUNCE_WITHIN_DAYS = 14


def _page_published(sender, instance, **kwargs):
    from kokoron.news.models import NewsPage

    from .models import NewsletterIssuePage

    page = instance
    # Wagtail sends page_published when a go-live time is approved too, while the page still
    # answers 404: subscribers hear of it when publish_scheduled makes it live.
    if not page.live or not is_public(page):  # nor of a private page
        return
    cutoff = timezone.localdate() - timezone.timedelta(days=ANNOUNCE_WITHIN_DAYS)
    if isinstance(page, NewsletterIssuePage) and page.publication_date >= cutoff:
        announce(page, Announcement.Topic.NEWSLETTERS)
    elif isinstance(page, NewsPage) and page.date >= cutoff:
        announce(page, Announcement.Topic.NEWS)


def connect_signals():
    from wagtail.signals import page_published

    page_published.connect(_page_published, dispatch_uid="kokoron-announce-on-publish")
