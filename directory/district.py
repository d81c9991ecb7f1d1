"""The directory's sections of a school district's page: its gathering places and its
consultation windows, in the request's language, each linking to the filtered list."""

from urllib.parse import urlencode

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kokoron.plugins import DistrictItem, DistrictSection

from . import generation
from .filters import services_in_district
from .listing import load_listing
from .models import Service, Taxonomy

ITEMS = 8
CACHE_SECONDS = 24 * 60 * 60
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
    """Both sections, made once per change of the directory, per district and language."""
    key = f"directory.district-sections:{district.pk}:{district.slug}:{get_language()}"
    current = generation.current()
    found = cache.get(key)
    if found is not None and found[0] == current:
        return found[1]
    result = _sections(district)
    cache.set(key, (current, result), CACHE_SECONDS)
    return result


def _sections(district):
    """Both sections in one query for the ids and one load of the entries."""
    titles = _titles()
    kinds = [kind for _key, kind, _order in SECTIONS]
    rows = (
        Service.objects.active()
        .filter(services_in_district(district))
        .filter(terms__taxonomy__slug=Taxonomy.KIND, terms__code__in=kinds)
        .order_by("sort_name", "id")
        .values_list("id", "terms__code")
        .distinct()
    )
    ids_of = {kind: [] for kind in kinds}
    for service_id, kind in rows:
        if len(ids_of[kind]) < ITEMS and service_id not in ids_of[kind]:
            ids_of[kind].append(service_id)
    loaded = {
        service.pk: service
        for service in load_listing([pk for ids in ids_of.values() for pk in ids])
    }
    result = []
    for key, kind, order in SECTIONS:
        items = tuple(
            DistrictItem(
                title=service.display_name,
                url=reverse("directory:service", kwargs={"pk": service.pk}),
                description=service.schedule_in_words(),
            )
            for service in (loaded[pk] for pk in ids_of[kind] if pk in loaded)
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
