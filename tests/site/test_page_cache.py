# ruff: noqa: F811 - pytest fixtures imported from tests.site.outreach
import datetime
import itertools
import re

from django.test import Client
from django.utils import timezone

from wagtail.models import Page

import pytest

from kokoron.core import display
from kokoron.districts.factories import DistrictIndexPageFactory, DistrictPageFactory
from kokoron.events.factories import EventDateFactory, EventPageFactory
from kokoron.geography.models import SchoolDistrict
from kokoron.navigation.factories import MainMenuFactory
from kokoron.news.factories import NewsPageFactory
from kokoron.news.models import NewsIndexPage, NewsPage
from kokoron.pages.factories import StandardPageFactory
from tests.site.outreach import sections, translate, ward  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def site(sections, page_cache):
    gokiso = SchoolDistrict.objects.get(name="御器所")
    districts = DistrictIndexPageFactory(parent=sections["home"])
    first = NewsPageFactory(parent=sections["news"], title="最初のお知らせ", district=gokiso)
    event = EventPageFactory(parent=sections["events"], title="サロン")
    EventDateFactory(page=event, start=timezone.now() + datetime.timedelta(days=3))
    district = DistrictPageFactory(parent=districts, district=gokiso)
    return {**sections, "first": first, "event": event, "district": district}


def body(response):
    assert response.status_code == 200
    return response.content.decode()


def test_a_second_anonymous_view_makes_no_query(client, site, django_assert_num_queries):
    for path in ("/", "/news/", "/news/?page=2", "/news/feed/", site["first"].url, "/events/"):
        first = body(client.get(path))
        with django_assert_num_queries(0):
            assert body(client.get(path)) == first


def test_publishing_news_clears_its_listing_feed_home_and_district_pages(
    client, site, django_assert_num_queries
):
    watched = ["/", "/news/", "/news/feed/", site["district"].url]
    for path in [*watched, site["event"].url]:
        assert "二つ目のお知らせ" not in body(client.get(path))

    news = NewsPageFactory(
        parent=site["news"], title="二つ目のお知らせ", district=site["first"].district, live=False
    )
    news.save_revision().publish()
    for path in watched:
        assert "二つ目のお知らせ" in body(client.get(path)), path
    with django_assert_num_queries(0):  # an unrelated page stays cached
        client.get(site["event"].url)

    client.get(news.url)
    NewsPage.objects.get(pk=news.pk).unpublish()
    assert client.get(news.url).status_code == 404
    for path in watched:
        assert "二つ目のお知らせ" not in body(client.get(path)), path


def test_a_move_clears_the_old_listing_and_the_old_address(client, site):
    archive = StandardPageFactory(parent=site["home"], title="過去のお知らせ", slug="archive")
    old_url = site["first"].url
    assert "最初のお知らせ" in body(client.get("/news/"))
    assert "最初のお知らせ" in body(client.get(old_url))
    site["first"].move(archive, pos="last-child")
    assert "最初のお知らせ" not in body(client.get("/news/"))
    moved = client.get(old_url)  # Wagtail's automatic redirect, not the stored page
    assert moved.status_code == 301 and moved["Location"] == f"/archive/{site['first'].slug}/"


def test_editors_and_visitors_with_cookies_see_fresh_pages(client, site, django_user_model):
    path = site["first"].url
    assert "最初のお知らせ" in body(client.get(path))
    # Changed without publishing: anonymous visitors still get the stored view...
    NewsPage.objects.filter(pk=site["first"].pk).update(title="書き直したお知らせ")
    assert "最初のお知らせ" in body(client.get(path))
    # ...but not an editor, nor a visitor with a cookie the cache does not know (a session).
    editor = Client()
    editor.force_login(django_user_model.objects.create_superuser("editor", "e@example.jp", "pw"))
    assert "書き直したお知らせ" in body(editor.get(path))
    # An editor who also chose display settings still gets the page fresh.
    editor.cookies["kokoron_text"] = "large"
    assert "書き直したお知らせ" in body(editor.get(path))
    client.cookies["text_size"] = "large"
    assert "書き直したお知らせ" in body(client.get(path))


def test_a_visitor_with_display_settings_gets_a_cached_page_with_their_settings(
    site, django_assert_num_queries
):
    path = site["first"].url
    visitor = Client()
    visitor.cookies["kokoron_text"] = "largest"
    visitor.cookies["kokoron_contrast"] = "high"
    first = body(visitor.get(path))
    assert 'class="text-largest contrast-high furigana-off"' in first
    assert re.search(r'value="largest" checked', first)
    with django_assert_num_queries(0):
        assert body(visitor.get(path)) == first
    # Another visitor with the same choices shares the entry; a tampered value is the default.
    same = Client()
    same.cookies["kokoron_contrast"] = "high"
    same.cookies["kokoron_text"] = "largest"
    with django_assert_num_queries(0):
        assert body(same.get(path)) == first
    tampered = Client()
    tampered.cookies["kokoron_text"] = "<huge>"
    assert 'class="text-standard contrast-standard furigana-off"' in body(tampered.get(path))


def test_two_different_display_settings_never_share_an_entry(client, site):
    path = site["first"].url
    assert 'class="text-standard contrast-standard furigana-off"' in body(client.get(path))
    seen = set()
    for text, contrast, furigana in itertools.product(
        display.CHOICES["text"], display.CHOICES["contrast"], display.CHOICES["furigana"]
    ):
        visitor = Client()
        visitor.cookies.load(
            {"kokoron_text": text, "kokoron_contrast": contrast, "kokoron_furigana": furigana}
        )
        classes = f"text-{text} contrast-{contrast} furigana-{furigana}"
        for _ in range(2):  # rendered, then from the cache
            assert f'class="{classes}"' in body(visitor.get(path))
        seen.add(classes)
    assert len(seen) == 12
    # The plain anonymous entry is still the default one.
    assert 'class="text-standard contrast-standard furigana-off"' in body(client.get(path))


def test_publishing_clears_every_display_variant(client, site):
    path = site["first"].url
    visitors = []
    for text in display.CHOICES["text"]:
        visitor = Client()
        visitor.cookies["kokoron_text"] = text
        assert "最初のお知らせ" in body(visitor.get(path))
        visitors.append(visitor)
    assert "最初のお知らせ" in body(client.get(path))
    page = NewsPage.objects.get(pk=site["first"].pk)
    page.title = "直したお知らせ"
    page.save_revision().publish()
    for visitor in [client, *visitors]:
        assert "直したお知らせ" in body(visitor.get(path))


def test_each_language_has_its_own_entries(client, site, django_assert_num_queries):
    translate(site["home"], "en", title="Kokoron", hero_heading="Everyone can help")
    japanese, english = body(client.get("/")), body(client.get("/en/"))
    assert 'lang="ja"' in japanese and "Everyone can help" in english
    NewsPageFactory(parent=site["news"], title="三つ目", live=False).save_revision().publish()
    assert "三つ目" in body(client.get("/"))
    with django_assert_num_queries(0):  # the English home does not list Japanese news
        assert body(client.get("/en/")) == english


def test_forms_and_personal_links_are_never_cached(client, site, django_assert_max_num_queries):
    subscribe = "/newsletters/subscribe/"
    assert 'name="csrfmiddlewaretoken"' in body(client.get(subscribe))
    assert client.get(subscribe).context is not None  # rendered again
    confirm = client.get("/newsletters/subscribe/confirm/?token=nonsense")
    assert "no-store" in confirm["Cache-Control"]
    assert client.get("/newsletters/subscribe/confirm/?token=nonsense").context is not None


def test_saving_the_header_menu_clears_every_page(client, site):
    body(client.get("/news/"))
    MainMenuFactory(
        locale=site["home"].locale,
        links=[("link", {"label": "新しいメニュー", "page": None, "url": "/districts/"})],
    )
    assert "新しいメニュー" in body(client.get("/news/"))


def test_menus_and_language_links_are_kept_until_a_page_changes(client, site, settings):
    """Every view reads the header menu and the language links from the cache (also with the
    page cache off); publishing a page makes them anew."""
    settings.KOKORON_PAGE_CACHE_SECONDS = 0
    MainMenuFactory(
        locale=site["home"].locale, links=[("link", {"label": "", "page": site["news"], "url": ""})]
    )
    link = '<a href="/news/">{}</a>'
    assert link.format(site["news"].title) in body(client.get(site["first"].url))
    # Changed without publishing (no signal): the menu still shows what was published.
    Page.objects.filter(pk=site["news"].pk).update(title="書き換えた見出し")
    assert link.format(site["news"].title) in body(client.get(site["first"].url))
    news = NewsIndexPage.objects.get(pk=site["news"].pk)
    news.title = "新しい見出し"
    news.save_revision().publish()
    html = body(client.get(site["first"].url))
    assert link.format("新しい見出し") in html

    # The links to other languages: an English translation is linked once it is published.
    assert '<link rel="alternate" hreflang="en"' not in html
    translate(site["home"], "en", title="Kokoron")
    translate(NewsIndexPage.objects.get(pk=site["news"].pk), "en", title="News")
    translate(site["first"], "en", title="First news")
    assert '<link rel="alternate" hreflang="en"' in body(client.get(site["first"].url))
