"""Outside translators: a page's strings go out as a PO file and come back translated."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

import polib
import pytest

from kokoron.pages.factories import StandardPageFactory
from tests.site.outreach import ward  # noqa: F401

pytestmark = pytest.mark.django_db


def test_a_page_goes_out_as_po_and_comes_back_translated(
    ward,  # noqa: F811
    admin_client,
    client,
    django_capture_on_commit_callbacks,
):
    page = StandardPageFactory(parent=ward.home_pages["ja"], title="相談窓口", slug="soudan")
    # Before it is translated, the Korean address shows the Japanese page with a notice.
    html = client.get("/ko/soudan/").content.decode()
    assert "相談窓口" in html and "translation-notice" in html

    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation = Translation.objects.create(
        source=source, target_locale=Locale.objects.get(language_code="ko")
    )
    translation.save_target(publish=True)

    response = admin_client.get(reverse("wagtail_localize:download_pofile", args=[translation.id]))
    assert response.status_code == 200
    catalogue = polib.pofile(response.content.decode())
    title = next(entry for entry in catalogue if entry.msgid == "相談窓口")
    title.msgstr = "상담 창구"
    upload = SimpleUploadedFile("soudan-ko.po", str(catalogue).encode(), "text/x-gettext")
    response = admin_client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.id]), {"file": upload}
    )
    assert response.status_code == 302
    # wagtail-localize publishes once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        translation.save_target(publish=True)

    html = client.get("/ko/soudan/").content.decode()
    assert "상담 창구" in html
    assert "translation-notice" not in html
