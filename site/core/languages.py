"""Links between the languages of one page, for the switcher and for hreflang; and the Japanese
page shown where a page has no translation in the visitor's language yet."""

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Locale, Page, Site

from kokoron.pages import cache as page_cache


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    html_lang: str
    is_current: bool
    # The page exists in this language (else the link leads to the Japanese page, or a home).
    exists: bool = True


def language_choices():
    """The languages that are on, for model and form fields (a callable: no migration per set)."""
    return list(settings.LANGUAGES)


def html_lang(language_code):
    """The lang attribute for a language: easy Japanese is Japanese to a screen reader."""
    if language_code.startswith("ja"):
        return "ja"
    return {"zh-hans": "zh-Hans", "pt-br": "pt-BR"}.get(language_code, language_code)


def localize_path(path, language_code=None):
    """A site path written without a language ("/directory/") in the given or active language."""
    language_code = language_code or translation.get_language() or settings.LANGUAGE_CODE
    if not path.startswith("/") or path.startswith("//") or language_code == settings.LANGUAGE_CODE:
        return path
    return f"/{language_code}{path}"


def language_links(request, page=None):
    """One link per language to this page in that language, worked out once per request.

    A Wagtail page links to its translation, or, where there is none yet, to the same page under
    that language's prefix, where its Japanese version is shown with a notice; any other view
    links to the same path in the other language. A page costs at most three queries.
    """
    key = page.pk if isinstance(page, Page) else None
    cached = getattr(request, "_kokoron_language_links", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    current = translation.get_language()
    if isinstance(page, Page):
        # From the cache until a page changes: they cost up to three queries.
        urls, existing = page_cache.fragment(
            f"languages:{page.pk}", request, lambda: _page_urls(page, request)
        )
    else:
        urls = {
            code: translate_url(request.get_full_path(), code) for code, _ in settings.LANGUAGES
        }
        existing = set(urls)
    links = [
        LanguageLink(
            code=code,
            name=name,
            url=urls[code],
            html_lang=html_lang(code),
            is_current=code == current,
            exists=code in existing,
        )
        for code, name in settings.LANGUAGES
    ]
    request._kokoron_language_links = (key, links)
    return links


def _page_urls(page, request):
    found = {
        translated.locale.language_code: translated
        for translated in page.get_translations(inclusive=True).live().select_related("locale")
    }
    existing = set(found)
    missing = [code for code, _ in settings.LANGUAGES if code not in found]
    urls = {code: translated.get_url(request) for code, translated in found.items()}
    if not missing:
        return urls, existing
    # The Japanese page is what a language without a translation shows; its path below the
    # deepest ancestor that language has is the same path below that ancestor's translation.
    source = found.get(settings.LANGUAGE_CODE)
    base = source or page
    # A home page (depth 2) has no ancestor to look up.
    ancestors = (
        {a.translation_key: a for a in base.get_ancestors().filter(depth__gt=1)}
        if base.depth > 2
        else {}
    )
    fallbacks = Page.objects.live().filter(
        translation_key__in=ancestors, locale__language_code__in=missing
    )
    deepest = {}
    for candidate in fallbacks.select_related("locale") if ancestors else ():
        code = candidate.locale.language_code
        if code not in deepest or candidate.depth > deepest[code].depth:
            deepest[code] = candidate
    for code in missing:
        ancestor = deepest.get(code)
        if source is None:
            urls[code] = ancestor.get_url(request) if ancestor else translate_url("/", code)
        elif ancestor is None:
            urls[code] = localize_path(urls[settings.LANGUAGE_CODE], code)
        else:
            below = source.url_path[len(ancestors[ancestor.translation_key].url_path) :]
            urls[code] = ancestor.get_url(request) + below
    return urls, existing


def fallback_route(request, path):
    """The Japanese page for a path in a language the page is not translated into yet.

    The path is followed through the visitor's language as far as it is translated, then
    through the Japanese pages below that point: (page, args, kwargs) as Wagtail routes, or None.
    """
    if translation.get_language() == settings.LANGUAGE_CODE:
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    default = Locale.get_default()
    page = site.root_page.localized
    components = [component for component in path.split("/") if component]
    followed = 0
    while followed < len(components):
        child = page.get_children().live().filter(slug=components[followed]).first()
        if child is None:
            break
        page = child
        followed += 1
    source = page if page.locale_id == default.pk else page.get_translation_or_none(default)
    if source is None:
        return None
    try:
        return source.specific.route(request, components[followed:])
    except Http404:
        return None


def is_fallback(request, page):
    """True where the page shown is the Japanese one standing in for the visitor's language."""
    if not isinstance(page, Page):
        return False
    return not any(link.is_current and link.exists for link in language_links(request, page))
