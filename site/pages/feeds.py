"""Atom feeds of a section's pages (Django's syndication framework), one per language."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from kokoron.core.languages import html_lang

FEED_LENGTH = 20


class SectionFeed(Feed):
    """The newest pages of one index page, in the index page's language.

    Subclasses give `items_for(index)` and may override `item_date` and `item_summary`.
    """

    feed_type = Atom1Feed

    def __init__(self, index, request):
        super().__init__()
        self.index = index
        self.request = request
        self.language = html_lang(index.locale.language_code)

    def __call__(self, request, *args, **kwargs):
        with translation.override(self.index.locale.language_code):
            return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index.title} | {gettext('Kokoron')}"

    def link(self):
        return self.index.get_full_url(self.request)

    def subtitle(self):
        return getattr(self.index, "feed_subtitle", "") or self.index.search_description

    def feed_url(self):
        return self.request.build_absolute_uri()

    def items(self):
        return self.items_for(self.index)[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_description(self, item):
        return self.item_summary(item)

    def item_summary(self, item):
        return getattr(item, "summary", "") or item.search_description

    def item_date(self, item):
        return None

    def item_pubdate(self, item):
        value = self.item_date(item)
        if isinstance(value, datetime.datetime):
            return value
        if isinstance(value, datetime.date):
            return timezone.make_aware(datetime.datetime.combine(value, datetime.time(9, 0)))
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at or item.first_published_at
