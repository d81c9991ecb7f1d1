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


def test_queries_mixing_kanji_and_digits_find_the_entry(small_directory, client):
    """Issue 16: 第2火曜日 found nothing although the description holds it verbatim."""
    salon = ServiceFactory(
        name="白金ふれあいサロン",
        name_kana="しろがねふれあいさろん",
        description="毎月第2火曜日に白金3丁目の集会所で開きます。B型肝炎の相談も受けます。",
    )
    other = ServiceFactory(
        name="川名カフェ",
        name_kana="かわなかふぇ",
        description="毎月第4火曜日に川名4丁目で開きます。",
    )
    for query in ["第2火曜日", "第2火曜", "第２火曜日", "2火曜日", "白金３丁目", "Ｂ型", "b型肝炎"]:
        assert [hit.title for hit in find_services(query, "ja")] == [salon.name], query
    assert {hit.title for hit in find_services("火曜日", "ja")} == {salon.name, other.name}
    html = client.get("/directory/", {"q": "第2火曜日"}).content.decode()
    assert salon.name in html and other.name not in html


def test_the_upgrade_recomputes_the_words_of_every_entry(small_directory, monkeypatch):
    """Words kept by the earlier text handling (no edge characters) are computed again by the
    data migration, as a deployed directory needs."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from directory.search_words import search_columns
    from kokoron.search import text

    salon = ServiceFactory(name="ふれあいサロン", description="毎月第2火曜日に開きます。")

    def earlier_segment(normalized, query=False):
        tokens = []
        for kind, run in text._runs(normalized):
            if kind == "word" or len(run) == 1:
                tokens.append(run)
            else:
                tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        return tokens

    with monkeypatch.context() as earlier:
        earlier.setattr(text, "_segment", earlier_segment)
        names, body = search_columns(
            (salon.name, salon.name_kana, salon.description, salon.eligibility_description),
            (salon.organization.name, salon.organization.name_kana),
            [],
        )
    Service.objects.filter(pk=salon.pk).update(search_names=names, search_text=body)
    assert find_services("第2火曜日", "ja").total == 0

    migration = importlib.import_module("directory.migrations.0006_search_words_mixed_scripts")
    migration.recompute_search_columns(apps, SimpleNamespace(connection=connection))
    assert [hit.title for hit in find_services("第2火曜日", "ja")] == ["ふれあいサロン"]
    assert refresh_search_text() == 0  # the same words as the running code keeps
