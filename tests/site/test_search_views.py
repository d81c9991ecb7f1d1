"""The site search page: /search/?q= in the active language, over pages and plugins' results."""

import datetime

from wagtail import hooks
from wagtail.models import Page

import pytest

from kokoron.core.demo import DemoContext, build_pages
from kokoron.pages.models import StandardPage
from kokoron.plugins import SEARCH_HOOK
from kokoron.search import pages as search_pages
from kokoron.search import readings
from kokoron.search.models import Reading
from kokoron.search.registry import SearchContribution, SearchHit


@pytest.fixture(autouse=True)
def fresh_readings():
    # Rolled-back tests reuse page ids: nothing cached may outlive a test.
    readings.invalidate()
    search_pages.summaries.clear()
    yield
    readings.invalidate()
    search_pages.summaries.clear()


def add_page(parent, title, body="", slug=None):
    return parent.add_child(
        instance=StandardPage(
            title=title, slug=slug or f"p{Page.objects.count()}", introduction=f"<p>{body}</p>"
        )
    )


@pytest.fixture
def homes(db):
    """The home page in every language and the core's standard pages (the demo's pages only)."""
    context = DemoContext()
    build_pages(context)
    return context.home_pages


def search(client, query, prefix="", **params):
    return client.get(f"{prefix}/search/", {"q": query, **params})


def test_empty_query_shows_guidance(client, homes):
    response = client.get("/search/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "検索のしかた" in html or "How to search" in html
    assert 'role="search"' in html
    assert 'name="robots" content="noindex"' in html


def test_words_inside_compounds_are_found_and_highlighted(client, homes):
    add_page(homes["ja"], "昭和区社協ボランティアセンターのお知らせ", "説明会を開きます。")
    add_page(homes["ja"], "たまり場の開設を支援します", "地域のサロンづくりをお手伝いします。")
    response = search(client, "ボランティア")
    html = response.content.decode()
    assert response.status_code == 200
    assert "昭和区社協<mark>ボランティア</mark>センターのお知らせ" in html
    assert "たまり場の開設" not in html
    html = search(client, "たまり場").content.decode()
    assert "<mark>たまり場</mark>の開設を支援します" in html


def test_queries_mixing_kanji_and_digits_are_found_and_highlighted(client, homes):
    """Issue 16: 第2火曜日 found nothing although the page holds it verbatim."""
    add_page(homes["ja"], "ふれあいサロン", "毎月第2火曜日に白金3丁目の集会所で開きます。")
    add_page(homes["ja"], "川名カフェ", "毎月第4火曜日に川名4丁目で開きます。")
    for query in ["第2火曜日", "第2火曜", "第２火曜日", "2火曜日", "白金３丁目"]:
        html = search(client, query).content.decode()
        assert "ふれあいサロン" in html, query
        assert "川名カフェ" not in html, query
    html = search(client, "第2火曜日").content.decode()
    assert "<mark>第2火曜日</mark>" in html
    assert "川名カフェ" in search(client, "火曜日").content.decode()


def test_results_are_in_the_active_language(client, homes):
    add_page(homes["ja"], "ボランティア講座のご案内", slug="ja-course")
    add_page(homes["en"], "Volunteer course (ボランティア講座)", slug="en-course")
    ja = search(client, "ボランティア講座").content.decode()
    en = search(client, "ボランティア講座", prefix="/en").content.decode()
    assert 'href="/ja-course/"' in ja and "en-course" not in ja
    assert 'href="/en/en-course/"' in en and "ja-course" not in en


def test_count_grouping_and_pagination(client, homes):
    for number in range(23):
        add_page(
            homes["ja"], f"介護予防教室 第{number + 1}回", "体操と交流", slug=f"kaigo-{number}"
        )
    html = search(client, "介護予防").content.decode()
    assert "23" in html
    assert "kind=pages.pages.standardpage" in html  # "all results" link of the group
    page_two = search(client, "介護予防", kind="pages.pages.standardpage", page="2")
    html = page_two.content.decode()
    assert page_two.status_code == 200
    assert html.count('class="search__result"') == 10
    assert 'aria-current="page">2<' in html
    # A page number out of range or nonsense shows a valid page, not an error.
    for page in ["99", "abc", "-1"]:
        assert (
            search(client, "介護予防", kind="pages.pages.standardpage", page=page).status_code
            == 200
        )


def test_readings_find_kanji_from_kana(client, homes):
    add_page(homes["ja"], "昭和区役所", "福祉課の窓口のご案内")
    assert "昭和区役所" not in search(client, "しょうわくやくしょ").content.decode()
    Reading.objects.create(word="昭和区役所", reading="しょうわくやくしょ")
    html = search(client, "しょうわくやくしょ").content.decode()
    assert "昭和区役所</a>" in html


def test_title_and_whole_word_rank_higher(client, homes):
    add_page(homes["ja"], "地域の活動紹介", "介護の相談も受け付けています。", slug="body-only")
    add_page(homes["ja"], "要介護認定の流れ", "手続きの説明です。", slug="partial-title")
    add_page(homes["ja"], "介護の相談窓口", "お気軽にどうぞ。", slug="whole-title")
    html = search(client, "介護").content.decode()
    whole = html.index("<mark>介護</mark>の相談窓口")
    partial = html.index("要<mark>介護</mark>認定の流れ")
    body = html.index("地域の活動紹介")
    assert whole < partial < body


def test_plugin_contributions_are_grouped_and_newer_ranks_a_little_higher(client, homes):
    def find(query, language_code):
        assert language_code == "ja"
        return [
            SearchHit(title="介護者のつどい 2024", url="/old/", when=datetime.date(2024, 1, 1)),
            SearchHit(title="介護者のつどい 2026", url="/new/", when=datetime.date.today()),
        ]

    def register():
        return SearchContribution(kind="events-test", label="催しテスト", search=find)

    with hooks.register_temporarily(SEARCH_HOOK, register):
        html = search(client, "介護者").content.decode()
    assert "催しテスト" in html
    assert html.index('href="/new/"') < html.index('href="/old/"')


def test_a_failing_contribution_leaves_the_others(client, homes):
    add_page(homes["ja"], "福祉まつりのお知らせ")

    def broken(query, language_code):
        raise RuntimeError("plugin bug")

    def register():
        return SearchContribution(kind="broken", label="壊れた", search=broken)

    with hooks.register_temporarily(SEARCH_HOOK, register):
        response = search(client, "福祉まつり")
    assert response.status_code == 200
    assert "福祉まつり" in response.content.decode()


def test_matches_are_escaped(client, homes):
    add_page(homes["ja"], "<script>alert(1)</script> ボランティア募集", slug="xss")
    html = search(client, "<script> ボランティア").content.decode()
    assert "<script>alert" not in html
    assert "&lt;" in html


BAD_QUERIES = [
    "介" * 10_000,
    "介護\x00\x01\x1b[31m相談\x7f",
    '" * ( ) - : NEAR AND OR NOT',
    '"介護',
    "介護 -相談 OR (NOT たまり場*)",
    "title:介護",
    "\u200b\u202e介護",
    "%",
    "' OR 1=1 --",
]


def test_bad_queries_give_a_normal_page(client, homes):
    add_page(homes["ja"], "介護の相談")
    for query in BAD_QUERIES:
        response = search(client, query)
        assert response.status_code == 200, query
        assert 'role="search"' in response.content.decode()
        assert client.get("/search/suggest/", {"q": query}).status_code == 200, query
    # Search syntax is ignored: the words around it are still found.
    html = search(client, '"介護" AND (相談*)').content.decode()
    assert "<mark>介護</mark>の<mark>相談</mark>" in html


def test_undecodable_and_surrogate_bytes_give_a_normal_page(client, homes):
    for raw in ["q=%ED%A0%80", "q=%ED%A0%80%E4%BB%8B%E8%AD%B7", "q=%FF%FE", "q=%00"]:
        assert client.get(f"/search/?{raw}").status_code == 200, raw
        assert client.get(f"/search/suggest/?{raw}").status_code == 200, raw


def test_lists_and_other_params_give_a_normal_page(client, homes):
    response = client.get("/search/?q=a&q=b&kind=%00&page=%ED%A0%80")
    assert response.status_code == 200
    assert client.post("/search/", {"q": "x"}).status_code == 405


def test_suggestions(client, homes):
    add_page(homes["ja"], "ボランティア登録の方法")
    data = client.get("/search/suggest/", {"q": "ﾎﾞﾗﾝﾃｨｱ登"}).json()
    assert [item["title"] for item in data["suggestions"]] == ["ボランティア登録の方法"]
    assert data["suggestions"][0]["url"].endswith("/")
    assert client.get("/search/suggest/", {"q": "ボ"}).json()["suggestions"] == []


def test_header_has_a_labelled_search_form(client, homes):
    html = client.get("/").content.decode()
    assert 'role="search"' in html
    assert 'for="site-search-q"' in html and 'id="site-search-q"' in html
    assert 'action="/search/"' in html
    # The results page's own search box holds the query (it has no header search box).
    html = client.get("/search/", {"q": "配食"}).content.decode()
    assert html.count('name="q" value="配食"') == 1
    html = client.get("/en/").content.decode()
    assert 'action="/en/search/"' in html


def test_a_published_edit_shows_in_the_results_at_once(client, homes):
    page = add_page(homes["ja"], "配食サービスのご案内", "毎週火曜日にお届けします。")
    assert "毎週火曜日" in search(client, "配食").content.decode()
    page.introduction = "<p>毎週金曜日にお届けします。</p>"
    page.save_revision().publish()
    html = search(client, "配食").content.decode()
    assert "毎週金曜日" in html and "毎週火曜日" not in html


def test_the_demo_readings_find_names_in_kanji_from_kana(whole_demo, client):
    readings.invalidate()
    html = search(client, "ごきそ").content.decode()
    assert "search__result" in html and "御器所" in html
    html = search(client, "しゃかいふくしきょうぎかい").content.decode()
    assert "昭和区社会福祉協議会" in html


def test_a_contribution_that_takes_a_limit_builds_only_that_many_hits(client, homes):
    from kokoron.search.registry import MAX_PER_KIND, HitList
    from kokoron.search.views import SUGGESTIONS

    limits = []

    def find(query, language_code, limit):
        limits.append(limit)
        hits = [SearchHit(title=f"介護教室 {n}", url=f"/class/{n}/") for n in range(limit)]
        return HitList(hits, total=250)

    def register():
        return SearchContribution(kind="classes-test", label="教室テスト", search=find)

    with hooks.register_temporarily(SEARCH_HOOK, register):
        html = search(client, "介護教室").content.decode()
        suggestions = client.get("/search/suggest/", {"q": "介護教室"}).json()["suggestions"]
    assert limits == [MAX_PER_KIND, SUGGESTIONS]
    assert "250" in html and "教室テスト" in html
    assert len(suggestions) == SUGGESTIONS


def test_results_read_the_text_stored_at_indexing_and_never_a_stale_one(client, homes):
    from kokoron.search.models import IndexedPageText

    page = add_page(homes["ja"], "ふれあい給食会のお知らせ", "公民館で毎月開きます。")
    stored = IndexedPageText.objects.get(page=page)
    assert "公民館で毎月開きます" in stored.text
    assert stored.revision_id == page.latest_revision_id
    # The stored text is what the results quote (no specific page loaded for it)...
    IndexedPageText.objects.filter(page=page).update(text="保存された本文です。")
    assert "保存された本文です" in search(client, "給食会").content.decode()
    # ...as long as it was made from the page's own revision: after a publish it is made anew.
    page.introduction = "<p>集会所で毎週開きます。</p>"
    page.save_revision().publish()
    search_pages.summaries.clear()
    html = search(client, "給食会").content.decode()
    assert "集会所で毎週開きます" in html and "保存された本文です" not in html
    # A row from an older revision is not used, even when indexing has not caught up.
    IndexedPageText.objects.filter(page=page).update(text="古い本文です。", revision_id=None)
    search_pages.summaries.clear()
    html = search(client, "給食会").content.decode()
    assert "集会所で毎週開きます" in html and "古い本文です" not in html


def test_a_new_view_restriction_hides_its_pages_from_the_next_search(client, homes):
    from wagtail.models import PageViewRestriction

    page = add_page(homes["ja"], "見守り活動の記録", "内部向けの記録です。")
    link = f'href="{page.url}"'
    assert link in search(client, "見守り活動").content.decode()
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    assert link not in search(client, "見守り活動").content.decode()
    PageViewRestriction.objects.filter(page=page).delete()
    assert link in search(client, "見守り活動").content.decode()
