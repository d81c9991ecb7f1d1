"""Directory services in the site search and the directory's keyword (Japanese-aware)."""

import io

from django.core.management import call_command

import pytest

from directory.factories import ServiceFactory, ServiceTranslationFactory
from directory.models import Service
from directory.search import find_services, refresh_search_text

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


def test_words_follow_every_change_to_the_entry(wheelchairs, client):
    """The words live in the database, so a change is found at once by every process."""
    assert find_services("wheelchair", "en").total == 1
    translation = wheelchairs.translations.get()
    translation.name = "Mobility aid loans"
    translation.save()
    assert find_services("wheelchair", "en").total == 0
    assert [hit.title for hit in find_services("mobility", "en")] == ["Mobility aid loans"]
    translation.delete()
    assert find_services("mobility", "en").total == 0

    organization = wheelchairs.organization
    organization.name = "鶴舞福祉会"
    organization.save()
    html = client.get("/directory/", {"q": "鶴舞福祉会"}).content.decode()
    assert "車椅子貸し出し" in html

    wheelchairs.name = "歩行器の貸し出し"
    wheelchairs.save()
    assert [hit.title for hit in find_services("歩行器", "ja")] == ["歩行器の貸し出し"]


def test_names_rank_before_descriptions(small_directory, wheelchairs):
    in_description = ServiceFactory(
        name="福祉用具の相談",
        name_kana="ふくしようぐのそうだん",
        description="車椅子の選び方をご案内します。",
    )
    titles = [hit.title for hit in find_services("車椅子", "ja")]
    assert titles == ["車椅子貸し出し", in_description.name]


def test_rebuild_command_restores_lost_words(wheelchairs):
    Service.objects.update(search_names="", search_text="")
    assert find_services("車いす", "ja").total == 0
    out = io.StringIO()
    call_command("rebuild_directory_search", stdout=out)
    assert "entries had new search words" in out.getvalue()
    assert find_services("車いす", "ja").total == 1
    assert refresh_search_text() == 0


def test_an_empty_or_meaningless_keyword_finds_nothing(wheelchairs):
    assert find_services("", "ja").total == 0
    assert find_services("  \x00 AND ", "ja").total == 0
