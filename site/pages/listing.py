"""What every listing of the outreach sections shares: pagination, filters that never fail,
one query for all the pictures of a page of results, and feeds that announce themselves."""

import copy

from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from wagtail.images import get_image_model

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
