"""Atom feeds of a section's pages (Django's syndication framework), one per language; a
language's feed lists the Japanese pages not translated into it yet, each marked as Japanese."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext

from kokoron.core.languages import html_lang
from kokoron.core.localized import label_categories
from kokoron.pages.listing import localize_items

FEED_LENGTH = 20


class LanguageAtomFeed(Atom1Feed):
    """Atom whose entries may say their own language (xml:lang) when it is not the feed's."""

    def item_attributes(self, item):
        attributes = super().item_attributes(item)
        if item.get("language"):
            attributes["xml:lang"] = item["language"]
        return attributes


class SectionFeed(Feed):
    """The newest pages of one index page, in the index page's language.

    Subclasses give `items_for(index)` and may override `item_date` and `item_summary`.
    """

    feed_type = LanguageAtomFeed

    def __init__(self, index, request):
        super().__init__()
        self.index = index
        self.request = request
        self.language = html_lang(index.locale.language_code)
        # The language of the address asked for: under /vi/ a section without a Vietnamese
        # version is the Japanese one, whose entries link under /vi/.
        self.reader_language = translation.get_language()

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
        items = localize_items(
            self.request,
            self.index,
            self.items_for(self.index)[:FEED_LENGTH],
            language=self.reader_language,
        )
        label_categories(items)
        return items

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return self.request.build_absolute_uri(item.listing_url)

    def item_guid(self, item):
        return self.request.build_absolute_uri(item.listing_url)

    def item_extra_kwargs(self, item):
        extra = super().item_extra_kwargs(item)
        if item.in_japanese and self.language != "ja":
            extra["language"] = "ja"
        return extra

    def item_categories(self, item):
        # The same label as on the listing's cards, in the feed's language.
        return [gettext("In Japanese")] if item.in_japanese else []

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
