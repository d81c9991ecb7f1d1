from django import forms
from django.forms import modelform_factory
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from django_q.models import Schedule

from kokoron.core.admin_edit import LockedEditView
from kokoron.core.admin_views import PluginOverviewView, register_overview
from kokoron.core.choices import WEEKDAYS
from kokoron.core.dashboard import WorkPanel
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
from .engine import GUIDE, INTERPRETER
from .filters import (
    BookingFilterSet,
    ClassRequestFilterSet,
    EquipmentLoanFilterSet,
    LecturerFilterSet,
    SchoolFilterSet,
)
from .models import (
    Booking,
    ClassRequest,
    Equipment,
    EquipmentLoan,
    Lecturer,
    LecturerAbsence,
    School,
    SchoolHoliday,
)


class EducationOverview(PluginOverviewView):
    page_title = _("Welfare education")
    header_icon = "openquote"
    description = _(
        "The programme menu for schools, the lecturer network, teachers' requests and the "
        "student welfare school."
    )
    sections = (
        (_("Class requests"), "education_requests:index"),
        (_("Batch plans"), "education_board:batch"),
        (_("Bookings"), "education_bookings:index"),
        (_("Lecturers and supporters"), "education_lecturers:index"),
        (_("Days away"), "education_absences:index"),
        (_("Equipment"), "education_equipment:list"),
        (_("Equipment out"), "education_loans:index"),
        (_("Schools"), "education_schools:index"),
        (_("School holidays"), "education_holidays:index"),
        (_("Yearly report"), "education_board:report"),
        (_("A teacher's personal data"), "education_board:teacher_data"),
    )


register_overview(
    name="education",
    view=EducationOverview,
    menu_label=_("Welfare education"),
    icon_name="openquote",
    order=320,
)


@hooks.register("register_admin_urls")
def register_board_urls():
    return [
        path(
            "education/board/",
            include((admin_views.urlpatterns(), "education_board"), namespace="education_board"),
        )
    ]


class RequestPageColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("education_board:request", kwargs={"pk": instance.pk}),
            instance.reference,
        )


class ClassRequestViewSet(ModelViewSet):
    model = ClassRequest
    name = "education_requests"
    url_prefix = "education/requests"
    icon = "form"
    menu_label = _("Class requests")
    list_display = [
        RequestPageColumn("reference", label=_("reference number")),
        "school",
        Column("programmes", label=_("programmes"), accessor="programme_titles"),
        "grade",
        "pupils",
        "state",
        "created_at",
    ]
    list_per_page = 50
    filterset_class = ClassRequestFilterSet
    search_fields = ["reference", "teacher_name", "school__name"]
    ordering = ["created_at"]
    # States move only through the request's page (propose, confirm, call off, impossible),
    # which locks the request; an edit changes only its form's fields, never the state.
    edit_view_class = LockedEditView
    # The programmes (ordered) are the teacher's choice: shown on the request's page, not edited.
    form_fields = [
        "school",
        "teacher_name",
        "teacher_email",
        "teacher_phone",
        "grade",
        "classes",
        "pupils",
        "step_free",
        "has_lift",
        "notes",
        "reason",
    ]


class BookingViewSet(ModelViewSet):
    model = Booking
    name = "education_bookings"
    url_prefix = "education/bookings"
    icon = "date"
    menu_label = _("Bookings")
    list_display = ["request", "date", "first_period", "last_period", "state", "score"]
    filterset_class = BookingFilterSet
    ordering = ["date"]
    edit_view_class = LockedEditView
    form_fields = ["date", "first_period", "last_period"]


class LecturerForm(WagtailAdminModelForm):
    """Weekdays and escort roles as checkboxes rather than raw lists."""

    weekdays = forms.TypedMultipleChoiceField(
        label=_("weekdays free"),
        choices=WEEKDAYS[:5],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    escorts = forms.MultipleChoiceField(
        label=_("can come with a lecturer as"),
        choices=[(GUIDE, _("A guide helper")), (INTERPRETER, _("A sign-language interpreter"))],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("For supporters."),
    )


class PersonalDataColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("education_board:lecturer_data", kwargs={"pk": instance.pk}),
            _("Personal data"),
        )


class LecturerViewSet(ModelViewSet):
    model = Lecturer
    name = "education_lecturers"
    url_prefix = "education/lecturers"
    icon = "group"
    menu_label = _("Lecturers and supporters")
    list_display = [
        "reference",
        "name",
        "kind",
        "monthly_max",
        "needs_escort",
        "active",
        PersonalDataColumn("personal_data", label=_("Personal data")),
    ]
    filterset_class = LecturerFilterSet
    search_fields = ["reference", "name", "name_kana"]
    form_fields = [
        "kind",
        "name",
        "name_kana",
        "email",
        "phone",
        "language",
        "programmes",
        "weekdays",
        "monthly_max",
        "home_district",
        "districts",
        "needs_step_free",
        "needs_escort",
        "escorts",
        "notes",
        "active",
    ]

    def get_form_class(self, for_update=False):
        return modelform_factory(
            Lecturer,
            form=LecturerForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=self.form_fields,
        )


class LecturerAbsenceViewSet(ModelViewSet):
    model = LecturerAbsence
    name = "education_absences"
    url_prefix = "education/days-away"
    icon = "date"
    menu_label = _("Days away")
    list_display = ["lecturer", "first", "last"]
    list_filter = ["lecturer"]
    ordering = ["-first"]
    form_fields = ["lecturer", "first", "last"]


class EquipmentViewSet(SnippetViewSet):
    """A translatable snippet (wagtail-localize translates its name and notes); the stock is
    the count of the item in the default language."""

    model = Equipment
    url_prefix = "education/equipment"
    admin_url_namespace = "education_equipment"
    icon = "cog"
    menu_label = _("Equipment")
    # Wagtail gives a translatable snippet its own language filter (by language code); a
    # list_filter on "locale" sent its primary key there instead, and every choice was a 404.
    list_display = ["name", "count", "locale"]
    panels = [FieldPanel("name"), FieldPanel("count"), FieldPanel("notes")]


class EquipmentLoanViewSet(ModelViewSet):
    """Which equipment is out when, delivery to return: filter by a day to see what is left."""

    model = EquipmentLoan
    name = "education_loans"
    url_prefix = "education/loans"
    icon = "cog"
    menu_label = _("Equipment out")
    list_display = ["item", "pieces", "out_from", "back_on", "booking"]
    filterset_class = EquipmentLoanFilterSet
    ordering = ["out_from"]
    form_fields = ["pieces", "out_from", "back_on"]


class SchoolViewSet(ModelViewSet):
    model = School
    name = "education_schools"
    url_prefix = "education/schools"
    icon = "home"
    menu_label = _("Schools")
    list_display = ["name", "kind", "district", "step_free", "has_lift"]
    filterset_class = SchoolFilterSet
    search_fields = ["name", "name_kana", "name_romaji"]
    form_fields = [
        "name",
        "name_kana",
        "name_romaji",
        "kind",
        "district",
        "step_free",
        "has_lift",
        "active",
    ]


class SchoolHolidayViewSet(ModelViewSet):
    model = SchoolHoliday
    name = "education_holidays"
    url_prefix = "education/holidays"
    icon = "date"
    menu_label = _("School holidays")
    list_display = ["name", "first", "last"]
    form_fields = ["name", "first", "last"]


class EducationViewSetGroup(ViewSetGroup):
    menu_label = _("Welfare education")
    menu_icon = "openquote"
    menu_order = 321
    items = (
        ClassRequestViewSet,
        BookingViewSet,
        LecturerViewSet,
        LecturerAbsenceViewSet,
        EquipmentViewSet,
        EquipmentLoanViewSet,
        SchoolViewSet,
        SchoolHolidayViewSet,
    )


@hooks.register("register_admin_viewset")
def register_education_viewsets():
    return EducationViewSetGroup()


@hooks.register(SCHEDULES_HOOK)
def education_schedules():
    return [
        ScheduleSpec(
            name="kokoron.education.daily",
            func="education.tasks.daily",
            # Hourly, and idempotent: reminders and feedback links are sent once each.
            schedule_type=Schedule.HOURLY,
        ),
        ScheduleSpec(
            name="kokoron.education.retention",
            func="education.retention.anonymise_finished_requests",
            schedule_type=Schedule.DAILY,
        ),
    ]


@hooks.register(DEMO_DATA_HOOK)
def education_demo(context):
    add_menu_link(
        {"ja": "福祉教育", "en": "Welfare education", "ja-easy": "ふくしを まなぶ"}, "/education/"
    )
    # The demo's modules (factory_boy, Faker) load when the demo is built, not with the site.
    from kokoron.core.demo import demo_staff

    from .demo import build_demo

    build_demo(context)
    # Arranging classes without the Volunteer Center's needs and volunteers.
    demo_staff(
        context,
        "education",
        "Education coordinators",
        ["wagtailadmin.access_admin", "education"],
    )


@hooks.register("construct_homepage_panels")
def education_work_panel(request, panels):
    from .dashboard import PERMISSION, work_items

    if request.user.has_perm(PERMISSION):
        panels.append(
            WorkPanel(
                "education-work", _("Welfare education: waiting for staff"), work_items(), 130
            )
        )


@hooks.register(PERSONAL_DATA_PERMISSIONS_HOOK)
def personal_data_permissions():
    """Teachers' requests and contacts, lecturers and the people booked for classes."""
    return ["education"]


@hooks.register(PERSONAL_DATA_HOOK)
def register_personal_data():
    from . import personal_data

    return personal_data.contributors()


@hooks.register(PLAN_PROGRESS_HOOK)
def register_plan_progress():
    from .plan_progress import indicators

    return indicators()
