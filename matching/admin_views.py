"""The coordinator's screens in Wagtail's admin: a need's page, the batch plans, the dashboard,
and one person's data (export, deletion). Only the Coordinators group (and superusers) may
use them: they hold personal data."""

from collections import Counter

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Sum
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
from kokoron.geography.models import SchoolDistrict
from kokoron.plugins import is_enabled
from kokoron.privacy import registry

from . import own_page, permissions, personal_data, reasons, services, suggestions, tasks
from .forms import CoverForm, NoteForm, ProposeForm, StateForm
from .models import (
    Activity,
    Assignment,
    BatchRun,
    Need,
    Person,
    Proposal,
    Volunteer,
)


class CoordinatorMixin(ActionPermissionMixin, WagtailAdminTemplateMixin):
    """Needs' screens: the view permission of needs to see them, and each action the
    permission of its effect (matching.permissions)."""

    header_icon = "group"
    view_permission = permissions.VIEW_NEEDS

    def dispatch(self, request, *args, **kwargs):
        with audit.acting(request.user):
            return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("matching_overview"), "label": _("Volunteer Center")},
            {"url": "", "label": self.get_page_title()},
        ]


def _directory_services():
    """The directory's functions for other plugins, while that plugin is on."""
    if not is_enabled("directory"):
        return None
    from directory import services

    return services


def directory_organizations():
    """Organisations of the directory a need can be referred to; none when it is off."""
    services = _directory_services()
    return services.organization_choices() if services else []


def referred_organization(need):
    """The directory organisation a need was referred to, as {"name", "admin_url"}, or None."""
    services = _directory_services()
    if services is None or need.referred_organization_id is None:
        return None
    return services.organization_summary(need.referred_organization_id)


class NeedPageView(CoordinatorMixin, TemplateView):
    template_name = "matching/admin/need.html"
    action_permissions = permissions.NEED_PAGE

    def get_page_title(self):
        return _("Need %(reference)s") % {"reference": self.need.reference}

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.need = get_object_or_404(
            Need.objects.select_related(
                "requester", "recipient", "category", "district", "neighbourhood", "coordinator"
            ),
            pk=kwargs["pk"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        need = self.need
        stored = getattr(need, "suggestions", None) if hasattr(need, "suggestions") else None
        rows = []
        if stored is not None:
            volunteers = Volunteer.objects.select_related("person").in_bulk(
                [row["volunteer"] for row in stored.results]
            )
            asked = suggestions.asked_before(need)
            for row in stored.results:
                volunteer = volunteers.get(row["volunteer"])
                if volunteer is None:
                    continue
                rows.append(
                    {
                        "volunteer": volunteer,
                        "score": row["score"],
                        "reasons": [reasons.describe(r) for r in row["reasons"]],
                        "asked": volunteer.pk in asked,
                    }
                )
        audit.disclosed(need, "need page with contact")
        context.update(
            {
                "need": need,
                "stored": stored,
                "suggestions": rows,
                "empty_reason": reasons.describe_empty(stored.empty_reason)
                if stored and stored.empty_reason
                else "",
                "proposals": need.proposals.select_related("volunteer__person"),
                "assignments": need.assignments.select_related("volunteer__person"),
                "notes": need.notes.select_related("author"),
                "audit": AuditEntry.objects.filter(object_type="need", object_id=need.pk)[:30],
                "state_form": kwargs.get("state_form")
                or StateForm(need=need, organizations=directory_organizations()),
                "referred_organization": referred_organization(need),
                "note_form": kwargs.get("note_form") or NoteForm(),
                "cover_form": kwargs.get("cover_form") or CoverForm(),
                "propose_form": ProposeForm(),
                "days_open": need.days_open(),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        need = self.need
        action = request.POST.get("action")
        if action == "propose":
            return self._propose(request)
        if action == "refresh":
            tasks.enqueue_suggestions(need.pk)
            messages.success(request, _("The suggestions are being computed again."))
        elif action == "state":
            form = StateForm(request.POST, need=need, organizations=directory_organizations())
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(state_form=form), status=400)
            data = form.cleaned_data
            # Decided again under the need's lock: a volunteer may have answered meanwhile.
            with transaction.atomic():
                moved = services.move(
                    need,
                    data["state"],
                    seen=request.POST.get("seen_state") or None,
                    closed_reason=data.get("closed_reason", ""),
                    referred_to=data.get("referred_to", ""),
                    referred_organization=data.get("referred_organization"),
                )
                if moved and data["state"] == Need.State.DONE:
                    own_page.finish_need(need, data.get("hours_given"))
            if moved:
                messages.success(request, _("The need has moved on."))
            else:
                messages.error(
                    request,
                    _(
                        "The need changed while you were deciding; nothing was changed. Here it is now."
                    ),
                )
        elif action == "note":
            form = NoteForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(note_form=form), status=400)
            note = form.save(commit=False)
            note.need = need
            note.author = request.user
            note.save()
            messages.success(request, _("Note saved."))
        elif action == "follow_up_done":
            need.notes.filter(pk=request.POST.get("note")).update(follow_up_done=True)
        elif action == "cover":
            form = CoverForm(request.POST)
            regular = need.assignments.filter(
                outcome=Assignment.Outcome.ONGOING, for_date__isnull=True
            ).first()
            if not form.is_valid() or regular is None:
                if regular is None:
                    form.add_error(None, _("This need has no regular volunteer yet."))
                return self.render_to_response(self.get_context_data(cover_form=form), status=400)
            try:
                proposal = services.cancel_date(
                    need, regular.volunteer, form.cleaned_data["date"], request.user
                )
            except ValueError:
                form.add_error("date", _("Choose a date on which this weekly need takes place."))
                return self.render_to_response(self.get_context_data(cover_form=form), status=400)
            if proposal is None:
                messages.warning(request, _("Nobody can cover that date."))
            else:
                messages.success(request, _("A volunteer has been asked to cover that date."))
        else:
            messages.error(request, _("Unknown action."))
        return redirect("matching_board:need", pk=need.pk)

    def _propose(self, request):
        need = self.need
        volunteer = Volunteer.objects.filter(
            pk=request.POST.get("volunteer"), status=Volunteer.Status.ACTIVE
        ).first()
        if volunteer is None:
            messages.error(request, _("Choose an active volunteer."))
        elif not need.is_open:
            messages.error(request, _("This need is not open for proposals."))
        elif volunteer.pk in suggestions.asked_before(need):
            messages.error(request, _("This volunteer has already been asked for this need."))
        else:
            form = ProposeForm(request.POST)
            form.is_valid()
            stored = getattr(need, "suggestions", None)
            row = next(
                (r for r in (stored.results if stored else []) if r["volunteer"] == volunteer.pk),
                {"score": 0, "reasons": []},
            )
            proposal = services.propose(
                need,
                volunteer,
                user=request.user,
                score=row["score"],
                reasons=row["reasons"],
                cascade=form.cleaned_data.get("cascade", False),
            )
            if proposal is None:
                # Asked by a click a moment ago, or the need moved on meanwhile.
                need.refresh_from_db()
                messages.error(
                    request,
                    _("This need is not open for proposals.")
                    if not need.is_open
                    else _("This volunteer has already been asked for this need."),
                )
            else:
                messages.success(
                    request,
                    _("%(volunteer)s has been asked by email.")
                    % {"volunteer": volunteer.reference},
                )
        return redirect("matching_board:need", pk=need.pk)


class BatchView(BatchRunsMixin, CoordinatorMixin, TemplateView):
    template_name = "matching/admin/batch.html"
    action_permissions = permissions.BATCH
    run_model = BatchRun
    board = "matching_board"
    enqueue = staticmethod(tasks.enqueue_batch)

    def plan_items(self, run):
        return run.items.select_related("need__category", "need__district", "volunteer__person")[
            :500
        ]

    def apply(self, request, run, items):
        proposals = services.apply_plan(run, items, request.user)
        messages.success(
            request, _("%(count)s volunteers have been asked.") % {"count": len(proposals)}
        )


def bar_rows(counter, labels=None):
    """Rows for a server-rendered bar chart: label, value, width in per cent."""
    top = max(counter.values(), default=0) or 1
    return [
        {
            "label": (labels or {}).get(key, key),
            "value": value,
            "width": round(100 * value / top),
        }
        for key, value in sorted(counter.items(), key=lambda item: -item[1])
    ]


class DashboardView(CoordinatorMixin, TemplateView):
    template_name = "matching/admin/dashboard.html"
    page_title = gettext_lazy("Volunteer Center in numbers")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        districts = {d.pk: d.name for d in SchoolDistrict.objects.all()}
        activities = {a.pk: a.display_name for a in Activity.objects.default_locale()}
        open_needs = Need.objects.filter(state__in=Need.OPEN_STATES)
        by_district = Counter(
            {
                districts.get(row["district"], "?"): row["n"]
                for row in open_needs.values("district").annotate(n=Count("pk"))
            }
        )
        ages = Counter()
        for created in open_needs.values_list("created_at", flat=True):
            days = (now - created).days
            bucket = (
                _("under a week")
                if days < 7
                else _("1-4 weeks")
                if days < 28
                else _("over 4 weeks")
            )
            ages[bucket] += 1
        unmet = Counter(
            {
                activities.get(row["category"], "?"): row["n"]
                for row in Need.objects.filter(state=Need.State.UNMET)
                .values("category")
                .annotate(n=Count("pk"))
            }
        )
        by_activity = Counter(
            {
                activities.get(row["activities"], "?"): row["n"]
                for row in Volunteer.objects.filter(status=Volunteer.Status.ACTIVE)
                .values("activities")
                .annotate(n=Count("pk"))
                if row["activities"]
            }
        )
        hours = Assignment.objects.aggregate(total=Sum("hours_given"))["total"] or 0
        context.update(
            {
                "numbers": [
                    (_("Open needs"), open_needs.count()),
                    (_("Needs done"), Need.objects.filter(state=Need.State.DONE).count()),
                    (_("Closed unmet"), Need.objects.filter(state=Need.State.UNMET).count()),
                    (
                        _("Active volunteers"),
                        Volunteer.objects.filter(status=Volunteer.Status.ACTIVE).count(),
                    ),
                    (
                        _("Answers awaited"),
                        Proposal.objects.filter(state=Proposal.State.PENDING).count(),
                    ),
                    (_("Hours given"), hours),
                ],
                "charts": [
                    (_("Open needs by school district"), bar_rows(by_district)),
                    (_("Open needs by age"), bar_rows(ages)),
                    (_("Unmet needs by kind of help"), bar_rows(unmet)),
                    (_("Active volunteers by activity"), bar_rows(by_activity)),
                ],
                "follow_ups": Need.objects.filter(
                    notes__follow_up_on__lte=timezone.localdate(), notes__follow_up_done=False
                ).distinct()[:20],
            }
        )
        return context


class PersonDataView(CoordinatorMixin, TemplateView):
    """One person's data on request (APPI): download it, or erase it."""

    template_name = "matching/admin/person_data.html"
    view_permission = permissions.VIEW_PEOPLE
    action_permissions = permissions.PERSON_DATA

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.person = get_object_or_404(Person, pk=kwargs["pk"])

    def get_page_title(self):
        return _("Personal data of %(reference)s") % {"reference": self.person.reference}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.person
        context["needs"] = Need.objects.filter(requester=self.person).count()
        return context

    def post(self, request, *args, **kwargs):
        person = self.person
        if request.POST.get("action") == "export":
            audit.exported(person, "all data")
            return registry.download(personal_data.export_person(person), person.reference)
        if (
            request.POST.get("action") == "erase"
            and request.POST.get("confirm") == person.reference
        ):
            personal_data.erase_person(person)
            messages.success(request, _("The person's data has been erased."))
            return redirect("matching_overview")
        messages.error(request, _("Type the reference number to confirm."))
        return redirect("matching_board:person_data", pk=person.pk)


def urlpatterns():
    return [
        path("need/<int:pk>/", NeedPageView.as_view(), name="need"),
        path("batch/", BatchView.as_view(), name="batch"),
        path("batch/<int:pk>/", BatchView.as_view(), name="batch_run"),
        path("dashboard/", DashboardView.as_view(), name="dashboard"),
        path("person/<int:pk>/data/", PersonDataView.as_view(), name="person_data"),
    ]
