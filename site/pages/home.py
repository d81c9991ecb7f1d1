"""The home page's outreach sections: the latest news, the latest newsletter, upcoming events.

A fixed number of queries whatever the limits: one for the three section pages with their
Japanese versions, one per section for its items (its own and the Japanese ones not translated
yet), and two for all the pictures together.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from wagtail.models import Page

from kokoron.events.models import EventIndexPage
from kokoron.news.models import ATOM, ICALENDAR, Feed, NewsIndexPage
from kokoron.newsletters.models import NewsletterIndexPage
from kokoron.pages.listing import (
    attach_images,
    localize_items,
    reader_index_url,
    with_japanese_versions,
)
from kokoron.pages.privacy import restricted


def home_sections(home, request=None):
    models = (NewsIndexPage, NewsletterIndexPage, EventIndexPage)
    types = ContentType.objects.get_for_models(*models)
    by_type = {types[model].pk: model for model in models}
    indexes = {}
    sections = with_japanese_versions(
        Page.objects.filter(content_type__in=types.values()),
        Page.objects.child_of_q(home) & Q(live=True) & ~restricted(),
    )
    for page in sections:
        model = by_type[page.content_type_id]
        indexes.setdefault(model, page)
    news_index = indexes.get(NewsIndexPage)
    newsletter_index = indexes.get(NewsletterIndexPage)
    event_index = indexes.get(EventIndexPage)

    latest_news = []
    if news_index and home.news_count:
        latest_news = list(NewsIndexPage.news(news_index)[: home.news_count])
    latest_issue = None
    if newsletter_index and home.show_newsletter:
        latest_issue = NewsletterIndexPage.issues(newsletter_index).first()
    upcoming_events = []
    if event_index and home.events_count:
        upcoming_events = list(
            EventIndexPage.upcoming(event_index, timezone.now(), with_dates=False)[
                : home.events_count
            ]
        )
    attach_images([*latest_news, *([latest_issue] if latest_issue else []), *upcoming_events])
    # Each section's own pages and the Japanese ones not translated yet, linked under the
    # reader's prefix and marked (no query: the Japanese index is known from the listing).
    urls = {}
    for index, items in (
        (news_index, latest_news),
        (newsletter_index, [latest_issue] if latest_issue else []),
        (event_index, upcoming_events),
    ):
        if index is not None:
            localize_items(request, index, items)
            urls[index.pk] = reader_index_url(request, index)

    feeds = []
    if news_index:
        feeds.append(Feed(ATOM, NewsIndexPage.feed_title(), f"{urls[news_index.pk]}feed/"))
    if newsletter_index:
        feeds.append(
            Feed(ATOM, NewsletterIndexPage.feed_title(), f"{urls[newsletter_index.pk]}feed/")
        )
    if event_index:
        feeds.append(
            Feed(ICALENDAR, EventIndexPage.feed_title(), f"{urls[event_index.pk]}calendar/")
        )
    return {
        "news_index_url": urls.get(news_index.pk) if news_index else None,
        "newsletter_index_url": urls.get(newsletter_index.pk) if newsletter_index else None,
        "event_index_url": urls.get(event_index.pk) if event_index else None,
        "feeds": feeds,
        "news_index": news_index,
        "newsletter_index": newsletter_index,
        "event_index": event_index,
        "latest_news": latest_news,
        "latest_issue": latest_issue,
        "upcoming_events": upcoming_events,
    }
