import html
import re

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import conditional_escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from wagtail.models import Page

from kokoron.core import display, furigana
from kokoron.core.languages import html_lang, is_fallback, language_links
from kokoron.navigation.links import resolve_links
from kokoron.navigation.models import Footer, MainMenu
from kokoron.pages import cache as page_cache

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
    alternates = [(hreflang_for(link.code), link.url) for link in links]
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
    homes = []
    for code, name in settings.LANGUAGES:
        # Reversed in that language: translate_url("/") finds nothing to translate from a
        # language whose own home is not "/", and gave "/" for every language there.
        with translation.override(code):
            url = reverse("wagtail_serve", args=("",))
        homes.append(
            {
                "code": code,
                "name": name,
                "lang": html_lang(code),
                "hreflang": hreflang_for(code),
                "url": url,
            }
        )
    return homes


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context["request"]
    return {"links": language_links(request, context.get("page")), "request": request}


def _load_navigation(request):
    menu = MainMenu.objects.for_active_locale()
    footer = Footer.objects.for_active_locale()
    menu_links, footer_links = resolve_links(
        request, menu.links if menu else None, footer.links if footer else None
    )
    return menu, menu_links, footer, footer_links


def _navigation(request):
    """The header menu and the footer of the active language with their links: once a request,
    and from the cache until a page, the menu or the footer changes."""
    language = translation.get_language()
    cached = getattr(request, "_kokoron_navigation", None)
    if cached is None or cached[0] != language:
        cached = (
            language,
            *page_cache.fragment("navigation", request, lambda: _load_navigation(request)),
        )
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


@register.tag
def kept_fragment(parser, token):
    """{% kept_fragment name [seconds] %}…{% endkept_fragment %}: what the block renders, kept
    between views under `name` until the published pages change (page_cache.fragment), at most
    the page cache's time or `seconds` (read after the block is rendered: a function in the
    context can say how long what was rendered holds); rendered on every view where `name` is
    empty or the page cache is off.

    Only for what is the same for every visitor: no form with a CSRF token, nothing of the
    user's. The display settings and furigana are applied around it, to the whole page.
    """
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError("kept_fragment takes the name to keep, and seconds")
    nodelist = parser.parse(("endkept_fragment",))
    parser.delete_first_token()
    seconds = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return KeptFragmentNode(nodelist, parser.compile_filter(bits[1]), seconds)


class KeptFragmentNode(template.Node):
    def __init__(self, nodelist, name, seconds=None):
        self.nodelist = nodelist
        self.name = name
        self.seconds = seconds

    def render(self, context):
        name = self.name.resolve(context)
        if not name or page_cache.timeout() <= 0:
            return self.nodelist.render(context)

        def seconds():
            longest = page_cache.timeout()
            if self.seconds is None:
                return longest
            return min(longest, int(self.seconds.resolve(context)))

        html = page_cache.fragment(
            name,
            context.get("request"),
            lambda: str(self.nodelist.render(context)),
            seconds=seconds,
        )
        # What this template rendered, kept as it was.
        return mark_safe(html)


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


def hreflang_for(language_code):
    """The hreflang (BCP 47) of a language: easy Japanese is the private-use ja-x-easy."""
    return "ja-x-easy" if language_code == "ja-easy" else html_lang(language_code)


@register.filter
def hreflang(language_code):
    return hreflang_for(language_code)


@register.filter(is_safe=True)
def with_site_name(title):
    """A document title followed by the site's name, which is never written twice."""
    site_name = conditional_escape(gettext("Kokoron"))
    title = " ".join(str(title).split())
    if not title or title == site_name or title.endswith(f"| {site_name}"):
        return mark_safe(site_name)
    return mark_safe(f"{title} | {site_name}")


# Where a page's own words describe it, in the order they are tried.
DESCRIPTION_FIELDS = (
    "meta_description",
    "search_description",
    "summary",
    "introduction",
    "intro",
    "hero_text",
)
DESCRIPTION_LENGTH = 160


def _plain(text):
    return " ".join(html.unescape(strip_tags(str(text or ""))).split())


@register.simple_tag(takes_context=True)
def meta_description(context):
    """The page's description in the page's language, for <meta name="description">.

    A view's own `meta_description`, else the page's search description, summary or
    introduction; a Japanese page standing in for a missing translation, and any view that has
    none, get the site's description in the visitor's language.
    """
    text = _plain(context.get("meta_description"))
    page = context.get("page")
    if not text and isinstance(page, Page) and not shown_in_japanese(context):
        for field in DESCRIPTION_FIELDS:
            text = _plain(getattr(page, field, ""))
            if text:
                break
    if not text:
        text = gettext(
            "The website of the Showa Ward Council of Social Welfare and its Volunteer Center: "
            "ask for help, volunteer, bring welfare education to your school, and find local "
            "consultation windows and gathering places."
        )
    return Truncator(text).chars(DESCRIPTION_LENGTH)


# Phrase breaks for Japanese headings: a line may break after punctuation and where a run of
# kana (a particle, an ending) meets the next word's kanji or katakana, and (with the class
# `phrases`, `word-break: keep-all`) nowhere else, in every browser. Readings written
# 福祉《ふくし》, or after the full-width bar, are left whole for the furigana middleware.
_HIRAGANA = "\u3041-\u309f"
_WORD_START = f"{furigana.KANJI}\u30a1-\u30fa"
_PUNCTUATION = (
    "、。\uff0c\uff0e\uff01\uff1f・\uff09」』"  # and the full-width comma, stop, marks, bracket
)
_PHRASE_BREAK = re.compile(
    f"(?<=[{_PUNCTUATION}])(?=[^{_PUNCTUATION}\\s])|(?<=[{_HIRAGANA}])(?=[{_WORD_START}])"
)
_READING = re.compile(f"{furigana.BAR}[^{furigana.BAR}《》<>\n]{{1,40}}《[^《》]*》|《[^《》]*》")


@register.filter(needs_autoescape=True)
def phrases(text, autoescape=True):
    """Text with <wbr> where a Japanese line may break between phrases."""
    text = conditional_escape(text) if autoescape else str(text)
    out, last = [], 0
    for reading in _READING.finditer(text):
        out.append(_PHRASE_BREAK.sub("<wbr>", text[last : reading.start()]))
        out.append(reading.group())
        last = reading.end()
    out.append(_PHRASE_BREAK.sub("<wbr>", text[last:]))
    return mark_safe("".join(out))
