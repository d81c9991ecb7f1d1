# ruff: noqa: F811 - pytest fixtures imported from tests.site.outreach
import datetime

from django.core.exceptions import ValidationError
from django.utils.html import escape

from wagtail.models import Locale

import pytest

from kokoron.news.factories import NewsCategoryFactory, NewsPageFactory, image_stream
from kokoron.news.models import NewsPage
from tests.site.outreach import photo, sections, translate, ward  # noqa: F401

pytestmark = pytest.mark.django_db


def make_news(index, count, **kwargs):
    return [
        NewsPageFactory(
            parent=index, date=datetime.date(2025, 1, 1) + datetime.timedelta(days=n), **kwargs
        )
        for n in range(count)
    ]


def test_listing_shows_newest_first_and_paginates(client, sections):
    index = sections["news"]
    index.per_page = 3
    index.save()
    make_news(index, 7)
    response = client.get("/news/")
    assert response.status_code == 200
    titles = [page.title for page in response.context["results"].object_list]
    newest = NewsPage.objects.order_by("-date")[:3]
    assert titles == [page.title for page in newest]
    html = response.content.decode()
    assert "7件" in html or "7 items" in html
    second = client.get("/news/?page=3")
    assert len(second.context["results"].object_list) == 1
    # A page number that is not one gives a page, never an error.
    assert client.get("/news/?page=abc").status_code == 200
    assert client.get("/news/?page=999").context["results"].number == 3


def test_listing_filters_by_category_and_year(client, sections):
    japanese = Locale.objects.get(language_code="ja")
    report = NewsCategoryFactory(name="活動報告", slug="report", locale=japanese)
    recruit = NewsCategoryFactory(name="募集", slug="recruit", locale=japanese)
    index = sections["news"]
    NewsPageFactory(parent=index, title="報告2025", category=report, date=datetime.date(2025, 5, 1))
    NewsPageFactory(parent=index, title="報告2026", category=report, date=datetime.date(2026, 5, 1))
    NewsPageFactory(
        parent=index, title="募集2026", category=recruit, date=datetime.date(2026, 6, 1)
    )

    def titles(query):
        response = client.get(f"/news/?{query}")
        assert response.status_code == 200
        return {page.title for page in response.context["results"].object_list}, response

    assert titles("category=report")[0] == {"報告2025", "報告2026"}
    assert titles("year=2026")[0] == {"報告2026", "募集2026"}
    assert titles("category=report&year=2026")[0] == {"報告2026"}
    # The header's search box is the site search's, not the listing's filters: it showed
    # "category=report&year=2026" as a search.
    html = titles("category=report&year=2026")[1].content.decode()
    assert 'id="site-search-q" name="q" value=""' in html


@pytest.mark.parametrize(
    "query", ["category=nonsense", "year=abcd", "year=1850", "year=2026&category=%00", "page=-1"]
)
def test_nonsense_filters_show_the_listing_with_a_message(client, sections, query):
    NewsPageFactory(parent=sections["news"], date=datetime.date(2026, 5, 1))
    response = client.get(f"/news/?{query}")
    assert response.status_code == 200
    assert len(response.context["results"].object_list) == 1
    if not query.startswith("page"):
        assert response.context["filter_messages"]
        message = response.context["filter_messages"][0]
        assert escape(message) in response.content.decode()


def test_news_page_renders_with_image_alt_text_and_open_graph(client, sections, photo):
    page = NewsPageFactory(
        parent=sections["news"],
        title="車いす体験を行いました",
        summary="中学生が車いす体験をしました。",
        image=image_stream(photo, "車いすを押す中学生"),
    )
    html = client.get(page.url).content.decode()
    assert '<h1 class="phrases">車いす<wbr>体験を<wbr>行いました</h1>' in html
    assert 'alt="車いすを押す中学生"' in html
    assert "srcset=" in html
    assert '<meta name="description" content="中学生が車いす体験をしました。">' in html
    assert '<meta property="og:title" content="車いす体験を行いました">' in html
    assert 'property="og:image"' in html


def test_an_image_without_alt_text_is_refused(sections, photo):
    page = NewsPageFactory.build(title="x", slug="x", summary="x")
    page.image = image_stream(photo, "")
    block = NewsPage._meta.get_field("image").stream_block
    with pytest.raises(ValidationError):
        block.clean(page.image)
    page.image = image_stream(photo, "", decorative=True)
    assert block.clean(page.image)[0].value.decorative is True


def test_listing_queries_do_not_grow_with_items(
    client, sections, photo, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    index = sections["news"]
    make_news(index, 30, image=image_stream(photo, "写真"))

    def count(per_page):
        index.per_page = per_page
        index.save()
        client.get("/news/")  # renditions are made on the first view
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/news/").status_code == 200
        return len(queries)

    assert count(5) == count(30)


def test_atom_feed_per_language_and_announced_in_head(client, sections):
    index = sections["news"]
    NewsPageFactory(parent=index, title="バザーのお知らせ", summary="福祉バザーを開きます。")
    html = client.get("/news/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert 'href="/news/feed/"' in html
    response = client.get("/news/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "<title>バザーのお知らせ</title>" in feed
    assert 'xml:lang="ja"' in feed
    assert "福祉バザーを開きます。" in feed

    translate(sections["home"], "en", title="Kokoron")
    translate(index, "en", title="News")
    en_feed = client.get("/en/news/feed/")
    assert en_feed.status_code == 200
    feed = en_feed.content.decode()
    assert 'xml:lang="en"' in feed
    # Not translated yet: listed in Japanese, marked as such, linked under /en/.
    assert '<entry xml:lang="ja"><title>バザーのお知らせ</title>' in feed
    assert 'href="http://testserver/en/news/' in feed
    assert '<category term="In Japanese"/>' in feed


def test_draft_news_is_not_listed(client, sections):
    page = NewsPageFactory(parent=sections["news"], title="下書き")
    page.unpublish()
    assert "下書き" not in client.get("/news/").content.decode()
    assert "下書き" not in client.get("/news/feed/").content.decode()
