"""The coordinator's screens for sign-ups, and what the plugin hands to the core (district
page section, event sign-up provider)."""

import csv
import datetime as dt
import io
import re

from django.test import RequestFactory
from django.utils import timezone

import pytest

from kokoron import plugins
from kokoron.core.models import AuditEntry
from kokoron.events.signup import signup_url
from kokoron.notifications.models import Notification
from matching.signups import services
from matching.signups.factories import SessionFactory, signup_data
from matching.signups.models import Certificate, Session, SessionMessage, Signup
from matching.signups.rules import State
from tests.matching.signups_fixtures import build_experiences

HISTORY = "/admin/matching/experiences/history/"


@pytest.fixture
def experiences(db):
    return build_experiences()


@pytest.fixture
def coordinator(client, django_user_model):
    from django.contrib.auth.models import Group

    from kokoron.core.choices import COORDINATORS_GROUP

    user = django_user_model.objects.create_user("coord", "coord@example.jp", "pw")
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    client.force_login(user)
    return client


def fill(experiences):
    session = experiences.session
    first = services.sign_up(session.pk, signup_data(email="a@example.jp", name="青木 一"))
    services.sign_up(session.pk, signup_data(email="b@example.jp", name="馬場 二"))
    services.sign_up(session.pk, signup_data(email="c@example.jp", name="千葉 三"))
    return session, first


def test_participants_csv_message_and_cancel(experiences, coordinator):
    session, first = fill(experiences)
    url = f"/admin/matching/experiences/session/{session.pk}/"
    page = coordinator.get(url).content.decode()
    assert "青木 一" in page and "千葉 三" in page and "#1" in page
    assert AuditEntry.objects.filter(action="disclose", object_type="session").exists()

    response = coordinator.get(url, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] in ("reference number", "受付番号") and len(rows) == 4
    assert {row[2] for row in rows[1:]} == {"青木 一", "馬場 二", "千葉 三"}
    assert AuditEntry.objects.filter(action="export").exists()

    coordinator.post(
        url, {"action": "message", "subject": "持ち物の変更", "body": "上履きは不要です。"}
    )
    message = SessionMessage.objects.get()
    assert message.recipients == 2  # those with a place, not the waiting list
    assert set(
        Notification.objects.filter(template="matching_signup_message").values_list(
            "recipient", flat=True
        )
    ) == {"a@example.jp", "b@example.jp"}
    assert coordinator.post(url, {"action": "message", "subject": ""}).status_code == 400

    coordinator.post(url, {"action": "cancel", "signup": first.pk})
    assert Signup.objects.get(pk=first.pk).state == State.CANCELLED
    assert Signup.objects.get(email="c@example.jp").state == State.OFFERED


def test_check_in_hours_history_no_shows_and_a_certificate(experiences, coordinator):
    session, first = fill(experiences)
    Session.objects.filter(pk=session.pk).update(
        start=timezone.now() - dt.timedelta(hours=4), end=timezone.now() - dt.timedelta(hours=1)
    )
    url = f"/admin/matching/experiences/session/{session.pk}/checkin/"
    page = coordinator.get(url).content.decode()
    assert "青木 一" in page and "千葉 三" not in page  # the waiting list does not check in
    second = Signup.objects.get(email="b@example.jp")
    coordinator.post(url, {"signup": first.pk, "action": "present", "hours": "2.5"})
    coordinator.post(url, {"signup": second.pk, "action": "absent"})
    coordinator.post(url, {"signup": second.pk, "action": "present", "hours": "many"})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.attended, first.hours, second.attended) == (True, 2.5, False)

    # Staff look a person up by address in a POST form; the screen's URL names a sign-up.
    found = coordinator.post(HISTORY, {"action": "find", "email": "B@example.jp"})
    assert found.url == f"{HISTORY}{second.pk}/"
    page = coordinator.get(found.url)
    assert page.context["no_shows"] == 1 and "馬場 二" not in page.content.decode()
    assert "夏休み" in page.content.decode()
    response = coordinator.post(
        f"{HISTORY}{first.pk}/", {"action": "certificate", "date_from": "", "date_to": ""}
    )
    certificate = Certificate.objects.get()
    assert response.url == f"/admin/matching/experiences/certificate/{certificate.pk}/"
    assert certificate.total_hours == 2.5 and certificate.issued_by is not None
    sheet = coordinator.get(response.url).content.decode()
    assert certificate.number in sheet and "青木 一" in sheet
    # Only coordinators.
    coordinator.logout()
    assert coordinator.get(url).status_code in (302, 403)


def test_no_history_address_carries_the_email_address(experiences, coordinator):
    session, first = fill(experiences)
    links = " ".join(
        coordinator.get(url).content.decode()
        for url in (
            "/admin/matching/signups/",
            f"/admin/matching/experiences/session/{session.pk}/",
            f"{HISTORY}{first.pk}/",
        )
    )
    assert f"{HISTORY}{first.pk}/" in links
    assert "example.jp" not in " ".join(re.findall(r'href="([^"]*)"', links))
    # An address with no sign-ups: said on the page, the address only in the form it was typed in.
    page = coordinator.post(HISTORY, {"action": "find", "email": "nobody@example.jp"})
    assert page.status_code == 200
    assert "このアドレスの申し込みはありません。" in page.content.decode()
    # Once erased, the sign-up's screen shows nothing of the person.
    assert 'value="a@example.jp"' in coordinator.get(f"{HISTORY}{first.pk}/").content.decode()
    coordinator.post(f"{HISTORY}{first.pk}/", {"action": "erase", "confirm": "a@example.jp"})
    after = coordinator.get(f"{HISTORY}{first.pk}/").content.decode()
    assert "a@example.jp" not in after


def test_admin_lists_and_the_session_form(experiences, coordinator):
    fill(experiences)
    assert coordinator.get("/admin/matching/sessions/").status_code == 200
    assert "2/2 (+1)" in coordinator.get("/admin/matching/sessions/").content.decode()
    assert coordinator.get("/admin/matching/signups/", {"state": "waitlisted"}).status_code == 200
    assert coordinator.get("/admin/matching/certificates/").status_code == 200
    signup = Signup.objects.first()
    assert coordinator.get(f"/admin/matching/signups/edit/{signup.pk}/").status_code == 200
    location = None
    if plugins.is_enabled("directory"):
        from directory.factories import LocationFactory

        location = LocationFactory(name="特別養護老人ホーム やごと苑")
    form = coordinator.get("/admin/matching/sessions/new/").content.decode()
    assert ("id_location" in form) == (location is not None)
    start = timezone.localtime(timezone.now() + dt.timedelta(days=20))
    response = coordinator.post(
        "/admin/matching/sessions/new/",
        {
            "opportunity": experiences.care.pk,
            "label": "午後の部",
            "start": start.strftime("%Y-%m-%d %H:%M"),
            "end": (start - dt.timedelta(hours=1)).strftime("%Y-%m-%d %H:%M"),
            "place_name": "やごと苑",
            "capacity": "0",
        },
    )
    assert response.status_code == 200  # errors shown, nothing saved
    assert Session.objects.count() == 1
    response = coordinator.post(
        "/admin/matching/sessions/new/",
        {
            "opportunity": experiences.care.pk,
            "start": start.strftime("%Y-%m-%d %H:%M"),
            "end": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
            "place_name": "やごと苑",
            "district": experiences.yagoto.pk,
            "capacity": "8",
            "location": str(location.pk) if location else "",
        },
    )
    assert response.status_code == 302
    made = Session.objects.latest("pk")
    assert made.capacity == 8 and made.location_id == (location.pk if location else None)


def test_district_section_and_event_provider(experiences):
    fill(experiences)
    request = RequestFactory().get("/")
    sections = plugins.district_sections(experiences.yagoto, request)
    ours = next(section for section in sections if section.key == "experiences")
    assert [item.title for item in ours.items] == ["夏休み 高齢者施設ボランティア体験"]
    assert ours.more_url.endswith(f"?district={experiences.yagoto.pk}")
    empty = next(
        s for s in plugins.district_sections(experiences.gokiso, request) if s.key == "experiences"
    )
    assert empty.items == () and empty.empty_text
    session = SessionFactory(opportunity=experiences.care)
    assert signup_url(None, "matching", str(session.pk)) == session.get_signup_url()
    assert signup_url(None, "matching", "not-a-number") is None
    assert signup_url(None, "matching", "999999") is None


def test_a_session_with_sign_ups_cannot_be_deleted(experiences, coordinator):
    session, _first = fill(experiences)
    url = f"/admin/matching/sessions/delete/{session.pk}/"
    assert coordinator.get(url).status_code == 200
    response = coordinator.post(url)
    assert response.status_code in (200, 302)
    assert Session.objects.filter(pk=session.pk).exists()
    assert session.signups.count() == 3


def test_a_person_s_data_exported_then_erased(experiences, coordinator):
    _session, first = fill(experiences)
    history = f"{HISTORY}{first.pk}/"
    data = coordinator.get(history, {"format": "json"}).json()
    assert data["signups"][0]["name"] == "青木 一" and data["signups"][0]["state"] == "confirmed"
    # A wrong confirmation erases nothing.
    coordinator.post(history, {"action": "erase", "confirm": "x@y.jp"})
    assert Signup.objects.get(pk=first.pk).name == "青木 一"
    response = coordinator.post(history, {"action": "erase", "confirm": "a@example.jp"})
    assert response.url == HISTORY
    erased = Signup.objects.get(pk=first.pk)
    assert (erased.name, erased.emergency_contact, erased.state) == ("", "", State.CANCELLED)
    assert not Signup.objects.filter(email="a@example.jp").exists()
    # Their place went to the first in line; the old link no longer works.
    assert Signup.objects.get(email="c@example.jp").state == State.OFFERED
    with pytest.raises(services.SignupError):
        services.signup_from_token(services.token_for(first))
    assert AuditEntry.objects.filter(action="delete", object_type="signup").exists()


def test_participants_csv_keeps_formulas_as_text(experiences, coordinator):
    """CSV injection: what someone typed is never run by the spreadsheet staff open."""
    session = experiences.session
    services.sign_up(
        session.pk, signup_data(email="f@example.jp", name='=HYPERLINK("http://x.example","a")')
    )
    url = f"/admin/matching/experiences/session/{session.pk}/"
    response = coordinator.get(url, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][2] == '\'=HYPERLINK("http://x.example","a")'
