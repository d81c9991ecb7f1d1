"""The directory's panel on the admin's home page: corrections, stale entries, imports."""

import datetime as dt
import re

from django.contrib.auth.models import Permission
from django.utils import timezone

import pytest

from directory.models import CorrectionSuggestion, Service

pytestmark = pytest.mark.django_db


def panel(client):
    html = client.get("/admin/").content.decode()
    start = html.find('id="directory-work-heading"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def counts(html):
    """{link: count} of the panel's lines ("none" is 0)."""
    return {
        href: int(count or 0)
        for href, count in re.findall(
            r'<a href="([^"]+)">[^<]*</a>: (?:<strong>(\d+)</strong>|\w+)', html
        )
    }


def test_staff_see_what_waits_with_links(staff_client, small_directory):
    salon = small_directory["salon"]
    CorrectionSuggestion.objects.create(service=salon, message="電話番号が変わりました。")
    Service.objects.filter(pk=salon.pk).update(
        assured_date=timezone.localdate() - dt.timedelta(days=400)
    )
    stale = Service.objects.active().filter(
        assured_date__lt=timezone.localdate() - dt.timedelta(days=365)
    )
    never = Service.objects.active().filter(assured_date__isnull=True)
    shown = panel(staff_client)
    assert "/admin/directory/corrections/?status=new" in shown
    assert "/admin/directory/services/?unverified=true" in shown
    assert f"<strong>{stale.count() + never.count()}</strong>" in shown
    assert "<strong>1</strong>" in shown
    # The links lead to working, filtered lists.
    corrections = staff_client.get("/admin/directory/corrections/?status=new")
    assert corrections.status_code == 200 and "電話番号" not in shown


def test_only_directory_staff_see_it(client, django_user_model, small_directory):
    editor = django_user_model.objects.create_user("editor", "editor@example.jp", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    assert panel(client) == ""
