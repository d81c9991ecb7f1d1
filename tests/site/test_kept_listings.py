# ruff: noqa: F811 - pytest fixtures imported from tests.site.outreach
"""The results of the news, events and newsletter listings are kept between views (also for
editors and visitors the page cache does not serve), per language, filters and page number,
and show a publish, a new category or an unpublish at once."""

import datetime

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

import pytest

from kokoron.events.factories import EventCategoryFactory, EventDateFactory, EventPageFactory
from kokoron.news.factories import NewsCategoryFactory, NewsPageFactory
from kokoron.news.filters import NewsFilterSet
from kokoron.newsletters.factories import NewsletterIssuePageFactory
from kokoron.pages.listing import kept_listing_key
from tests.site.outreach import sections, ward  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings, client):
    """Listings kept as in production; a cookie the page cache does not know, so that every
    view is rendered (as an editor's is) and only the kept results can be reused."""
    settings.KOKORON_PAGE_CACHE_SECONDS = 300
    client.cookies["unknown"] = "1"
    return client


def news(sections, count, title="お知らせ", **fields):
    return [
        NewsPageFactory(
            parent=sections["news"],
            title=f"{title}{n}",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
            **fields,
        )
        for n in range(count)
    ]


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_second_view_reads_the_results_from_the_cache(kept, sections, settings):
    news(sections, 12)
    url = sections["news"].url
    _, first_html = queries_of(kept, url)
    second, second_html = queries_of(kept, url)
    assert second_html == first_html
    assert "お知らせ11" in second_html and "お知らせ1<" not in second_html
    # The page cache off: every view works the results out (their count, the page of them,
    # the years to choose from).
    settings.KOKORON_PAGE_CACHE_SECONDS = 0
    assert queries_of(kept, url)[0] >= second + 3


def test_a_publish_or_unpublish_shows_at_once(kept, sections):
    pages = news(sections, 3)
    url = sections["news"].url
    assert "お知らせ2" in kept.get(url).content.decode()
    fresh = NewsPageFactory(
        parent=sections["news"], title="新しいお知らせ", date=datetime.date(2027, 1, 1), live=False
    )
    fresh.save_revision().publish()
    assert "新しいお知らせ" in kept.get(url).content.decode()
    pages[2].unpublish()
    assert "お知らせ2" not in kept.get(url).content.decode()


def test_each_filter_and_page_is_kept_apart(kept, sections):
    salon = NewsCategoryFactory(name="サロン", slug="salon")
    news(sections, 3, title="サロン便り", category=salon)
    news(sections, 12, title="一般のお知らせ")
    url = sections["news"].url
    for _ in range(2):
        everything = kept.get(url).content.decode()
        only_salon = kept.get(f"{url}?category=salon").content.decode()
        second_page = kept.get(f"{url}?page=2").content.decode()
        assert "一般のお知らせ11" in everything and "サロン便り0" not in everything
        assert "サロン便り0" in only_salon and "一般のお知らせ" not in only_salon
        assert 'value="salon" selected' in only_salon
        assert "サロン便り0" in second_page and "一般のお知らせ11" not in second_page
        assert 'rel="prev"' in second_page


def test_a_new_category_is_shown_in_the_kept_filters(kept, sections):
    news(sections, 2)
    url = sections["news"].url
    assert "みまもり" not in kept.get(url).content.decode()
    NewsCategoryFactory(name="みまもり", slug="watch")
    assert "みまもり" in kept.get(url).content.decode()


def test_only_queries_of_valid_choices_are_kept(sections):
    NewsCategoryFactory(name="サロン", slug="salon")
    index = sections["news"]
    requests = RequestFactory()

    def key(query):
        request = requests.get(index.url, query)
        return kept_listing_key(
            request,
            index.kept_filters,
            lambda: NewsFilterSet(request.GET or None, queryset=index.news(), index=index),
        )

    kept_queries = [{}, {"page": "2"}, {"category": "salon"}, {"category": "salon", "page": "9"}]
    keys = {key(query) for query in kept_queries}
    assert None not in keys and len(keys) == len(kept_queries)
    for query in [
        {"category": "nonsense"},
        {"year": "1999"},
        {"page": "02"},
        {"page": "0"},
        {"page": "12345"},
        {"utm_source": "mail"},
        {"category": ["salon", "salon"]},
    ]:
        assert key(query) is None, query
    preview = requests.get(index.url)
    preview.is_preview = True
    assert kept_listing_key(preview, index.kept_filters, lambda: None) is None


def test_events_keep_upcoming_and_past_apart_and_never_a_month(kept, sections):
    concert = EventCategoryFactory(name="演奏会", slug="concert")
    now = datetime.datetime.now(datetime.UTC)
    upcoming = EventPageFactory(parent=sections["events"], title="これからの集い", category=concert)
    EventDateFactory(page=upcoming, start=now + datetime.timedelta(days=3))
    past = EventPageFactory(parent=sections["events"], title="終わった集い")
    EventDateFactory(page=past, start=now - datetime.timedelta(days=3))
    url = sections["events"].url
    for _ in range(2):
        assert "これからの集い" in kept.get(url).content.decode()
        past_html = kept.get(f"{url}past/").content.decode()
        assert "終わった集い" in past_html and "これからの集い" not in past_html
        assert kept.get(f"{url}?category=concert").context["results"].paginator.count == 1
    month = (now + datetime.timedelta(days=3)).strftime("%Y-%m")
    response = kept.get(f"{url}?month={month}")
    assert response.context["kept_listing"] is None
    assert response.context["results"].paginator.count == 1


def test_newsletters_keep_each_year(kept, sections):
    for number, year in [(1, 2025), (2, 2026)]:
        NewsletterIssuePageFactory(
            parent=sections["newsletters"],
            number=number,
            publication_date=datetime.date(year, 4, 1),
        )
    url = sections["newsletters"].url
    for _ in range(2):
        assert kept.get(url).context["results"].paginator.count == 2
        only_2025 = kept.get(f"{url}?year=2025")
        assert [issue.number for issue in only_2025.context["results"].object_list] == [1]
