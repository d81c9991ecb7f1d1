"""The home page's outreach sections: the latest news, the latest newsletter, upcoming events.

Each is one query for its items and at most one for their pictures, whatever the limits.
"""

from django.utils import timezone

from kokoron.events.models import EventIndexPage
from kokoron.news.models import NewsIndexPage
from kokoron.newsletters.models import NewsletterIndexPage
from kokoron.pages.listing import attach_images


def _index(model, home):
    return model.objects.child_of(home).live().first()


def home_sections(home):
    news_index = _index(NewsIndexPage, home)
    newsletter_index = _index(NewsletterIndexPage, home)
    event_index = _index(EventIndexPage, home)
    latest_news = []
    if news_index and home.news_count:
        latest_news = attach_images(news_index.news()[: home.news_count])
    latest_issue = None
    if newsletter_index and home.show_newsletter:
        latest_issue = newsletter_index.issues().first()
        if latest_issue is not None:
            attach_images([latest_issue])
    upcoming_events = []
    if event_index and home.events_count:
        upcoming_events = attach_images(event_index.upcoming(timezone.now())[: home.events_count])
    feeds = [
        feed
        for index in (news_index, newsletter_index, event_index)
        if index is not None
        for feed in index.feeds()
    ]
    return {
        "feeds": feeds,
        "news_index": news_index,
        "newsletter_index": newsletter_index,
        "event_index": event_index,
        "latest_news": latest_news,
        "latest_issue": latest_issue,
        "upcoming_events": upcoming_events,
    }
