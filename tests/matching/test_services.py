import datetime as dt

from django.core import signing
from django.utils import timezone

import pytest

from kokoron.core import audit
from kokoron.core.models import AuditEntry
from kokoron.notifications.models import Notification
from matching import services, suggestions
from matching.models import (
    Assignment,
    BatchPlanItem,
    BatchRun,
    Need,
    NeedSuggestions,
    Proposal,
    Volunteer,
)


def test_suggestions_rank_the_neighbour_first_and_are_stored(world):
    neighbour = world.volunteer()
    same_district = world.volunteer(town=world.town2)
    adjacent = world.volunteer(town=world.far_town)
    adjacent.person.district = world.shirogane
    adjacent.person.neighbourhood = None
    adjacent.person.save()
    adjacent.goes_to.set([world.gokiso])
    world.volunteer(town=world.far_town)  # does not go to 御器所
    need = world.need()
    stored = suggestions.compute_suggestions(need)
    assert [row["volunteer"] for row in stored.results] == [
        neighbour.pk,
        same_district.pk,
        adjacent.pk,
    ]
    assert stored.results[0]["reasons"][0]["code"] == "same_neighbourhood"
    assert stored.computed_at is not None
    assert stored.empty_reason is None


def test_nobody_on_sundays_gives_an_empty_list_with_the_reason(world):
    world.volunteer(availability=[{"weekday": 0, "start": "09:00", "end": "17:00"}])
    sunday = world.saturday + dt.timedelta(days=1)
    stored = suggestions.compute_suggestions(world.need(date=sunday))
    assert stored.results == []
    assert stored.empty_reason["code"] == "nobody_available"
    assert stored.empty_reason["params"]["weekday"] == 6
    assert stored.empty_reason["params"]["district"] == world.gokiso.pk


def test_propose_sends_a_signed_link_and_accept_moves_the_need_on(world):
    volunteer = world.volunteer()
    need = world.need(coordinator=world.coordinator)
    proposal = services.propose(need, volunteer, user=world.coordinator)
    need.refresh_from_db()
    assert need.state == Need.State.PROPOSED
    email = Notification.objects.get(key=f"matching-proposal-{proposal.pk}")
    assert email.recipient == volunteer.person.email
    assert "/volunteer/answer/" in email.context["link"]
    token = email.context["link"].rsplit("/answer/", 1)[1].strip("/")
    assert services.proposal_from_token(token) == proposal
    services.respond(proposal, accept=True)
    need.refresh_from_db()
    assert need.state == Need.State.ACCEPTED
    assert Assignment.objects.filter(need=need, volunteer=volunteer).exists()
    assert Notification.objects.filter(
        template="matching_accepted", recipient=world.coordinator.email
    ).exists()
    proposal.refresh_from_db()
    assert services.contact_visible_to(proposal)
    with pytest.raises(services.LinkError) as used:
        services.respond(proposal, accept=False)
    assert used.value.code == "used"


def test_forged_and_expired_links_change_nothing(world):
    proposal = services.propose(world.need(), world.volunteer())
    token = services.token_for(proposal)
    for bad in (
        token[:-2] + "xx",
        "nonsense",
        signing.dumps({"i": proposal.pk, "n": "guess"}, salt="matching.proposal"),
    ):
        with pytest.raises(services.LinkError) as error:
            services.proposal_from_token(bad)
        assert error.value.code == "invalid"
    Proposal.objects.filter(pk=proposal.pk).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    proposal.refresh_from_db()
    with pytest.raises(services.LinkError) as error:
        services.respond(proposal, accept=True)
    assert error.value.code == "expired"
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.PENDING
    assert not Assignment.objects.exists()


def test_decline_cascades_to_the_next_and_a_no_is_never_asked_again(world):
    first = world.volunteer()
    second = world.volunteer(town=world.town2)
    need = world.need()
    proposal = services.propose(need, first)
    services.respond(proposal, accept=False)
    follow_up = Proposal.objects.get(need=need, state=Proposal.State.PENDING)
    assert follow_up.volunteer == second
    assert follow_up.reasons  # the reasons travel with the automatic proposal
    # Suggestions no longer include the volunteer who said no.
    assert first.pk not in [s.candidate_id for s in suggestions.suggest(need).suggestions]
    # Silence past the time: the second expires, nobody is left, the need goes back.
    Proposal.objects.filter(pk=follow_up.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert services.expire_overdue() == 1
    need.refresh_from_db()
    assert need.state == Need.State.MATCHING
    assert Proposal.objects.get(pk=follow_up.pk).state == Proposal.State.EXPIRED
    assert Notification.objects.filter(template="matching_nobody_left").exists()


def test_weekly_need_cover_for_one_date(world):
    regular = world.volunteer()
    cover = world.volunteer(town=world.town2)
    need = world.need(repeats_weekly=True)
    services.respond(services.propose(need, regular), accept=True)
    cancelled = need.date + dt.timedelta(days=7)
    proposal = services.cancel_date(need, regular, cancelled)
    assert proposal.volunteer == cover and proposal.for_date == cancelled
    services.respond(proposal, accept=True)
    need.refresh_from_db()
    assert need.state == Need.State.ACCEPTED  # the pair stays
    assert Assignment.objects.get(volunteer=cover).for_date == cancelled
    with pytest.raises(ValueError):
        services.cancel_date(need, regular, cancelled + dt.timedelta(days=1))


def test_batch_plan_is_stored_and_applied_only_when_chosen(world):
    volunteers = [world.volunteer(max_needs=1) for _ in range(2)]
    needs = [world.need() for _ in range(3)]
    run = suggestions.run_batch(BatchRun.objects.create())
    assert run.status == BatchRun.Status.DONE and run.progress == 100
    assert run.covered == 2 and run.needs_count == 3
    assert run.computed_at is not None
    assert Proposal.objects.count() == 0  # never applied silently
    first = BatchPlanItem.objects.filter(run=run)[:1]
    proposals = services.apply_plan(
        run, BatchPlanItem.objects.filter(pk__in=first), world.coordinator
    )
    assert len(proposals) == 1
    assert proposals[0].volunteer in volunteers and proposals[0].need in needs
    assert services.apply_plan(run, BatchPlanItem.objects.filter(run=run), None)
    assert Proposal.objects.count() == 2


def test_audit_log_records_changes_by_field_name_and_disclosures(world):
    need = world.need()
    with audit.acting(world.coordinator):
        need.description = "秘密の内容"
        need.urgency = Need.Urgency.URGENT
        need.save()
        audit.disclosed(need, "contact")
    change = AuditEntry.objects.filter(object_type="need", action="change").latest("pk")
    assert change.actor == world.coordinator
    assert "description" in change.detail and "秘密" not in change.detail
    assert AuditEntry.objects.filter(action="disclose", object_id=need.pk).exists()
    need.state = Need.State.UNMET
    need.save()
    assert AuditEntry.objects.filter(action="state", detail__contains="unmet").exists()


def test_stored_suggestions_have_a_time(world):
    world.volunteer()
    need = world.need()
    suggestions.compute_suggestions(need)
    first = NeedSuggestions.objects.get(need=need).computed_at
    suggestions.compute_suggestions(need)
    assert NeedSuggestions.objects.get(need=need).computed_at >= first


def test_the_pool_is_who_may_be_free_then_and_a_bulk_written_row_is_kept(world):
    mornings = world.volunteer(availability=[{"weekday": 5, "start": "09:00", "end": "12:00"}])
    evenings = world.volunteer(availability=[{"weekday": 5, "start": "17:00", "end": "20:00"}])
    unknown = world.volunteer(availability=[{"weekday": 5, "start": "09:00", "end": "12:00"}])
    # A row written without save() (bulk) has no mask: the engine alone decides.
    Volunteer.objects.filter(pk=unknown.pk).update(free_mask="")
    assert mornings.free_mask.count("1") == 6
    need = world.need(start_time=dt.time(10), end_time=dt.time(11, 30))
    suggested = {s.candidate_id for s in suggestions.suggest(need).suggestions}
    assert suggested == {mornings.pk, unknown.pk}
    assert evenings.pk not in suggested
