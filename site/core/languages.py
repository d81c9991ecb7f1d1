"""Links between the languages of one page, for the switcher and for hreflang."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Locale, Page


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

    A Wagtail page links to its translation, or, where there is none yet, to the same language's
    nearest translated ancestor; any other view links to the same path in the other language.
    """
    current = translation.get_language()
    links = []
    translations = {}
    if isinstance(page, Page):
        translations = {
            translated.locale.language_code: translated
            for translated in page.get_translations(inclusive=True).live().select_related("locale")
        }
    for code, name in settings.LANGUAGES:
        if isinstance(page, Page):
            url = _page_url_in(page, code, translations, request)
        else:
            url = translate_url(request.get_full_path(), code)
        links.append(
            LanguageLink(
                code=code, name=name, url=url, html_lang=html_lang(code), is_current=code == current
            )
        )
    return links


def _page_url_in(page, code, translations, request):
    if code in translations:
        return translations[code].get_url(request)
    locale = Locale.objects.filter(language_code=code).first()
    for ancestor in page.get_ancestors().filter(depth__gt=1).reverse():
        localized = ancestor.get_translation_or_none(locale) if locale else None
        if localized is not None and localized.live:
            return localized.get_url(request)
    return translate_url("/", code)
