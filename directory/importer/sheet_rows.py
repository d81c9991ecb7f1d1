"""The council's sheet into the plan: one row per service (columns in sheet.COLUMNS), which
brings its organisation, its place (location, address, step-free access), opening hours,
telephones, languages and its field and kind terms.

Rows without an id get one derived from their names (sheet.derived_id), or the id of the
directory's row of the same name, so importing the same sheet twice changes nothing.
"""

from django.db.models import Q

from kokoron.core.kana import sort_key

from .. import sheet
from ..models import (
    Accessibility,
    Address,
    Language,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
)
from ..sheet import Problem
from .cells import districts_by_name, neighbourhoods_by_name, term_lookup


def build_sheet(tables, plan, progress):
    table = tables["sheet"]
    columns = sheet.column_map(table.headers)
    missing = sheet.missing_columns(columns)
    for column in missing:
        plan.problems.append(Problem(1, column.header, "missing_column", {}, table.name))
    if missing:
        return
    if "schedule" not in columns and "days" in columns:
        for key in ("opens_at", "closes_at"):
            if key not in columns:
                header = sheet.COLUMN_BY_KEY[key].header
                plan.problems.append(Problem(1, header, "missing_column", {}, table.name))
    rows = SheetRows(plan, columns)
    total = len(table.rows) or 1
    for done, (number, raw) in enumerate(table.rows, start=1):
        if done % 500 == 0:
            progress(done, total)
        parsed = sheet.parse_sheet_row(number, raw, columns)
        for item in parsed.problems:
            plan.problems.append(Problem(item.row, item.column, item.code, item.params, table.name))
        rows.add((table.name, number), parsed.values)
    _replace_children(plan, columns)
    progress(total, total)


def _replace_children(plan, columns):
    """A sheet replaces only the children it has columns for."""
    services_in_file = set(plan.rows[Service])
    plan.replace.append((ServiceAtLocation, "service_id", services_in_file))
    if "schedule" in columns or "days" in columns:
        plan.replace.append((Schedule, "service_id", services_in_file))
    if "phone" in columns or "fax" in columns:
        plan.replace.append((Phone, "service_id", services_in_file))
    if "languages" in columns:
        plan.replace.append((Language, "service_id", services_in_file))
    if "address" in columns:
        plan.replace.append((Address, "location_id", set(plan.rows[Location])))


class SheetRows:
    """The lookups every row is matched against, and the plan the rows go into."""

    def __init__(self, plan, columns):
        self.plan = plan
        self.columns = columns
        self.districts = districts_by_name()
        self.neighbourhoods = neighbourhoods_by_name()
        self.terms = term_lookup()
        self.organizations = {o.name: o for o in Organization.objects.all()}
        self.locations = {
            (loc.name, loc.school_district_id): loc.id for loc in Location.objects.all()
        }
        self.services = {
            (s["organization_id"], s["name"]): s["id"]
            for s in Service.objects.values("id", "name", "organization_id")
        }
        self.step_free_rows = dict(
            Accessibility.objects.filter(code=Accessibility.STEP_FREE).values_list(
                "location_id", "id"
            )
        )
        self.taxonomy_names = dict(Taxonomy.objects.values_list("slug", "name"))
        self.seen = {}  # service id -> row number
        # The sheet's terms replace a service's fields and kinds, not its other terms.
        plan.term_taxonomies = set(
            Taxonomy.objects.filter(slug__in=(Taxonomy.FIELD, Taxonomy.KIND)).values_list(
                "id", flat=True
            )
        )

    def header(self, key):
        return self.columns.get(key) or sheet.COLUMN_BY_KEY[key].header

    def add(self, origin, values):
        term_ids = self.term_ids(origin, values)
        district, hood = self.district(origin, values)
        if not values["name"] or not values["organization"]:
            return
        org_id = self.organization(origin, values)
        service_id = values["id"] or self.services.get((org_id, values["name"]))
        service_id = service_id or sheet.derived_id(
            "service", values["organization"], values["name"]
        )
        if service_id in self.seen:
            self.plan.problem(origin, self.header("name"), "duplicate", other=self.seen[service_id])
            return
        self.seen[service_id] = origin[1]
        self.service(origin, values, service_id, org_id)
        self.plan.terms[service_id] = term_ids
        location_id = self.location(origin, values, org_id, district, hood)
        self.plan.add(
            ServiceAtLocation,
            sheet.derived_id(service_id, location_id),
            {"service_id": service_id, "location_id": location_id},
            origin,
        )
        self.schedules(origin, values, service_id)
        self.phones(origin, values, service_id)
        self.languages(origin, values, service_id)

    def term_ids(self, origin, values):
        term_ids = set()
        for key, slug, names in (
            ("field", Taxonomy.FIELD, values["fields"]),
            ("kind", Taxonomy.KIND, values["kinds"]),
        ):
            for name in names:
                term = self.terms.get((slug, name.casefold()))
                if term is None:
                    self.plan.problem(
                        origin,
                        self.header(key),
                        "unknown_term",
                        taxonomy=self.taxonomy_names.get(slug, slug),
                        value=name,
                    )
                else:
                    term_ids.add(term.id)
        return term_ids

    def district(self, origin, values):
        """(school district, neighbourhood); a neighbourhood alone gives its district."""
        district = None
        if values["district"]:
            district = self.districts.get(values["district"].casefold())
            if district is None:
                self.plan.problem(
                    origin, self.header("district"), "unknown_district", value=values["district"]
                )
        hood = None
        if values["neighbourhood"]:
            candidates = [
                n
                for n in self.neighbourhoods.get(values["neighbourhood"].casefold(), [])
                if district is None or n.district_id == district.id
            ]
            if not candidates:
                self.plan.problem(
                    origin,
                    self.header("neighbourhood"),
                    "unknown_district",
                    value=values["neighbourhood"],
                )
            else:
                hood = candidates[0]
                district = district or hood.district
        return district, hood

    def organization(self, origin, values):
        org_name = values["organization"]
        existing = self.organizations.get(org_name)
        org_id = existing.id if existing else sheet.derived_id("organization", org_name)
        org_kana = values["organization_kana"] or (
            values["name_kana"] if org_name == values["name"] else ""
        )
        if org_id not in self.plan.rows[Organization]:
            org_values = {"name": org_name}
            if org_kana:
                org_values |= {"name_kana": org_kana, "sort_name": sort_key(org_kana)}
            elif existing is None:
                self.plan.problem(origin, self.header("organization_kana"), "required")
            if existing is None:
                org_values["description"] = org_name
            self.plan.add(Organization, org_id, org_values, origin)
        return org_id

    def service(self, origin, values, service_id, org_id):
        service_values = {
            "name": values["name"],
            "name_kana": values["name_kana"],
            "sort_name": sort_key(values["name_kana"]),
            "organization_id": org_id,
            "description": values["description"],
            "eligibility_description": values["eligibility"],
            "fee_kind": values["fee_kind"] or Service.FREE,
            "fees_description": values["fee_details"],
            "closed_on_holidays": values["closed_on_holidays"],
            "closed_year_end": values["closed_year_end"],
            "schedule_note": values["schedule_note"],
            "url": values["url"],
            "email": values["email"],
        }
        if values["assured_date"]:
            service_values["assured_date"] = values["assured_date"]
        self.plan.add(Service, service_id, service_values, origin)

    def location(self, origin, values, org_id, district, hood):
        """The place (its name, else the service's) in its district, its address and access."""
        place = values["place"] or values["name"]
        district_id = district.id if district else None
        location_id = self.locations.get((place, district_id)) or sheet.derived_id(
            "location", place, district_id or ""
        )
        if location_id not in self.plan.rows[Location]:
            kana = values["place_kana"] or values["name_kana"]
            location_values = {
                "name": place,
                "name_kana": kana,
                "sort_name": sort_key(kana),
                "organization_id": org_id,
                "school_district_id": district_id,
                "neighbourhood_id": hood.id if hood else None,
            }
            if values["latitude"] is not None and values["longitude"] is not None:
                location_values |= {
                    "latitude": values["latitude"],
                    "longitude": values["longitude"],
                }
            self.plan.add(Location, location_id, location_values, origin)
        if values["address"]:
            self.plan.add(
                Address,
                sheet.derived_id(location_id, "address"),
                {
                    "location_id": location_id,
                    "address_1": values["address"],
                    "postal_code": values["postal_code"],
                },
                origin,
            )
        if values["step_free"] is True:
            pk = self.step_free_rows.get(location_id) or sheet.derived_id(location_id, "step_free")
            self.plan.add(
                Accessibility,
                pk,
                {"location_id": location_id, "code": Accessibility.STEP_FREE},
                origin,
            )
        elif values["step_free"] is False:
            self.plan.deletes.append(
                (Accessibility, Q(location_id=location_id, code=Accessibility.STEP_FREE))
            )
        return location_id

    def schedules(self, origin, values, service_id):
        for n, item in enumerate(values["schedules"]):
            self.plan.add(
                Schedule,
                sheet.derived_id(service_id, "schedule", n),
                {
                    "service_id": service_id,
                    "freq": item.freq,
                    "byday": item.byday,
                    "opens_at": item.opens_at,
                    "closes_at": item.closes_at,
                },
                origin,
            )

    def phones(self, origin, values, service_id):
        for kind, number in (("voice", values["phone"]), ("fax", values["fax"])):
            if number:
                self.plan.add(
                    Phone,
                    sheet.derived_id(service_id, "phone", kind),
                    {"service_id": service_id, "number": number, "type": kind},
                    origin,
                )

    def languages(self, origin, values, service_id):
        for code in values["languages"]:
            self.plan.add(
                Language,
                sheet.derived_id(service_id, "language", code),
                {"service_id": service_id, "code": code},
                origin,
            )
