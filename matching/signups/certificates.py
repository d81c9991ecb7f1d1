"""Attendance and certificates of volunteer experiences: staff check participants in, and a
certificate (ボランティア活動証明書) says only what the council saw, verifiable by its number
and code."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from kokoron.core.locking import lock_name

from . import rules
from .models import Certificate, Signup
from .services import SignupError, _locked_signup, normalize_email, title_in


def record_attendance(signup, attended, hours=None, now=None):
    """Staff mark a participant present (with hours, else the session's), absent, or not yet
    (`attended` None). Decided under the session's lock: returns None, changing nothing, if
    the sign-up no longer holds a place (cancelled meanwhile). Marking present twice keeps
    the first check-in time."""
    with transaction.atomic():
        signup = _locked_signup(signup)
        if signup.state not in rules.CHECKABLE:
            return None
        signup.attended = attended
        if attended:
            signup.checked_in_at = signup.checked_in_at or now or timezone.now()
            signup.hours = hours if hours is not None else signup.session.hours
        else:
            signup.checked_in_at = None
            signup.hours = None
        signup.save(update_fields=["attended", "checked_in_at", "hours"])
    return signup


def certifiable(email, date_from=None, date_to=None):
    """The sign-ups a certificate can cover: confirmed and checked in as present by staff
    (a certificate that schools trust says only what the council saw), in a date range."""
    signups = Signup.objects.filter(
        email=normalize_email(email),
        state=rules.State.CONFIRMED,
        attended=True,
    )
    if date_from:
        signups = signups.filter(session__start__date__gte=date_from)
    if date_to:
        signups = signups.filter(session__start__date__lte=date_to)
    return signups.select_related("session__opportunity").order_by("session__start")


def issue_certificate(signups, user=None, language="ja"):
    """A certificate for these sign-ups (one person's). The same content issued twice is one
    certificate: the earlier number is given again."""
    signups = list(signups)
    if not signups:
        raise SignupError("nothing_to_certify")
    first = signups[0]
    lines = []
    total = Decimal(0)
    for signup in signups:
        hours = Decimal(signup.credited_hours())
        total += hours
        lines.append(
            {
                "title": title_in(signup.session.opportunity, language),
                "date": timezone.localtime(signup.session.start).date().isoformat(),
                "place": signup.session.place_name,
                "hours": str(hours.normalize()),
            }
        )
    date_from = timezone.localtime(signups[0].session.start).date()
    date_to = timezone.localtime(signups[-1].session.start).date()
    with transaction.atomic():
        # Locks the address, not the certificates: when none exists yet there is no row to
        # lock, and two requests at once would each issue one.
        lock_name("signups.certificate", first.email)
        for certificate in Certificate.objects.filter(
            email=first.email, date_from=date_from, date_to=date_to
        ):
            if certificate.lines == lines and certificate.name == first.name:
                return certificate
        certificate = Certificate.objects.create(
            name=first.name,
            email=first.email,
            date_from=date_from,
            date_to=date_to,
            lines=lines,
            total_hours=total,
            issued_by=user,
        )
        certificate.signups.set(signups)
    certificate.refresh_from_db(fields=["number"])
    return certificate


def verify(number_text, code_text):
    """(certificate, None) when the number and the code printed with it match, else (None,
    "malformed" | "malformed_code" | "unknown"): a wrong code and an unknown number get the
    same answer, so nobody learns which numbers exist."""
    number = rules.normalize_certificate_number(number_text)
    if number is None:
        return None, "malformed"
    code = rules.normalize_verification_code(code_text)
    if code is None:
        return None, "malformed_code"
    certificate = Certificate.objects.filter(number=number).first()
    if certificate is None or not constant_time_compare(certificate.verification_code, code):
        return None, "unknown"
    return certificate, None


def history(email):
    """One person's sign-ups over all sessions, newest first, and their no-shows."""
    signups = (
        Signup.objects.filter(email=normalize_email(email))
        .select_related("session__opportunity", "session__district")
        .order_by("-session__start")
    )
    return signups


def no_show_counts(emails):
    rows = (
        Signup.objects.filter(email__in=set(emails), attended=False)
        .values("email")
        .annotate(n=Count("pk"))
    )
    return {row["email"]: row["n"] for row in rows}
