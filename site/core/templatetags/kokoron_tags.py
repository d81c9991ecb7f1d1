from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

from kokoron.core import display
from kokoron.core.languages import html_lang, is_fallback, language_links
from kokoron.navigation.links import resolve_links
from kokoron.navigation.models import Footer, MainMenu

register = template.Library()


@register.simple_tag
def current_html_lang():
    return html_lang(translation.get_language() or "ja")


@register.simple_tag
def home_url():
    """The home page in the active language: / for Japanese, /en/ for English."""
    return reverse("wagtail_serve", args=("",))


@register.simple_tag(takes_context=True)
def alternate_links(context):
    """(hreflang, absolute URL) for each language the page exists in, and x-default: Japanese."""
    request = context.get("request")
    if request is None:
        return []
    links = [link for link in language_links(request, context.get("page")) if link.exists]
    alternates = [
        ("ja-x-easy" if link.code == "ja-easy" else link.html_lang, link.url) for link in links
    ]
    if links:
        default = next((link for link in links if link.code == settings.LANGUAGE_CODE), links[0])
        alternates.append(("x-default", default.url))
    return [(hreflang, request.build_absolute_uri(url)) for hreflang, url in alternates]


@register.simple_tag(takes_context=True)
def shown_in_japanese(context):
    """True where the page is the Japanese one standing in for a missing translation."""
    request = context.get("request")
    return request is not None and is_fallback(request, context.get("page"))


@register.simple_tag
def language_homes():
    """The home page of every language that is on, for pages that have no other way on."""
    return [
        {"code": code, "name": name, "lang": html_lang(code), "url": translate_url("/", code)}
        for code, name in settings.LANGUAGES
    ]


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context["request"]
    return {"links": language_links(request, context.get("page")), "request": request}


def _navigation(request):
    """The header menu and the footer of the active language with their links, once a request."""
    language = translation.get_language()
    cached = getattr(request, "_kokoron_navigation", None)
    if cached is None or cached[0] != language:
        menu = MainMenu.objects.for_active_locale()
        footer = Footer.objects.for_active_locale()
        menu_links, footer_links = resolve_links(
            request, menu.links if menu else None, footer.links if footer else None
        )
        cached = (language, menu, menu_links, footer, footer_links)
        if request is not None:
            request._kokoron_navigation = cached
    return cached[1:]


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context.get("request")
    menu, links, _footer, _footer_links = _navigation(request)
    return {"menu": menu, "links": links, "request": request}


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context):
    request = context.get("request")
    _menu, _menu_links, footer, links = _navigation(request)
    return {"footer": footer, "links": links, "request": request}


def _display_preferences(context):
    request = context.get("request")
    cookies = request.COOKIES if request is not None else {}
    return display.preferences(cookies, translation.get_language() or settings.LANGUAGE_CODE)


@register.simple_tag(takes_context=True)
def display_classes(context):
    """The visitor's text size, contrast and furigana as classes for <html>."""
    return display.html_classes(_display_preferences(context))


@register.inclusion_tag("includes/display_settings.html", takes_context=True)
def display_settings(context):
    request = context.get("request")
    return {
        "preferences": _display_preferences(context),
        "next": request.get_full_path() if request is not None else "/",
    }
