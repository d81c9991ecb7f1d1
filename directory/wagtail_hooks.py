from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.viewsets.model import ModelViewSet

from kokoron.core.admin_views import PluginOverviewView, register_overview
from kokoron.core.dashboard import WorkPanel
from kokoron.navigation.demo import add_menu_link
from kokoron.plugins import (
    DEMO_DATA_HOOK,
    DISTRICT_SECTIONS_HOOK,
    PERSONAL_DATA_HOOK,
    PERSONAL_DATA_PERMISSIONS_HOOK,
    PLAN_PROGRESS_HOOK,
    SCHEDULES_HOOK,
    SEARCH_HOOK,
    ScheduleSpec,
)

from .filters import (
    LocationAdminFilterSet,
    OrganizationAdminFilterSet,
    ServiceAdminFilterSet,
    TaxonomyTermAdminFilterSet,
)
from .models import (
    CorrectionSuggestion,
    Location,
    Organization,
    Service,
    Taxonomy,
    TaxonomyTerm,
)


class OrganizationViewSet(ModelViewSet):
    model = Organization
    name = "directory_organizations"
    url_prefix = "directory/organizations"
    icon = "group"
    menu_label = _("Organizations")
    list_display = ["name", "name_kana", "last_modified"]
    search_fields = ["name", "name_kana", "description"]
    filterset_class = OrganizationAdminFilterSet
    ordering = ["sort_name"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_kana")]),
        FieldPanel("alternate_name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("email"), FieldPanel("website")]),
        FieldPanel("legal_status"),
        InlinePanel("phones", label=_("Phones")),
        InlinePanel("contacts", label=_("Contacts")),
        InlinePanel("translations", label=_("Translations")),
    ]


class LocationViewSet(ModelViewSet):
    model = Location
    name = "directory_locations"
    url_prefix = "directory/locations"
    icon = "site"
    menu_label = _("Locations")
    list_display = ["name", "name_kana", "school_district", "organization"]
    search_fields = ["name", "name_kana"]
    filterset_class = LocationAdminFilterSet
    ordering = ["sort_name"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_kana")]),
        FieldPanel("organization"),
        FieldPanel("description"),
        FieldPanel("transportation"),
        FieldRowPanel([FieldPanel("school_district"), FieldPanel("neighbourhood")]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
        InlinePanel("addresses", label=_("Addresses"), min_num=0),
        InlinePanel("accessibility", label=_("Accessibility")),
        InlinePanel("translations", label=_("Translations")),
    ]


class ServiceViewSet(ModelViewSet):
    model = Service
    name = "directory_services"
    url_prefix = "directory/services"
    icon = "list-ul"
    menu_label = _("Services")
    list_display = ["name", "organization", "status", "assured_date", "last_modified"]
    search_fields = ["name", "name_kana", "description"]
    filterset_class = ServiceAdminFilterSet
    ordering = ["sort_name"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_kana")]),
        FieldPanel("organization"),
        FieldPanel("alternate_name"),
        FieldPanel("description"),
        FieldPanel("terms"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("assured_date")]),
        FieldRowPanel([FieldPanel("url"), FieldPanel("email")]),
        FieldPanel("application_process"),
        FieldPanel("eligibility_description"),
        MultiFieldPanel(
            [FieldPanel("fee_kind"), FieldPanel("fees_description"), InlinePanel("cost_options")],
            heading=_("Cost"),
        ),
        InlinePanel("service_at_locations", label=_("Locations")),
        MultiFieldPanel(
            [
                InlinePanel("schedules", label=_("Opening hours")),
                FieldPanel("closed_on_holidays"),
                FieldPanel("closed_year_end"),
                FieldPanel("schedule_note"),
            ],
            heading=_("Opening hours"),
        ),
        InlinePanel("phones", label=_("Phones")),
        InlinePanel("contacts", label=_("Contacts")),
        InlinePanel("languages", label=_("Languages")),
        InlinePanel("service_areas", label=_("Service areas")),
        InlinePanel("translations", label=_("Translations")),
    ]


class TaxonomyViewSet(ModelViewSet):
    model = Taxonomy
    name = "directory_taxonomies"
    url_prefix = "directory/taxonomies"
    icon = "tag"
    menu_label = _("Taxonomies")
    form_fields = ["name", "slug", "description", "uri", "version"]
    list_display = ["name", "slug"]


class TaxonomyTermViewSet(ModelViewSet):
    model = TaxonomyTerm
    name = "directory_terms"
    url_prefix = "directory/terms"
    icon = "tag"
    menu_label = _("Taxonomy terms")
    list_display = ["name", "code", "taxonomy", "sort_order"]
    search_fields = ["name", "code"]
    filterset_class = TaxonomyTermAdminFilterSet
    panels = [
        FieldPanel("taxonomy"),
        FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("parent"), FieldPanel("sort_order")]),
        FieldPanel("term_uri"),
        InlinePanel("translations", label=_("Translations")),
    ]


class CorrectionViewSet(ModelViewSet):
    """The moderation queue of readers' suggested corrections."""

    model = CorrectionSuggestion
    name = "directory_corrections"
    url_prefix = "directory/corrections"
    icon = "help"
    menu_label = _("Suggested corrections")
    list_display = ["service", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["message"]
    panels = [
        FieldPanel("service", read_only=True),
        FieldPanel("message", read_only=True),
        FieldRowPanel([FieldPanel("name", read_only=True), FieldPanel("email", read_only=True)]),
        FieldPanel("status"),
        FieldPanel("staff_note"),
    ]


VIEWSETS = [
    CorrectionViewSet(),
    OrganizationViewSet(),
    ServiceViewSet(),
    LocationViewSet(),
    TaxonomyTermViewSet(),
    TaxonomyViewSet(),
]


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return VIEWSETS


@hooks.register("register_admin_urls")
def register_directory_admin_urls():
    from .admin_views import admin_urls

    return admin_urls()


class DirectoryOverview(PluginOverviewView):
    page_title = _("Directory")
    header_icon = "folder-open-inverse"
    description = _(
        "The ward's health, medical and welfare resources, consultation windows and gathering "
        "places, and the printed booklet for professionals."
    )
    sections = (
        *((viewset.menu_label, viewset.get_url_name("index")) for viewset in VIEWSETS),
        (_("Import"), "directory_import"),
        (_("Translations for translators (PO files)"), "directory_translations"),
        (_("Booklet as PDF"), "directory_booklet_pdf"),
    )


register_overview(
    name="directory",
    view=DirectoryOverview,
    menu_label=_("Directory"),
    icon_name="folder-open-inverse",
    order=300,
)


@hooks.register(DEMO_DATA_HOOK)
def directory_demo(context):
    # The demo's modules (factory_boy, Faker) load when the demo is built, not with the site.
    from kokoron.core.demo import demo_staff

    from .demo import build_directory

    add_menu_link(
        {
            "ja": "地域の相談先・たまり場",
            "en": "Local resources",
            "ja-easy": "そうだん できる ところ",
        },
        "/directory/",
    )
    build_directory(context)
    # Keeping the directory: entries, imports, the booklet, readers' corrections.
    demo_staff(context, "directory", "Directory staff", ["wagtailadmin.access_admin", "directory"])


@hooks.register(SCHEDULES_HOOK)
def directory_schedules():
    from django_q.models import Schedule

    return [
        ScheduleSpec(
            name="kokoron.directory.verification_requests",
            func="directory.tasks.request_verifications",
            schedule_type=Schedule.DAILY,
        )
    ]


@hooks.register(DISTRICT_SECTIONS_HOOK)
def directory_district_sections(district, request):
    from .district import sections

    return sections(district, request)


@hooks.register(SEARCH_HOOK)
def directory_search():
    from .search import contribution

    return contribution()


@hooks.register("construct_homepage_panels")
def directory_work_panel(request, panels):
    if not request.user.has_perm("directory.change_service"):
        return
    from .dashboard import work_items

    panels.append(WorkPanel("directory-work", _("Directory: waiting for staff"), work_items(), 110))


@hooks.register(PERSONAL_DATA_PERMISSIONS_HOOK)
def personal_data_permissions():
    """Readers' suggested corrections carry their names and addresses; the directory's own
    entries are public."""
    return [f"directory.{action}_correctionsuggestion" for action in ("view", "change", "delete")]


@hooks.register(PERSONAL_DATA_HOOK)
def register_personal_data():
    from .personal_data import CorrectionsContributor

    return CorrectionsContributor()


@hooks.register(PLAN_PROGRESS_HOOK)
def register_plan_progress():
    from .plan_progress import indicators

    return indicators()
