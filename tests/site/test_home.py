# ruff: noqa: F811 - pytest fixtures imported from tests.site.outreach
import datetime
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from kokoron.events.factories import EventDateFactory, EventPageFactory
from kokoron.news.factories import NewsPageFactory, image_stream
from kokoron.newsletters.factories import NewsletterIssuePageFactory
from kokoron.pages.home import seconds_until_events_change
from tests.site.outreach import photo, sections, ward  # noqa: F401

pytestmark = pytest.mark.django_db
HOUR = datetime.timedelta(hours=1)


def fill(sections, photo, news=12, events=8, numbers=(1, 2)):
    for n in range(news):
        NewsPageFactory(
            parent=sections["news"],
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
            image=image_stream(photo, f"写真{n}"),
        )
    for number in numbers:
        NewsletterIssuePageFactory(
            parent=sections["newsletters"],
            number=number,
            publication_date=datetime.date(2026, number % 12 + 1, 1),
            image=image_stream(photo, "表紙"),
        )
    for n in range(events):
        page = EventPageFactory(parent=sections["events"], image=image_stream(photo, "会場"))
        EventDateFactory(page=page, start=timezone.now() + datetime.timedelta(days=n + 1))


def test_home_shows_latest_news_newsletter_and_upcoming_events(client, sections, photo):
    fill(sections, photo)
    home = sections["home"]
    home.news_heading = "新着情報"
    home.news_count = 3
    home.events_count = 2
    home.save_revision().publish()
    response = client.get("/")
    html = response.content.decode()
    assert '<h2 id="home-news">新着情報</h2>' in html
    assert len(response.context["latest_news"]) == 3
    assert response.context["latest_news"][0].date == datetime.date(2026, 1, 12)
    assert response.context["latest_issue"].number == 2  # published 2026-03-01
    assert len(response.context["upcoming_events"]) == 2
    assert 'type="application/atom+xml"' in html and 'href="/news/feed/"' in html
    assert 'href="/newsletters/feed/"' in html and 'href="/events/calendar/"' in html


def test_a_section_with_zero_items_is_hidden(client, sections, photo):
    fill(sections, photo, news=2, events=1)
    home = sections["home"]
    home.news_count = 0
    home.save_revision().publish()
    response = client.get("/")
    assert response.context["latest_news"] == []
    assert 'id="home-news"' not in response.content.decode()


def count_home_queries(client):
    client.get("/")  # renditions are made on the first view
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def test_the_sections_cost_the_same_queries_whatever_their_length(client, sections, photo):
    empty = count_home_queries(client)
    fill(sections, photo, news=2, events=1)
    few = count_home_queries(client)
    fill(sections, photo, news=10, events=8, numbers=(3, 4))
    many = count_home_queries(client)
    assert few == many
    assert few - empty <= 6  # section pages, news, issue, events, images, renditions


def test_home_page_makes_at_most_15_queries(client, sections, photo, django_assert_max_num_queries):
    fill(sections, photo, news=10, events=8)
    client.get("/")
    with django_assert_max_num_queries(15):
        assert client.get("/").status_code == 200


def test_the_demo_publishes_news_newsletters_and_events_in_two_languages(whole_demo, client):
    news = client.get("/news/")
    assert news.context["results"].paginator.count >= 30
    assert client.get("/en/news/").context["results"].paginator.count >= 4
    issues = client.get("/newsletters/").context["results"].object_list
    assert [issue.number for issue in issues] == [48, 47, 46]
    assert issues[0].pdf.file.read().startswith(b"%PDF")
    events = client.get("/events/")
    assert events.status_code == 200 and events.context["results"].paginator.count > 10
    districts = {event.district_id for event in events.context["results"].paginator.object_list}
    assert len(districts) >= 8
    assert client.get("/en/events/").status_code == 200
    home = client.get("/").content.decode()
    assert 'id="home-news"' in home and 'id="home-events"' in home
    assert "広報紙こころん 第48号" in home
    # The whole demo home page, header navigation and footer included, uncached.
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert len(queries) <= 15, "\n".join(query["sql"][:200] for query in queries)


def test_the_sections_are_kept_between_views_until_a_page_is_published(
    client, sections, photo, settings
):
    fill(sections, photo, news=3, events=2)
    # A cookie the page cache does not know: every view is rendered, as an editor's is.
    client.cookies["unknown"] = "1"
    without_cache = count_home_queries(client)
    settings.KOKORON_PAGE_CACHE_SECONDS = 300
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert len(queries) < without_cache
    assert len(response.context["latest_news"]) == 3

    fresh = NewsPageFactory(
        parent=sections["news"], date=datetime.date(2027, 1, 1), title="新しいお知らせ", live=False
    )
    fresh.save_revision().publish()
    assert client.get("/").context["latest_news"][0].title == "新しいお知らせ"


def test_upcoming_events_follow_the_clock_while_the_rest_is_kept(client, sections, photo, settings):
    """The sections' HTML is kept until the first event shown starts (or ends): then the
    events to show change without any publish."""
    fill(sections, photo, news=1, events=0)
    soon = EventPageFactory(parent=sections["events"], title="まもなく始まる集い")
    starts = timezone.now() + datetime.timedelta(seconds=5)
    EventDateFactory(page=soon, start=starts, end=None)
    later = EventPageFactory(parent=sections["events"], title="来週の集い")
    EventDateFactory(page=later, start=timezone.now() + datetime.timedelta(days=7))
    settings.KOKORON_PAGE_CACHE_SECONDS = 300
    client.cookies["unknown"] = "1"
    with CaptureQueriesContext(connection) as first:
        html = client.get("/").content.decode()
    assert "まもなく始まる集い" in html and "来週の集い" in html
    with CaptureQueriesContext(connection) as second:
        assert client.get("/").content.decode() == html
    assert len(second) < len(first)
    # Its start passes: no publish, no change to any page.
    time.sleep(max(0.0, (starts - timezone.now()).total_seconds()) + 0.5)
    html = client.get("/").content.decode()
    assert "まもなく始まる集い" not in html and "来週の集い" in html


def test_the_events_shown_hold_until_the_first_of_their_dates_ends_or_starts(sections):
    now = timezone.now()
    morning = EventPageFactory(parent=sections["events"])
    EventDateFactory(page=morning, start=now - HOUR, end=now + 2 * HOUR)  # under way
    EventDateFactory(page=morning, start=now + 24 * HOUR, end=now + 26 * HOUR)
    evening = EventPageFactory(parent=sections["events"])
    EventDateFactory(page=evening, start=now + 5 * HOUR, end=None)
    assert seconds_until_events_change([morning, evening], now) == 2 * 60 * 60
    assert seconds_until_events_change([evening], now) == 5 * 60 * 60
    # Nothing shown: only a publish changes what there is to show.
    assert seconds_until_events_change([], now) > 60 * 60
