"""The need's workflow (what the engine suggests is matching.suggestions').

apply_plan(run, items, user)       propose the chosen items of a batch plan
propose(need, volunteer, ...)      email a volunteer a signed link to accept or decline
respond(proposal, accept)          their answer; a no moves on to the next suggestion
expire_overdue()                   proposals unanswered in time move on too
move(need, state)                  the coordinator moves a need on
report_absence(volunteer, ...)     a volunteer cannot come for a while: cover for their dates
withdraw_absence(volunteer, id)    they can come after all: cover still only asked is withdrawn

Every change of a need or its proposals locks the need's row, then the proposal's, and
decides on what it reads under them (kokoron.core.locking).
"""

import datetime as dt
import logging
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kokoron.core import audit
from kokoron.core.choices import COORDINATORS_GROUP
from kokoron.core.links import absolute_url
from kokoron.core.locking import lock
from kokoron.core.signed_links import LinkError, ObjectLink
from kokoron.notifications.service import notify

from .engine.dates import weekly_dates
from .models import (
    Assignment,
    Need,
    Proposal,
    Volunteer,
    VolunteerAbsence,
)
from .suggestions import asked_before, compute_suggestions, reason_json, suggest

logger = logging.getLogger(__name__)


def answer_hours():
    return getattr(settings, "MATCHING_ANSWER_HOURS", 48)


def apply_plan(run, items, user):
    """Propose each chosen plan item to its volunteer; the coordinator picks which. One
    transaction with the run's row locked: the same choice sent twice waits, then finds its
    items applied, so each item is proposed (and emailed) once; nothing is half applied."""
    proposals = []
    with transaction.atomic():
        lock(type(run).objects, run.pk)
        for item in items.filter(applied_at__isnull=True).select_related(
            "need", "volunteer__person"
        ):
            proposal = propose(
                item.need,
                item.volunteer,
                user=user,
                score=item.score,
                open_states=(Need.State.MATCHING,),
            )
            if proposal is None:
                continue
            proposals.append(proposal)
            item.applied_at = timezone.now()
            item.save(update_fields=["applied_at"])
    return proposals


# Proposals


# The signature outlives the answer time a little, so that an expired link says so.
PROPOSAL_LINK = ObjectLink(
    "matching.proposal", lambda: dt.timedelta(hours=answer_hours() * 4 + 24 * 30)
)


def token_for(proposal):
    return PROPOSAL_LINK.token(proposal)


def proposal_from_token(token):
    """The proposal a link names, or LinkError("invalid"/"expired")."""
    return PROPOSAL_LINK.read(token, Proposal.objects.select_related("need", "volunteer__person"))


def link_url(proposal):
    path = reverse("matching:proposal", kwargs={"token": token_for(proposal)})
    return absolute_url(path)


# A need's state follows its proposals' answers: every change of either locks the need's row
# first, then the proposal's (kokoron.core.locking), and decides on what it reads under them.

# The states in which a need takes a volunteer's yes: to help regularly, or to cover a date.
ANSWERABLE = (Need.State.MATCHING, Need.State.PROPOSED)
COVERED = (Need.State.ACCEPTED, Need.State.ACTIVE)


def _locked_need(pk):
    return lock(Need.objects.select_related("category", "district", "coordinator"), pk)


def propose(
    need,
    volunteer,
    user=None,
    score=0,
    reasons=(),
    for_date=None,
    cascade=True,
    open_states=Need.OPEN_STATES,
):
    """Ask a volunteer by email. Returns the proposal, or None, changing nothing, if the need
    is no longer in `open_states` (a cover date: no longer going on) or the volunteer was
    asked already (a second click)."""
    now = timezone.now()
    with transaction.atomic():
        need = _locked_need(need.pk)
        if need is None or need.state not in (COVERED if for_date else open_states):
            return None
        if volunteer.pk in asked_before(need, for_date):
            return None
        proposal = Proposal.objects.create(
            need=need,
            volunteer=volunteer,
            for_date=for_date,
            score=score,
            reasons=list(reasons),
            cascade=cascade,
            proposed_by=user,
            sent_at=now,
            expires_at=now + dt.timedelta(hours=answer_hours()),
        )
        if for_date is None and need.state != Need.State.PROPOSED:
            need.state = Need.State.PROPOSED
            need.save(update_fields=["state", "updated_at"])
        audit.record(audit.AuditEntry.Action.PROPOSE, need, volunteer.reference)
        person = volunteer.person
        if person.email:
            notify(
                key=f"matching-proposal-{proposal.pk}",
                template="matching_proposal",
                to=person.email,
                language=person.language,
                context={
                    "name": person.name,
                    "reference": need.reference,
                    "category": need.category.localized.name,
                    "district": need.district.name,
                    "date": (for_date or need.date).isoformat(),
                    "weekly": need.repeats_weekly and for_date is None,
                    "start": need.start_time.strftime("%H:%M"),
                    "end": need.end_time.strftime("%H:%M"),
                    "link": link_url(proposal),
                    "answer_by": timezone.localtime(proposal.expires_at).strftime("%Y-%m-%d %H:%M"),
                },
            )
    return proposal


def _locked_proposal(pk):
    """The proposal and its need, both read again under their locks (the need first)."""
    need_id = Proposal.objects.filter(pk=pk).values_list("need_id", flat=True).first()
    need = _locked_need(need_id) if need_id is not None else None
    proposal = lock(Proposal.objects.select_related("volunteer"), pk) if need is not None else None
    if proposal is not None:
        proposal.need = need
    return proposal


def respond(proposal, accept):
    """The volunteer's answer through the link. Raises LinkError if it cannot be taken; the
    same answer sent again (a double click) changes nothing and is not an error."""
    with transaction.atomic():
        proposal = _locked_proposal(proposal.pk)
        if proposal is None:
            raise LinkError("invalid")
        answer = Proposal.State.ACCEPTED if accept else Proposal.State.DECLINED
        if proposal.state == answer:
            return proposal
        if proposal.state in (Proposal.State.WITHDRAWN, Proposal.State.EXPIRED):
            raise LinkError("closed", proposal)
        if proposal.state != Proposal.State.PENDING:
            raise LinkError("used", proposal)
        if proposal.expires_at <= timezone.now():
            raise LinkError("expired", proposal)
        need = proposal.need
        # Closed by the coordinator (or taken by another volunteer) since the email went out.
        if accept and need.state not in (COVERED if proposal.for_date else ANSWERABLE):
            raise LinkError("closed", proposal)
        with audit.acting(label=f"volunteer {proposal.volunteer.reference} via link"):
            proposal.state = answer
            proposal.responded_at = timezone.now()
            proposal.save(update_fields=["state", "responded_at"])
            if accept:
                _accepted(proposal, need)
            else:
                cascade(need, proposal.for_date)
    return proposal


def _accepted(proposal, need):
    Assignment.objects.create(
        need=need,
        volunteer=proposal.volunteer,
        proposal=proposal,
        for_date=proposal.for_date,
        hours_given=0,
    )
    Volunteer.objects.filter(pk=proposal.volunteer_id).update(last_assigned_on=timezone.localdate())
    if proposal.for_date is None:
        need.state = Need.State.ACCEPTED
        need.save(update_fields=["state", "updated_at"])
        # Anyone else still asked for the need is no longer needed.
        Proposal.objects.filter(need=need, for_date=None, state=Proposal.State.PENDING).update(
            state=Proposal.State.WITHDRAWN
        )
    tell_coordinators(need, "matching_accepted", f"accepted-{proposal.pk}", proposal)


def coordinator_addresses(need=None):
    """The need's coordinator, or (without one, or without a need) every coordinator."""
    if need is not None and need.coordinator_id and need.coordinator.email:
        return [need.coordinator.email]
    users = (
        get_user_model()
        .objects.filter(groups__name=COORDINATORS_GROUP, is_active=True)
        .exclude(email="")
    )
    return sorted({user.email for user in users})


def tell_coordinators(need, template, key, proposal=None):
    path = reverse("matching_board:need", kwargs={"pk": need.pk})
    for address in coordinator_addresses(need):
        notify(
            key=f"matching-{key}-{address}",
            template=template,
            to=address,
            language="ja",
            context={
                "reference": need.reference,
                "volunteer": proposal.volunteer.reference if proposal else "",
                "date": proposal.for_date.isoformat() if proposal and proposal.for_date else "",
                "link": absolute_url(path),
            },
        )


def cascade(need, for_date=None):
    """Ask the next suggested volunteer, or hand the need back to the coordinator. Call with
    the need locked. Nothing happens while someone is still asked for the same help, or once
    it is taken (another volunteer said yes) or the need has moved on."""
    if need.state not in (COVERED if for_date else ANSWERABLE):
        return None
    asked = need.proposals.filter(for_date=for_date)
    if asked.filter(state=Proposal.State.PENDING).exists():
        return None
    if for_date is not None and asked.filter(state=Proposal.State.ACCEPTED).exists():
        return None
    last = asked.order_by("-sent_at").first()
    if last is not None and not last.cascade:
        _back_to_matching(need, for_date)
        return None
    result = suggest(need, k=1, for_date=for_date)
    if for_date is None:
        compute_suggestions(need)
    if not result.suggestions:
        _back_to_matching(need, for_date)
        tell_coordinators(
            need, "matching_nobody_left", f"nobody-{need.pk}-{for_date}-{timezone.now():%Y%m%d%H%M}"
        )
        return None
    best = result.suggestions[0]
    volunteer = Volunteer.objects.select_related("person").get(pk=best.candidate_id)
    return propose(
        need,
        volunteer,
        score=best.score,
        reasons=[reason_json(r) for r in best.reasons],
        for_date=for_date,
        cascade=True,
    )


def _back_to_matching(need, for_date):
    if for_date is None and need.state == Need.State.PROPOSED:
        need.state = Need.State.MATCHING
        need.save(update_fields=["state", "updated_at"])


def expire_overdue(now=None):
    """Pending proposals past their time become expired, and the cascade asks the next."""
    now = now or timezone.now()
    expired = 0
    for proposal_id in list(
        Proposal.objects.filter(state=Proposal.State.PENDING, expires_at__lte=now).values_list(
            "pk", flat=True
        )
    ):
        with transaction.atomic():
            proposal = _locked_proposal(proposal_id)
            # Answered (or withdrawn) since the list was read: left alone.
            if proposal is None or proposal.state != Proposal.State.PENDING:
                continue
            with audit.acting(label="system: no answer in time"):
                proposal.state = Proposal.State.EXPIRED
                proposal.save(update_fields=["state"])
                cascade(proposal.need, proposal.for_date)
            expired += 1
    return expired


def cancel_date(need, volunteer, date, user=None):
    """The regular volunteer of a weekly need cannot come on one date: find cover for it.
    Asking again for a date already being covered (a second click) asks nobody new: the
    proposal already out (or accepted) is returned."""
    if not need.repeats_weekly or date.weekday() != need.date.weekday():
        raise ValueError("not a date of this weekly need")
    with (
        transaction.atomic(),
        audit.acting(user, "" if user else f"volunteer {volunteer.reference}"),
    ):
        need = _locked_need(need.pk)
        current = (
            need.proposals.filter(
                for_date=date, state__in=(Proposal.State.PENDING, Proposal.State.ACCEPTED)
            )
            .order_by("-sent_at")
            .first()
        )
        if current is not None:
            return current
        audit.record(audit.AuditEntry.Action.CHANGE, need, f"cover needed for {date.isoformat()}")
        return cascade(need, date)


def _regular_weekly(volunteer):
    """The weekly needs the volunteer helps with regularly, while they go on."""
    return (
        Need.objects.filter(
            repeats_weekly=True,
            state__in=COVERED,
            assignments__volunteer=volunteer,
            assignments__outcome=Assignment.Outcome.ONGOING,
            assignments__for_date__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )


def _one_day(assignment):
    """The date of a one-off activity, or of a date the volunteer covers; None for their
    regular part in a weekly need."""
    if assignment.for_date is not None:
        return assignment.for_date
    return None if assignment.need.repeats_weekly else assignment.need.date


def _refresh_later(volunteer):
    from . import tasks  # tasks imports this module

    tasks.enqueue_volunteer_refresh(volunteer.pk)


def report_absence(volunteer, first_day, last_day, reason="", user=None):
    """The volunteer cannot come from `first_day` to `last_day`: record the absence, and ask
    for cover on every date of the weekly needs they help with in it, through `cancel_date`
    (the coordinator's cover action for one date). Their one-off activities in it (and dates
    they agreed to cover) are the coordinators' to settle: they are told.

    Raises ValidationError for a period that cannot be (VolunteerAbsence.clean). The same
    period told again (two clicks at once) is recorded once and asks nobody new: the
    volunteer's row is locked first, then each need's (cancel_date). Returns the absence."""
    absence = VolunteerAbsence(
        volunteer=volunteer, first_day=first_day, last_day=last_day, reason=reason.strip()
    )
    absence.full_clean(exclude=["volunteer"])
    today = timezone.localdate()
    label = "" if user else f"volunteer {volunteer.reference} via own page"
    with transaction.atomic(), audit.acting(user, label):
        lock(Volunteer.objects, volunteer.pk)
        existing = volunteer.absences.filter(first_day=first_day, last_day=last_day).first()
        if existing is not None:
            return existing
        absence.save()
        audit.record(
            audit.AuditEntry.Action.CHANGE,
            volunteer,
            f"away {first_day.isoformat()} to {last_day.isoformat()}",
        )
        covered, uncovered = [], []
        for need in _regular_weekly(volunteer):
            for date in weekly_dates(need.date, need.repeat_until, max(first_day, today), last_day):
                proposal = cancel_date(need, volunteer, date, user)
                (covered if proposal is not None else uncovered).append((need, date))
        others = [
            assignment.need
            for assignment in volunteer.assignments.filter(
                outcome=Assignment.Outcome.ONGOING
            ).select_related("need__coordinator")
            if first_day <= (_one_day(assignment) or dt.date.min) <= last_day
        ]
        _tell_about_absence(absence, covered, uncovered, others, "matching_volunteer_away")
    _refresh_later(volunteer)
    return absence


def withdraw_absence(volunteer, absence_id, user=None):
    """The volunteer can come after all: an absence that has not begun is removed, and the
    cover still only asked for its dates (on the weekly needs they help with) is withdrawn.
    Cover already agreed stays: the coordinators are told and decide. False, changing nothing,
    if there is no such absence (gone already: a second click)."""
    today = timezone.localdate()
    label = "" if user else f"volunteer {volunteer.reference} via own page"
    with transaction.atomic(), audit.acting(user, label):
        lock(Volunteer.objects, volunteer.pk)
        absence = volunteer.absences.filter(pk=absence_id, first_day__gt=today).first()
        if absence is None:
            return False
        first_day, last_day = absence.first_day, absence.last_day
        absence.delete()
        audit.record(
            audit.AuditEntry.Action.CHANGE,
            volunteer,
            f"no longer away {first_day.isoformat()} to {last_day.isoformat()}",
        )
        still_away = list(volunteer.absences.values_list("first_day", "last_day"))
        withdrawn, agreed = [], []
        for need in _regular_weekly(volunteer):
            need = _locked_need(need.pk)
            for date in weekly_dates(need.date, need.repeat_until, first_day, last_day):
                if any(first <= date <= last for first, last in still_away):
                    continue
                asked = need.proposals.filter(for_date=date)
                if asked.filter(state=Proposal.State.PENDING).update(
                    state=Proposal.State.WITHDRAWN
                ):
                    withdrawn.append((need, date))
                if asked.filter(state=Proposal.State.ACCEPTED).exists():
                    agreed.append((need, date))
        absence.pk = absence_id
        _tell_about_absence(absence, withdrawn, agreed, [], "matching_volunteer_back")
    _refresh_later(volunteer)
    return True


def _tell_about_absence(absence, first_list, second_list, others, template):
    """Email the coordinators of the needs concerned (each once, with all of theirs)."""
    by_address = defaultdict(lambda: ([], [], []))
    for index, rows in enumerate((first_list, second_list)):
        for need, date in rows:
            for address in coordinator_addresses(need):
                by_address[address][index].append(f"{need.reference} {date.isoformat()}")
    for need in others:
        for address in coordinator_addresses(need):
            by_address[address][2].append(need.reference)
    volunteer = absence.volunteer
    path = reverse("matching_volunteers:edit", args=[volunteer.pk])
    for address, (first_rows, second_rows, other_rows) in sorted(by_address.items()):
        notify(
            key=f"{template}-{absence.pk}-{address}",
            template=template,
            to=address,
            language="ja",
            context={
                "volunteer": volunteer.reference,
                "first_day": absence.first_day.isoformat(),
                "last_day": absence.last_day.isoformat(),
                "first": first_rows,
                "second": second_rows,
                "others": other_rows,
                "link": absolute_url(path),
            },
        )


def move(need, state, *, seen=None, closed_reason="", referred_to="", referred_organization=None):
    """The coordinator moves a need on. Decided under the need's lock on its state as it is
    now: returns False, changing nothing, if that state may not go to `state`, or is not the
    state `seen` on the page the coordinator decided on (a volunteer answered meanwhile). Proposals still waiting for an answer
    that the new state no longer takes are withdrawn (the volunteer's link then says the
    request is closed)."""
    with transaction.atomic():
        locked = _locked_need(need.pk)
        if locked is None or not locked.can_move_to(state) or seen not in (None, locked.state):
            return False
        fields = ["state", "closed_at", "updated_at"]
        locked.state = state
        if state == Need.State.UNMET:
            locked.closed_reason = closed_reason
            fields.append("closed_reason")
        if state == Need.State.REFERRED:
            locked.referred_to = referred_to
            locked.referred_organization_id = referred_organization
            fields += ["referred_to", "referred_organization_id"]
        locked.closed_at = timezone.now() if state in Need.CLOSED_STATES else None
        locked.save(update_fields=fields)
        waiting = locked.proposals.filter(state=Proposal.State.PENDING)
        if state != Need.State.PROPOSED:
            waiting.filter(for_date=None).update(state=Proposal.State.WITHDRAWN)
        if state not in COVERED:
            waiting.exclude(for_date=None).update(state=Proposal.State.WITHDRAWN)
    need.refresh_from_db()
    return True


def contact_visible_to(proposal):
    """A volunteer sees the requester's contact only after accepting, for that need, while on."""
    return proposal.state == Proposal.State.ACCEPTED and (
        proposal.need.state in (Need.State.ACCEPTED, Need.State.ACTIVE)
    )
