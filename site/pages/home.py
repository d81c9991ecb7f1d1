"""The home page's outreach sections: the latest news, the latest newsletter, upcoming events.

A fixed number of queries whatever the limits: one for the three section pages with their
Japanese versions, one per section for its items (its own and the Japanese ones not translated
yet), and two for all the pictures together. The indexes, the news and the newsletter are kept
in the cache until a page is published, unpublished, moved or made private, and at most for
the page cache's time. What the three sections render is kept as well (`home_context`), and
also until the first of the events shown starts or ends, when the events to show change.
"""

import datetime
import functools

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from wagtail.models import Page

from kokoron.events.models import EventDate, EventIndexPage, upcoming_dates
from kokoron.news.models import ATOM, ICALENDAR, Feed, NewsIndexPage
from kokoron.newsletters.models import NewsletterIndexPage
from kokoron.pages import cache as page_cache
from kokoron.pages.listing import (
    attach_images,
    localize_items,
    reader_index_url,
    with_japanese_versions,
)
from kokoron.pages.privacy import restricted

SECTION_NAMES = (
    "news_index_url",
    "newsletter_index_url",
    "event_index_url",
    "news_index",
    "newsletter_index",
    "event_index",
    "latest_news",
    "latest_issue",
    "upcoming_events",
)


def home_context(home, request):
    """The home page's context: its feeds, and its sections worked out only when the template
    shows them. The template keeps what they render (`kept_home`, {% kept_fragment %}) until a
    publish, and until the first of the events shown starts or ends (`kept_home_seconds`); an
    editor's preview is rendered afresh."""
    # Read once for the feeds and the sections (twice when the page cache is off).
    kept = functools.cache(lambda: _kept_sections(home, request))
    sections = functools.cache(lambda: home_sections(home, request, kept()))
    context = {
        name: SimpleLazyObject(functools.partial(lambda name: sections()[name], name))
        for name in SECTION_NAMES
    }
    context["feeds"] = SimpleLazyObject(lambda: home_feeds(request, kept()))
    preview = getattr(request, "is_preview", False)
    context["kept_home"] = None if preview else f"home-sections-html:{home.pk}"
    context["kept_home_seconds"] = lambda: seconds_until_events_change(
        sections()["upcoming_events"]
    )
    return context


def seconds_until_events_change(events, now=None):
    """How long these upcoming events stay the ones to show: until the first of their dates
    not over yet ends (or, without an end, starts). Another event comes in only when one of
    these leaves, and new dates come with a publish."""
    if not events:
        return 24 * 60 * 60
    now = now or timezone.now()
    found = EventDate.objects.filter(
        upcoming_dates(now), page_id__in=[event.pk for event in events]
    ).aggregate(first_end=Min("end"), first_start=Min("start", filter=Q(end__isnull=True)))
    moments = [moment for moment in found.values() if moment is not None]
    if not moments:
        return 0
    return max(0, int((min(moments) - now) / datetime.timedelta(seconds=1)))


def home_feeds(request, kept_sections):
    """The feeds the home page announces in its head: its sections' (no query when the
    sections are kept)."""
    news_index, newsletter_index, event_index, _news, _issue = kept_sections
    feeds = []
    if news_index:
        url = reader_index_url(request, news_index)
        feeds.append(Feed(ATOM, NewsIndexPage.feed_title(), f"{url}feed/"))
    if newsletter_index:
        url = reader_index_url(request, newsletter_index)
        feeds.append(Feed(ATOM, NewsletterIndexPage.feed_title(), f"{url}feed/"))
    if event_index:
        url = reader_index_url(request, event_index)
        feeds.append(Feed(ICALENDAR, EventIndexPage.feed_title(), f"{url}calendar/"))
    return feeds


def _kept_sections(home, request):
    # What changes only when pages are published, unpublished, moved or made private: from
    # the cache between views.
    return page_cache.fragment(
        f"home-sections:{home.pk}",
        request,
        lambda: _published_sections(home),
        seconds=page_cache.timeout(),
    )


def home_sections(home, request=None, kept_sections=None):
    """The sections' indexes, addresses and items, as the template shows them."""
    kept_sections = kept_sections or _kept_sections(home, request)
    news_index, newsletter_index, event_index, latest_news, latest_issue = kept_sections
    # Upcoming events change with the clock too: read whenever the sections are rendered.
    upcoming_events = []
    if event_index and home.events_count:
        upcoming_events = list(
            EventIndexPage.upcoming(event_index, timezone.now(), with_dates=False)[
                : home.events_count
            ]
        )
    # The pictures on every view: their renditions are made as pages are shown, and a kept
    # image would keep its list of renditions from before, asking for them to be made again.
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

    return {
        "news_index_url": urls.get(news_index.pk) if news_index else None,
        "newsletter_index_url": urls.get(newsletter_index.pk) if newsletter_index else None,
        "event_index_url": urls.get(event_index.pk) if event_index else None,
        "news_index": news_index,
        "newsletter_index": newsletter_index,
        "event_index": event_index,
        "latest_news": latest_news,
        "latest_issue": latest_issue,
        "upcoming_events": upcoming_events,
    }


def _published_sections(home):
    """The home page's section indexes, its latest news and its latest newsletter."""
    models = (NewsIndexPage, NewsletterIndexPage, EventIndexPage)
    types = ContentType.objects.get_for_models(*models)
    by_type = {types[model].pk: model for model in models}
    indexes = {}
    sections = with_japanese_versions(
        Page.objects.filter(content_type__in=types.values()),
        Page.objects.child_of_q(home) & Q(live=True) & ~restricted(),
    )
    for page in sections:
        indexes.setdefault(by_type[page.content_type_id], page)
    news_index = indexes.get(NewsIndexPage)
    newsletter_index = indexes.get(NewsletterIndexPage)
    latest_news = []
    if news_index and home.news_count:
        latest_news = list(NewsIndexPage.news(news_index)[: home.news_count])
    latest_issue = None
    if newsletter_index and home.show_newsletter:
        latest_issue = NewsletterIndexPage.issues(newsletter_index).first()
    return news_index, newsletter_index, indexes.get(EventIndexPage), latest_news, latest_issue
