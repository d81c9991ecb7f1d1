"""One place that sends email: queue it here, a django-q2 task delivers it.

    notify(key="signup-42-confirm", template="signups/confirm", to=email, language="ja",
           context={"reference": "S-42"})

Templates live at templates/notifications/<template>/{subject,body}.txt (and body.html where a
message needs it); a language's own version at templates/notifications/<template>/<language>/
wins over the shared one, which is translated with gettext. The context must be JSON: ids and
short values, resolved again when the email is rendered.
"""

import logging
import re
import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string, select_template
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac

from django_q.tasks import async_task

from .models import Notification

logger = logging.getLogger(__name__)

# Errors that a later attempt may not meet again: the worker raises them so that django-q2
# delivers the task again. An address the server refuses for good is recorded as failed.
TRANSIENT_ERRORS = (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, OSError)
PERMANENT_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError, ValueError)


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
    )


def _template_names(template, language, part):
    return [f"notifications/{template}/{language}/{part}", f"notifications/{template}/{part}"]


def render(notification):
    """Subject, text body and optional HTML body in the notification's language."""
    context = {**notification.context, "site_url": settings.WAGTAILADMIN_BASE_URL}
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


def deliver(notification_id):
    """The task. Sends the notification unless it was sent already; safe to run twice.

    The row stays locked while the message is handed to the mail server, so a second run of
    the same task waits and then finds it sent.
    """
    try:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update().filter(pk=notification_id).first()
            )
            if notification is None or notification.status != Notification.Status.PENDING:
                return "skipped"
            notification.attempts += 1
            try:
                _send(notification)
            except PERMANENT_ERRORS as error:
                notification.status = Notification.Status.FAILED
                notification.last_error = type(error).__name__
                notification.save(update_fields=["status", "attempts", "last_error"])
                logger.warning("notification %s refused: %s", notification_id, type(error).__name__)
                return "failed"
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
            notification.last_error = ""
            notification.save(update_fields=["status", "attempts", "last_error", "sent_at"])
    except TRANSIENT_ERRORS as error:
        attempts = Notification.objects.get(pk=notification_id).attempts + 1
        gave_up = attempts >= settings.Q_CLUSTER["max_attempts"]
        Notification.objects.filter(pk=notification_id).update(
            attempts=attempts,
            last_error=type(error).__name__,
            status=Notification.Status.FAILED if gave_up else Notification.Status.PENDING,
        )
        logger.warning(
            "notification %s attempt %s failed: %s", notification_id, attempts, type(error).__name__
        )
        if gave_up:
            return "failed"
        raise  # django-q2 delivers the task again after Q_CLUSTER["retry"] seconds.
    logger.info("notification %s sent", notification_id)
    return "sent"


def _send(notification):
    subject, text, html = render(notification)
    message = EmailMultiAlternatives(subject, text, to=[notification.recipient])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


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
