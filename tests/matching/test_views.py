import datetime as dt

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

import pytest

from directory.factories import ServiceFactory
from kokoron.core.models import AuditEntry
from kokoron.notifications.models import Notification
from matching import services, suggestions
from matching.models import (
    Need,
    Person,
    Proposal,
    Volunteer,
)


def ask_data(world, **overrides):
    data = {
        "category": world.shopping.pk,
        "description": "重い荷物が持てません。",
        "for_whom": "self",
        "district": world.gokiso.pk,
        "neighbourhood": world.town.pk,
        "date": world.saturday.isoformat(),
        "start_time": "10:00",
        "end_time": "11:00",
        "name": "佐藤 一郎",
        "name_kana": "さとう いちろう",
        "email": "ichiro@example.jp",
        "phone": "",
        "website": "",
    }
    data.update(overrides)
    return data


def test_volunteer_center_page_links_both_forms(client, world):
    response = client.get("/volunteer/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="/volunteer/ask/"' in body and 'href="/volunteer/register/"' in body


def test_ask_creates_a_need_with_a_reference_and_an_email(client, world):
    response = client.post("/volunteer/ask/", ask_data(world))
    assert response.status_code == 302
    need = Need.objects.get()
    assert need.channel == Need.Channel.PUBLIC_FORM and need.state == Need.State.RECEIVED
    assert need.requester.name == "佐藤 一郎"
    thanks = client.get(response["Location"])
    assert need.reference in thanks.content.decode()
    assert Notification.objects.filter(
        template="matching_asked", recipient="ichiro@example.jp", context__reference=need.reference
    ).exists()
    assert AuditEntry.objects.filter(
        object_type="need", action="create", actor_label="public form"
    ).exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"category": ""}, "category", "Choose what you need help with."),
        ({"date": "2020-01-01"}, "date", "The date has passed"),
        ({"date": "tomorrow"}, "date", "Write the date as year-month-day"),
        ({"end_time": "09:00"}, "end_time", "The end time must be after the start time."),
        ({"email": "", "phone": ""}, "email", "Give an email address or a telephone number."),
        ({"email": "not-an-address"}, "email", "Write an email address like"),
        ({"name_kana": "sato"}, "name_kana", "hiragana or katakana"),
        ({"phone": "12"}, "phone", "area code"),
    ],
)
def test_ask_validates_every_field_with_a_clear_message(client, world, overrides, field, message):
    response = client.post("/en/volunteer/ask/", ask_data(world, **overrides))
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert f'href="#id_{field}"' in body  # the summary links to the field
    assert not Need.objects.exists()


def test_neighbourhood_must_be_in_the_district(client, world):
    response = client.post("/volunteer/ask/", ask_data(world, neighbourhood=world.far_town.pk))
    assert response.status_code == 400
    assert not Need.objects.exists()


def test_honeypot_and_rate_limit_stop_robots(client, world):
    assert client.post("/volunteer/ask/", ask_data(world, website="http://spam")).status_code == 400
    assert not Need.objects.exists()
    for n in range(5):
        sent = client.post("/volunteer/ask/", ask_data(world, email=f"resident{n}@example.jp"))
        assert sent.status_code == 302
    assert client.post("/volunteer/ask/", ask_data(world)).status_code == 429
    assert Need.objects.count() == 5


def test_one_email_address_is_written_to_only_a_few_times_an_hour(client, world):
    """From ever-new addresses, a form still cannot fill one person's mailbox."""
    for n in range(3):
        sent = client.post("/volunteer/ask/", ask_data(world), REMOTE_ADDR=f"198.51.100.{n}")
        assert sent.status_code == 302
    refused = client.post("/volunteer/ask/", ask_data(world), REMOTE_ADDR="198.51.100.9")
    assert refused.status_code == 429
    assert "送信が多すぎます" in refused.content.decode()
    assert Notification.objects.filter(template="matching_asked").count() == 3
    assert Need.objects.count() == 3
    other = client.post(
        "/volunteer/ask/", ask_data(world, email="jiro@example.jp"), REMOTE_ADDR="198.51.100.9"
    )
    assert other.status_code == 302


def test_register_creates_a_paused_volunteer_with_availability(client, world):
    data = {
        "name": "鈴木 花子",
        "name_kana": "すずき はなこ",
        "email": "hanako@example.jp",
        "district": world.gokiso.pk,
        "goes_to": [world.shirogane.pk],
        "activities": [world.shopping.pk],
        "availability": ["1-morning", "3-morning"],
        "languages": ["ja", "en"],
        "consent": "on",
        "website": "",
    }
    response = client.post("/volunteer/register/", data)
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert volunteer.status == Volunteer.Status.PAUSED
    assert volunteer.availability == [
        {"weekday": 1, "start": "09:00", "end": "12:00"},
        {"weekday": 3, "start": "09:00", "end": "12:00"},
    ]
    assert volunteer.consent and volunteer.consented_at
    assert list(volunteer.goes_to.all()) == [world.shirogane]
    assert volunteer.reference in client.get(response["Location"]).content.decode()
    missing = client.post("/volunteer/register/", {**data, "consent": "", "activities": []})
    assert missing.status_code == 400
    assert Volunteer.objects.count() == 1


def test_answer_link_accept_then_contact_only_for_that_need(client, world):
    volunteer = world.volunteer()
    need = world.need()
    other = world.need()
    proposal = services.propose(need, volunteer)
    other_proposal = services.propose(other, volunteer)
    url = reverse("matching:proposal", kwargs={"token": services.token_for(proposal)})
    page = client.get(url)
    assert page.status_code == 200
    assert need.requester.name not in page.content.decode()
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert need.requester.name in page
    assert other.requester.name not in page
    assert AuditEntry.objects.filter(
        action="disclose", object_type="person", object_id=need.requester_id
    ).exists()
    other_url = reverse("matching:proposal", kwargs={"token": services.token_for(other_proposal)})
    assert other.requester.name not in client.get(other_url).content.decode()
    # Once the need is done, the contact is no longer shown.
    Need.objects.filter(pk=need.pk).update(state=Need.State.DONE)
    assert need.requester.name not in client.get(url).content.decode()
    # Used link: a message, nothing changes.
    again = client.post(url, {"answer": "decline"})
    assert again.status_code == 400
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.ACCEPTED


def test_forged_and_expired_answer_links_show_a_message(client, world):
    proposal = services.propose(world.need(), world.volunteer())
    token = services.token_for(proposal)
    forged = client.post(
        reverse("matching:proposal", kwargs={"token": token[:-3] + "abc"}), {"answer": "accept"}
    )
    assert forged.status_code == 400
    invalid = client.get(f"/en/volunteer/answer/{token[:-3]}abc/")
    assert invalid.status_code == 400 and "This link is not valid" in invalid.content.decode()
    Proposal.objects.filter(pk=proposal.pk).update(
        expires_at=timezone.now() - dt.timedelta(hours=1)
    )
    expired = client.post(
        reverse("matching:proposal", kwargs={"token": token}), {"answer": "accept"}
    )
    assert expired.status_code == 400
    assert Proposal.objects.get(pk=proposal.pk).state == Proposal.State.PENDING
    bad_choice = Proposal.objects.create(
        need=world.need(),
        volunteer=world.volunteer(),
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    url = reverse("matching:proposal", kwargs={"token": services.token_for(bad_choice)})
    assert client.post(url, {"answer": "maybe"}).status_code == 400
    assert Proposal.objects.get(pk=bad_choice.pk).state == Proposal.State.PENDING


def test_pr_staff_cannot_see_needs_but_coordinators_can(client, world, django_user_model):
    pr = django_user_model.objects.create_user("pr", "pr@kokoron.example.jp", "pw")
    pr.user_permissions.add(Permission.objects.get(codename="access_admin"))
    need = world.need()
    client.force_login(pr)
    for url in (
        "/admin/matching/needs/",
        f"/admin/matching/board/need/{need.pk}/",
        "/admin/matching/people/",
        "/admin/matching/board/dashboard/",
        f"/admin/matching/board/person/{need.requester_id}/data/",
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert need.requester.name not in response.content.decode()
    client.force_login(world.coordinator)
    world.volunteer()
    suggestions.compute_suggestions(need)
    page = client.get(f"/admin/matching/board/need/{need.pk}/")
    assert page.status_code == 200
    assert need.requester.name in page.content.decode()
    assert AuditEntry.objects.filter(action="disclose", actor=world.coordinator).exists()
    board = client.get(
        "/admin/matching/needs/",
        {"state": "matching", "district": world.gokiso.pk, "days_open": "0"},
    )
    assert board.status_code == 200 and need.reference in board.content.decode()
    assert (
        need.reference
        not in client.get("/admin/matching/needs/", {"days_open": "30"}).content.decode()
    )
    assert client.get("/admin/matching/needs/", {"days_open": "abc"}).status_code == 200
    assert client.get("/admin/matching/board/dashboard/").status_code == 200


def test_coordinator_proposes_from_the_need_page(client, world):
    volunteer = world.volunteer()
    need = world.need()
    suggestions.compute_suggestions(need)
    client.force_login(world.coordinator)
    response = client.post(
        f"/admin/matching/board/need/{need.pk}/",
        {"action": "propose", "volunteer": volunteer.pk, "cascade": "on"},
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(need=need, volunteer=volunteer)
    assert proposal.proposed_by == world.coordinator and proposal.cascade
    # Asking the same volunteer twice is refused.
    client.post(
        f"/admin/matching/board/need/{need.pk}/", {"action": "propose", "volunteer": volunteer.pk}
    )
    assert Proposal.objects.filter(need=need).count() == 1
    # Closing unmet needs a reason.
    bad = client.post(
        f"/admin/matching/board/need/{need.pk}/", {"action": "state", "state": "unmet"}
    )
    assert bad.status_code == 400
    ok = client.post(
        f"/admin/matching/board/need/{need.pk}/",
        {"action": "state", "state": "unmet", "closed_reason": "ご家族が対応"},
    )
    assert ok.status_code == 302
    need.refresh_from_db()
    assert need.state == Need.State.UNMET and need.closed_at


def test_export_and_erase_one_person(client, world):
    need = world.need()
    client.force_login(world.coordinator)
    url = f"/admin/matching/board/person/{need.requester_id}/data/"
    export = client.post(url, {"action": "export"})
    assert export.status_code == 200
    assert need.requester.name in export.content.decode()
    assert AuditEntry.objects.filter(action="export", object_id=need.requester_id).exists()
    client.post(url, {"action": "erase", "confirm": "wrong"})
    assert Person.objects.get(pk=need.requester_id).name == need.requester.name
    client.post(url, {"action": "erase", "confirm": need.requester.reference})
    person = Person.objects.get(pk=need.requester_id)
    assert person.email == "" and person.phone == "" and person.name != need.requester.name
    assert Need.objects.get(pk=need.pk).description == ""


def test_coordinator_refers_a_need_to_a_directory_organisation(client, world):
    window = ServiceFactory(
        name="昭和区いきいき支援センター", name_kana="しょうわくいきいきしえんせんたー"
    )
    organization = window.organization
    need = world.need()
    client.force_login(world.coordinator)
    url = f"/admin/matching/board/need/{need.pk}/"
    page = client.get(url).content.decode()
    assert f'value="{organization.pk}"' in page

    forged = client.post(
        url, {"action": "state", "state": "referred", "referred_organization": "12345"}
    )
    assert forged.status_code == 400
    need.refresh_from_db()
    assert need.state != Need.State.REFERRED and need.referred_organization_id is None

    done = client.post(
        url, {"action": "state", "state": "referred", "referred_organization": organization.pk}
    )
    assert done.status_code == 302
    need.refresh_from_db()
    assert need.state == Need.State.REFERRED
    assert need.referred_organization_id == organization.pk
    page = client.get(url).content.decode()
    assert organization.name in page
    assert f"/admin/directory/organizations/edit/{organization.pk}/" in page
