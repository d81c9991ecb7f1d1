"""One place that sends email: queue it here, a django-q2 task delivers it.

    notify(key="signup-42-confirm", template="signups/confirm", to=email, language="ja",
           context={"reference": "S-42"})

Templates live at templates/notifications/<template>/{subject,body}.txt (and body.html where a
message needs it); a language's own version at templates/notifications/<template>/<language>/
wins over the shared one, which is translated with gettext. The context must be JSON: ids and
short values, resolved again when the email is rendered. A context with `list_unsubscribe_url`
gives the email List-Unsubscribe and List-Unsubscribe-Post headers (RFC 8058 one-click): that
URL must unsubscribe on a POST of `List-Unsubscribe=One-Click`.

No transaction is open, and no lock held, while the mail server is talked to:

1. `notify` stores the email (committed with the caller's transaction), then queues a task.
2. The task claims the email with one conditional UPDATE (pending, due, and not claimed, or
   claimed longer ago than a send may take), which counts the attempt and records when it
   started. It is committed before the mail server is reached: two workers never send the
   same email at once, and an attempt cut off by a killed worker stays visible.
3. The message goes to the mail server, outside any transaction.
4. The email is marked sent (or failed, or due again later) by one short UPDATE of its own.

The recovery sweep (`requeue_unsent`, run by `manage.py qcluster` every KOKORON_SWEEP_SECONDS)
queues again what a lost task left waiting and what a cut-off attempt left claimed; the attempt
that takes over a cut-off one flags the email `uncertain` (possibly sent twice). Every attempt
at an email sends the same Message-ID, derived from its key, so mail systems can drop a repeat.
"""

import hashlib
import logging
import re
import smtplib
from datetime import timedelta
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string, select_template
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from django_q.tasks import async_task

from kokoron.core.links import absolute_url
from kokoron.core.recovery import broker_idle

from .models import Notification

logger = logging.getLogger(__name__)

# A refusal that a later attempt would meet again: the email is recorded as failed at once.
# Checked first: smtplib's errors are OSErrors too.
PERMANENT_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError)
# Errors that a later attempt may not meet: the email is due again after a delay.
TRANSIENT_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError)
# Seconds to wait after each failed attempt; after the last, the email is given up.
RETRY_DELAYS = (60, 300, 900, 3600)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
# django-q2 stops a task a few seconds after its timeout: only then is its claim abandoned.
CLAIM_MARGIN = timedelta(seconds=5)
# At most this many emails queued again by one sweep; the next sweep takes the rest.
SWEEP_LIMIT = 500
# A template that cannot render will not render on the next attempt either.
TEMPLATE_ERRORS = (TemplateDoesNotExist, TemplateSyntaxError)


# An email address inside an idempotency key ("signup-mine-<address>-<date>"). Keys join their
# parts with hyphens, which addresses may hold too: the whole hyphenated run around the "@" is
# taken, so that no part of an address stays readable.
ADDRESS_IN_KEY = re.compile(r"[\w.+-]+@[\w.-]+")


def key_digest(address):
    """A stand-in for an address in a key: the same for the same address, unreadable
    without the site's secret key (a plain hash of an address is easy to reverse)."""
    return "a" + salted_hmac("kokoron.notifications.key", address.lower()).hexdigest()[:24]


def private_key(key):
    """The key with every address in it replaced by its digest: keys are kept after an
    email's address and content are erased, so they must not hold the address."""
    return ADDRESS_IN_KEY.sub(lambda match: key_digest(match.group()), key)


def notify(*, key, template, to, language, context=None):
    """Queue one email; a second call with the same key queues nothing. Returns the row.

    An address that cannot be an address is recorded as failed at once, so that one bad row
    never holds up the others. An address inside the key is stored as a digest.
    """
    key = private_key(key)
    try:
        validate_email(to)
    except ValidationError:
        valid = False
    else:
        valid = True
    notification, created = Notification.objects.get_or_create(
        key=key,
        defaults={
            "template": template,
            "recipient": to,
            "language": language,
            "context": context or {},
            "status": Notification.Status.PENDING if valid else Notification.Status.FAILED,
            "last_error": "" if valid else "invalid address",
            "queued_at": timezone.now() if valid else None,
        },
    )
    if created and valid:
        transaction.on_commit(lambda: enqueue(notification.pk))
    return notification


def enqueue(notification_id):
    async_task(
        "kokoron.notifications.service.deliver",
        notification_id,
        task_name=f"notification-{notification_id}",
        group="notifications",
        # A hung send is stopped here; its claim is then taken over (see CLAIM_MARGIN).
        timeout=settings.NOTIFICATION_SEND_TIMEOUT,
    )


def _template_names(template, language, part):
    return [f"notifications/{template}/{language}/{part}", f"notifications/{template}/{part}"]


def render(notification):
    """Subject, text body and optional HTML body in the notification's language."""
    context = {**notification.context, "site_url": absolute_url("/")}
    with translation.override(notification.language):
        subject = render_to_string(
            _template_names(notification.template, notification.language, "subject.txt"), context
        )
        text = render_to_string(
            _template_names(notification.template, notification.language, "body.txt"), context
        )
        try:
            html_template = select_template(
                _template_names(notification.template, notification.language, "body.html")
            )
        except TemplateDoesNotExist:
            html = None
        else:
            html = html_template.render(context)
    return " ".join(subject.split()), text, html


def message_id(key):
    """The same Message-ID for every attempt at one email: a digest of its key (which may hold
    an address, so it is never shown as it is), at the sender's domain."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
    return f"<{digest}@{domain or DNS_NAME}>"


def build_message(notification):
    subject, text, html = render(notification)
    headers = {"Message-ID": message_id(notification.key)}
    unsubscribe_url = notification.context.get("list_unsubscribe_url")
    if unsubscribe_url:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(subject, text, to=[notification.recipient], headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    return message


def _abandoned_before(now):
    """Claims older than this belong to attempts that were cut off."""
    return now - timedelta(seconds=settings.NOTIFICATION_SEND_TIMEOUT) - CLAIM_MARGIN


def _claimable(now):
    not_claimed = Q(sending_started_at__isnull=True) | Q(
        sending_started_at__lt=_abandoned_before(now)
    )
    due = Q(retry_at__isnull=True) | Q(retry_at__lte=now)
    return Q(not_claimed, due, status=Notification.Status.PENDING)


def claim(notification_id):
    """Start an attempt: the row as claimed, or None when it is not this task's to send (sent
    already, given up, being sent by another worker, or not due yet). Committed at once."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        _claimable(now), pk=notification_id, attempts__lt=MAX_ATTEMPTS
    ).update(
        attempts=F("attempts") + 1,
        sending_started_at=now,
        # Taking over a claim whose attempt was cut off: that one may have reached the server.
        uncertain=Case(
            When(sending_started_at__isnull=False, then=Value(True)), default=F("uncertain")
        ),
    )
    if not claimed:
        return None
    return Notification.objects.get(pk=notification_id)


def _end_attempt(notification, **fields):
    """Record how this attempt ended, unless another has taken the email over since."""
    return Notification.objects.filter(
        pk=notification.pk, attempts=notification.attempts, status=Notification.Status.PENDING
    ).update(sending_started_at=None, **fields)


def deliver(notification_id):
    """The task. Sends the notification unless it was sent already; safe to run twice, and
    to run in two workers at once. Must run outside a transaction (a django-q2 task does)."""
    notification = claim(notification_id)
    if notification is None:
        return "skipped"
    try:
        message = build_message(notification)
    except TEMPLATE_ERRORS as error:
        _end_attempt(
            notification, status=Notification.Status.FAILED, last_error=type(error).__name__
        )
        logger.error("notification %s cannot be rendered: %s", notification_id, error)
        return "failed"
    try:
        message.send()
    except PERMANENT_ERRORS as error:
        _end_attempt(
            notification, status=Notification.Status.FAILED, last_error=type(error).__name__
        )
        logger.warning("notification %s refused: %s", notification_id, type(error).__name__)
        return "failed"
    except TRANSIENT_ERRORS as error:
        return _attempt_failed(notification, error)
    Notification.objects.filter(pk=notification_id, status=Notification.Status.PENDING).update(
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
        sending_started_at=None,
        retry_at=None,
        last_error="",
    )
    logger.info("notification %s sent", notification_id)
    return "sent"


def _attempt_failed(notification, error):
    attempt = notification.attempts
    gave_up = attempt >= MAX_ATTEMPTS
    if gave_up:
        fields = {"status": Notification.Status.FAILED}
    else:
        fields = {"retry_at": timezone.now() + timedelta(seconds=RETRY_DELAYS[attempt - 1])}
    _end_attempt(notification, last_error=type(error).__name__, **fields)
    logger.warning(
        "notification %s attempt %s failed: %s", notification.pk, attempt, type(error).__name__
    )
    return "failed" if gave_up else "retry"


def requeue_unsent():
    """Recovery sweep: queue again every pending email that no task is taking care of.

    That is one whose attempt was cut off (its claim is older than a send may take) or whose
    retry is due, and not queued since; and, once the broker has no task waiting (so that
    emails merely waiting behind others are left alone), one queued longer ago than a send may
    take and neither sent nor being sent: its task was lost. Queuing one twice is harmless: the
    claim sends it once. Returns how many were queued.
    """
    now = timezone.now()
    # Cut off on their last attempt: given up, and flagged, as they may have been sent.
    Notification.objects.filter(
        status=Notification.Status.PENDING,
        attempts__gte=MAX_ATTEMPTS,
        sending_started_at__lt=_abandoned_before(now),
    ).update(
        status=Notification.Status.FAILED,
        sending_started_at=None,
        uncertain=True,
        last_error="attempt cut off",
    )
    send_timeout = timedelta(seconds=settings.NOTIFICATION_SEND_TIMEOUT)
    waiting_for_a_task = (
        Q(sending_started_at__isnull=False, queued_at__lt=F("sending_started_at"))
        | Q(retry_at__isnull=False, queued_at__lt=F("retry_at"))
        | Q(queued_at__lt=now - send_timeout, sending_started_at__isnull=False)
    )
    if broker_idle():
        waiting_for_a_task |= Q(queued_at__isnull=True) | Q(queued_at__lt=now - send_timeout)
    ids = list(
        Notification.objects.filter(_claimable(now), waiting_for_a_task, attempts__lt=MAX_ATTEMPTS)
        .order_by("pk")
        .values_list("pk", flat=True)[:SWEEP_LIMIT]
    )
    if not ids:
        return 0
    Notification.objects.filter(pk__in=ids).update(queued_at=now)
    for notification_id in ids:
        enqueue(notification_id)
    logger.info("queued %s unsent emails again", len(ids))
    return len(ids)


def forget_old_recipients():
    """Scheduled: sent and failed emails keep no address or context past the retention period."""
    cutoff = timezone.now() - timezone.timedelta(days=settings.NOTIFICATION_RETENTION_DAYS)
    return (
        Notification.objects.exclude(status=Notification.Status.PENDING)
        .filter(created_at__lt=cutoff)
        .exclude(recipient="")
        .update(recipient="", context={})
    )


ERASED_ERROR = "erased on request"


def forget(addresses):
    """Emails to these addresses keep no address or context; those still to go are not sent.
    For erasure on request: the key stays, so that the same email is never queued again."""
    query = Q()
    for address in {a.strip() for a in addresses if a and a.strip()}:
        query |= Q(recipient__iexact=address)
    if not query:
        return 0
    rows = Notification.objects.filter(query)
    rows.filter(status=Notification.Status.PENDING).update(
        status=Notification.Status.FAILED, last_error=ERASED_ERROR
    )
    return rows.update(recipient="", context={})
