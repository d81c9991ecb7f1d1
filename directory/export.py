"""Export as an HSDS 3.0 Tabular Data Package: one CSV file per table and datapackage.json.

The package's resources are the official descriptor's (hsds/datapackage.json): every table of
the standard, with its file name, columns and their order, types (dates, times, numbers),
formats and constraints (required, unique, enums, primary and foreign keys), so the package
validates against the standard as it is. Tables the directory does not keep (programs,
funding...) are empty files. Values are the same as the API's (hsds.py), so the two never
disagree.
"""

import csv
import io
import json
import zipfile
from functools import cache
from pathlib import Path

from django.utils import timezone

from . import hsds
from .models import (
    Accessibility,
    Address,
    Contact,
    CostOption,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

DATAPACKAGE_FILE = Path(__file__).resolve().parent / "hsds" / "datapackage.json"


@cache
def official_descriptor():
    """The official HSDS 3.0 tabular data package descriptor, unchanged."""
    return json.loads(DATAPACKAGE_FILE.read_text(encoding="utf-8"))


@cache
def tables():
    """{table: (file name, [column, ...])} of the official descriptor, in its order."""
    return {
        resource["name"]: (
            resource["path"],
            [field["name"] for field in resource["schema"]["fields"]],
        )
        for resource in official_descriptor()["resources"]
    }


def _rows():
    """(table, iterable of flat dicts) for every table the directory keeps."""
    services = list(
        Service.objects.select_related("organization").prefetch_related("schedules").order_by("id")
    )
    terms_by_service = {}
    for service_id, term_id in Service.terms.through.objects.values_list(
        "service_id", "taxonomyterm_id"
    ):
        terms_by_service.setdefault(service_id, []).append(term_id)
    vocabulary = {t.id: t for t in TaxonomyTerm.objects.select_related("taxonomy")}
    attributes = [
        hsds.attribute(service, vocabulary[term_id])
        for service in services
        for term_id in terms_by_service.get(service.id, [])
    ]
    locations = Location.objects.select_related("school_district").order_by("id")
    yield "organization", (hsds.organization_list(o) for o in Organization.objects.order_by("id"))
    yield "service", (hsds.service_list(s) for s in services)
    yield "location", (_location_row(loc) for loc in locations)
    yield (
        "service_at_location",
        (
            hsds.service_at_location(sal)
            for sal in ServiceAtLocation.objects.select_related(
                "location__school_district"
            ).order_by("id")
        ),
    )
    yield "address", (hsds.address(a) for a in Address.objects.order_by("id"))
    yield "accessibility", (hsds.accessibility(a) for a in Accessibility.objects.order_by("id"))
    yield "phone", (hsds.phone(p) for p in Phone.objects.order_by("id"))
    yield "contact", (hsds.contact(c) for c in Contact.objects.order_by("id"))
    by_id = {s.id: s for s in services}
    yield (
        "schedule",
        (hsds.schedule(row, by_id.get(row.service_id)) for row in Schedule.objects.order_by("id")),
    )
    yield (
        "service_area",
        (
            hsds.service_area(a)
            for a in ServiceArea.objects.select_related(
                "school_district", "neighbourhood"
            ).order_by("id")
        ),
    )
    yield "language", (hsds.language(lang) for lang in Language.objects.order_by("id"))
    yield "cost_option", (hsds.cost_option(c) for c in CostOption.objects.order_by("id"))
    yield "taxonomy", (hsds.taxonomy(t) for t in Taxonomy.objects.order_by("id"))
    yield "taxonomy_term", (hsds.taxonomy_term(t) for t in vocabulary.values())
    yield "attribute", iter(attributes)


def _location_row(location):
    """The location's own columns (addresses and accessibility have their own files)."""
    location._prefetched_objects_cache = {"addresses": [], "accessibility": []}
    return hsds.location(location)


EXTRAS_FILE = "x_kokoron.csv"
EXTRAS_COLUMNS = [
    "table",
    "id",
    "name_kana",
    "fee_kind",
    "closed_on_holidays",
    "closed_year_end",
    "schedule_note",
    "neighbourhood",
]


def _extras():
    """What the directory keeps beyond HSDS, so that an import of this package restores it:
    readings in kana, the kind of cost, holiday and year-end closures, neighbourhoods."""
    for org in Organization.objects.order_by("id").values("id", "name_kana"):
        yield {"table": "organization", **org}
    for loc in Location.objects.select_related("neighbourhood").order_by("id"):
        yield {
            "table": "location",
            "id": loc.id,
            "name_kana": loc.name_kana,
            "neighbourhood": loc.neighbourhood.name if loc.neighbourhood_id else "",
        }
    for service in Service.objects.order_by("id").values(
        "id", "name_kana", "fee_kind", "closed_on_holidays", "closed_year_end", "schedule_note"
    ):
        for key in ("closed_on_holidays", "closed_year_end"):
            service[key] = "1" if service[key] else "0"
        yield {"table": "service", **service}


def _csv(columns, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return buffer.getvalue()


def build_package():
    """The package as {file name: bytes}: CSV files (UTF-8) and datapackage.json."""
    files = {}
    rows_by_table = dict(_rows())
    resources = []
    for resource in official_descriptor()["resources"]:
        path, columns = tables()[resource["name"]]
        files[path] = _csv(columns, rows_by_table.pop(resource["name"], ())).encode("utf-8")
        resources.append({**resource, "encoding": "utf-8"})
    if rows_by_table:
        raise ValueError(f"Tables missing from the HSDS descriptor: {sorted(rows_by_table)}")
    files[EXTRAS_FILE] = _csv(EXTRAS_COLUMNS, _extras()).encode("utf-8")
    resources.append(
        {
            "name": "x_kokoron",
            "path": EXTRAS_FILE,
            "description": "Kokoron's fields beyond HSDS (readings, closures), for re-import.",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": [{"name": column, "type": "string"} for column in EXTRAS_COLUMNS]},
        }
    )
    official = official_descriptor()
    files["datapackage.json"] = json.dumps(
        {
            "name": "kokoron-directory",
            "title": "こころん 地域資源 (Open Referral HSDS 3.0)",
            "profile": official["profile"],
            "homepage": official["homepage"],
            "created": timezone.now().isoformat(),
            "resources": resources,
        },
        ensure_ascii=False,
        indent=2,
    ).encode("utf-8")
    return files


def build_zip():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in build_package().items():
            archive.writestr(name, content)
    return buffer.getvalue()
