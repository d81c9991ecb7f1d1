from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

import django_filters
from django_q.models import Schedule

from kokoron.core.admin_views import ServedViewsMixin
from kokoron.plugins import PERSONAL_DATA_HOOK, RECOVERY_HOOK, SCHEDULES_HOOK, ScheduleSpec

from .models import Announcement, Subscriber
from .subscriptions import resume_unfinished


class AnnouncementFilterSet(django_filters.FilterSet):
    class Meta:
        model = Announcement
        fields = ["topic", "status"]


class AnnouncementViewSet(ServedViewsMixin, ModelViewSet):
    """Each announcement's progress: how many subscribers, sent, waiting, failed."""

    # Announcements are made by publishing, never by hand.
    served_views = frozenset({"index", "inspect"})

    model = Announcement
    icon = "mail"
    menu_label = _("Announcements")
    inspect_view_enabled = True
    inspect_view_fields = ["title", "topic", "status", "total", "created_at", "started_at"]
    list_display = [
        "title",
        "topic",
        "status",
        "total",
        Column("sent_count", label=_("sent")),
        Column("pending_count", label=_("waiting")),
        Column("failed_count", label=_("failed")),
        "created_at",
    ]
    filterset_class = AnnouncementFilterSet
    form_fields = ["status"]


class SubscriberFilterSet(django_filters.FilterSet):
    confirmed = django_filters.BooleanFilter(
        field_name="confirmed_at", lookup_expr="isnull", exclude=True, label=_("confirmed")
    )

    class Meta:
        model = Subscriber
        fields = ["language", "newsletters", "news"]


class SubscriberViewSet(ServedViewsMixin, ModelViewSet):
    """Counts and languages of subscribers; addresses stay masked."""

    # People subscribe themselves; staff may only remove an address (a request by phone).
    served_views = frozenset({"index", "delete"})

    model = Subscriber
    icon = "user"
    menu_label = _("Subscribers")
    list_display = [
        Column("masked_email", label=_("email")),
        "language",
        "newsletters",
        "news",
        "confirmed_at",
    ]
    filterset_class = SubscriberFilterSet
    form_fields = ["language", "newsletters", "news"]


class SubscriptionViewSetGroup(ViewSetGroup):
    menu_label = _("Email subscriptions")
    menu_icon = "mail"
    menu_order = 700
    items = (AnnouncementViewSet("announcements"), SubscriberViewSet("subscribers"))


@hooks.register("register_admin_viewset")
def register_subscription_viewsets():
    return SubscriptionViewSetGroup()


@hooks.register(RECOVERY_HOOK)
def announcement_recovery():
    return resume_unfinished


@hooks.register(PERSONAL_DATA_HOOK)
def register_personal_data():
    from .personal_data import SubscribersContributor

    return SubscribersContributor()


@hooks.register(SCHEDULES_HOOK)
def newsletter_schedules():
    return [
        ScheduleSpec(
            name="kokoron.newsletters.forget_unconfirmed",
            func="kokoron.newsletters.subscriptions.forget_unconfirmed",
            schedule_type=Schedule.DAILY,
        )
    ]
