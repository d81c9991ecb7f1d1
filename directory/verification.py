"""Keeping the directory true: once a year each organisation is asked to confirm its entries.

A daily django-q2 schedule emails every organisation with an active service not verified for
a year a signed link (valid VALID_DAYS days). On that page they confirm each entry (its last
verified date becomes today) or say what should change (a suggested correction for staff).
At most one email per organisation per month, however often the schedule runs.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from kokoron.core.links import absolute_url
from kokoron.core.signed_links import LinkError, sign_data, signed_data
from kokoron.notifications.service import notify

from . import generation
from .models import Contact, Organization, Service

SALT = "directory.verification"
VALID_DAYS = 60
TEMPLATE = "directory_verification"


def cutoff(today):
    return today - dt.timedelta(days=365)


def due_services(today=None):
    today = today or timezone.localdate()
    return Service.objects.active().filter(
        Q(assured_date__isnull=True) | Q(assured_date__lt=cutoff(today))
    )


def recipient(organization):
    """The organisation's own address, else the first of its contacts that has one."""
    if organization.email:
        return organization.email
    contact = (
        Contact.objects.filter(organization=organization).exclude(email="").order_by("name").first()
    )
    return contact.email if contact else ""


def make_token(organization):
    return sign_data({"o": str(organization.pk)}, SALT)


def read_token(token):
    """The organisation of a link, or LinkError("expired"/"invalid")."""
    data = signed_data(token, SALT, dt.timedelta(days=VALID_DAYS))
    try:
        organization = Organization.objects.filter(pk=data.get("o")).first()
    except ValidationError as error:
        raise LinkError("invalid") from error
    if organization is None:  # removed since the link was sent
        raise LinkError("invalid")
    return organization


def link(organization):
    return absolute_url(reverse("directory:verify", kwargs={"token": make_token(organization)}))


def send_requests(today=None):
    """Queue one email per organisation that has entries to verify; returns how many."""

    today = today or timezone.localdate()
    by_org = {}
    for service in due_services(today).select_related("organization").order_by("sort_name"):
        by_org.setdefault(service.organization, []).append(service.name)
    sent = 0
    for organization, names in by_org.items():
        address = recipient(organization)
        if not address:
            continue
        notify(
            key=f"directory-verification-{organization.pk}-{today:%Y-%m}",
            template=TEMPLATE,
            to=address,
            language="ja",
            context={
                "organization": organization.name,
                "services": names,
                "link": link(organization),
                "valid_until": (today + dt.timedelta(days=VALID_DAYS)).isoformat(),
            },
        )
        sent += 1
    return sent


def confirm(services, today=None):
    today = today or timezone.localdate()
    generation.changed()
    return Service.objects.filter(pk__in=[s.pk for s in services]).update(
        assured_date=today, last_modified=timezone.now()
    )
