"""The directory's figures for the plan's progress report: the gathering places open today
and the districts that have one (goal 2), and the entries verified with their providers
(goal 5). A service is placed in the school district of its first location."""

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from kokoron.core.plan_progress import Indicator, count_by_year, count_now

from .models import Service, ServiceAtLocation, Taxonomy

GATHERING_PLACE = "gathering-place"


def with_district(services):
    first_location = ServiceAtLocation.objects.filter(service=OuterRef("pk")).order_by(
        "location__school_district__sort_order", "location__school_district__name_kana", "pk"
    )
    return services.annotate(
        plan_place=Subquery(first_location.values("location__school_district")[:1])
    )


def _gathering_places():
    return with_district(
        Service.objects.active().filter(
            terms__taxonomy__slug=Taxonomy.KIND, terms__code=GATHERING_PLACE
        )
    )


def gathering_places(years):
    return count_now(_gathering_places(), "plan_place")


def districts_with_gathering_place(years):
    """1 for each district with a gathering place open today: their sum is how many have."""
    return {
        (year, district): 1
        for (year, district), number in gathering_places(years).items()
        if district is not None and number
    }


def entries_verified(years):
    """Entries whose providers last confirmed them in the year (a later confirmation moves an
    entry to its own year: the directory keeps only the last date)."""
    return count_by_year(
        with_district(Service.objects.filter(assured_date__isnull=False)),
        "assured_date",
        "plan_place",
        years,
        is_datetime=False,
    )


def indicators():
    return [
        Indicator(
            2,
            "directory.gathering_places",
            _("Gathering places open (now)"),
            gathering_places,
            10,
            snapshot=True,
        ),
        Indicator(
            2,
            "directory.districts_with_gathering_place",
            _("School districts with a gathering place (now)"),
            districts_with_gathering_place,
            20,
            snapshot=True,
        ),
        Indicator(
            5,
            "directory.entries_verified",
            _("Directory entries verified with their providers"),
            entries_verified,
            10,
            note=_("Only the last verification of each entry is kept."),
        ),
    ]
