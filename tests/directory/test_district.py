"""The directory's sections on a school district's page."""

from django.test import RequestFactory
from django.utils import translation

import pytest

from kokoron.plugins import district_sections

pytestmark = pytest.mark.django_db


def _ours(district, language):
    with translation.override(language):
        request = RequestFactory().get("/")
        return {
            s.key: s for s in district_sections(district, request) if s.key.startswith("directory")
        }


def test_gathering_places_and_windows_of_a_district(small_directory, districts, client):
    sections = _ours(districts["gokiso"], "ja")
    places, windows = (
        sections["directory-gathering-places"],
        sections["directory-consultation-windows"],
    )
    assert [item.title for item in places.items] == ["御器所いきいきサロン"]
    assert [item.title for item in windows.items] == ["昭和区西部いきいき支援センター"]
    assert "第2・第4火曜" in places.items[0].description
    assert places.order < windows.order
    response = client.get(places.more_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "御器所いきいきサロン" in html and "川名こども食堂" not in html

    english = _ours(districts["gokiso"], "en")["directory-gathering-places"]
    assert english.title == "Gathering places"
    assert english.items[0].title == "Gokiso Lively Salon"
    assert english.items[0].url.startswith("/en/directory/services/")

    kawana = _ours(districts["kawana"], "ja")
    assert [i.title for i in kawana["directory-gathering-places"].items] == ["川名こども食堂"]
    assert kawana["directory-consultation-windows"].items == ()
    assert kawana["directory-consultation-windows"].empty_text


def test_an_entry_edited_shows_at_once(small_directory, districts, client):
    """The sections and the list's choices are kept per change of the directory."""
    from directory.models import Service, Taxonomy, TaxonomyTerm

    sections = _ours(districts["gokiso"], "ja")
    assert [i.title for i in sections["directory-gathering-places"].items] == [
        "御器所いきいきサロン"
    ]
    service = Service.objects.get(name="御器所いきいきサロン")
    service.name = "御器所ふれあいサロン"
    service.save()
    sections = _ours(districts["gokiso"], "ja")
    assert [i.title for i in sections["directory-gathering-places"].items] == [
        "御器所ふれあいサロン"
    ]
    assert "新しい種類" not in client.get("/directory/").content.decode()
    TaxonomyTerm.objects.create(
        taxonomy=Taxonomy.objects.get(slug=Taxonomy.KIND), code="new-kind", name="新しい種類"
    )
    assert "新しい種類" in client.get("/directory/").content.decode()
