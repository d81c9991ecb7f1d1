from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from django_q.models import Schedule

from kokoron.plugins import PERSONAL_DATA_HOOK, SCHEDULES_HOOK, ScheduleSpec

from .admin_views import PERMISSION, PersonalDataView


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("personal-data/", PersonalDataView.as_view(), name="privacy_personal_data")]


class PersonalDataMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_settings_menu_item")
def register_menu_item():
    return PersonalDataMenuItem(
        _("Personal data requests"),
        reverse("privacy_personal_data"),
        name="personal-data",
        icon_name="user",
        order=900,
    )


@hooks.register(PERSONAL_DATA_HOOK)
def register_personal_data():
    from .history import AdminHistoryContributor

    return AdminHistoryContributor()


@hooks.register(PERSONAL_DATA_HOOK)
def register_audit_log():
    from .audit_log import AuditContributor

    return AuditContributor()


@hooks.register(SCHEDULES_HOOK)
def privacy_schedules():
    return [
        ScheduleSpec(
            name="kokoron.privacy.clear_sessions",
            func="kokoron.privacy.retention.clear_expired_sessions",
            schedule_type=Schedule.DAILY,
        )
    ]
