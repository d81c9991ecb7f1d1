"""The directory's panel on the admin's home page: corrections, stale entries, imports."""

import datetime as dt

from django.contrib.auth.models import Permission
from django.utils import timezone

import pytest

from directory.models import CorrectionSuggestion, Service
from tests.work_panels import work_panel

pytestmark = pytest.mark.django_db


def test_staff_see_what_waits_with_links(staff_client, small_directory):
    salon = small_directory["salon"]
    CorrectionSuggestion.objects.create(service=salon, message="電話番号が変わりました。")
    Service.objects.filter(pk=salon.pk).update(
        assured_date=timezone.localdate() - dt.timedelta(days=400)
    )
    Service.objects.exclude(pk=salon.pk).update(assured_date=timezone.localdate())
    shown = work_panel(staff_client, "directory-work")
    assert shown == {
        "/admin/directory/corrections/?status=new": 1,
        "/admin/directory/services/?unverified=true": 1,
        "/admin/directory/import/": 0,
    }
    # The links lead to the lists filtered the same way.
    corrections = staff_client.get("/admin/directory/corrections/?status=new")
    assert corrections.status_code == 200
    stale = staff_client.get("/admin/directory/services/?unverified=true").content.decode()
    assert salon.name in stale and small_directory["dining"].name not in stale


def test_only_directory_staff_see_it(client, django_user_model, small_directory):
    editor = django_user_model.objects.create_user("editor", "editor@example.jp", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert work_panel(client, "directory-work") is None
