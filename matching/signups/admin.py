"""The sign-ups in Wagtail's admin, and every hook they register.

matching/wagtail_hooks.py imports this module once; the decorators below register:
the "Volunteer experiences" menu (sessions, sign-ups, certificates), the coordinator's screens
(participants of a session with CSV export and messaging, a tablet check-in page, one person's
history with no-shows and certificates), the django-q2 schedules, the demo, the district
page's section, and the sign-up provider that events use.

Only users with matching.view_signup (the Coordinators group, superusers) see personal data;
every view of it is written to the audit log.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.apps import apps
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Locale

import django_filters
from django_q.models import Schedule

from kokoron import plugins
from kokoron.core import audit
from kokoron.core.admin_edit import LockedEditView
from kokoron.core.admin_views import ActionPermissionMixin, ServedViewsMixin
from kokoron.core.models import AuditEntry
from kokoron.core.spreadsheets import SpreadsheetWriter
from kokoron.events.signup import EVENT_SIGNUP_HOOK, SignupProvider
from kokoron.privacy import registry

from .. import permissions, personal_data
from . import certificates, rules, services
from .forms import RangeForm
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


# The coordinator's screens


class CoordinatorView(ActionPermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Sign-ups' screens: the view permission of sign-ups to see them, and each action the
    permission of its effect (matching.permissions)."""

    header_icon = "date"
    view_permission = PERMISSION

    def dispatch(self, request, *args, **kwargs):
        with audit.acting(request.user):
            return super().dispatch(request, *args, **kwargs)


class MessageForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=150)
    body = forms.CharField(label=gettext_lazy("Message"), widget=forms.Textarea(attrs={"rows": 5}))
    include_waitlist = forms.BooleanField(
        label=gettext_lazy("Also people on the waiting list"), required=False
    )


CSV_FIELDS = [
    ("reference", gettext_lazy("reference number")),
    ("state", gettext_lazy("state")),
    ("name", gettext_lazy("name")),
    ("name_kana", gettext_lazy("reading (kana)")),
    ("school", gettext_lazy("school")),
    ("grade", gettext_lazy("grade")),
    ("age", gettext_lazy("age")),
    ("email", gettext_lazy("email")),
    ("phone", gettext_lazy("telephone")),
    ("emergency_contact", gettext_lazy("emergency contact")),
    ("allergies", gettext_lazy("allergies")),
    ("assistance", gettext_lazy("assistance needed")),
    ("photo_consent", gettext_lazy("photos may be taken")),
    ("guardian_name", gettext_lazy("guardian's name")),
    ("guardian_confirmed_at", gettext_lazy("guardian agreed")),
    ("attended", gettext_lazy("attended")),
    ("hours", gettext_lazy("hours")),
    ("no_shows", gettext_lazy("no-shows")),
]


def ordered_signups(session):
    order = {
        state: position
        for position, state in enumerate(
            [rules.State.CONFIRMED, rules.State.HELD, rules.State.OFFERED, rules.State.WAITLISTED]
        )
    }
    signups = list(session.signups.all())
    counts = certificates.no_show_counts(signup.email for signup in signups)
    for signup in signups:
        signup.no_shows = counts.get(signup.email, 0)
        signup.position = (
            signup.waitlist_position() if signup.state == rules.State.WAITLISTED else None
        )
    return sorted(signups, key=lambda s: (order.get(s.state, 9), s.created_at, s.pk))


class ParticipantsView(CoordinatorView):
    template_name = "matching/signups/admin/participants.html"
    action_permissions = permissions.PARTICIPANTS

    def get_page_title(self):
        return _("Participants")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.session = get_object_or_404(
            Session.objects.select_related("opportunity"), pk=kwargs["pk"]
        )

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return self.csv()
        audit.record(AuditEntry.Action.DISCLOSE, self.session, "participants of a session")
        return super().get(request, *args, **kwargs)

    def csv(self):
        audit.record(AuditEntry.Action.EXPORT, self.session, "participants CSV")
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="session-{self.session.pk}.csv"'
        # A byte-order mark so that Excel reads the Japanese correctly.
        response.write("\ufeff")
        writer = SpreadsheetWriter(response)
        writer.writerow([str(label) for _name, label in CSV_FIELDS])
        for signup in ordered_signups(self.session):
            writer.writerow([_csv_value(getattr(signup, name)) for name, _label in CSV_FIELDS])
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        signups = ordered_signups(self.session)
        context.update(
            session=self.session,
            signups=signups,
            taken=sum(1 for s in signups if s.state in rules.TAKING_A_PLACE),
            waiting=sum(1 for s in signups if s.state == rules.State.WAITLISTED),
            message_form=kwargs.get("message_form") or MessageForm(),
            sent=self.session.messages.all()[:10],
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "message":
            form = MessageForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(message_form=form), status=400)
            message = services.message_participants(
                self.session,
                form.cleaned_data["subject"],
                form.cleaned_data["body"],
                user=request.user,
                include_waitlist=form.cleaned_data["include_waitlist"],
            )
            messages.success(
                request,
                _("The message is being sent to %(count)s people.") % {"count": message.recipients},
            )
        elif action == "cancel":
            signup = get_object_or_404(Signup, pk=request.POST.get("signup"), session=self.session)
            try:
                services.cancel(signup)
            except services.SignupError:
                messages.error(request, _("This sign-up can no longer be cancelled."))
            else:
                messages.success(request, _("Cancelled; the waiting list moved on."))
        else:
            messages.error(request, _("Unknown action."))
        return redirect("matching_signups:participants", pk=self.session.pk)


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if hasattr(value, "isoformat"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


class CheckInView(CoordinatorView):
    """One big row per participant: present, absent, hours. Works with a finger, without JS."""

    template_name = "matching/signups/admin/checkin.html"
    action_permissions = permissions.CHECK_IN

    def get_page_title(self):
        return _("Check-in")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.session = get_object_or_404(
            Session.objects.select_related("opportunity"), pk=kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        signups = list(
            self.session.signups.filter(
                state__in=(rules.State.CONFIRMED, rules.State.HELD)
            ).order_by("name_kana", "pk")
        )
        context.update(
            session=self.session,
            signups=signups,
            present=sum(1 for s in signups if s.attended),
            absent=sum(1 for s in signups if s.attended is False),
            default_hours=self.session.hours,
        )
        return context

    def post(self, request, *args, **kwargs):
        signup = get_object_or_404(
            Signup,
            pk=request.POST.get("signup"),
            session=self.session,
            state__in=(rules.State.CONFIRMED, rules.State.HELD),
        )
        action = request.POST.get("action")
        hours = None
        if request.POST.get("hours"):
            try:
                hours = Decimal(request.POST["hours"].strip())
            except InvalidOperation:
                hours = None
            if hours is None or not 0 <= hours <= 24:
                messages.error(request, _("Write the hours as a number from 0 to 24."))
                return redirect(f"{request.path}#signup-{signup.pk}")
        attended = {"present": True, "absent": False, "clear": None}
        if (
            action in attended
            and certificates.record_attendance(signup, attended[action], hours) is None
        ):
            messages.error(request, _("This sign-up was cancelled meanwhile."))
        return redirect(f"{request.path}#signup-{signup.pk}")


class HistoryView(CoordinatorView):
    """One person's sign-ups over all sessions (by email), hours, no-shows, certificates.

    Its URL names one of their sign-ups, never the address: staff look a person up by typing
    the address into a POST form, which leads to the screen of the person's first sign-up.
    """

    template_name = "matching/signups/admin/history.html"
    action_permissions = permissions.HISTORY

    def get_page_title(self):
        return _("A person's history")

    def person_email(self):
        """The address whose history this is; "" on the search screen or once erased."""
        if "pk" not in self.kwargs:
            return ""
        return get_object_or_404(Signup, pk=self.kwargs["pk"]).email

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        email = kwargs.get("email", self.person_email())
        signups = list(certificates.history(email)) if email else []
        if signups:
            audit.record(AuditEntry.Action.DISCLOSE, signups[0], "history of a person")
        context.update(
            email=email,
            looked_up=kwargs.get("looked_up", "pk" in self.kwargs),
            signups=signups,
            hours=sum((Decimal(s.credited_hours()) for s in signups if s.attended), Decimal(0)),
            no_shows=sum(1 for s in signups if s.attended is False),
            range_form=kwargs.get("range_form") or RangeForm(),
            certificates=Certificate.objects.filter(email=email) if email else [],
        )
        return context

    def get(self, request, *args, **kwargs):
        email = self.person_email()
        if email and request.GET.get("format") == "json":
            data = personal_data.export_signups(email)
            if data["signups"]:
                audit.exported(history_anchor(email), "sign-ups of a person")
            return registry.download(data, "signups")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "find":
            email = services.normalize_email(request.POST.get("email"))
            anchor = history_anchor(email) if email else None
            if anchor is not None:
                return redirect("matching_signups:history", pk=anchor.pk)
            # The address typed stays in the form, never in the URL.
            return self.render_to_response(self.get_context_data(email=email, looked_up=True))
        email = self.person_email()
        here = request.path
        if action == "erase":
            anchor = history_anchor(email) if email else None
            if not email or services.normalize_email(request.POST.get("confirm")) != email:
                messages.error(request, _("Type the email address to confirm."))
            elif anchor is not None:
                audit.erased(anchor, "personal data of sign-ups erased")
                personal_data.erase_signups(email)
                messages.success(request, _("Their personal data is erased."))
                return redirect("matching_signups:history")
            return redirect(here)
        form = RangeForm(request.POST)
        if not email or not form.is_valid():
            return self.render_to_response(self.get_context_data(range_form=form), status=400)
        chosen = certificates.certifiable(
            email, form.cleaned_data.get("date_from"), form.cleaned_data.get("date_to")
        )
        try:
            certificate = certificates.issue_certificate(
                chosen, user=request.user, language=translation.get_language()
            )
        except services.SignupError:
            messages.error(request, _("There is no attended session in this period."))
            return redirect(here)
        return redirect("matching_signups:certificate", pk=certificate.pk)


def history_anchor(email):
    """A sign-up of the address, to name in the audit log (which holds no address)."""
    return Signup.objects.filter(email=email).order_by("pk").first()


class StaffCertificateView(CoordinatorView):
    template_name = "matching/signups/certificate.html"

    def get_context_data(self, **kwargs):
        from .views import certificate_context

        certificate = get_object_or_404(Certificate, pk=self.kwargs["pk"])
        return certificate_context(self.request, certificate)


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
