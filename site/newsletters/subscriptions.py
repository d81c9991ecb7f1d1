"""Email subscriptions: double opt-in, language choice, one-click unsubscribe, and the
announcement of each new issue (or news) sent by django-q2 tasks in batches.

Every email goes through kokoron.notifications.service.notify with a key made of the
announcement and the subscriber, so a batch run again after a worker stopped half-way sends
nobody the same announcement twice.
"""

import logging

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from django_q.tasks import async_task

from kokoron.core.rate_limits import rate_limited
from kokoron.notifications.service import notify
from kokoron.pages.privacy import is_public

from .models import Announcement, Subscriber

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


def confirm_token(subscriber):
    return signing.TimestampSigner(salt=CONFIRM_SALT).sign(str(subscriber.pk))


def unsubscribe_token(subscriber):
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(str(subscriber.pk))


def read_confirm_token(token, max_age=None):
    """The subscriber id, or raises signing.SignatureExpired / signing.BadSignature."""
    signer = signing.TimestampSigner(salt=CONFIRM_SALT)
    return int(signer.unsign(token or "", max_age=CONFIRM_MAX_AGE if max_age is None else max_age))


def read_unsubscribe_token(token):
    return int(signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token or ""))


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
                "unsubscribe_url": (
                    f"{subscribe_url}unsubscribe/?token={unsubscribe_token(subscriber)}"
                ),
            },
        )
    return "sent"


def confirm(token):
    """("confirmed" | "already" | "expired" | "invalid" | "gone", subscriber or None)."""
    try:
        subscriber_id = read_confirm_token(token)
    except signing.SignatureExpired:
        return "expired", None
    except (signing.BadSignature, ValueError):
        return "invalid", None
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
    except (signing.BadSignature, ValueError):
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
        defaults={"page": page, "title": page.title[:255]},
    )
    if created:
        transaction.on_commit(
            lambda: async_task(
                "kokoron.newsletters.subscriptions.start_announcement",
                announcement.pk,
                task_name=f"announcement-{announcement.pk}",
                group="announcements",
            )
        )
    return announcement


def start_announcement(announcement_id):
    """The task: split the confirmed subscribers of the topic into batches, one task each."""
    announcement = Announcement.objects.get(pk=announcement_id)
    ids = list(
        Subscriber.objects.filter(confirmed_at__isnull=False, **{announcement.topic: True})
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    Announcement.objects.filter(pk=announcement_id).update(
        total=len(ids), status=Announcement.Status.SENDING, started_at=timezone.now()
    )
    batches = [ids[start : start + BATCH_SIZE] for start in range(0, len(ids), BATCH_SIZE)]
    for number, batch in enumerate(batches):
        async_task(
            "kokoron.newsletters.subscriptions.send_batch",
            announcement_id,
            batch,
            task_name=f"announcement-{announcement_id}-batch-{number}",
            group="announcements",
        )
    if not batches:
        Announcement.objects.filter(pk=announcement_id).update(status=Announcement.Status.DONE)
    return len(batches)


def send_batch(announcement_id, subscriber_ids):
    """The task: queue one email per subscriber. Safe to run again: the key sends once."""
    announcement = Announcement.objects.select_related("page").get(pk=announcement_id)
    source = announcement.page.specific if announcement.page else None
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    queued = 0
    for subscriber in Subscriber.objects.filter(pk__in=subscriber_ids, confirmed_at__isnull=False):
        page = source
        if source is not None:
            translated = source.get_translations(inclusive=True).filter(
                locale__language_code=subscriber.language, live=True
            )
            page = (translated.first() or source).specific
        index_url = page.get_parent().get_url() if page else "/"
        notify(
            key=f"announcement-{announcement_id}-{subscriber.pk}",
            template=f"newsletters/{announcement.topic}",
            to=subscriber.email,
            language=subscriber.language,
            context={
                "title": page.title if page else announcement.title,
                "summary": getattr(page, "summary", ""),
                "url": base + (page.get_url() if page else "/"),
                "unsubscribe_url": (
                    f"{base}{index_url}subscribe/unsubscribe/?token={unsubscribe_token(subscriber)}"
                ),
            },
        )
        queued += 1
    Announcement.objects.filter(pk=announcement_id).update(batches_done=F("batches_done") + 1)
    return queued


# How recent a page must be when first published to be announced: publishing an old issue or
# old news (an archive, the demo) emails nobody.
ANNOUNCE_WITHIN_DAYS = 14


def _page_published(sender, instance, **kwargs):
    from kokoron.news.models import NewsPage

    from .models import NewsletterIssuePage

    page = instance
    if not is_public(page):  # subscribers never hear of a private page
        return
    cutoff = timezone.localdate() - timezone.timedelta(days=ANNOUNCE_WITHIN_DAYS)
    if isinstance(page, NewsletterIssuePage) and page.publication_date >= cutoff:
        announce(page, Announcement.Topic.NEWSLETTERS)
    elif isinstance(page, NewsPage) and page.date >= cutoff:
        announce(page, Announcement.Topic.NEWS)


def connect_signals():
    from wagtail.signals import page_published

    page_published.connect(_page_published, dispatch_uid="kokoron-announce-on-publish")
