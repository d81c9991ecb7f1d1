"""The whole flow, from the public form to done, with the engine on a real django-q2 cluster."""

import re

import pytest

from matching.models import Assignment, BatchRun, Need, NeedSuggestions, Proposal
from tests.conftest import wait_for

pytestmark = pytest.mark.cluster


def test_from_the_public_form_to_done(q_cluster, world, client):
    volunteer = world.volunteer()
    response = client.post(
        "/volunteer/ask/",
        {
            "category": world.shopping.pk,
            "description": "米を買って運んでほしい。",
            "for_whom": "self",
            "district": world.gokiso.pk,
            "neighbourhood": world.town.pk,
            "date": world.saturday.isoformat(),
            "start_time": "10:00",
            "end_time": "11:00",
            "name": "佐藤 一郎",
            "name_kana": "さとう いちろう",
            "email": "ichiro@example.jp",
            "website": "",
        },
    )
    assert response.status_code == 302
    need = Need.objects.get()

    # Saving the need queued its suggestions; the cluster computed and stored them.
    stored = wait_for(
        lambda: NeedSuggestions.objects.filter(need=need).first(), message="suggestions"
    )
    assert stored.results[0]["volunteer"] == volunteer.pk

    # The coordinator screens it, then runs the batch on demand: the cluster computes a plan.
    client.force_login(world.coordinator)
    board = f"/admin/matching/board/need/{need.pk}/"
    assert client.post(board, {"action": "state", "state": "matching"}).status_code == 302
    client.post("/admin/matching/board/batch/", {"action": "run"})
    run = BatchRun.objects.get()
    wait_for(
        lambda: BatchRun.objects.filter(pk=run.pk, status=BatchRun.Status.DONE).exists(),
        message="batch run",
    )
    run.refresh_from_db()
    assert run.covered == 1 and run.progress == 100 and run.computed_at
    page = client.get(f"/admin/matching/board/batch/{run.pk}/")
    assert need.reference in page.content.decode()

    # Applying the plan emails the volunteer a signed link, delivered by the cluster.
    client.post(f"/admin/matching/board/batch/{run.pk}/", {"action": "apply_all"})
    proposal = Proposal.objects.get(need=need, volunteer=volunteer)

    def link():
        for message in q_cluster.sent_messages():
            found = re.search(r"/volunteer/answer/([^/\s]+)/", message)
            if found and volunteer.person.email in message:
                return found.group(0)
        return None

    path = wait_for(link, message="proposal email")
    client.logout()
    assert client.post(path, {"answer": "accept"}).status_code == 302
    need.refresh_from_db()
    assert need.state == Need.State.ACCEPTED
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.ACCEPTED
    wait_for(
        lambda: any(world.coordinator.email in m for m in q_cluster.sent_messages()),
        message="coordinator told",
    )

    # The help happens, and the coordinator closes it.
    client.force_login(world.coordinator)
    client.post(board, {"action": "state", "state": "active"})
    client.post(board, {"action": "state", "state": "done"})
    need.refresh_from_db()
    assert need.state == Need.State.DONE and need.closed_at
    assert Assignment.objects.get(need=need).outcome == Assignment.Outcome.GOOD
