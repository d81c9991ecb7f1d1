"""What every listing of the outreach sections shares: pagination, filters that never fail,
one query for all the pictures of a page of results, feeds that announce themselves, and the
Japanese pages listed where a language has no translation of them yet."""

import copy
import hashlib
import re

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.utils import translation
from django.utils.translation import gettext as _

from wagtail.images import get_image_model
from wagtail.models import Page

from kokoron.core.languages import localize_path
from kokoron.pages import cache as page_cache

DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 100


def paginate(request, queryset, per_page):
    """One page of results; a page number that is not one gives the first or the last page."""
    per_page = max(1, min(int(per_page or DEFAULT_PER_PAGE), MAX_PER_PAGE))
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def filter_messages(filterset):
    """Plain messages for the filter values that were not understood, which are ignored."""
    if not filterset.is_bound or filterset.form.is_valid():
        return []
    messages = []
    for name, errors in filterset.form.errors.items():
        field = filterset.form.fields.get(name)
        label = field.label if field is not None else name
        messages.append(
            _("“%(label)s” was not understood and is not applied: %(error)s")
            % {"label": label, "error": " ".join(errors)}
        )
    return messages


def query_without_page(request):
    """The current filters as a query string, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# A page number the kept listings keep: 1 to 9999, written plainly.
KEPT_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,3}")


def kept_listing_key(request, filter_names, filterset):
    """The name under which this listing's results are kept between views, or None where the
    query is not one to keep: a parameter that is no filter, a value given twice, a page
    number written otherwise than plainly, or a filter value that is not one of its choices.

    Only queries whose every value is a valid choice are kept, so that the kept listings are
    as few as the choices (no visitor can fill the cache with made-up addresses).
    `filterset` is called only when the query has filters: the bare listing needs no query.
    """
    # A preview shows an editor's draft of the index (its number per page, say).
    if getattr(request, "is_preview", False):
        return None
    query = request.GET
    if not set(query) <= {*filter_names, "page"}:
        return None
    if any(len(query.getlist(name)) > 1 for name in query):
        return None
    page_number = query.get("page")
    if page_number is not None and not KEPT_PAGE_NUMBER.fullmatch(page_number):
        return None
    if set(query) - {"page"} and not filterset().form.is_valid():
        return None
    address = f"{request.path}?{query.urlencode()}"
    return f"listing:{hashlib.sha256(address.encode()).hexdigest()}"


def first_image(stream_value):
    """The (image id, alt text, decorative) of a one-image stream, read without a query."""
    for item in getattr(stream_value, "raw_data", []) or []:
        value = item.get("value") or {}
        if isinstance(value, dict) and value.get("image"):
            return value["image"], value.get("alt_text") or "", bool(value.get("decorative"))
    return None


def attach_images(pages, field="image", attribute="card_image"):
    """Set `attribute` on each page to its image, with alt text, fetched for all pages at once.

    The images come with their renditions, so the listing makes the same number of queries
    whatever the number of pages in it.
    """
    pages = list(pages)
    wanted = {}
    for page in pages:
        found = first_image(getattr(page, field, None))
        if found:
            wanted[page.pk] = found
    images = {}
    if wanted:
        images = (
            get_image_model()
            .objects.prefetch_related("renditions")
            .in_bulk({image_id for image_id, _alt, _decorative in wanted.values()})
        )
    for page in pages:
        image = None
        if page.pk in wanted:
            image_id, alt_text, decorative = wanted[page.pk]
            if image_id in images:
                image = copy.copy(images[image_id])
                image.decorative = decorative
                image.contextual_alt_text = "" if decorative else alt_text
        setattr(page, attribute, image)
    return pages


def japanese_index(index):
    """The Japanese version of a section index (the index itself if it is Japanese), or None;
    one query, once per index object."""
    cached = index.__dict__.get("_kokoron_japanese_index", False)
    if cached is False:
        # From the cache between requests: a section's Japanese index changes only when a
        # page is published, moved or deleted, which makes the fragment anew.
        cached = page_cache.fragment(
            f"japanese-index:{index.pk}",
            None,
            lambda: (
                Page.objects.filter(
                    translation_key=index.translation_key,
                    locale__language_code=settings.LANGUAGE_CODE,
                )
                .only("id", "path", "depth", "url_path", "locale_id")
                .first()
            ),
        )
        index.__dict__["_kokoron_japanese_index"] = cached
    return cached


def with_japanese_versions(queryset, listed):
    """The pages of `queryset` that match `listed` (a Q), in path order, each with its Japanese
    version known: both in one query."""
    keys = queryset.filter(listed).values("translation_key")
    japanese = Q(locale__language_code=settings.LANGUAGE_CODE, translation_key__in=keys)
    rows = list(
        queryset.filter(listed | japanese)
        .annotate(
            listed=ExpressionWrapper(listed, output_field=BooleanField()),
            language=F("locale__language_code"),
        )
        .order_by("path")
    )
    versions = {row.translation_key: row for row in rows if row.language == settings.LANGUAGE_CODE}
    pages = [row for row in rows if row.listed]
    for page in pages:
        page.__dict__["_kokoron_japanese_index"] = versions.get(page.translation_key)
    return pages


def in_section_language(queryset, index):
    """The pages of `queryset` that the index lists: its own children, and, under an index in
    another language than Japanese, the Japanese index's children that have no live
    translation in the index's language yet (one query: the union is filtered, ordered and
    paged like any queryset)."""
    japanese = japanese_index(index)
    if japanese is None or japanese.pk == index.pk:
        return queryset.child_of(index)
    translated = Page.objects.filter(
        translation_key=OuterRef("translation_key"), locale_id=index.locale_id, live=True
    )
    return queryset.filter(
        queryset.child_of_q(index) | (queryset.child_of_q(japanese) & ~Exists(translated))
    )


def _is_readers(index, language):
    japanese = japanese_index(index)
    return language == settings.LANGUAGE_CODE or japanese is None or japanese.pk != index.pk


def reader_index_url(request, index, language=None):
    """The index's address under the reader's language prefix: its own, or, for the Japanese
    index standing in for a language that has no such section, the same path under that
    language's prefix (sections are children of a home page)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    url = index.get_url(request) or ""
    return url if _is_readers(index, language) else localize_path(url, language)


def localize_items(request, index, items, language=None):
    """Give each listed page `listing_url`, its address under the reader's language prefix, and
    `in_japanese`, True for a Japanese page listed in another language (no query).

    A Japanese page shown to a reader of another language is reached below the index in the
    reader's language (`/en/news/<its Japanese slug>/`), where Wagtail finds no translation
    and the Japanese page is shown with the notice of pages not translated yet.
    """
    items = list(items)
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    base = reader_index_url(request, index, language)
    # The index is in the reader's language, or it is the Japanese one standing in for it.
    own_locale_id = index.locale_id if _is_readers(index, language) else None
    for item in items:
        item.in_japanese = item.locale_id != own_locale_id
        item.listing_url = f"{base}{item.slug}/" if item.in_japanese else item.get_url(request)
    return items
