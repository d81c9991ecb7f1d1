"""Directory services in the site search and the directory's keyword (Japanese-aware)."""

import pytest

from directory.factories import ServiceFactory, ServiceTranslationFactory
from directory.search import find_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def wheelchairs(small_directory):
    service = ServiceFactory(
        name="車椅子貸し出し",
        name_kana="くるまいすかしだし",
        description="車椅子を無料で貸し出します。",
    )
    ServiceTranslationFactory(service=service, language_code="en", name="Wheelchair loans")
    return service


@pytest.mark.parametrize("query", ["車いす", "くるまいす", "車椅子", "ｸﾙﾏｲｽ"])
def test_notation_variants_find_the_entry(wheelchairs, query):
    assert [hit.title for hit in find_services(query, "ja")] == ["車椅子貸し出し"]


def test_site_search_shows_entries_in_the_readers_language(wheelchairs, client):
    html = client.get("/search/", {"q": "車いす"}).content.decode()
    assert f"/directory/services/{wheelchairs.pk}/" in html
    english = client.get("/en/search/", {"q": "wheelchair"}).content.decode()
    assert "<mark>Wheelchair</mark> loans" in english
    assert f"/en/directory/services/{wheelchairs.pk}/" in english
    assert "Gokiso" not in english


def test_directory_keyword_and_search_box(wheelchairs, small_directory, client):
    html = client.get("/directory/", {"q": "車いす"}).content.decode()
    assert "車椅子貸し出し" in html and "御器所いきいきサロン" not in html
    detail = client.get(f"/directory/services/{small_directory['salon'].pk}/").content.decode()
    assert 'role="search"' in detail and 'name="q"' in detail
