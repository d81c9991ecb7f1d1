from django import template
from django.urls import reverse
from django.utils import translation

from kokoron.core.languages import html_lang, language_links
from kokoron.navigation.models import Footer, MainMenu

register = template.Library()


@register.simple_tag
def current_html_lang():
    return html_lang(translation.get_language() or "ja")


@register.simple_tag
def home_url():
    """The home page in the active language: / for Japanese, /en/ for English."""
    return reverse("wagtail_serve", args=("",))


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context["request"]
    return {"links": language_links(request, context.get("page")), "request": request}


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    menu = MainMenu.objects.for_active_locale()
    return {"menu": menu, "request": context["request"]}


@register.inclusion_tag("includes/footer.html", takes_context=True)
def site_footer(context):
    return {"footer": Footer.objects.for_active_locale(), "request": context["request"]}
