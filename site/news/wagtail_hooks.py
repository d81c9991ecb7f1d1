from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from django_q.models import Schedule

from kokoron.plugins import SCHEDULES_HOOK, ScheduleSpec

from .models import NewsCategory


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    list_display = ["name", "slug", "locale"]
    ordering = ["sort_order", "name"]


register_snippet(NewsCategoryViewSet)


@hooks.register(SCHEDULES_HOOK)
def scheduled_publishing():
    """Wagtail's go-live and expiry times, applied by the django-q2 cluster every minute."""
    return ScheduleSpec(
        name="kokoron.publish_scheduled",
        func="kokoron.news.tasks.publish_scheduled",
        schedule_type=Schedule.MINUTES,
        minutes=1,
    )
