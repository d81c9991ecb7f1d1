"""The sign-ups in Wagtail's admin, and every hook they register.

matching/wagtail_hooks.py imports this module once; the decorators below register:
the "Volunteer experiences" menu (sessions, sign-ups, certificates), the coordinator's screens
(participants of a session with CSV export and messaging, a tablet check-in page, one person's
history with no-shows and certificates), the django-q2 schedules, the demo, the district
page's section, and the sign-up provider that events use.

Only users with signups.view_signup (the Coordinators group, superusers) see personal data;
every view of it is written to the audit log.
"""

from django import forms
from django.apps import apps
from django.urls import include, path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale

import django_filters
from django_q.models import Schedule

from kokoron import plugins
from kokoron.core.admin_edit import LockedEditView
from kokoron.core.admin_views import ServedViewsMixin
from kokoron.events.signup import EVENT_SIGNUP_HOOK, SignupProvider

from .. import permissions
from .coordinator_views import CheckInView, HistoryView, ParticipantsView, StaffCertificateView
from .models import Certificate, OpportunityPage, Session, Signup

PERMISSION = permissions.VIEW_SIGNUPS


# Sessions


def directory_location_choices():
    """(id, name) of the directory's locations when that plugin is on, else nothing."""
    if not plugins.is_enabled("directory"):
        return []
    Location = apps.get_model("directory", "Location")
    return [
        (str(pk), name)
        for pk, name in Location.objects.order_by("sort_name").values_list("pk", "name")
    ]


class SessionForm(WagtailAdminModelForm):
    location = forms.TypedChoiceField(
        label=gettext_lazy("Directory location"), required=False, choices=(), empty_value=None
    )

    class Meta:
        model = Session
        fields = [
            "opportunity",
            "label",
            "start",
            "end",
            "place_name",
            "place_address",
            "district",
            "capacity",
            "signup_opens",
            "signup_closes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = OpportunityPage.objects.filter(
            locale=Locale.get_default()
        )
        choices = directory_location_choices()
        if choices:
            self.fields["location"].choices = [("", "---"), *choices]
            if self.instance.location_id:
                self.initial["location"] = str(self.instance.location_id)
        else:
            del self.fields["location"]

    def save(self, commit=True):
        if "location" in self.fields:
            self.instance.location_id = self.cleaned_data.get("location") or None
        return super().save(commit)


class SessionAdminFilterSet(WagtailFilterSet):
    start = django_filters.DateFromToRangeFilter(label=gettext_lazy("Date"))

    class Meta:
        model = Session
        fields = ["opportunity", "district", "start"]


class PlacesColumn(Column):
    def get_value(self, instance):
        return f"{instance.taken}/{instance.capacity} (+{instance.waiting})"


class ParticipantsColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("matching_signups:participants", kwargs={"pk": instance.pk}),
            _("participants"),
            reverse("matching_signups:checkin", kwargs={"pk": instance.pk}),
            _("check-in"),
        )


class SessionIndexView(generic.IndexView):
    def get_base_queryset(self):
        return Session.objects.select_related("opportunity").with_counts()


class SessionViewSet(ModelViewSet):
    model = Session
    index_view_class = SessionIndexView
    # A change of places takes the lock sign-ups take (services._locked).
    edit_view_class = LockedEditView
    name = "matching_sessions"
    url_prefix = "matching/sessions"
    icon = "date"
    menu_label = gettext_lazy("Sessions")
    list_display = [
        "__str__",
        "start",
        "place_name",
        PlacesColumn("places", label=gettext_lazy("taken/places (+waiting)")),
        ParticipantsColumn("participants", label=gettext_lazy("participants")),
    ]
    filterset_class = SessionAdminFilterSet
    search_fields = ["place_name", "label"]
    ordering = ["-start"]

    def get_form_class(self, for_update=False):
        return SessionForm


# Sign-ups


class SignupFilterSet(WagtailFilterSet):
    attended = django_filters.BooleanFilter(label=gettext_lazy("attended"))

    class Meta:
        model = Signup
        fields = ["state", "session", "attended", "photo_consent"]


class HistoryColumn(Column):
    # Keyed by a sign-up, never by the address: a URL ends up in logs and browser history.
    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("matching_signups:history", kwargs={"pk": instance.pk}),
            _("history"),
        )


class SignupViewSet(ServedViewsMixin, ModelViewSet):
    """Every sign-up, to find a person; places change only through the rules (no adding)."""

    served_views = frozenset({"index", "edit", "history", "usage"})

    model = Signup
    name = "matching_signups_list"
    # Staff edit contacts and attendance; the state (not in the form) stays what the rules
    # last made it, even if the sign-up was cancelled while the form was open.
    edit_view_class = LockedEditView
    url_prefix = "matching/signups"
    icon = "user"
    menu_label = gettext_lazy("Sign-ups")
    copy_view_enabled = False
    list_display = [
        "reference",
        "name",
        "session",
        "state",
        "attended",
        HistoryColumn("history", label=gettext_lazy("history")),
    ]
    filterset_class = SignupFilterSet
    search_fields = ["reference", "name", "name_kana", "email", "school"]
    form_fields = [
        "school",
        "phone",
        "emergency_contact",
        "allergies",
        "assistance",
        "photo_consent",
        "attended",
        "hours",
    ]
    list_per_page = 50


class CertificateViewSet(ServedViewsMixin, ModelViewSet):
    # Certificates are issued by the rules; the list is for finding one.
    served_views = frozenset({"index"})
    model = Certificate
    name = "matching_certificates"
    url_prefix = "matching/certificates"
    icon = "doc-full"
    menu_label = gettext_lazy("Certificates")
    copy_view_enabled = False
    list_display = ["number", "name", "date_from", "date_to", "total_hours", "issued_at"]
    search_fields = ["number", "name", "email"]
    form_fields = ["name"]


class ExperiencesGroup(ViewSetGroup):
    menu_label = gettext_lazy("Volunteer experiences")
    menu_icon = "date"
    menu_order = 313
    items = (SessionViewSet, SignupViewSet, CertificateViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ExperiencesGroup()


@hooks.register("register_admin_urls")
def register_admin_urls():
    patterns = [
        path("session/<int:pk>/", ParticipantsView.as_view(), name="participants"),
        path("session/<int:pk>/checkin/", CheckInView.as_view(), name="checkin"),
        path("history/", HistoryView.as_view(), name="history"),
        path("history/<int:pk>/", HistoryView.as_view(), name="history"),
        path("certificate/<int:pk>/", StaffCertificateView.as_view(), name="certificate"),
    ]
    return [
        path(
            "matching/experiences/",
            include((patterns, "matching_signups"), namespace="matching_signups"),
        )
    ]


# The core's hooks


@hooks.register(plugins.SCHEDULES_HOOK)
def schedules():
    return [
        plugins.ScheduleSpec(
            name="kokoron.matching.signup_reminders",
            func="matching.signups.tasks.send_reminders",
            schedule_type=Schedule.HOURLY,
        ),
        plugins.ScheduleSpec(
            name="kokoron.matching.signup_holds",
            func="matching.signups.tasks.expire_holds",
            schedule_type=Schedule.MINUTES,
            minutes=5,
        ),
    ]


@hooks.register(plugins.DEMO_DATA_HOOK)
def demo(context):
    from .demo import build_demo

    build_demo(context)


DISTRICT_ITEMS = 5


@hooks.register(plugins.DISTRICT_SECTIONS_HOOK)
def district_section(district, request):
    from .views import attach_pages, upcoming_sessions

    sessions = list(upcoming_sessions().filter(district=district)[:DISTRICT_ITEMS])
    attach_pages(sessions)
    items = []
    for session in sessions:
        start = timezone.localtime(session.start)
        free = session.free()
        places = (
            translation.ngettext("%(count)s place free", "%(count)s places free", free)
            % {"count": free}
            if free
            else _("Full: waiting list")
        )
        items.append(
            plugins.DistrictItem(
                title=session.page.title,
                url=session.get_signup_url(),
                description=f"{start:%Y-%m-%d %H:%M} · {session.place_name} · {places}",
            )
        )
    return plugins.DistrictSection(
        key="experiences",
        title=_("Volunteer experiences"),
        items=tuple(items),
        more_url=f"{reverse('matching:experiences:list')}?district={district.pk}",
        empty_text=_("No volunteer experience is planned in this district at the moment."),
        order=40,
    )


def event_signup_url(event, reference):
    """An event's sign-up reference is a session's number: its sign-up form."""
    reference = str(reference).strip().upper().removeprefix("SESSION-")
    if not reference.isdigit():
        return None
    session = Session.objects.filter(pk=int(reference)).first()
    return session.get_signup_url() if session else None


@hooks.register(EVENT_SIGNUP_HOOK)
def event_signup():
    return SignupProvider(
        name="matching",
        label=gettext_lazy("Volunteer experience sign-up"),
        url_for=event_signup_url,
    )
