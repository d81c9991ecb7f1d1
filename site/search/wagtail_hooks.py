from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Reading


class ReadingViewSet(SnippetViewSet):
    """The readings table: staff add how a name in kanji is read, so a search in kana finds it."""

    model = Reading
    icon = "search"
    menu_label = _("Readings")
    menu_order = 850
    add_to_settings_menu = True
    list_display = ["word", "reading"]
    list_export = ["word", "reading"]
    ordering = ["reading"]


register_snippet(ReadingViewSet)
