"""The volunteer's own page, reached by a signed link sent by email: no account, no password.

send_link(email, language)     email the link to whoever is registered with that address
                               (the caller answers the same whether or not anyone is)
volunteer_from_token(token)    the volunteer a link names, or services.LinkError
pause / resume / set_consent / confirm_hours   what the volunteer can change there
finish_need(need, hours)       the coordinator marks a need done, with the hours if known
"""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from kokoron.core import audit
from kokoron.core.links import absolute_url
from kokoron.core.locking import lock
from kokoron.core.rate_limits import email_rate_limited
from kokoron.core.signed_links import LinkError, sign_data, signed_data
from kokoron.notifications.service import notify

from .models import Assignment, Person, Volunteer
from .services import contact_visible_to, coordinator_addresses

SALT = "matching.volunteer-page"
LINK_DAYS = 7
# Links one address may receive in an hour: a mailbox is not flooded by someone else's requests.
LINKS_PER_HOUR = 3


def _email_digest(email):
    # The link stops working when the address on record changes. Keyed: a plain hash in a
    # link would let anyone test which address it was made for.
    return salted_hmac(SALT, email.strip().lower()).hexdigest()[:16]


def token_for(volunteer):
    data = {"v": volunteer.pk, "e": _email_digest(volunteer.person.email)}
    return sign_data(data, SALT)


def page_url(volunteer):
    path = reverse("matching:my_page", kwargs={"token": token_for(volunteer)})
    return absolute_url(path)


def volunteer_from_token(token):
    data = signed_data(token, SALT, dt.timedelta(days=LINK_DAYS))
    volunteer = Volunteer.objects.select_related("person").filter(pk=data.get("v")).first()
    if volunteer is None or _email_digest(volunteer.person.email) != data.get("e"):
        raise LinkError("invalid")
    return volunteer


def actor(volunteer):
    return f"volunteer {volunteer.reference} via own page"


def send_link(email):
    """Email the page's link to each volunteer registered with this address; returns how many
    were sent (for tests: the page itself never says)."""
    email = email.strip()
    sent = 0
    people = Person.objects.filter(email__iexact=email, volunteer__isnull=False)
    for volunteer in Volunteer.objects.filter(person__in=people).select_related("person"):
        if email_rate_limited(volunteer.person.email, "own-page-link", LINKS_PER_HOUR):
            continue
        person = volunteer.person
        notify(
            key=f"matching-own-page-{volunteer.pk}-{timezone.now():%Y%m%d%H%M%S%f}",
            template="matching_own_page",
            to=person.email,
            language=person.language,
            context={"name": person.name, "link": page_url(volunteer), "days": LINK_DAYS},
        )
        sent += 1
    return sent


def disclose_page(volunteer, assignments):
    """Record what the page shows: the volunteer's own details, and each requester's contact."""
    label = actor(volunteer)
    audit.disclosed(volunteer.person, "own details shown on the volunteer's page", label=label)
    for assignment in assignments:
        if assignment.shows_contact:
            need = assignment.need
            audit.disclosed(
                need.requester, f"contact shown to volunteer for need {need.reference}", label=label
            )


def assignments_of(volunteer):
    """(current, past) assignments, each with `shows_contact` set by the privacy rule."""
    current, past = [], []
    rows = volunteer.assignments.select_related(
        "need__category", "need__district", "need__requester", "proposal__need"
    ).order_by("-started_at")
    for assignment in rows:
        assignment.shows_contact = (
            assignment.outcome == Assignment.Outcome.ONGOING
            and assignment.proposal is not None
            and contact_visible_to(assignment.proposal)
        )
        (current if assignment.outcome == Assignment.Outcome.ONGOING else past).append(assignment)
    return current, past


def pause(volunteer):
    if volunteer.status != Volunteer.Status.ACTIVE:
        return False
    with audit.acting(label=actor(volunteer)):
        volunteer.status = Volunteer.Status.PAUSED
        volunteer.self_paused = True
        volunteer.save(update_fields=["status", "self_paused", "updated_at"])
    return True


def can_resume(volunteer):
    return (
        volunteer.status == Volunteer.Status.PAUSED and volunteer.self_paused and volunteer.consent
    )


def resume(volunteer):
    if not can_resume(volunteer):
        return False
    with audit.acting(label=actor(volunteer)):
        volunteer.status = Volunteer.Status.ACTIVE
        volunteer.self_paused = False
        volunteer.save(update_fields=["status", "self_paused", "updated_at"])
    return True


def set_consent(volunteer, consent):
    """Giving consent again records its date; withdrawing it pauses the volunteer (nobody is
    asked without it) and tells the coordinators, who erase the data if asked to."""
    with transaction.atomic(), audit.acting(label=actor(volunteer)):
        volunteer.consent = consent
        volunteer.consented_at = timezone.now() if consent else None
        fields = ["consent", "consented_at", "updated_at"]
        if not consent and volunteer.status == Volunteer.Status.ACTIVE:
            volunteer.status = Volunteer.Status.PAUSED
            volunteer.self_paused = True
            fields += ["status", "self_paused"]
        volunteer.save(update_fields=fields)
        if not consent:
            for address in coordinator_addresses():
                stamp = f"{timezone.now():%Y%m%d%H%M%S}"
                notify(
                    key=f"matching-consent-withdrawn-{volunteer.pk}-{address}-{stamp}",
                    template="matching_consent_withdrawn",
                    to=address,
                    language="ja",
                    context={"volunteer": volunteer.reference},
                )


def confirm_hours(volunteer, assignment_id, hours):
    """The volunteer confirms the hours of a finished assignment not yet recorded. Read again
    under the assignment's lock: hours the coordinator recorded meanwhile (or a second click)
    are kept."""
    with transaction.atomic():
        assignment = lock(
            volunteer.assignments.filter(
                outcome__in=(Assignment.Outcome.GOOD, Assignment.Outcome.POOR),
                hours_recorded_by="",
            ),
            assignment_id,
        )
        if assignment is None:
            return False
        with audit.acting(label=actor(volunteer)):
            assignment.hours_given = hours
            assignment.hours_recorded_by = Assignment.HoursBy.VOLUNTEER
            assignment.save(update_fields=["hours_given", "hours_recorded_by"])
    return True


def finish_need(need, hours=None):
    """A need done: its ongoing assignments went well; with `hours`, each volunteer's are
    recorded by the coordinator, else the volunteers confirm them on their page."""
    values = {"outcome": Assignment.Outcome.GOOD, "ended_at": timezone.now()}
    if hours is not None:
        values.update(hours_given=hours, hours_recorded_by=Assignment.HoursBy.COORDINATOR)
    need.assignments.filter(outcome=Assignment.Outcome.ONGOING).update(**values)
