"""Links between the languages of one page, for the switcher and for hreflang."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Page


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    html_lang: str
    is_current: bool


def html_lang(language_code):
    """The lang attribute for a language: easy Japanese is Japanese to a screen reader."""
    return "ja" if language_code.startswith("ja") else language_code


def localize_path(path, language_code=None):
    """A site path written without a language ("/directory/") in the given or active language."""
    language_code = language_code or translation.get_language() or settings.LANGUAGE_CODE
    if not path.startswith("/") or path.startswith("//") or language_code == settings.LANGUAGE_CODE:
        return path
    return f"/{language_code}{path}"


def language_links(request, page=None):
    """One link per language to this page in that language.

    A Wagtail page links to its translation, or, where there is none yet, to that language's
    version of its nearest translated ancestor, else that language's home; any other view links
    to the same path in the other language. A page costs at most three queries.
    """
    current = translation.get_language()
    if isinstance(page, Page):
        urls = _page_urls(page, request)
    else:
        urls = {
            code: translate_url(request.get_full_path(), code) for code, _ in settings.LANGUAGES
        }
    return [
        LanguageLink(
            code=code,
            name=name,
            url=urls[code],
            html_lang=html_lang(code),
            is_current=code == current,
        )
        for code, name in settings.LANGUAGES
    ]


def _page_urls(page, request):
    found = {
        translated.locale.language_code: translated
        for translated in page.get_translations(inclusive=True).live().select_related("locale")
    }
    missing = [code for code, _ in settings.LANGUAGES if code not in found]
    if missing:
        ancestors = list(page.get_ancestors().filter(depth__gt=1))
        depth_of = {ancestor.translation_key: ancestor.depth for ancestor in ancestors}
        fallbacks = Page.objects.live().filter(
            translation_key__in=depth_of, locale__language_code__in=missing
        )
        # Shallowest first, so that the deepest translated ancestor is the one kept.
        for candidate in sorted(
            fallbacks.select_related("locale"), key=lambda p: depth_of[p.translation_key]
        ):
            found[candidate.locale.language_code] = candidate
    return {
        code: found[code].get_url(request) if code in found else translate_url("/", code)
        for code, _ in settings.LANGUAGES
    }
