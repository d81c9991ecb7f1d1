"""The directory's part of the demo: about 150 resources of the Showa ward.

The entries are the council's own sheet (demo_data/directory.csv, one row per service, the
columns sheet.COLUMNS reads), loaded through the importer as staff would load theirs, so the
demo exercises the import. The sheet says nothing of what the council keeps elsewhere; three
small tables beside it add that after the import:

- organizations.csv: each organisation's English name, legal status and description;
- locations.csv: each place's English name, access by transport, the organisation that runs
  it (none for the community centres) and whether it has an accessible toilet;
- services.csv: each service's English name, contact, cost option and service area.

The services keep their ids from the sheet; the other rows get ids derived from their names,
so running load_demo again imports the same file, finds every row unchanged and adds nothing.
"""

import csv
from pathlib import Path

from kokoron.geography.models import SchoolDistrict

from . import importer
from .models import (
    Accessibility,
    Contact,
    CostOption,
    Location,
    LocationTranslation,
    Organization,
    OrganizationTranslation,
    Service,
    ServiceArea,
    ServiceTranslation,
)
from .taxonomies import ensure_taxonomies

DATA = Path(__file__).resolve().parent / "demo_data"
SHEET = DATA / "directory.csv"


class DemoDataError(Exception):
    """The demo's own sheet no longer imports: a change to the importer broke it."""


def _rows(name):
    with (DATA / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def build_directory(context):
    if not SchoolDistrict.objects.exists():
        return
    ensure_taxonomies()
    result = importer.import_file(SHEET.read_bytes(), SHEET.name)
    if result.problems:
        raise DemoDataError([(p.row, p.column, importer.message(p)) for p in result.problems])
    districts = {d.name: d for d in SchoolDistrict.objects.all()}
    _organizations()
    _locations(districts)
    count = _services(districts)
    context.say(f"{count} directory entries")


def _organizations():
    for row in _rows("organizations.csv"):
        for organization in Organization.objects.filter(name=row["名称"]):
            organization.legal_status = row["法人格"]
            organization.description = row["説明"]
            organization.save()
            OrganizationTranslation.objects.update_or_create(
                organization=organization, language_code="en", defaults={"name": row["英語名"]}
            )


def _locations(districts):
    organizations = {o.name: o for o in Organization.objects.all()}
    for row in _rows("locations.csv"):
        location = Location.objects.get(name=row["会場"], school_district=districts[row["学区"]])
        location.transportation = row["交通"]
        location.organization = organizations.get(row["運営団体"])
        location.save()
        LocationTranslation.objects.update_or_create(
            location=location, language_code="en", defaults={"name": row["英語名"]}
        )
        if row["多目的トイレ"]:
            Accessibility.objects.get_or_create(location=location, code="accessible_toilet")


def _services(districts):
    rows = _rows("services.csv")
    services = {str(pk): s for pk, s in Service.objects.in_bulk([r["ID"] for r in rows]).items()}
    for row in rows:
        service = services[row["ID"]]
        ServiceTranslation.objects.update_or_create(
            service=service, language_code="en", defaults={"name": row["英語名"]}
        )
        if row["連絡先"]:
            Contact.objects.get_or_create(service=service, name=row["連絡先"])
        if row["費用"]:
            CostOption.objects.get_or_create(
                service=service, option=row["費用"], defaults={"amount": None}
            )
        if row["対象学区"]:
            ServiceArea.objects.get_or_create(
                service=service, school_district=districts[row["対象学区"]]
            )
    return len(rows)
