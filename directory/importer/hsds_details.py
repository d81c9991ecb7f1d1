"""The package's rows that hang off a service (or an organisation): where it is offered, its
opening hours, telephones, contacts, languages, costs and service areas."""

from .. import schedule_rules, sheet
from ..models import (
    Contact,
    CostOption,
    Language,
    Phone,
    Schedule,
    ServiceArea,
    ServiceAtLocation,
)
from .cells import text_cell, uuid_cell


def services_at_locations(package):
    plan = package.plan
    for origin, pk, row, _extra in package.each("service_at_location"):
        plan.add(
            ServiceAtLocation,
            pk,
            {
                "service_id": uuid_cell(plan, origin, row, "service_id"),
                "location_id": uuid_cell(plan, origin, row, "location_id"),
                "description": text_cell(row, "description"),
            },
            origin,
        )


def schedules(package):
    plan = package.plan
    for origin, pk, row, _extra in package.each("schedule"):
        service_id = uuid_cell(plan, origin, row, "service_id", required=False)
        if service_id is None:
            plan.problem(origin, "service_id", "required")
            continue
        byday = sheet.normalise_code(row.get("byday", "")).upper().replace(" ", "")
        values = {"service_id": service_id, "byday": byday}
        try:
            values["opens_at"] = sheet.parse_time(row.get("opens_at", ""))
            values["closes_at"] = sheet.parse_time(row.get("closes_at", ""))
        except ValueError:
            plan.problem(origin, "opens_at", "time")
            continue
        try:
            rule = schedule_rules.Rule.from_byday(
                byday, [schedule_rules.Period(values["opens_at"], values["closes_at"])]
            )
        except ValueError:
            plan.problem(origin, "byday", "schedule", value=byday)
            continue
        values["freq"] = rule.freq
        for column in ("valid_from", "valid_to"):
            try:
                values[column] = sheet.parse_date(row.get(column, ""))
            except ValueError:
                plan.problem(origin, column, "date")
        plan.add(Schedule, pk, values, origin)


def phones(package):
    plan = package.plan
    phone_types = dict(Phone.TYPES)
    for origin, pk, row, _extra in package.each("phone"):
        values = {
            "service_id": uuid_cell(plan, origin, row, "service_id", required=False),
            "organization_id": uuid_cell(plan, origin, row, "organization_id", required=False),
            "number": sheet.normalise_code(row.get("number", "")),
            "extension": sheet.normalise_code(row.get("extension", "")),
            "type": text_cell(row, "type") or "voice",
            "description": text_cell(row, "description"),
        }
        if not values["service_id"] and not values["organization_id"]:
            plan.problem(origin, "service_id", "no_owner")
        if not values["number"]:
            plan.problem(origin, "number", "required")
        if values["type"] not in phone_types:
            plan.problem(origin, "type", "unsupported", value=values["type"])
        plan.add(Phone, pk, values, origin)


def contacts(package):
    plan = package.plan
    for origin, pk, row, _extra in package.each("contact"):
        values = {
            "service_id": uuid_cell(plan, origin, row, "service_id", required=False),
            "organization_id": uuid_cell(plan, origin, row, "organization_id", required=False),
            "name": text_cell(row, "name")
            or text_cell(row, "title")
            or text_cell(row, "department"),
            "title": text_cell(row, "title"),
            "department": text_cell(row, "department"),
            "email": sheet.normalise_code(row.get("email", "")),
        }
        if not values["service_id"] and not values["organization_id"]:
            plan.problem(origin, "service_id", "no_owner")
        if not values["name"]:
            plan.problem(origin, "name", "required")
        plan.add(Contact, pk, values, origin)


def languages(package):
    plan = package.plan
    language_codes = dict(Language.CODES)
    for origin, pk, row, _extra in package.each("language"):
        code = sheet.normalise_code(row.get("code", ""))
        if code not in language_codes:
            plan.problem(origin, "code", "language", value=code)
            continue
        plan.add(
            Language,
            pk,
            {
                "service_id": uuid_cell(plan, origin, row, "service_id"),
                "code": code,
                "note": text_cell(row, "note"),
            },
            origin,
        )


def cost_options(package):
    plan = package.plan
    for origin, pk, row, _extra in package.each("cost_option"):
        amount = sheet.normalise_code(row.get("amount", ""))
        values = {
            "service_id": uuid_cell(plan, origin, row, "service_id"),
            "option": text_cell(row, "option"),
            "currency": text_cell(row, "currency") or "JPY",
            "amount_description": text_cell(row, "amount_description"),
            "amount": None,
        }
        if amount:
            try:
                values["amount"] = round(float(amount))
            except ValueError:
                plan.problem(origin, "amount", "number")
        plan.add(CostOption, pk, values, origin)


def service_areas(package):
    plan = package.plan
    for origin, pk, row, _extra in package.each("service_area"):
        name = text_cell(row, "name")
        values = {
            "service_id": uuid_cell(plan, origin, row, "service_id"),
            "school_district_id": None,
            "neighbourhood_id": None,
        }
        if text_cell(row, "extent_type") == "neighbourhood":
            places = package.neighbourhoods.get(name.casefold())
            if places:
                values["neighbourhood_id"] = places[0].id
        elif name.casefold() in package.district_names:
            values["school_district_id"] = package.district_names[name.casefold()].id
        if not values["school_district_id"] and not values["neighbourhood_id"]:
            plan.problem(origin, "name", "unknown_district", value=name)
            continue
        plan.add(ServiceArea, pk, values, origin)
