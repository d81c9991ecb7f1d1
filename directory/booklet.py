"""The booklet (情報冊子): entries grouped by field and then by school district, with a table of
contents and a 五十音 index, which give page numbers once the PDF has been printed once
(directory.pdf)."""

from dataclasses import dataclass, field

from django.utils import timezone

from kokoron.core.kana import GOJUON_ROWS, gojuon_row
from kokoron.geography.models import SchoolDistrict

from .listing import load_listing
from .models import Taxonomy, TaxonomyTerm

INDEX_ANCHOR = "booklet-index"


@dataclass
class DistrictGroup:
    district: SchoolDistrict | None
    anchor: str
    services: list = field(default_factory=list)
    page: int | None = None


@dataclass
class Chapter:
    term: TaxonomyTerm | None
    anchor: str
    districts: list = field(default_factory=list)
    page: int | None = None

    @property
    def count(self):
        return sum(len(group.services) for group in self.districts)


@dataclass
class Booklet:
    chapters: list
    index: list  # (row, [service, ...]) in 五十音 order
    total: int
    generated_on: object
    index_anchor: str = INDEX_ANCHOR
    index_page: int | None = None

    def number_pages(self, page_numbers):
        """Give the contents and the index their page numbers: {anchor: printed page}, as the
        printed PDF has them. Each service gets `booklet_page`."""
        for chapter in self.chapters:
            chapter.page = page_numbers.get(chapter.anchor)
            for group in chapter.districts:
                group.page = page_numbers.get(group.anchor)
                for service in group.services:
                    service.booklet_page = page_numbers.get(entry_anchor(service))
        self.index_page = page_numbers.get(self.index_anchor)


def entry_anchor(service):
    return f"entry-{service.pk}"


def build_booklet(queryset):
    """Each service once, in the chapter of its first field and the district of its first place."""
    ids = list(queryset.order_by("sort_name", "id").values_list("id", flat=True))
    services = load_listing(ids, contacts=True)
    fields = list(TaxonomyTerm.objects.filter(taxonomy__slug=Taxonomy.FIELD).order_by("sort_order"))
    districts = list(SchoolDistrict.objects.all())
    district_order = {d.id: n for n, d in enumerate(districts)}
    chapters = {term.id: Chapter(term, f"field-{term.code}") for term in fields}
    other = Chapter(None, "field-other")
    for service in services:
        service_fields = [t for t in service.term_list if t.taxonomy.slug == Taxonomy.FIELD]
        chapter = chapters[service_fields[0].id] if service_fields else other
        places = service.locations()
        district = places[0].school_district if places else None
        group = next((g for g in chapter.districts if g.district == district), None)
        if group is None:
            slug = district.slug if district else "ward"
            group = DistrictGroup(district, f"{chapter.anchor}-{slug}")
            chapter.districts.append(group)
        group.services.append(service)
    result = [c for c in [*chapters.values(), other] if c.districts]
    for chapter in result:
        chapter.districts.sort(
            key=lambda g: district_order.get(g.district.id, -1) if g.district else -1
        )
    rows = {row: [] for row in (*GOJUON_ROWS, "他")}
    for service in services:  # already in 五十音 order
        rows[gojuon_row(service.name_kana)].append(service)
    return Booklet(
        chapters=result,
        index=[(row, items) for row, items in rows.items() if items],
        total=len(services),
        generated_on=timezone.localdate(),
    )
