"""The Volunteer Center's panel on the admin's home page: what waits, for coordinators only."""

import datetime as dt

from django.contrib.auth.models import Permission
from django.utils import timezone

import pytest

from matching.models import Need
from tests.work_panels import work_panel

pytestmark = pytest.mark.django_db


def test_coordinators_see_what_waits_with_links(client, world):
    new, old, closed = world.need(), world.need(), world.need()
    Need.objects.filter(pk__in=[new.pk, old.pk]).update(state=Need.State.RECEIVED)
    Need.objects.filter(pk=closed.pk).update(state=Need.State.DONE)
    Need.objects.filter(pk__in=[old.pk, closed.pk]).update(
        created_at=timezone.now() - dt.timedelta(days=20)
    )
    client.force_login(world.coordinator)
    shown = work_panel(client, "matching-work")
    assert shown["/admin/matching/needs/?state=received"] == 2
    assert shown["/admin/matching/needs/?days_open=14"] == 1
    assert shown["/admin/matching/needs/?state=proposed"] == 0
    listing = client.get("/admin/matching/needs/?days_open=14").content.decode()
    assert old.reference in listing and new.reference not in listing


def test_staff_without_the_coordinators_permissions_see_no_panel(client, django_user_model):
    editor = django_user_model.objects.create_user("editor", "editor@example.jp", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert work_panel(client, "matching-work") is None
