"""The coordinator's screens of the sign-ups: a session's participants (CSV export and a
message to them), a tablet check-in page, one person's history with no-shows and
certificates, and a certificate issued by staff. Registered by matching.signups.admin.

Only users with signups.view_signup (the Coordinators group, superusers) see them; every view
of personal data is written to the audit log.
"""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from kokoron.core import audit
from kokoron.core.admin_views import ActionPermissionMixin
from kokoron.core.models import AuditEntry
from kokoron.core.spreadsheets import SpreadsheetWriter
from kokoron.privacy import registry

from .. import permissions, personal_data
from . import certificates, rules, services
from .forms import RangeForm
from .models import Certificate, Session, Signup

PERMISSION = permissions.VIEW_SIGNUPS


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
