from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import EventCategory


class EventCategoryViewSet(SnippetViewSet):
    model = EventCategory
    icon = "date"
    list_display = ["name", "slug", "locale"]
    ordering = ["sort_order", "name"]


register_snippet(EventCategoryViewSet)
