"""Needs and proposals under real parallel connections (SQLite and PostgreSQL): volunteers
answering at once, answers racing the expiry and the coordinator, and the same POST sent twice
at once. A need ends in one consistent state, and every email goes out once."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

import pytest

from kokoron.notifications.models import Notification
from matching import services, suggestions
from matching.models import Assignment, BatchPlanItem, BatchRun, Need, Proposal
from tests.concurrency import in_parallel, logged_in, raised, same_twice

pytestmark = pytest.mark.django_db(transaction=True)

NEEDS = 5


def answer(proposal, accept):
    """What the volunteer's link does: the answer taken, or the reason it was not."""
    try:
        return services.respond(proposal, accept=accept).state
    except services.LinkError as error:
        return error.code


def proposed(world, volunteers, **kw):
    need = world.need(**kw)
    return need, [services.propose(need, volunteer) for volunteer in volunteers]


def test_two_volunteers_saying_yes_at_once_one_is_taken(world):
    """Each answer locked only its own proposal: both were taken (two volunteers for one
    need, each told they help), or the two transactions deadlocked (a server error)."""
    volunteers = [world.volunteer(max_needs=NEEDS) for _ in range(2)]
    asked = [proposed(world, volunteers) for _ in range(NEEDS)]
    results = in_parallel(
        *[lambda p=p: answer(p, True) for _need, proposals in asked for p in proposals]
    )
    assert raised(results) == []
    for n, (need, _proposals) in enumerate(asked):
        assert sorted(results[2 * n : 2 * n + 2]) == ["accepted", "closed"]
        need.refresh_from_db()
        assert need.state == Need.State.ACCEPTED
        assert Assignment.objects.filter(need=need).count() == 1
        states = sorted(Proposal.objects.filter(need=need).values_list("state", flat=True))
        assert states == [Proposal.State.ACCEPTED, Proposal.State.WITHDRAWN]
    assert Notification.objects.filter(template="matching_accepted").count() == NEEDS


def test_a_yes_racing_anothers_no_asks_nobody_else(world):
    """The no's cascade asked the next volunteer while the other's yes was being taken."""
    yes, no = (world.volunteer(max_needs=NEEDS) for _ in range(2))
    world.volunteer(town=world.town2, max_needs=NEEDS)  # the next suggestion
    asked = [proposed(world, [yes, no]) for _ in range(NEEDS)]
    works = []
    for _need, (to_yes, to_no) in asked:
        works += [lambda p=to_yes: answer(p, True), lambda p=to_no: answer(p, False)]
    results = in_parallel(*works)
    assert raised(results) == []
    # The yes is always taken; the no is too, or finds the need taken (no longer needed).
    assert results[::2] == ["accepted"] * NEEDS
    assert set(results[1::2]) <= {"declined", "closed"}
    for need, _proposals in asked:
        need.refresh_from_db()
        assert need.state == Need.State.ACCEPTED
        assert not need.proposals.filter(state=Proposal.State.PENDING).exists()
        assert need.proposals.count() == 2  # nobody else was asked


def test_a_yes_racing_the_coordinator_closing_the_need(world):
    """The coordinator closes a need as unmet, deciding on the page that showed it proposed,
    while the volunteer says yes: one of the two happens, never both."""
    volunteer = world.volunteer(max_needs=NEEDS)
    asked = [proposed(world, [volunteer]) for _ in range(NEEDS)]
    works = []
    for need, (proposal,) in asked:
        works += [
            lambda n=need: services.move(
                n, Need.State.UNMET, seen=Need.State.PROPOSED, closed_reason="ご家族が対応"
            ),
            lambda p=proposal: answer(p, True),
        ]
    results = in_parallel(*works)
    assert raised(results) == []
    for n, (need, (proposal,)) in enumerate(asked):
        closed, answered = results[2 * n], results[2 * n + 1]
        need.refresh_from_db()
        proposal.refresh_from_db()
        if closed:
            assert answered == "closed"
            assert need.state == Need.State.UNMET
            assert proposal.state == Proposal.State.WITHDRAWN
            assert not Assignment.objects.filter(need=need).exists()
        else:
            assert answered == "accepted"
            assert need.state == Need.State.ACCEPTED
            assert Assignment.objects.filter(need=need).count() == 1


def test_the_expiry_racing_a_decline_asks_the_next_once(world):
    """Two proposals out for one need: one runs out of time while the other is declined.
    Both used to cascade, and asked the same next volunteer twice (a unique violation)."""
    late, no = (world.volunteer(max_needs=NEEDS) for _ in range(2))
    world.volunteer(town=world.town2, max_needs=NEEDS)
    asked = [proposed(world, [late, no]) for _ in range(NEEDS)]
    Proposal.objects.filter(volunteer=late).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    works = [lambda: services.expire_overdue()]
    works += [lambda p=proposals[1]: answer(p, False) for _need, proposals in asked]
    results = in_parallel(*works)
    assert raised(results) == []
    assert results[0] == NEEDS
    assert results[1:] == ["declined"] * NEEDS
    for need, _proposals in asked:
        assert need.proposals.filter(state=Proposal.State.PENDING).count() == 1
        assert need.proposals.count() == 3


# The same POST twice at once (a double click, a browser's retry)


def test_the_same_batch_plan_applied_twice_at_once_asks_once(world):
    for _ in range(3):
        world.volunteer(max_needs=1)
    for _ in range(3):
        world.need()
    run = suggestions.run_batch(BatchRun.objects.create())
    assert run.covered >= 2
    url = reverse("matching_board:batch_run", args=[run.pk])
    results = same_twice(2, lambda: logged_in(world.coordinator).post(url, {"action": "apply_all"}))
    assert raised(results) == []
    assert [r.status_code for r in results] == [302, 302]
    for item in BatchPlanItem.objects.filter(run=run):
        proposal = Proposal.objects.get(need=item.need)
        assert proposal.volunteer_id == item.volunteer_id
        assert Notification.objects.filter(key=f"matching-proposal-{proposal.pk}").count() == 1
    assert Notification.objects.filter(template="matching_proposal").count() == run.covered
    assert BatchPlanItem.objects.filter(run=run, applied_at__isnull=True).count() == 0


def test_the_same_proposal_sent_twice_at_once_asks_once(world):
    volunteer = world.volunteer()
    need = world.need()
    url = reverse("matching_board:need", args=[need.pk])
    data = {"action": "propose", "volunteer": volunteer.pk, "cascade": "on"}
    results = same_twice(3, lambda: logged_in(world.coordinator).post(url, data))
    assert raised(results) == []
    assert [r.status_code for r in results] == [302, 302, 302]
    assert Proposal.objects.filter(need=need).count() == 1
    assert Notification.objects.filter(template="matching_proposal").count() == 1


def test_the_same_yes_sent_twice_at_once_is_taken_once(client, world):
    need, (proposal,) = proposed(world, [world.volunteer()])
    url = reverse("matching:proposal", args=[services.token_for(proposal)])
    results = same_twice(3, lambda: client.__class__().post(url, {"answer": "accept"}))
    assert raised(results) == []
    assert [r.status_code for r in results] == [302, 302, 302]
    assert Assignment.objects.filter(need=need).count() == 1
    assert Notification.objects.filter(template="matching_accepted").count() == 1


def test_the_same_cover_request_sent_twice_at_once_asks_one_volunteer(world):
    regular = world.volunteer()
    for _ in range(3):
        world.volunteer(town=world.town2)
    need, (proposal,) = proposed(world, [regular], repeats_weekly=True)
    assert answer(proposal, True) == "accepted"
    date = need.date + dt.timedelta(days=7)
    url = reverse("matching_board:need", args=[need.pk])
    data = {"action": "cover", "date": date.isoformat()}
    results = same_twice(3, lambda: logged_in(world.coordinator).post(url, data))
    assert raised(results) == []
    assert [r.status_code for r in results] == [302, 302, 302]
    assert Proposal.objects.filter(need=need, for_date=date).count() == 1
