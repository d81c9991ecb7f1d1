from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.model import ModelViewSet

import django_filters
from django_q.models import Schedule

from kokoron.core.admin_views import ServedViewsMixin
from kokoron.plugins import PERSONAL_DATA_HOOK, RECOVERY_HOOK, SCHEDULES_HOOK, ScheduleSpec

from .models import Notification
from .service import requeue_unsent


class NotificationFilterSet(django_filters.FilterSet):
    class Meta:
        model = Notification
        fields = ["status", "uncertain", "template", "language"]


class NotificationViewSet(ServedViewsMixin, ModelViewSet):
    """Who was sent what, for staff who follow up a complaint; addresses stay masked."""

    # Emails are created by the system, never by hand.
    served_views = frozenset({"index", "inspect"})

    model = Notification
    icon = "mail"
    menu_label = _("Sent emails")
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    inspect_view_fields = [
        "template",
        "language",
        "status",
        "uncertain",
        "attempts",
        "last_error",
        "created_at",
        "queued_at",
        "sending_started_at",
        "retry_at",
        "sent_at",
    ]
    list_display = [
        "template",
        Column("masked_recipient", label=_("recipient")),
        "language",
        "status",
        BooleanColumn("uncertain", label=_("possibly sent twice")),
        "attempts",
        "created_at",
        "sent_at",
    ]
    filterset_class = NotificationFilterSet
    form_fields = ["status"]


@hooks.register("register_admin_viewset")
def register_notification_viewset():
    return NotificationViewSet("notifications")


@hooks.register(SCHEDULES_HOOK)
def notification_schedules():
    return [
        ScheduleSpec(
            name="kokoron.notifications.forget_old_recipients",
            func="kokoron.notifications.service.forget_old_recipients",
            schedule_type=Schedule.DAILY,
        )
    ]


@hooks.register(RECOVERY_HOOK)
def notification_recovery():
    return requeue_unsent


@hooks.register(PERSONAL_DATA_HOOK)
def register_personal_data():
    from .personal_data import NotificationsContributor

    return NotificationsContributor()
