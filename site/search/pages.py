"""The core's own contribution to the site search: live, public pages in the active language."""

from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale, Page
from wagtail.search import index

from .backend import flatten
from .registry import HitList, SearchContribution, SearchHit, search_queryset

# Page fields that date a page for ranking (newer a little higher), first found wins.
DATE_FIELDS = ("date", "publication_date")


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


def search_pages(query, language_code):
    locale = Locale.get_active()
    pages = Page.objects.live().public().filter(locale=locale, depth__gt=1)
    found, total = search_queryset(pages.only("id"), query)
    ids = [page.pk for page in found]
    specific = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific()}
    hits = HitList(total=total)
    for pk in ids:
        page = specific.get(pk)
        if page is None:
            continue
        model = type(page)
        hits.append(
            SearchHit(
                title=page.title,
                url=page.get_url(),
                text=" ".join(filter(None, [page.search_description, page_text(page)])),
                when=page_date(page),
                group=f"pages.{model._meta.label_lower}",
                group_label=str(model._meta.verbose_name_plural).capitalize(),
            )
        )
    return hits


def page_contributions():
    return [SearchContribution(kind="pages", label=_("Pages"), search=search_pages, order=0)]
