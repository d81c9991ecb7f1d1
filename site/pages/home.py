"""The home page's outreach sections: the latest news, the latest newsletter, upcoming events.

A fixed number of queries whatever the limits: one for the three section pages, one per
section for its items, and two for all the pictures together.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from wagtail.models import Page

from kokoron.events.models import EventIndexPage
from kokoron.news.models import ATOM, ICALENDAR, Feed, NewsIndexPage
from kokoron.newsletters.models import NewsletterIndexPage
from kokoron.pages.listing import attach_images
from kokoron.pages.privacy import public


def home_sections(home):
    models = (NewsIndexPage, NewsletterIndexPage, EventIndexPage)
    types = ContentType.objects.get_for_models(*models)
    by_type = {types[model].pk: model for model in models}
    indexes = {}
    sections = public(Page.objects.child_of(home).live().filter(content_type__in=types.values()))
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

    feeds = []
    if news_index:
        feeds.append(Feed(ATOM, NewsIndexPage.feed_title(), f"{news_index.url}feed/"))
    if newsletter_index:
        feeds.append(Feed(ATOM, NewsletterIndexPage.feed_title(), f"{newsletter_index.url}feed/"))
    if event_index:
        feeds.append(Feed(ICALENDAR, EventIndexPage.feed_title(), f"{event_index.url}calendar/"))
    return {
        "feeds": feeds,
        "news_index": news_index,
        "newsletter_index": newsletter_index,
        "event_index": event_index,
        "latest_news": latest_news,
        "latest_issue": latest_issue,
        "upcoming_events": upcoming_events,
    }
