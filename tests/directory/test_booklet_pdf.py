"""The booklet PDF screens without Chromium (the printing itself: tests/browser/test_directory.py)."""

import pytest

from directory import tasks
from directory.models import BookletPdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_chromium(monkeypatch, tmp_path):
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))


def test_without_chromium_staff_are_told_and_nothing_is_queued(staff_client, no_chromium):
    html = staff_client.get("/admin/directory/booklet-pdf/").content.decode()
    assert "apt-get install chromium" in html
    response = staff_client.post("/admin/directory/booklet-pdf/", {"field": ""}, follow=True)
    assert "apt-get install chromium" in response.content.decode()
    assert not BookletPdf.objects.exists()

    queued = BookletPdf.objects.create()
    assert tasks.make_booklet_pdf(queued.pk) == BookletPdf.Status.FAILED
    assert tasks.make_booklet_pdf(queued.pk) == "skipped"
    html = staff_client.get("/admin/directory/booklet-pdf/").content.decode()
    assert html.count("apt-get install chromium") == 2


def test_only_staff_download(client, staff_client, django_user_model):
    booklet = BookletPdf.objects.create(status=BookletPdf.Status.DONE, pdf=b"%PDF-1.4", pages=1)
    url = f"/admin/directory/booklet-pdf/{booklet.pk}.pdf"
    response = staff_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    staff_client.logout()
    assert client.get(url).status_code == 302
    user = django_user_model.objects.create_user("someone", "someone@example.jp", "pw")
    client.force_login(user)
    assert client.get(url).status_code in (302, 403)
