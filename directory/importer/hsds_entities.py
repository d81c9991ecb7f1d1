"""The package's organisations, locations (with their addresses and accessibility) and
services. Readings in kana and what HSDS has no column for come from the package's extras."""

from kokoron.core.kana import sort_key, to_hiragana

from .. import sheet
from ..export import EXTRAS_FILE
from ..models import Accessibility, Address, Location, Organization, Service
from .cells import text_cell, uuid_cell, web_address_cell

ADDRESS_COLUMNS = (
    "attention",
    "address_1",
    "address_2",
    "city",
    "region",
    "state_province",
    "postal_code",
    "country",
)


def organizations(package):
    plan = package.plan
    for origin, pk, row, extra in package.each("organization"):
        name = text_cell(row, "name")
        if not name:
            plan.problem(origin, "name", "required")
            continue
        kana = to_hiragana(extra.get("name_kana", "")) or name
        plan.add(
            Organization,
            pk,
            {
                "name": name,
                "name_kana": kana,
                "sort_name": sort_key(kana),
                "alternate_name": text_cell(row, "alternate_name"),
                "description": text_cell(row, "description") or name,
                "email": sheet.normalise_code(row.get("email", "")),
                "website": web_address_cell(plan, origin, row, "website"),
                "legal_status": text_cell(row, "legal_status"),
            },
            origin,
        )


def locations(package):
    plan = package.plan
    for origin, pk, row, extra in package.each("location"):
        name = text_cell(row, "name")
        if not name:
            plan.problem(origin, "name", "required")
            continue
        kana = to_hiragana(extra.get("name_kana", "")) or name
        values = {
            "name": name,
            "name_kana": kana,
            "sort_name": sort_key(kana),
            "organization_id": uuid_cell(plan, origin, row, "organization_id", required=False),
            "description": text_cell(row, "description"),
            "transportation": text_cell(row, "transportation"),
            "school_district_id": None,
            "neighbourhood_id": None,
        }
        for column in ("latitude", "longitude"):
            text = sheet.normalise_code(row.get(column, ""))
            try:
                values[column] = round(float(text), 6) if text else None
            except ValueError:
                plan.problem(origin, column, "number")
        _place_in_district(package, origin, row, extra, values)
        plan.add(Location, pk, values, origin)


def _place_in_district(package, origin, row, extra, values):
    """The school district from the external identifier; a neighbourhood (extras) wins."""
    plan = package.plan
    if text_cell(row, "external_identifier_type") == "school_district":
        slug = text_cell(row, "external_identifier")
        if slug not in package.districts:
            plan.problem(origin, "external_identifier", "unknown_district", value=slug)
        else:
            values["school_district_id"] = package.districts[slug].id
    hood = extra.get("neighbourhood", "")
    if hood:
        matches = [
            n
            for n in package.neighbourhoods.get(hood.casefold(), [])
            if values["school_district_id"] in (None, n.district_id)
        ]
        if not matches:
            plan.problem((EXTRAS_FILE, 0), "neighbourhood", "unknown_district", value=hood)
        else:
            values["neighbourhood_id"] = matches[0].id
            values["school_district_id"] = matches[0].district_id


def addresses(package):
    plan = package.plan
    for origin, pk, row, _extra in package.each("address"):
        values = {
            "location_id": uuid_cell(plan, origin, row, "location_id"),
            **{column: text_cell(row, column) for column in ADDRESS_COLUMNS},
            "address_type": text_cell(row, "address_type") or "physical",
        }
        if not values["address_1"]:
            plan.problem(origin, "address_1", "required")
        if values["address_type"] not in dict(Address.TYPES):
            plan.problem(origin, "address_type", "unsupported", value=values["address_type"])
        plan.add(Address, pk, values, origin)


def accessibility(package):
    plan = package.plan
    for origin, pk, row, _extra in package.each("accessibility"):
        label = text_cell(row, "description")
        code = package.feature_codes.get(label)
        if code is None:
            plan.problem(origin, "description", "unsupported", value=label)
            continue
        plan.add(
            Accessibility,
            pk,
            {
                "location_id": uuid_cell(plan, origin, row, "location_id"),
                "code": code,
                "details": text_cell(row, "details"),
                "url": web_address_cell(plan, origin, row, "url"),
            },
            origin,
        )


def services(package):
    plan = package.plan
    statuses = dict(Service.STATUSES)
    for origin, pk, row, extra in package.each("service"):
        name = text_cell(row, "name")
        if not name:
            plan.problem(origin, "name", "required")
            continue
        kana = to_hiragana(extra.get("name_kana", "")) or name
        fees = text_cell(row, "fees_description")
        fee_kind = extra.get("fee_kind") or ("paid" if fees and fees != "無料" else "free")
        status = text_cell(row, "status") or Service.ACTIVE
        if status not in statuses:
            plan.problem(origin, "status", "unsupported", value=status)
        values = {
            "name": name,
            "name_kana": kana,
            "sort_name": sort_key(kana),
            "organization_id": uuid_cell(plan, origin, row, "organization_id"),
            "alternate_name": text_cell(row, "alternate_name"),
            "description": text_cell(row, "description"),
            "url": web_address_cell(plan, origin, row, "url"),
            "email": sheet.normalise_code(row.get("email", "")),
            "status": status,
            "application_process": text_cell(row, "application_process"),
            "eligibility_description": text_cell(row, "eligibility_description"),
            "fee_kind": fee_kind,
            "fees_description": "" if fees == "無料" and fee_kind == "free" else fees,
        }
        try:
            values["assured_date"] = sheet.parse_date(row.get("assured_date", ""))
        except ValueError:
            plan.problem(origin, "assured_date", "date")
        for key in ("closed_on_holidays", "closed_year_end"):
            if extra.get(key):
                values[key] = extra[key] == "1"
        if "schedule_note" in extra:
            values["schedule_note"] = extra["schedule_note"]
        plan.add(Service, pk, values, origin)
