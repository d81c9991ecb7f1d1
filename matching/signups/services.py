"""Sign-ups: the one place that changes them, always with the session's row locked.

sign_up(session_id, data)      a place, a hold for the guardian, or a waitlist position
confirm_guardian(signup)       the guardian agrees through their link
reconfirm(signup)              someone promoted from the waitlist takes the place
cancel(signup)                 frees the place; the first in line is offered it
expire_overdue()               holds and offers past their time: released, next offered
send_reminders()               two days before, to everyone with a place
message_participants(...)      staff write to a session's participants
issue_certificate(...)         a participation certificate, frozen, with a number

Capacity is never exceeded: every change of a sign-up runs in one transaction that first
locks its session's row (kokoron.core.locking: SELECT ... FOR UPDATE on PostgreSQL; on SQLite
the settings open every transaction with BEGIN IMMEDIATE, so writers take turns). Counting and
deciding happen after the lock, so two sign-ups can never both see the last free place. A
sign-up also locks the person's address (lock_person), so one person's simultaneous sign-ups
for two sessions at the same time cannot both pass the overlap check; issuing a certificate
locks it too, so the same certificate asked for twice at once is issued once.
"""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from wagtail.models import Locale

from kokoron.core.links import absolute_url
from kokoron.core.locking import lock, lock_name
from kokoron.core.signed_links import LinkError, ObjectLink
from kokoron.notifications.service import notify

from . import rules
from .models import Certificate, Session, SessionMessage, Signup

LINK_DAYS = 400
MINE_LINK_DAYS = 7
# A sign-up's own page, the guardian's consent, "my sign-ups" (which names the latest sign-up of
# an address, so the link does not carry the address) and a certificate.
LINKS = {
    "manage": ObjectLink("matching.signups.manage", dt.timedelta(days=LINK_DAYS)),
    "guardian": ObjectLink("matching.signups.guardian", dt.timedelta(days=LINK_DAYS)),
}
MINE_LINK = ObjectLink("matching.signups.mine", dt.timedelta(days=MINE_LINK_DAYS))
CERTIFICATE_LINK = ObjectLink("matching.signups.certificate", dt.timedelta(days=LINK_DAYS))


def guardian_hours():
    return getattr(settings, "SIGNUPS_GUARDIAN_HOURS", 48)


def reconfirm_hours():
    return getattr(settings, "SIGNUPS_RECONFIRM_HOURS", 24)


class SignupError(Exception):
    """A sign-up or a change that cannot be made; `code` says why, in words for the page."""

    def __init__(self, code, signup=None):
        super().__init__(code)
        self.code = code
        self.signup = signup


# Links


def _read(link, token, queryset):
    try:
        return link.read(token, queryset)
    except LinkError as error:
        raise SignupError(error.code) from error


def token_for(signup, purpose="manage"):
    return LINKS[purpose].token(signup)


def signup_from_token(token, purpose="manage"):
    return _read(
        LINKS[purpose],
        token,
        Signup.objects.select_related("session__opportunity", "session__district"),
    )


def mine_token(email):
    """A link to an address's sign-ups that does not carry the address (signed data can be read
    by anyone): it names the latest of them by id and nonce. None when there are none."""
    latest = Signup.objects.filter(email=normalize_email(email)).order_by("-created_at", "-pk")
    signup = latest.only("pk", "nonce").first()
    return MINE_LINK.token(signup) if signup else None


def email_from_mine_token(token):
    return _read(MINE_LINK, token, Signup.objects.only("email")).email


def certificate_token(certificate):
    return CERTIFICATE_LINK.token(certificate)


def certificate_from_token(token):
    return _read(CERTIFICATE_LINK, token, Certificate.objects.all())


def url_in(language, name, **kwargs):
    with translation.override(language):
        return absolute_url(reverse(name, kwargs=kwargs))


def manage_url(signup):
    return url_in(signup.language, "matching:experiences:manage", token=token_for(signup))


def guardian_url(signup):
    return url_in(
        signup.language, "matching:experiences:guardian", token=token_for(signup, "guardian")
    )


def normalize_email(email):
    return (email or "").strip().lower()


# Emails


def title_in(opportunity, language):
    """The opportunity's title in a language, or in the default one."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is not None and locale.pk != opportunity.locale_id:
        translated = opportunity.get_translation_or_none(locale)
        if translated is not None and translated.live:
            return translated.title
    return opportunity.title


def _when(session):
    start = timezone.localtime(session.start)
    end = timezone.localtime(session.end)
    return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}"


def _deadline(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def email_context(signup):
    session = signup.session
    return {
        "name": signup.name,
        "reference": signup.reference,
        "title": title_in(session.opportunity, signup.language),
        "when": _when(session),
        "place": session.place_name,
        "address": session.place_address,
        "link": manage_url(signup),
        "deadline": _deadline(signup.expires_at),
        "position": signup.waitlist_position() or 0,
    }


def tell(signup, event):
    """Email the person about a change of their sign-up (once per sign-up and event)."""
    notify(
        key=f"signup-{signup.pk}-{event}",
        template=f"matching_signup_{event}",
        to=signup.email,
        language=signup.language,
        context=email_context(signup),
    )


def ask_guardian(signup):
    context = email_context(signup)
    context.update(
        guardian_name=signup.guardian_name,
        link=guardian_url(signup),
        deadline=_deadline(signup.expires_at),
    )
    notify(
        key=f"signup-{signup.pk}-guardian",
        template="matching_signup_guardian",
        to=signup.guardian_email,
        language=signup.language,
        context=context,
    )


# Signing up


def _locked(session_id):
    session = lock(Session.objects.select_related("opportunity"), session_id)
    if session is None:
        raise SignupError("not_found")
    return session


def _locked_signup(signup):
    """The sign-up and its session, both read again under their locks (the session first)."""
    session = _locked(signup.session_id)
    signup = lock(Signup.objects, signup.pk)
    if signup is None:
        raise SignupError("not_found")
    signup.session = session
    return signup


def _counts(session):
    states = list(session.signups.filter(state__in=rules.ACTIVE).values_list("state", flat=True))
    taken = sum(1 for state in states if state in rules.TAKING_A_PLACE)
    return taken, len(states) - taken


def _hold_until(now, hours, session):
    return min(now + dt.timedelta(hours=hours), session.start)


def lock_person(email):
    """Serialise one address's sign-ups until the transaction ends, so that two sign-ups for
    different sessions at the same time cannot both pass the overlap check (each locks only
    its own session's row)."""
    lock_name("signups.person", email)


def overlapping(email, session, exclude_pk=None):
    """The person's live sign-ups for other sessions at the same time."""
    clashes = Signup.objects.filter(
        email=email,
        state__in=rules.ACTIVE,
        session__start__lt=session.end,
        session__end__gt=session.start,
    ).exclude(session_id=session.pk)
    if exclude_pk:
        clashes = clashes.exclude(pk=exclude_pk)
    return clashes.select_related("session__opportunity")


SIGNUP_FIELDS = (
    "name",
    "name_kana",
    "school",
    "grade",
    "age",
    "phone",
    "emergency_contact",
    "allergies",
    "assistance",
    "photo_consent",
    "guardian_name",
    "guardian_email",
)


def sign_up(session_id, data, language="ja", now=None):
    """Sign a person up. Returns the Signup; raises SignupError with a code if it cannot be.

    `data` holds the form's cleaned fields (email, name, grade, age...).
    """
    email = normalize_email(data["email"])
    try:
        with transaction.atomic():
            session = _locked(session_id)
            now = now or timezone.now()
            state = session.window(now)
            if state != "open":
                raise SignupError(state)
            if not session.opportunity.live:
                raise SignupError("not_found")
            reason = rules.ineligibility(
                session.opportunity.eligibility, data["grade"], data["age"]
            )
            if reason:
                raise SignupError(reason)
            lock_person(email)
            existing = session.signups.filter(email=email, state__in=rules.ACTIVE).first()
            if existing is not None:
                raise SignupError("duplicate", existing)
            clash = overlapping(email, session).first()
            if clash is not None:
                raise SignupError("overlap", clash)
            taken, waiting = _counts(session)
            guardian = rules.needs_guardian(data["age"])
            signup = Signup(
                session=session,
                email=email,
                language=language,
                created_at=now,
                **{name: _given(data, name) for name in SIGNUP_FIELDS},
            )
            if not guardian:
                signup.guardian_name = signup.guardian_email = ""
            if rules.placement(session.capacity, taken, waiting) == "place":
                signup.state = rules.state_after_place(guardian, False)
                if signup.state == rules.State.HELD:
                    signup.expires_at = _hold_until(now, guardian_hours(), session)
                else:
                    signup.confirmed_at = now
            else:
                signup.state = rules.State.WAITLISTED
            signup.save()
            signup.refresh_from_db(fields=["reference"])
            signup.session = session
            tell(signup, signup.state)
            if guardian:
                ask_guardian(signup)
    except IntegrityError as error:
        # The database's own guard against a second live sign-up (a double click that
        # slipped past the check above on another connection).
        existing = Signup.objects.filter(
            session_id=session_id, email=email, state__in=rules.ACTIVE
        ).first()
        raise SignupError("duplicate", existing) from error
    return signup


def _given(data, name):
    """The form's value for a field, or the field's blank when it was left out. Only a missing
    value counts as blank: 0 (「学生ではない」) and False are answers."""
    value = data.get(name)
    if value is None:
        return False if name == "photo_consent" else ""
    return value


# Changes through the links


def confirm_guardian(signup, now=None):
    """The guardian agrees. A held place is confirmed; on the waiting list it is noted."""
    with transaction.atomic():
        signup = _locked_signup(signup)
        now = now or timezone.now()
        if signup.state in rules.ENDED:
            raise SignupError("ended", signup)
        if signup.guardian_confirmed_at is None:
            signup.guardian_confirmed_at = now
        if signup.state == rules.State.HELD:
            if rules.overdue_state(signup.state, signup.expires_at, now):
                raise SignupError("expired", signup)
            signup.state = rules.State.CONFIRMED
            signup.confirmed_at = now
            signup.expires_at = None
            tell(signup, "confirmed")
        signup.save()
    return signup


def reconfirm(signup, now=None):
    """Someone offered a place from the waiting list takes it, in time. Taking it again (a
    second click) changes nothing: the place is already theirs."""
    with transaction.atomic():
        signup = _locked_signup(signup)
        session = signup.session
        now = now or timezone.now()
        if signup.state in rules.TAKING_A_PLACE and signup.state != rules.State.OFFERED:
            return signup
        if signup.state != rules.State.OFFERED:
            raise SignupError("not_offered", signup)
        if rules.overdue_state(signup.state, signup.expires_at, now):
            raise SignupError("expired", signup)
        signup.state = rules.state_after_place(
            signup.needs_guardian, signup.guardian_confirmed_at is not None
        )
        if signup.state == rules.State.HELD:
            signup.expires_at = _hold_until(now, guardian_hours(), session)
        else:
            signup.confirmed_at = now
            signup.expires_at = None
        signup.save()
        tell(signup, "confirmed" if signup.state == rules.State.CONFIRMED else "held")
    return signup


def cancel(signup, now=None):
    """Cancel a sign-up; a freed place goes to the first on the waiting list."""
    with transaction.atomic():
        signup = _locked_signup(signup)
        session = signup.session
        now = now or timezone.now()
        if signup.state in rules.ENDED:
            return signup
        if not rules.can_cancel(signup.state, now, session.start):
            raise SignupError("past", signup)
        signup.state = rules.State.CANCELLED
        signup.ended_at = now
        signup.expires_at = None
        signup.save()
        tell(signup, "cancelled")
        promote(session, now)
    return signup


def promote(session, now=None):
    """Offer free places to the first in line. Call with the session locked."""
    now = now or timezone.now()
    if session.start <= now:
        return []
    taken, waiting = _counts(session)
    count = rules.promotions(session.capacity, taken, waiting)
    offered = []
    for signup in session.signups.filter(state=rules.State.WAITLISTED).order_by("created_at", "pk")[
        :count
    ]:
        signup.state = rules.State.OFFERED
        signup.expires_at = _hold_until(now, reconfirm_hours(), session)
        signup.save(update_fields=["state", "expires_at"])
        signup.session = session
        tell(signup, "offered")
        offered.append(signup)
    return offered


def expire_overdue(now=None):
    """Holds and offers past their time end, and their places go to the next in line.
    Safe to run twice: what has ended is not touched again."""
    now = now or timezone.now()
    ended = 0
    sessions = (
        Signup.objects.filter(
            state__in=(rules.State.HELD, rules.State.OFFERED), expires_at__lte=now
        )
        .values_list("session_id", flat=True)
        .distinct()
    )
    for session_id in list(sessions):
        with transaction.atomic():
            session = _locked(session_id)
            for signup in session.signups.filter(
                state__in=(rules.State.HELD, rules.State.OFFERED), expires_at__lte=now
            ):
                new_state = rules.overdue_state(signup.state, signup.expires_at, now)
                if new_state is None:
                    continue
                signup.state = new_state
                signup.ended_at = now
                signup.save(update_fields=["state", "ended_at"])
                signup.session = session
                tell(signup, new_state)
                ended += 1
            promote(session, now)
    return ended


# Reminders and messages


def send_reminders(now=None):
    """Remind everyone with a confirmed place of a session in the next two days (once)."""
    now = now or timezone.now()
    signups = Signup.objects.filter(
        state=rules.State.CONFIRMED,
        session__start__gt=now,
        session__start__lte=now + dt.timedelta(days=2),
    ).select_related("session__opportunity")
    count = 0
    for signup in signups:
        if rules.reminder_due(signup.session.start, now):
            tell(signup, "reminder")
            count += 1
    return count


def recipients(session, include_waitlist=False):
    states = rules.ACTIVE if include_waitlist else (rules.State.CONFIRMED, rules.State.HELD)
    return session.signups.filter(state__in=states)


# The same message sent again to a session within this time is taken for a double click.
SAME_MESSAGE_MINUTES = 10


def message_participants(session, subject, body, user=None, include_waitlist=False):
    """Email a session's participants (with the waiting list, if asked). The same message
    sent twice (a double click, a browser's retry) within SAME_MESSAGE_MINUTES goes out once:
    the first is returned."""
    with transaction.atomic():
        session = _locked(session.pk)
        earlier = session.messages.filter(
            subject=subject,
            body=body,
            include_waitlist=include_waitlist,
            sent_at__gte=timezone.now() - dt.timedelta(minutes=SAME_MESSAGE_MINUTES),
        ).first()
        if earlier is not None:
            return earlier
        people = list(recipients(session, include_waitlist).select_related("session__opportunity"))
        message = SessionMessage.objects.create(
            session=session,
            subject=subject,
            body=body,
            include_waitlist=include_waitlist,
            sent_by=user,
            recipients=len(people),
        )
        for signup in people:
            context = email_context(signup)
            context.update(subject=subject, body=body)
            notify(
                key=f"signup-message-{message.pk}-{signup.pk}",
                template="matching_signup_message",
                to=signup.email,
                language=signup.language,
                context=context,
            )
    return message


def send_my_signups_link(email, language):
    """Email a link listing the address's sign-ups; nothing is said about whether any exist."""
    email = normalize_email(email)
    token = mine_token(email)
    if token is None:
        return False
    today = timezone.localdate().isoformat()
    notify(
        key=f"signup-mine-{email}-{today}-{timezone.now():%H}",
        template="matching_signup_mine",
        to=email,
        language=language,
        context={"link": url_in(language, "matching:experiences:mine", token=token)},
    )
    return True
