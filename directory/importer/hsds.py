"""An HSDS data package into the plan: one function per table, in the order their rows refer
to each other (hsds_terms, hsds_entities, hsds_details)."""

from kokoron.geography.models import SchoolDistrict

from ..models import (
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
)
from . import hsds_details, hsds_entities, hsds_terms
from .cells import accessibility_codes, districts_by_name, neighbourhoods_by_name, uuid_cell

# The children a package brings for its services, locations and organisations replace theirs.
SERVICE_CHILDREN = (
    ServiceAtLocation,
    Schedule,
    Phone,
    Contact,
    Language,
    CostOption,
    ServiceArea,
)


class Package:
    """The package's tables, the plan being built and what the table functions share."""

    def __init__(self, tables, plan, progress):
        self.tables = tables
        self.plan = plan
        self.progress = progress
        self.extras = {}
        if "extras" in tables:
            for _n, row in tables["extras"].rows:
                self.extras[(row.get("table", ""), row.get("id", "").strip())] = row
        self.total = sum(len(t.rows) for name, t in tables.items() if name != "extras") or 1
        self.done = 0
        # Package ids of taxonomies and terms -> the ids the directory keeps for them.
        self.taxonomy_map = {}
        self.term_map = {}
        self.districts = {d.slug: d for d in SchoolDistrict.objects.all()}
        self.neighbourhoods = neighbourhoods_by_name()
        self.district_names = districts_by_name()
        self.feature_codes = accessibility_codes()

    def each(self, table):
        """(origin, id, row, extra) for each row of the table with a valid id seen once."""
        data = self.tables.get(table)
        if data is None:
            return
        seen = {}
        for number, row in data.rows:
            self.done += 1
            if self.done % 1000 == 0:
                self.progress(self.done, self.total)
            origin = (data.name, number)
            pk = uuid_cell(self.plan, origin, row, "id")
            if pk is None:
                continue
            if pk in seen:
                self.plan.problem(origin, "id", "duplicate", other=seen[pk])
                continue
            seen[pk] = number
            yield origin, pk, row, self.extras.get((table, str(pk)), {})


def build_hsds(tables, plan, progress):
    package = Package(tables, plan, progress)
    hsds_terms.taxonomies(package)
    hsds_terms.taxonomy_terms(package)
    hsds_entities.organizations(package)
    hsds_entities.locations(package)
    hsds_entities.addresses(package)
    hsds_entities.accessibility(package)
    hsds_entities.services(package)
    _replace_children(plan)
    hsds_details.services_at_locations(package)
    hsds_details.schedules(package)
    hsds_details.phones(package)
    hsds_details.contacts(package)
    hsds_details.languages(package)
    hsds_details.cost_options(package)
    hsds_details.service_areas(package)
    hsds_terms.attributes(package)
    for service_id in plan.rows[Service]:
        plan.terms.setdefault(service_id, set())
    progress(package.total, package.total)


def _replace_children(plan):
    services = set(plan.rows[Service])
    plan.replace += [(model, "service_id", services) for model in SERVICE_CHILDREN]
    locations = set(plan.rows[Location])
    plan.replace += [(Address, "location_id", locations), (Accessibility, "location_id", locations)]
    organizations = set(plan.rows[Organization])
    plan.replace += [(Phone, "organization_id", organizations)]
    plan.replace += [(Contact, "organization_id", organizations)]
