"""Personal data kept no longer than its purpose needs (APPI): the Volunteer Center's daily
job (registered through the core's schedule hook). The periods are settings, stated on the
demo's privacy page; counts, states and hours stay for the reports. Running it twice
changes nothing the second time.

- Sign-ups, RETENTION_SIGNUP_DETAILS_DAYS after their session ended: the details needed only
  for the day (telephone, emergency contact, allergies, assistance, the guardian's name and
  address). RETENTION_SIGNUPS_DAYS after it: the name, reading, school and address too (the
  history a certificate is issued from).
- Needs closed RETENTION_NEEDS_DAYS ago: their description, the reason and the coordinators'
  notes; and the people who asked or were helped, once every need of theirs is such a need
  and they are not volunteers.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from kokoron.core import audit
from kokoron.core.signed_links import new_nonce

from .models import Need, NeedNote, Person
from .personal_data import ERASED_DOMAIN, anonymise_person, blank_need
from .signups.models import Signup

SIGNUP_DETAILS = (
    "phone",
    "emergency_contact",
    "allergies",
    "assistance",
    "guardian_name",
    "guardian_email",
)
SIGNUP_IDENTITY = ("name", "name_kana", "school")


def _cutoff(now, days):
    return (now or timezone.now()) - dt.timedelta(days=days)


def anonymise_finished_signups(now=None):
    details_cutoff = _cutoff(now, settings.RETENTION_SIGNUP_DETAILS_DAYS)
    identity_cutoff = _cutoff(now, settings.RETENTION_SIGNUPS_DAYS)
    with_details = Q()
    for name in SIGNUP_DETAILS:
        with_details |= ~Q(**{name: ""})
    details = Signup.objects.filter(with_details, session__end__lt=details_cutoff).update(
        **dict.fromkeys(SIGNUP_DETAILS, "")
    )
    identity = 0
    old = Signup.objects.filter(session__end__lt=identity_cutoff).exclude(
        email__endswith=f"@{ERASED_DOMAIN}"
    )
    for pk in old.values_list("pk", flat=True):
        # One by one: each gets its own address, and a new nonce so old links stop working.
        identity += Signup.objects.filter(pk=pk).update(
            **dict.fromkeys(SIGNUP_IDENTITY, ""),
            email=f"erased-{pk}@{ERASED_DOMAIN}",
            nonce=new_nonce(),
        )
    return {"signup_details": details, "signups": identity}


def anonymise_closed_needs(now=None):
    cutoff = _cutoff(now, settings.RETENTION_NEEDS_DAYS)
    old = Need.objects.filter(state__in=Need.CLOSED_STATES, closed_at__lt=cutoff)
    counts = {"needs": 0, "notes": 0, "people": 0}
    with audit.acting(label="system: retention"), translation.override(settings.LANGUAGE_CODE):
        for need in old.exclude(description="", closed_reason=""):
            counts["needs"] += blank_need(need)
        counts["notes"] = NeedNote.objects.filter(need__in=old).exclude(text="").update(text="")
        recent = Need.objects.exclude(pk__in=old.values("pk"))
        people = (
            Person.objects.filter(Q(requests__in=old) | Q(needs__in=old), volunteer__isnull=True)
            .exclude(requests__in=recent)
            .exclude(needs__in=recent)
            .distinct()
        )
        for person in people:
            counts["people"] += anonymise_person(person)
    return counts


def daily(now=None):
    """The scheduled job."""
    with transaction.atomic():
        return {**anonymise_finished_signups(now), **anonymise_closed_needs(now)}
