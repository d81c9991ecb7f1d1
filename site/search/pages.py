"""The core's own contribution to the site search: live, public pages in the active language."""

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale, Page, Site
from wagtail.search import index

from kokoron.pages.privacy import without_private

from . import ranking
from .backend import flatten
from .models import IndexedPageText
from .registry import MAX_PER_KIND, HitList, SearchContribution, SearchHit, search_queryset

# Page fields that date a page for ranking (newer a little higher), first found wins.
DATE_FIELDS = ("date", "publication_date")
# What the results need of a page without loading its specific model.
ROW_FIELDS = ("id", "title", "url_path", "content_type", "latest_revision", "last_published_at")
# Text kept of a page: what ranking reads, and room for an excerpt around a later match.
KEPT_CHARS = 2 * ranking.BODY_CHARS
# Pages whose text, date and URL each process keeps (a few MB).
CACHED_PAGES = 2_000


def page_text(page):
    """The plain text of a page's searchable fields other than its title."""
    parts = []
    for field in page.get_search_fields():
        if isinstance(field, index.SearchField) and field.field_name != "title":
            try:
                parts.append(flatten(field.get_value(page)))
            except Exception:  # one odd field never breaks the results page
                continue
    return " ".join(part for part in parts if part)


def page_date(page):
    for name in DATE_FIELDS:
        value = getattr(page, name, None)
        if value:
            return value
    return None


def summary_text(page):
    """What a specific page's results entry ranks and quotes."""
    return " ".join(filter(None, [page.search_description, page_text(page)]))[:KEPT_CHARS]


def store_indexed_texts(pages):
    """Keep the text of specific pages being indexed (kokoron.search.backend calls it)."""
    if not pages:
        return  # a batch of base pages only: their specific pages carry the text
    languages = dict(Locale.objects.values_list("pk", "language_code"))
    rows = []
    for page in pages:
        with translation.override(languages.get(page.locale_id)):
            when = page_date(page)
            rows.append(
                IndexedPageText(
                    page_id=page.pk,
                    revision_id=page.latest_revision_id,
                    published_at=page.last_published_at,
                    text=summary_text(page),
                    when=when.date() if isinstance(when, datetime) else when,
                )
            )
    IndexedPageText.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["page"],
        update_fields=["revision_id", "published_at", "text", "when"],
    )


@dataclass(frozen=True)
class PageSummary:
    text: str
    when: date | datetime | None


class _Summaries:
    """Summaries of pages, least recently used dropped first. The key holds the page's type,
    latest revision, publication time, path, title and the language, so an edited or moved
    page is read again; what is cached is public text only."""

    def __init__(self, size):
        self.size = size
        self.items = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, keys):
        found = {}
        with self.lock:
            for key in keys:
                if key in self.items:
                    self.items.move_to_end(key)
                    found[key] = self.items[key]
        return found

    def set_many(self, items):
        with self.lock:
            self.items.update(items)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self):
        with self.lock:
            self.items.clear()


summaries = _Summaries(CACHED_PAGES)


def _key(page):
    published = page.last_published_at.isoformat() if page.last_published_at else ""
    return (
        page.pk,
        page.content_type_id,
        page.latest_revision_id,
        published,
        page.url_path,
        page.title,
        get_language(),
    )


def page_summaries(pages):
    """{page pk: PageSummary} of pages loaded with ROW_FIELDS: from this process's cache, else
    from the texts stored when the pages were indexed, else (a page indexed before those were
    stored, or changed since) from its specific page, in one query per page type."""
    keys = {page.pk: _key(page) for page in pages}
    cached = summaries.get_many(keys.values())
    missing = {page.pk: page for page in pages if keys[page.pk] not in cached}
    if missing:
        fresh = {}
        for row in IndexedPageText.objects.filter(page_id__in=missing):
            page = missing[row.page_id]
            if (row.revision_id, row.published_at) == (
                page.latest_revision_id,
                page.last_published_at,
            ):
                fresh[keys[page.pk]] = PageSummary(text=row.text, when=row.when)
        unread = [pk for pk in missing if keys[pk] not in fresh]
        for page in Page.objects.filter(pk__in=unread).specific():
            fresh[keys[page.pk]] = PageSummary(text=summary_text(page), when=page_date(page))
        summaries.set_many(fresh)
        cached.update(fresh)
    return {pk: cached[key] for pk, key in keys.items() if key in cached}


def _page_url(page, root_paths):
    page._wagtail_cached_site_root_paths = root_paths
    return page.get_url()


# A result's address is worked out only if it is shown (a page of ten of the hundred ranked).
_lazy_page_url = lazy(_page_url, str)


def search_pages(query, language_code, limit=MAX_PER_KIND):
    locale = Locale.get_active()
    pages = without_private(Page.objects.live().filter(locale=locale, depth__gt=1))
    pages = pages.only(*ROW_FIELDS)
    found, total = search_queryset(pages, query, limit)
    found_summaries = page_summaries(found)
    root_paths = Site.get_site_root_paths()
    hits = HitList(total=total)
    for page in found:
        summary = found_summaries.get(page.pk)
        model = ContentType.objects.get_for_id(page.content_type_id).model_class()
        routable = any(page.url_path.startswith(root.root_path) for root in root_paths)
        if summary is None or not routable or model is None:
            continue
        hits.append(
            SearchHit(
                title=page.title,
                url=_lazy_page_url(page, root_paths),
                text=summary.text,
                when=summary.when,
                group=f"pages.{model._meta.label_lower}",
                group_label=str(model._meta.verbose_name_plural).capitalize(),
            )
        )
    return hits


def page_contributions():
    return [SearchContribution(kind="pages", label=_("Pages"), search=search_pages, order=0)]
