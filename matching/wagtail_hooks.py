from django.forms import modelform_factory
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from django_q.models import Schedule

from kokoron.core import audit
from kokoron.core.admin_edit import LockedEditView
from kokoron.core.admin_views import PluginOverviewView, ServedViewsMixin, register_overview
from kokoron.core.choices import COORDINATORS_GROUP
from kokoron.core.dashboard import WorkPanel
from kokoron.core.models import AuditEntry
from kokoron.navigation.demo import add_menu_link
from kokoron.plugins import (
    DEMO_DATA_HOOK,
    PERSONAL_DATA_HOOK,
    PERSONAL_DATA_PERMISSIONS_HOOK,
    PLAN_PROGRESS_HOOK,
    SCHEDULES_HOOK,
    ScheduleSpec,
)

from . import admin_views
from .filters import (
    NeedFilterSet,
    PersonFilterSet,
    VolunteerFilterSet,
    VolunteerTrainingFilterSet,
)
from .forms import VolunteerAdminForm, VolunteerTrainingAdminForm
from .models import (
    Activity,
    Need,
    Person,
    Training,
    Volunteer,
    VolunteerTraining,
)
from .signups import admin as signups_admin  # noqa: F401 - registers the sign-ups' admin and hooks


class VolunteerCenterOverview(PluginOverviewView):
    page_title = _("Volunteer Center")
    header_icon = "group"
    description = _(
        "Residents' everyday needs, the volunteer register, the matching engine's proposals "
        "and student volunteer experiences."
    )
    sections = (
        (_("Needs (the board)"), "matching_needs:index"),
        (_("Volunteers"), "matching_volunteers:index"),
        (_("People"), "matching_people:index"),
        (_("Volunteers' trainings"), "matching_trainings:index"),
        (_("Batch plans"), "matching_board:batch"),
        (_("Volunteer Center in numbers"), "matching_board:dashboard"),
        (_("Audit log"), "matching_audit:index"),
    )


register_overview(
    name="matching",
    view=VolunteerCenterOverview,
    menu_label=_("Volunteer Center"),
    icon_name="group",
    order=310,
)


@hooks.register("register_admin_urls")
def register_board_urls():
    return [
        path(
            "matching/board/",
            include((admin_views.urlpatterns(), "matching_board"), namespace="matching_board"),
        )
    ]


# Every create and edit through the admin is recorded with the user who made it.
class AuditedCreateView(generic.CreateView):
    def dispatch(self, request, *args, **kwargs):
        with audit.acting(request.user):
            return super().dispatch(request, *args, **kwargs)


# Edits lock the row and change only the fields their form shows: editing a need's
# description never writes back the state a volunteer's answer has since moved on.
class AuditedEditView(LockedEditView):
    def dispatch(self, request, *args, **kwargs):
        with audit.acting(request.user):
            return super().dispatch(request, *args, **kwargs)


class AuditedDeleteView(generic.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        with audit.acting(request.user):
            return super().dispatch(request, *args, **kwargs)


class AuditedViewSet(ModelViewSet):
    add_view_class = AuditedCreateView
    edit_view_class = AuditedEditView
    delete_view_class = AuditedDeleteView


class NeedPageColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("matching_board:need", kwargs={"pk": instance.pk}),
            instance.reference,
        )


class DaysOpenColumn(Column):
    def get_value(self, instance):
        return instance.days_open()


class NeedViewSet(AuditedViewSet):
    """The coordinator's board: every need, filtered by state, district, kind, urgency, age."""

    model = Need
    name = "matching_needs"
    url_prefix = "matching/needs"
    icon = "list-ul"
    menu_label = _("Needs")
    list_display = [
        NeedPageColumn("reference", label=_("reference number")),
        "category",
        "district",
        "date",
        "urgency",
        "state",
        DaysOpenColumn("days_open", label=_("days open")),
    ]
    list_per_page = 50
    filterset_class = NeedFilterSet
    search_fields = ["reference", "description"]
    ordering = ["-urgency", "created_at"]
    form_fields = [
        "requester",
        "recipient",
        "for_whom",
        "category",
        "description",
        "district",
        "neighbourhood",
        "date",
        "start_time",
        "end_time",
        "repeats_weekly",
        "repeat_until",
        "required_languages",
        "required_gender",
        "required_trainings",
        "preferred_languages",
        "preferred_gender",
        "preferred_trainings",
        "urgency",
        "channel",
        "coordinator",
    ]


class PersonDataColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("matching_board:person_data", kwargs={"pk": instance.pk}),
            _("export or erase"),
        )


class PersonViewSet(AuditedViewSet):
    model = Person
    name = "matching_people"
    url_prefix = "matching/people"
    icon = "user"
    menu_label = _("People")
    list_display = [
        "reference",
        "name",
        "name_kana",
        "district",
        PersonDataColumn("data", label=_("personal data")),
    ]
    search_fields = ["reference", "name", "name_kana"]
    filterset_class = PersonFilterSet
    form_fields = [
        "name",
        "name_kana",
        "email",
        "phone",
        "address",
        "district",
        "neighbourhood",
        "language",
        "strengths",
    ]


class VolunteerEditView(AuditedEditView):
    """The volunteer's details, with their trainings and coming days away beside the form."""

    template_name = "matching/admin/volunteer_edit.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        volunteer = self.object
        if user.has_perm("matching.view_volunteertraining"):
            context["trainings"] = volunteer.trainings.select_related("training")
            context["can_add_training"] = user.has_perm("matching.add_volunteertraining")
            context["can_change_training"] = user.has_perm("matching.change_volunteertraining")
            context["today"] = timezone.localdate()
        context["absences"] = volunteer.absences.filter(last_day__gte=timezone.localdate())
        return context


class VolunteerViewSet(AuditedViewSet):
    model = Volunteer
    edit_view_class = VolunteerEditView
    name = "matching_volunteers"
    url_prefix = "matching/volunteers"
    icon = "group"
    menu_label = _("Volunteers")
    list_display = ["reference", "person", "status", "max_needs", "last_assigned_on"]
    search_fields = ["reference", "person__name", "person__name_kana"]
    filterset_class = VolunteerFilterSet
    form_fields = [
        "person",
        "status",
        "goes_to",
        "activities",
        "availability",
        "days_away",
        "languages",
        "gender",
        "max_needs",
        "consent",
        "consented_at",
    ]

    def get_form_class(self, for_update=False):
        return modelform_factory(
            Volunteer,
            form=VolunteerAdminForm,
            fields=self.form_fields,
            formfield_callback=self.formfield_for_dbfield,
        )


class VolunteerTrainingCreateView(AuditedCreateView):
    """Opened from a volunteer's screen (?volunteer=<id>): that volunteer is chosen already."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance()
        volunteer = self.request.GET.get("volunteer", "")
        found = Volunteer.objects.filter(pk=volunteer).first() if volunteer.isdigit() else None
        if found is None:
            return instance
        instance = instance or self.model()
        instance.volunteer = found
        return instance


class VolunteerTrainingViewSet(AuditedViewSet):
    """Trainings volunteers have done (the engine checks required ones and their expiry)."""

    model = VolunteerTraining
    add_view_class = VolunteerTrainingCreateView
    name = "matching_trainings"
    url_prefix = "matching/trainings"
    icon = "doc-full"
    menu_label = _("Volunteers' trainings")
    list_display = ["volunteer", "training", "completed_on", "expires_on"]
    list_per_page = 50
    filterset_class = VolunteerTrainingFilterSet
    search_fields = ["volunteer__reference", "volunteer__person__name"]
    ordering = ["expires_on", "pk"]
    form_fields = ["volunteer", "training", "completed_on", "expires_on"]

    def get_queryset(self, request):
        return VolunteerTraining.objects.select_related("volunteer__person", "training")

    def get_form_class(self, for_update=False):
        return modelform_factory(
            VolunteerTraining,
            form=VolunteerTrainingAdminForm,
            fields=self.form_fields,
            formfield_callback=self.formfield_for_dbfield,
        )


class AuditViewSet(ServedViewsMixin, ModelViewSet):
    # The log is written by the system, never by hand.
    served_views = frozenset({"index"})
    model = AuditEntry
    name = "matching_audit"
    url_prefix = "matching/audit"
    icon = "history"
    menu_label = _("Audit log")
    list_display = ["at", "actor", "actor_label", "action", "object_type", "object_id", "detail"]
    list_filter = ["action", "object_type"]
    list_per_page = 100
    form_fields = ["detail"]


class MatchingViewSetGroup(ViewSetGroup):
    menu_label = _("Needs and volunteers")
    menu_icon = "group"
    menu_order = 311
    items = (NeedViewSet, VolunteerViewSet, VolunteerTrainingViewSet, PersonViewSet, AuditViewSet)


@hooks.register("register_admin_viewset")
def register_matching_viewsets():
    return MatchingViewSetGroup()


class ActivityViewSet(SnippetViewSet):
    model = Activity
    icon = "tag"
    menu_label = _("Activities")
    list_display = ["name", "slug", "sort_order"]


class TrainingViewSet(SnippetViewSet):
    model = Training
    icon = "doc-full"
    menu_label = _("Trainings")
    list_display = ["name", "valid_years"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Volunteer taxonomy")
    menu_icon = "tag"
    menu_order = 312
    items = (ActivityViewSet, TrainingViewSet)


@hooks.register("register_admin_viewset")
def register_taxonomy_viewsets():
    return TaxonomyGroup()


@hooks.register(SCHEDULES_HOOK)
def matching_schedules():
    return [
        ScheduleSpec(
            name="kokoron.matching.nightly_batch",
            func="matching.tasks.nightly_batch",
            # Hourly, and the task runs the batch once a night (see NIGHTLY_HOUR): no croniter.
            schedule_type=Schedule.HOURLY,
        ),
        ScheduleSpec(
            name="kokoron.matching.expire_proposals",
            func="matching.tasks.expire_proposals",
            schedule_type=Schedule.MINUTES,
            minutes=15,
        ),
        ScheduleSpec(
            name="kokoron.matching.training_reminders",
            func="matching.tasks.remind_training_expiry",
            schedule_type=Schedule.DAILY,
        ),
        ScheduleSpec(
            name="kokoron.matching.retention",
            func="matching.retention.daily",
            schedule_type=Schedule.DAILY,
        ),
    ]


@hooks.register(DEMO_DATA_HOOK)
def matching_demo(context):
    add_menu_link(
        {"ja": "ボランティア", "en": "Volunteering", "ja-easy": "ボランティア"}, "/volunteer/"
    )
    # The demo's modules (factory_boy, Faker) load when the demo is built, not with the site.
    from kokoron.core.demo import demo_staff

    from .demo import build_demo

    build_demo(context)
    demo_staff(context, "coordinator", COORDINATORS_GROUP)


@hooks.register("construct_homepage_panels")
def matching_work_panel(request, panels):
    from .dashboard import work_items

    items = work_items(request.user)
    if items:
        panels.append(
            WorkPanel("matching-work", _("Volunteer Center: waiting for staff"), items, 120)
        )


@hooks.register(PERSONAL_DATA_PERMISSIONS_HOOK)
def personal_data_permissions():
    """Everything the Volunteer Center keeps is about people: needs, volunteers, sign-ups."""
    return ["matching", "signups"]


@hooks.register(PERSONAL_DATA_HOOK)
def register_personal_data():
    from . import personal_data

    return personal_data.contributors()


@hooks.register(PLAN_PROGRESS_HOOK)
def register_plan_progress():
    from .plan_progress import indicators

    return indicators()
