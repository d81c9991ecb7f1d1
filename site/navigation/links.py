"""Header and footer links resolved for the active language in one query.

Each link's page is looked up in the visitor's language, falling back to the page itself; going
through Wagtail's `page.localized` would cost a locale and a translation query per link.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils import translation

from wagtail.models import Page

from kokoron.core.languages import localize_path


@dataclass(frozen=True)
class ResolvedLink:
    href: str
    text: str


def link_values(stream):
    """The raw values of a links StreamField, without loading its pages one block at a time."""
    if not stream:
        return []
    return [child["value"] for child in stream.raw_data if child["type"] == "link"]


def pages_in_active_language(page_ids):
    """{page id: its live translation in the active language, else the live page itself}."""
    if not page_ids:
        return {}
    language = translation.get_language()
    keys = Page.objects.filter(id__in=page_ids).values("translation_key")
    candidates = (
        Page.objects.live()
        .filter(translation_key__in=keys)
        .filter(Q(locale__language_code=language) | Q(id__in=page_ids))
        .only("id", "title", "url_path", "translation_key", "locale_id", "depth", "path")
        .select_related("locale")
    )
    originals, translated = {}, {}
    for page in candidates:
        if page.id in page_ids:
            originals[page.id] = page
        if page.locale.language_code == language:
            translated[page.translation_key] = page
    return {
        page_id: translated.get(original.translation_key, original)
        for page_id, original in originals.items()
    }


def resolve_links(request, *streams):
    """For each links StreamField, its links as (href, text) in the active language.

    Links to pages that are not live are left out: they would lead to a 404.
    """
    values = [link_values(stream) for stream in streams]
    page_ids = {value["page"] for links in values for value in links if value.get("page")}
    pages = pages_in_active_language(page_ids)
    resolved = []
    for links in values:
        items = []
        for value in links:
            if value.get("page"):
                page = pages.get(value["page"])
                if page is None:
                    continue
                items.append(ResolvedLink(page.get_url(request), value.get("label") or page.title))
            elif value.get("url"):
                items.append(ResolvedLink(localize_path(value["url"]), value.get("label") or ""))
        resolved.append(items)
    return resolved
