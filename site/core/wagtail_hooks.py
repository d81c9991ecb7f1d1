from django.urls import path, reverse
from django.utils.html import json_script
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.rich_text.editors.draftail.features import ControlFeature
from wagtail.admin.ui.components import Component

from django_q.models import Schedule

from kokoron.notifications.models import Notification
from kokoron.plugins import PLAN_PROGRESS_HOOK, SCHEDULES_HOOK, ScheduleSpec, enabled_plugins

from .plan_progress import PERMISSION as PLAN_PROGRESS_PERMISSION
from .plan_progress import core_indicators
from .plan_progress_views import PlanProgressView


class SiteStatusPanel(Component):
    """What is switched on and whether email is getting out: the first thing staff check."""

    name = "kokoron_status"
    order = 50
    template_name = "core/admin/status_panel.html"

    def get_context_data(self, parent_context=None):
        waiting = Notification.objects.filter(status=Notification.Status.PENDING).count()
        failed = Notification.objects.filter(status=Notification.Status.FAILED).count()
        uncertain = Notification.objects.filter(uncertain=True).count()
        return {
            "title": _("Kokoron"),
            "plugins": [plugin.verbose_name for plugin in enabled_plugins()],
            "emails_waiting": waiting,
            "emails_failed": failed,
            "emails_uncertain": uncertain,
        }


@hooks.register(SCHEDULES_HOOK)
def core_schedules():
    return [
        ScheduleSpec(
            name="kokoron.core.delete_expired_rate_limits",
            func="kokoron.core.rate_limits.delete_expired",
            schedule_type=Schedule.DAILY,
        ),
        ScheduleSpec(
            name="kokoron.core.backup",
            func="kokoron.core.backup.scheduled_backup",
            schedule_type=Schedule.DAILY,
        ),
    ]


@hooks.register("construct_homepage_panels")
def add_status_panel(request, panels):
    if request.user.is_superuser:
        panels.append(SiteStatusPanel())


FURIGANA_FEATURE = "furigana"


@hooks.register("register_rich_text_features")
def register_furigana_feature(features):
    """A toolbar button writing the reading notation that core/furigana.py renders as <ruby>."""
    features.register_editor_plugin(
        "draftail",
        FURIGANA_FEATURE,
        ControlFeature({"type": FURIGANA_FEATURE}, js=["core/js/furigana-draftail.js"]),
    )
    features.default_features.append(FURIGANA_FEATURE)


@hooks.register("insert_global_admin_js")
def furigana_button_strings():
    """The button's words in the editor's language, read by furigana-draftail.js."""
    strings = {
        "label": gettext("Furigana"),
        "description": gettext("Add a reading (furigana) to the selected word"),
        "prompt": gettext("Reading of “{word}” (in hiragana):"),
        "selectFirst": gettext("Select the word to add a reading to first (within one paragraph)."),
        "invalid": gettext(
            "A word and its reading must each be 1 to 40 characters, without ｜《》<>."  # noqa: RUF001
        ),
    }
    return json_script(strings, "kokoron-furigana-strings")


@hooks.register("register_admin_urls")
def plan_progress_urls():
    return [path("plan-progress/", PlanProgressView.as_view(), name="plan_progress")]


class PlanProgressMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PLAN_PROGRESS_PERMISSION)


@hooks.register("register_admin_menu_item")
def plan_progress_menu_item():
    return PlanProgressMenuItem(
        _("Progress of the plan"),
        reverse("plan_progress"),
        name="plan-progress",
        icon_name="table",
        order=8000,
    )


@hooks.register(PLAN_PROGRESS_HOOK)
def plan_progress_indicators():
    return core_indicators()
