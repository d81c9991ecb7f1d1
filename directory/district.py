"""The directory's sections of a school district's page: its gathering places and its
consultation windows, in the request's language, each linking to the filtered list."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from kokoron.plugins import DistrictItem, DistrictSection

from .filters import services_in_district
from .listing import load_listing
from .models import Service, Taxonomy

ITEMS = 8
SECTIONS = (
    # (key, kind code, order)
    ("gathering-places", "gathering-place", 20),
    ("consultation-windows", "consultation", 30),
)


def _titles():
    return {
        "gathering-place": (
            _("Gathering places"),
            _("There is no gathering place in the directory for this district yet."),
        ),
        "consultation": (
            _("Consultation windows"),
            _("There is no consultation window in the directory for this district yet."),
        ),
    }


def sections(district, request):
    titles = _titles()
    result = []
    for key, kind, order in SECTIONS:
        queryset = (
            Service.objects.active()
            .filter(services_in_district(district))
            .filter(terms__taxonomy__slug=Taxonomy.KIND, terms__code=kind)
            .distinct()
            .order_by("sort_name", "id")
        )
        ids = list(queryset.values_list("id", flat=True)[:ITEMS])
        items = tuple(
            DistrictItem(
                title=service.display_name,
                url=reverse("directory:service", kwargs={"pk": service.pk}),
                description=service.schedule_in_words(),
            )
            for service in load_listing(ids)
        )
        title, empty = titles[kind]
        result.append(
            DistrictSection(
                key=f"directory-{key}",
                title=title,
                items=items,
                more_url=f"{reverse('directory:index')}?{urlencode({'district': district.slug, 'kind': kind})}",
                empty_text=empty,
                order=order,
            )
        )
    return result
