"""The coordinator's screens for welfare education in Wagtail's admin: a request's page
(suggestions, proposal, cannot be arranged), the batch runs with progress, and the yearly
report with CSV and a server-drawn chart. Coordinators only: they show personal data."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from kokoron.core import audit
from kokoron.core.admin_views import ActionPermissionMixin
from kokoron.core.batchrun import BatchRunsMixin
from kokoron.core.models import AuditEntry
from kokoron.core.spreadsheets import SpreadsheetWriter
from kokoron.privacy import registry
from kokoron.privacy.identifiers import normalize_email

from . import permissions, reasons, services, tasks
from . import personal_data as education_data
from .forms import ImpossibleForm
from .models import BatchRun, ClassRequest, Lecturer, ProgrammePage

PERMISSION = permissions.VIEW_REQUESTS
REASONS = {
    "grade": gettext_lazy("The programme is not for this grade."),
    "no_equipment": gettext_lazy("Not enough equipment on the dates asked for."),
    "no_date": gettext_lazy("None of the dates is possible any more."),
    "no_lecturer": gettext_lazy("No lecturer can come on the dates asked for."),
    "no_escort": gettext_lazy("No guide helper or interpreter is free to come with the lecturer."),
    "no_supporters": gettext_lazy("Not enough supporters are free."),
    "lecturer_taken": gettext_lazy("The lecturers who could come are booked."),
    "all_taken": gettext_lazy("The lecturers who could come are booked."),
}


class CoordinatorMixin(ActionPermissionMixin, WagtailAdminTemplateMixin):
    """Class requests' screens: the view permission of requests to see them, and each action
    the permission of its effect (education.permissions)."""

    header_icon = "openquote"
    view_permission = PERMISSION

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("education_overview"), "label": _("Welfare education")},
            {"url": "", "label": self.get_page_title()},
        ]


def describe(plan):
    """A planned visit with names, a row per programme, for the coordinator."""
    names = {lecturer.pk: str(lecturer) for lecturer in Lecturer.objects.filter(pk__in=plan.people)}
    titles = dict(
        ProgrammePage.objects.filter(pk__in=[p.programme for p in plan.parts]).values_list(
            "pk", "title"
        )
    )
    return {
        "plan": plan,
        "parts": [
            {
                "programme": titles.get(part.programme, ""),
                "lecturer": names.get(part.lecturer, ""),
                "escort": names.get(part.escort, "") if part.escort else "",
                "supporters": [names.get(s, "") for s in part.supporters],
            }
            for part in plan.parts
        ],
    }


class RequestPageView(CoordinatorMixin, TemplateView):
    template_name = "education/admin/request.html"
    action_permissions = permissions.REQUEST_PAGE

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.class_request = get_object_or_404(
            ClassRequest.objects.select_related("school__district").prefetch_related(
                services.programme_rows()
            ),
            pk=kwargs["pk"],
        )

    def get_page_title(self):
        return _("Request %(reference)s") % {"reference": self.class_request.reference}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        class_request = self.class_request
        suggestions, hopeless, why = [], None, None
        if class_request.state in ClassRequest.PENDING:
            plans, hopeless, explanation = services.suggest_explained(class_request)
            suggestions = [describe(plan) for plan in plans]
            if explanation is not None:
                why = reasons.explanation_rows(explanation)
        booking = class_request.booking
        context.update(
            {
                "class_request": class_request,
                "dates": class_request.dates.all(),
                "booking": booking,
                "people": booking.people.select_related("lecturer", "programme") if booking else [],
                "loans": booking.loans.select_related("item") if booking else [],
                "suggestions": suggestions,
                "hopeless": REASONS.get(hopeless, "") if hopeless else "",
                "why": why,
                "impossible_form": kwargs.get("impossible_form") or ImpossibleForm(),
                "feedback": [f for b in class_request.bookings.all() for f in b.feedback.all()],
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        class_request = self.class_request
        action = request.POST.get("action")
        # Each action reads the request again under its lock and does nothing if it changed
        # meanwhile (a second click, a lecturer's answer, the teacher's cancellation).
        changed = _("This request changed meanwhile; nothing was done. Here is where it stands.")
        if action == "propose" and class_request.state in ClassRequest.PENDING:
            plans, _hopeless = services.suggest(class_request)
            choice = request.POST.get("choice", "")
            if (
                choice.isdigit()
                and int(choice) < len(plans)
                and services.propose(class_request, plans[int(choice)], request.user)
            ):
                messages.success(request, _("The people have been asked by email."))
            else:
                messages.error(
                    request, _("That suggestion is no longer possible; here are the current ones.")
                )
        elif action == "impossible":
            form = ImpossibleForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(
                    self.get_context_data(impossible_form=form), status=400
                )
            if services.mark_impossible(class_request, form.cleaned_data["reason"]):
                messages.success(request, _("The teacher has been told."))
            else:
                messages.error(request, changed)
        elif action == "confirm" and class_request.booking is not None:
            if services.confirm_for_everyone(class_request.booking):
                messages.success(request, _("The class is confirmed; the teacher has been told."))
            else:
                messages.error(request, changed)
        elif action == "call_off" and class_request.booking is not None:
            if services.cancel_booking(class_request.booking):
                messages.success(
                    request, _("The booking is called off; the request can be arranged again.")
                )
            else:
                messages.error(request, changed)
        return redirect("education_board:request", pk=class_request.pk)


class BatchView(BatchRunsMixin, CoordinatorMixin, TemplateView):
    template_name = "education/admin/batch.html"
    action_permissions = permissions.BATCH
    run_model = BatchRun
    board = "education_board"
    enqueue = staticmethod(tasks.enqueue_batch)

    def plan_items(self, run):
        rows = run.items.select_related("request__school").prefetch_related(
            services.programme_rows("request__")
        )[:1000]
        plans = {
            item.pk: services.booking_from_json(item.request, item.plan)
            for item in rows
            if item.plan
        }
        lecturers = {
            lecturer.pk: str(lecturer)
            for lecturer in Lecturer.objects.filter(
                pk__in=[part.lecturer for plan in plans.values() for part in plan.parts]
            )
        }
        return [
            {
                "item": item,
                # one lecturer a programme, in the request's order
                "lecturers": [lecturers.get(part.lecturer, "") for part in plans[item.pk].parts]
                if item.pk in plans
                else [],
                "reason": REASONS.get(item.reason, item.reason),
            }
            for item in rows
        ]

    def apply(self, request, run, items):
        proposed, skipped = services.apply_items(items, request.user)
        messages.success(
            request,
            _("%(proposed)s requests proposed to their lecturers; %(skipped)s no longer possible.")
            % {"proposed": proposed, "skipped": skipped},
        )


def chart_svg(rows, label_key, title):
    """A horizontal bar chart of classes per row, drawn on the server (no JavaScript)."""
    rows = sorted(rows, key=lambda row: -row["classes"])[:20]
    top = max((row["classes"] for row in rows), default=0) or 1
    bar_height, gap, left, width = 18, 6, 190, 560
    height = len(rows) * (bar_height + gap) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{_escape(title)}</title>'
    ]
    for n, row in enumerate(rows):
        y = n * (bar_height + gap) + 5
        length = round((width - left - 60) * row["classes"] / top)
        parts.append(
            f'<text x="{left - 8}" y="{y + 13}" text-anchor="end" font-size="13">'
            f"{_escape(str(row[label_key]))}</text>"
            f'<rect x="{left}" y="{y}" width="{length}" height="{bar_height}" fill="#1d5f8a"></rect>'
            f'<text x="{left + length + 6}" y="{y + 13}" font-size="13">{row["classes"]}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _escape(text):
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def school_year_of(date):
    return date.year if date.month >= 4 else date.year - 1


class ReportView(CoordinatorMixin, TemplateView):
    template_name = "education/admin/report.html"
    page_title = gettext_lazy("Yearly report")

    def year(self):
        value = self.request.GET.get("year", "")
        current = school_year_of(timezone.localdate())
        if value.isdigit() and 2000 <= int(value) <= current + 1:
            return int(value)
        return current

    def get(self, request, *args, **kwargs):
        year = self.year()
        data = services.report(year)
        export = request.GET.get("export")
        if export in {"schools", "lecturers", "programmes"}:
            result = HttpResponse(content_type="text/csv; charset=utf-8")
            result["Content-Disposition"] = f'attachment; filename="education-{export}-{year}.csv"'
            result.write("\ufeff")  # Excel opens UTF-8 only with its mark
            writer = SpreadsheetWriter(result)
            if export == "schools":
                writer.writerow(
                    [_("School"), _("School district"), _("Classes"), _("Pupils reached")]
                )
                for row in data["schools"]:
                    writer.writerow([row["name"], row["district"], row["classes"], row["pupils"]])
            elif export == "programmes":
                writer.writerow([_("Programme"), _("Classes"), _("Pupils reached")])
                for row in data["programmes"]:
                    writer.writerow([row["name"], row["classes"], row["pupils"]])
            else:
                writer.writerow(
                    [_("Lecturer"), _("Reference"), _("Classes"), _("Pupils reached"), _("Rating")]
                )
                for row in data["lecturers"]:
                    writer.writerow(
                        [
                            row["name"],
                            row["reference"],
                            row["classes"],
                            row["pupils"],
                            row["rating"] or "",
                        ]
                    )
            return result
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.year()
        data = services.report(year)
        current = school_year_of(timezone.localdate())
        context.update(
            {
                "year": year,
                "years": range(current + 1, current - 5, -1),
                "schools": data["schools"],
                "lecturers": data["lecturers"],
                "programmes": data["programmes"],
                "school_chart": chart_svg(data["schools"], "name", _("Classes per school")),
                "lecturer_chart": chart_svg(data["lecturers"], "name", _("Classes per lecturer")),
            }
        )
        return context


# Personal data on request (APPI). Erasing is deleting: the same right as deleting the
# record (education.delete_classrequest for teachers, education.delete_lecturer for
# lecturers and supporters); a download needs education.export_personal_data. The download
# and the audit entries are the core's (kokoron.core.audit).


class PersonalDataMixin(CoordinatorMixin):
    template_name = "education/admin/personal_data.html"
    action_permissions = permissions.TEACHER_DATA

    def dispatch(self, request, *args, **kwargs):
        with audit.acting(request.user):
            return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("format")
        anchor = self.anchor()
        if fmt in registry.FORMATS and anchor is not None:
            audit.exported(anchor, f"{self.what} ({fmt})")
            return registry.download(self.export(), self.filename(), fmt)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        anchor = self.anchor()
        if request.POST.get("action") != "erase" or anchor is None:
            return redirect(request.get_full_path())
        if not self.confirmed(request.POST.get("confirm", "")):
            messages.error(request, self.confirm_error)
            return redirect(request.get_full_path())
        audit.erased(anchor, f"{self.what} erased on request")
        self.erase()
        messages.success(request, _("Their personal data is erased."))
        return redirect(self.after_erasure())


class TeacherDataView(PersonalDataMixin, TemplateView):
    """A teacher's requests by their address: download them, or erase the teacher's data."""

    what = "teacher's requests"
    confirm_error = gettext_lazy("Type the email address to confirm.")

    def email(self):
        return normalize_email(self.request.GET.get("email"))

    def anchor(self):
        return education_data.teacher_requests(self.email()).first()

    def export(self):
        return education_data.export_teacher(self.email())

    def filename(self):
        return "teacher"

    def confirmed(self, typed):
        return normalize_email(typed) == self.email()

    def erase(self):
        education_data.erase_teacher(self.email())

    def after_erasure(self):
        return reverse("education_board:teacher_data")

    def get_page_title(self):
        return _("A teacher's personal data")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        email = self.email()
        requests = list(education_data.teacher_requests(email)) if email else []
        if requests:
            audit.record(AuditEntry.Action.DISCLOSE, requests[0], "a teacher's requests")
        context.update(
            {
                "search": True,
                "email": email,
                "requests": requests,
                "confirm_label": _("Type the email address to confirm"),
                "erase_text": _(
                    "Cancels the requests still open or to come (the lecturers are told), "
                    "then erases the teacher's name, contacts, notes and comments; schools, "
                    "classes, pupils reached and ratings stay for the reports. This cannot "
                    "be undone."
                ),
                "query": f"?email={email}",
            }
        )
        return context


class LecturerDataView(PersonalDataMixin, TemplateView):
    """A lecturer's or supporter's personal data: download it, or erase it."""

    view_permission = permissions.VIEW_LECTURERS
    action_permissions = permissions.LECTURER_DATA
    what = "lecturer's data"
    confirm_error = gettext_lazy("Type the reference number to confirm.")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.lecturer = get_object_or_404(Lecturer, pk=kwargs["pk"])

    def anchor(self):
        return self.lecturer

    def export(self):
        return education_data.export_lecturer(self.lecturer)

    def filename(self):
        return self.lecturer.reference

    def confirmed(self, typed):
        return typed.strip() == self.lecturer.reference

    def erase(self):
        education_data.erase_lecturer(self.lecturer)

    def after_erasure(self):
        return reverse("education_lecturers:index")

    def get_page_title(self):
        return _("Personal data of %(reference)s") % {"reference": self.lecturer.reference}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "lecturer": self.lecturer,
                "classes": self.lecturer.booked.count(),
                "confirm_label": _("Type the reference number to confirm"),
                "erase_text": _(
                    "Calls off the classes to come they are booked for (the requests are "
                    "arranged again), then erases the name, contacts, needs, notes and days "
                    "away; the reference and the classes stay for the reports. This cannot "
                    "be undone."
                ),
                "query": "?",
            }
        )
        return context


def urlpatterns():
    return [
        path("teacher/", TeacherDataView.as_view(), name="teacher_data"),
        path("lecturer/<int:pk>/data/", LecturerDataView.as_view(), name="lecturer_data"),
        path("request/<int:pk>/", RequestPageView.as_view(), name="request"),
        path("batch/", BatchView.as_view(), name="batch"),
        path("batch/<int:pk>/", BatchView.as_view(), name="batch_run"),
        path("report/", ReportView.as_view(), name="report"),
    ]
