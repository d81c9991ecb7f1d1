"""The Japanese test set through the real Wagtail search backend (SQLite FTS5 or PostgreSQL)."""

from wagtail.models import Page
from wagtail.search.backends import get_search_backend

import pytest

from kokoron.pages.models import StandardPage
from kokoron.search import readings
from kokoron.search.models import Reading

from .search_testset import CASES, DOCS, evaluate


@pytest.fixture(autouse=True)
def fresh_readings():
    readings.invalidate()
    yield
    readings.invalidate()


@pytest.fixture
def test_set_pages(db):
    """One page per document of the test set, its reading in the readings table."""
    parent = Page.get_first_root_node().add_child(
        instance=StandardPage(title="検索テスト", slug="search-test-set")
    )
    pages = {}
    for key, _kind, title, body, reading, _published in DOCS:
        if reading:
            Reading.objects.create(word=title, reading=reading)
        pages[key] = parent.add_child(
            instance=StandardPage(title=title, slug=key, introduction=f"<p>{body}</p>")
        )
    return parent, {page.pk: key for key, page in pages.items()}


def found_keys(parent, keys_by_pk, query):
    results = Page.objects.descendant_of(parent).search(query)
    return {keys_by_pk[page.pk] for page in results}


def test_backend_is_the_japanese_one(db):
    backend = get_search_backend()
    assert type(backend).__name__.startswith("Japanese")


def test_the_issue_examples(test_set_pages):
    parent, keys_by_pk = test_set_pages
    assert "vc-news" in found_keys(parent, keys_by_pk, "ボランティア")
    assert found_keys(parent, keys_by_pk, "たまり場") == {"tamariba-support", "tamariba-list"}
    assert found_keys(parent, keys_by_pk, "しょうわくやくしょ") == {"ward-office"}


def test_recall_and_precision_of_the_test_set(test_set_pages):
    parent, keys_by_pk = test_set_pages
    recall, precision, misses = evaluate(lambda query: found_keys(parent, keys_by_pk, query))
    assert recall == 1.0, misses
    assert precision >= 0.98, misses
    for query, _expected, must_not, _why in CASES:
        assert not (found_keys(parent, keys_by_pk, query) & must_not), query


def test_wagtail_query_objects_and_operators_are_converted(test_set_pages):
    from wagtail.search.utils import parse_query_string

    parent, keys_by_pk = test_set_pages
    _filters, query = parse_query_string('"介護 相談" 窓口')
    pages = Page.objects.descendant_of(parent)
    assert {keys_by_pk[p.pk] for p in pages.search(query)} == {"care-consult"}
    assert {keys_by_pk[p.pk] for p in pages.search("介護 OR 相談", operator="or")} >= {
        "care-insurance",
        "lawyer",
    }


def test_a_new_reading_reindexes_what_contains_the_word(test_set_pages):
    parent, keys_by_pk = test_set_pages
    assert found_keys(parent, keys_by_pk, "鶴舞小学校") == {"wheelchair-event"}
    assert found_keys(parent, keys_by_pk, "つるまいしょうがっこう") == set()
    reading = Reading.objects.create(word="鶴舞小学校", reading="つるまいしょうがっこう")
    assert found_keys(parent, keys_by_pk, "つるまいしょうがっこう") == {"wheelchair-event"}
    assert found_keys(parent, keys_by_pk, "ツルマイ") == {"wheelchair-event"}
    reading.delete()
    assert found_keys(parent, keys_by_pk, "つるまいしょうがっこう") == set()


def test_admin_page_search_finds_words_inside_compounds(test_set_pages, staff_client):
    response = staff_client.get("/admin/pages/search/", {"q": "ボランティア"})
    assert response.status_code == 200
    assert "昭和区社協ボランティアセンターのお知らせ" in response.content.decode()


def test_relevance_order_count_slices_and_scores(test_set_pages, monkeypatch):
    from kokoron.search import backend as search_backend

    parent, keys_by_pk = test_set_pages
    pages = Page.objects.descendant_of(parent)
    results = pages.search("ボランティア")
    everything = [keys_by_pk[page.pk] for page in results]
    assert results.count() == len(everything) == 8
    # Matches in the title come before matches in the body only.
    in_title = {"vc-news", "volunteer-register", "student-volunteer", "disaster", "easy-volunteer"}
    assert set(everything[:5]) == in_title
    assert [keys_by_pk[page.pk] for page in results[2:5]] == everything[2:5]
    scored = list(pages.search("ボランティア").annotate_score("_score"))
    assert all(isinstance(page._score, float) for page in scored)
    # The queryset's own filters apply: live pages only.
    StandardPage.objects.filter(slug="vc-news").update(live=False)
    assert "vc-news" not in {keys_by_pk[p.pk] for p in pages.live().search("ボランティア")}
    assert pages.live().search("ボランティア").count() == 7
    # Many matches: titles first without scoring every body match.
    monkeypatch.setattr(search_backend, "SCORE_LIMIT", 1)
    many = [keys_by_pk[page.pk] for page in pages.search("ボランティア")]
    assert set(many[:5]) == in_title and len(many) == 8
    # A window across the scored part and the rest is the same slice of the whole order.
    monkeypatch.setattr(search_backend, "SCORE_LIMIT", 3)
    many = [keys_by_pk[page.pk] for page in pages.search("ボランティア")]
    results = pages.search("ボランティア")
    assert [keys_by_pk[page.pk] for page in results[2:6]] == many[2:6]
    assert results[2:6].count() == 4 and results.count() == 8
