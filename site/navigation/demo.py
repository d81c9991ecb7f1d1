"""Demo helpers that plugins use to appear in the navigation they bring."""

from wagtail.models import Locale

from .models import MainMenu


def add_menu_link(labels, url):
    """Add a link to every language's header menu once; labels maps language code to text."""
    for menu in MainMenu.objects.select_related("locale"):
        label = labels.get(menu.locale.language_code) or labels[Locale.get_default().language_code]
        if any(block.value.get("url") == url for block in menu.links):
            continue
        menu.links.append(("link", {"label": label, "url": url, "page": None}))
        menu.save()
