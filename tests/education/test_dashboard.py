"""Welfare education's panel on the admin's home page: what waits for the coordinator."""

import datetime as dt

from django.contrib.auth.models import Permission
from django.utils import timezone

import pytest

from education.models import BookedPerson, Booking, ClassRequest
from tests.work_panels import work_panel

pytestmark = pytest.mark.django_db


def test_coordinators_see_requests_answers_and_classes(coordinator, world):
    today = timezone.localdate()
    new, arranging, proposed = (
        ClassRequest.objects.create(
            school=world.school,
            teacher_name="先生",
            teacher_email="t@example.jp",
            grade=4,
            state=state,
        )
        for state in ("received", "arranging", "proposed")
    )
    asked = Booking.objects.create(request=proposed, date=today + dt.timedelta(days=30))
    BookedPerson.objects.create(booking=asked, lecturer=world.lecturer)
    Booking.objects.create(
        request=arranging, date=today + dt.timedelta(days=3), state=Booking.State.CONFIRMED
    )
    shown = work_panel(coordinator, "education-work")
    in_two_weeks = (today + dt.timedelta(days=14)).isoformat()
    assert shown == {
        "/admin/education/requests/?state=received&state=arranging": 2,
        "/admin/education/requests/?state=proposed": 1,
        f"/admin/education/bookings/?date_after={today.isoformat()}&date_before={in_two_weeks}": 1,
    }
    listing = coordinator.get("/admin/education/requests/?state=received&state=arranging")
    assert listing.status_code == 200
    assert new.reference in listing.content.decode()


def test_staff_without_education_permissions_see_no_panel(client, django_user_model, world):
    editor = django_user_model.objects.create_user("editor", "editor@example.jp", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert work_panel(client, "education-work") is None
