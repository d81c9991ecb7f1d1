"""The volunteer's own page: a link by email, activities, availability, pause, consent, hours."""

import datetime as dt
import json
import time
from decimal import Decimal

from django.core import signing

from kokoron.core.models import AuditEntry
from kokoron.notifications.models import Notification
from matching import own_page, services
from matching.fields import save_days_away
from matching.models import (
    Assignment,
    Need,
    Volunteer,
)


def link_of(notification):
    return notification.context["link"].split("/volunteer", 1)[1]


def ask_link(client, email):
    return client.post("/en/volunteer/me/", {"email": email, "website": ""})


def test_the_link_is_sent_only_to_a_known_address_and_the_answer_is_the_same(client, world):
    volunteer = world.volunteer()
    known = ask_link(client, volunteer.person.email.upper())
    unknown = ask_link(client, "nobody@example.jp")
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert "If this address is registered" in known.content.decode()
    sent = Notification.objects.get(template="matching_own_page")
    assert sent.recipient == volunteer.person.email
    assert "/volunteer/me/" in sent.context["link"]
    bad = ask_link(client, "not an address")
    assert bad.status_code == 400 and "Write an email address like" in bad.content.decode()
    robot = client.post("/en/volunteer/me/", {"email": volunteer.person.email, "website": "x"})
    assert robot.status_code == 400
    assert Notification.objects.filter(template="matching_own_page").count() == 1


def test_links_are_rate_limited_by_sender_and_by_address(client, world):
    volunteer = world.volunteer()
    for _ in range(4):
        assert ask_link(client, volunteer.person.email).status_code == 200
    assert Notification.objects.filter(template="matching_own_page").count() == 3
    assert ask_link(client, volunteer.person.email).status_code == 200
    assert ask_link(client, volunteer.person.email).status_code == 429


class OldSigner(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 8 * 86400)


def test_forged_expired_and_stale_links_change_nothing(client, world):
    volunteer = world.volunteer()
    token = own_page.token_for(volunteer)
    forged = client.get(f"/en/volunteer/me/{token[:-3]}xyz/")
    assert forged.status_code == 400 and "not complete or not valid" in forged.content.decode()
    old = OldSigner(salt=own_page.SALT).sign_object(
        {"v": volunteer.pk, "e": own_page._email_digest(volunteer.person.email)}, compress=True
    )
    expired = client.post(f"/en/volunteer/me/{old}/", {"action": "pause"})
    assert expired.status_code == 400 and "too old" in expired.content.decode()
    volunteer.person.email = "changed@example.jp"
    volunteer.person.save()
    assert client.get(f"/en/volunteer/me/{token}/").status_code == 400
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.ACTIVE


def accepted_need(world, volunteer):
    need = world.need()
    services.respond(services.propose(need, volunteer), accept=True)
    need.refresh_from_db()
    return need


def test_the_page_shows_activities_and_records_each_disclosure(client, world):
    volunteer = world.volunteer()
    need = accepted_need(world, volunteer)
    other = world.need()
    url = f"/en/volunteer/me/{own_page.token_for(volunteer)}/"
    html = client.get(url).content.decode()
    assert need.reference in html and need.requester.name in html
    assert other.reference not in html and other.requester.name not in html
    assert volunteer.person.name in html
    shown = AuditEntry.objects.filter(action=AuditEntry.Action.DISCLOSE)
    assert shown.filter(object_id=volunteer.person.pk, detail__contains="own details").exists()
    assert shown.filter(
        object_id=need.requester.pk, detail__contains=need.reference, actor_label__contains="own"
    ).exists()
    # Done: the contact is no longer shown, the activity is in the past with its hours to confirm.
    need.state = Need.State.DONE
    need.save()
    own_page.finish_need(need)
    html = client.get(url).content.decode()
    assert need.requester.name not in html
    assert 'name="hours"' in html


def test_the_volunteer_updates_availability_and_days_away(client, world):
    volunteer = world.volunteer()
    url = f"/en/volunteer/me/{own_page.token_for(volunteer)}/"
    away = world.today + dt.timedelta(days=7)
    response = client.post(
        url,
        {
            "action": "availability",
            "availability": ["2-morning"],
            "days_away_first": [away.isoformat(), ""],
            "days_away_last": [away.isoformat(), ""],
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?done=availability")
    volunteer.refresh_from_db()
    assert volunteer.availability == [{"weekday": 2, "start": "09:00", "end": "12:00"}]
    assert volunteer.free_mask.count("1") == 6
    assert list(volunteer.absences.values_list("first_day", "last_day")) == [(away, away)]
    assert AuditEntry.objects.filter(
        object_type="volunteer", object_id=volunteer.pk, action=AuditEntry.Action.CHANGE
    ).exists()
    wrong = client.post(url, {"action": "availability", "availability": []})
    assert wrong.status_code == 400 and "Tick at least one time" in wrong.content.decode()
    assert (
        "Your availability and days away are saved."
        in client.get(response["Location"]).content.decode()
    )


def test_pause_resume_and_a_pause_by_the_center(client, world):
    volunteer = world.volunteer()
    url = f"/en/volunteer/me/{own_page.token_for(volunteer)}/"
    client.post(url, {"action": "pause"})
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.PAUSED and volunteer.self_paused
    client.post(url, {"action": "resume"})
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.ACTIVE
    newcomer = world.volunteer(
        status=Volunteer.Status.PAUSED
    )  # paused until a coordinator meets them
    url = f"/en/volunteer/me/{own_page.token_for(newcomer)}/"
    assert "paused by the Volunteer Center" in client.get(url).content.decode()
    assert client.post(url, {"action": "resume"}).status_code == 400
    newcomer.refresh_from_db()
    assert newcomer.status == Volunteer.Status.PAUSED


def test_consent_withdrawn_pauses_and_tells_the_coordinators_then_given_again(client, world):
    volunteer = world.volunteer()
    url = f"/en/volunteer/me/{own_page.token_for(volunteer)}/"
    client.post(url, {"action": "withdraw"})
    volunteer.refresh_from_db()
    assert not volunteer.consent and volunteer.consented_at is None
    assert volunteer.status == Volunteer.Status.PAUSED
    told = Notification.objects.get(template="matching_consent_withdrawn")
    assert told.recipient == world.coordinator.email
    assert told.context == {"volunteer": volunteer.reference}  # nothing personal
    assert client.post(url, {"action": "resume"}).status_code == 400  # not without consent
    client.post(url, {"action": "consent"})
    client.post(url, {"action": "resume"})
    volunteer.refresh_from_db()
    assert volunteer.consent and volunteer.consented_at
    assert volunteer.status == Volunteer.Status.ACTIVE


def test_hours_recorded_by_the_coordinator_or_confirmed_by_the_volunteer(client, world):
    volunteer = world.volunteer()
    need = accepted_need(world, volunteer)
    own_page.finish_need(need)
    assignment = Assignment.objects.get(need=need)
    url = f"/en/volunteer/me/{own_page.token_for(volunteer)}/"
    wrong = client.post(url, {"action": "hours", "assignment": assignment.pk, "hours": "abc"})
    assert wrong.status_code == 400
    assert "Write the hours as a number" in wrong.content.decode()
    assert (
        client.post(
            url, {"action": "hours", "assignment": assignment.pk, "hours": "2.5"}
        ).status_code
        == 302
    )
    assignment.refresh_from_db()
    assert assignment.hours_given == Decimal("2.5")
    assert assignment.hours_recorded_by == Assignment.HoursBy.VOLUNTEER
    # Once recorded, a second answer changes nothing.
    client.post(url, {"action": "hours", "assignment": assignment.pk, "hours": "9"})
    assignment.refresh_from_db()
    assert assignment.hours_given == Decimal("2.5")
    # The coordinator gives the hours when marking the need done on the board.
    second = accepted_need(world, volunteer)
    client.force_login(world.coordinator)
    response = client.post(
        f"/admin/matching/board/need/{second.pk}/",
        {"action": "state", "state": "done", "hours_given": "1.5"},
    )
    assert response.status_code == 302
    done = Assignment.objects.get(need=second)
    assert done.outcome == Assignment.Outcome.GOOD
    assert (done.hours_given, done.hours_recorded_by) == (Decimal("1.5"), "coordinator")


def test_a_volunteers_export_carries_days_away_and_hours(client, world):
    volunteer = world.volunteer()
    need = accepted_need(world, volunteer)
    own_page.finish_need(need, hours=Decimal("3"))
    volunteer.absences.create(first_day=world.today, last_day=world.today)
    client.force_login(world.coordinator)
    response = client.post(
        f"/admin/matching/board/person/{volunteer.person.pk}/data/", {"action": "export"}
    )
    data = json.loads(response.content)["volunteer"]
    assert data["days_away"] == [
        {"first_day": world.today.isoformat(), "last_day": world.today.isoformat(), "reason": ""}
    ]
    assert data["assignments"] == [
        {
            "need": need.reference,
            "for_date": None,
            "outcome": "good",
            "hours_given": "3.0",
            "hours_recorded_by": "coordinator",
        }
    ]


def test_a_change_of_days_away_refreshes_suggestions_once(
    world, django_capture_on_commit_callbacks
):
    volunteer = world.volunteer()
    period = [(world.today, world.today + dt.timedelta(days=2))]
    with django_capture_on_commit_callbacks() as queued:
        save_days_away(volunteer, period, world.today)
    assert len(queued) == 1
    with django_capture_on_commit_callbacks() as queued:
        save_days_away(volunteer, period, world.today)  # the same periods: nothing to refresh
    assert queued == []
