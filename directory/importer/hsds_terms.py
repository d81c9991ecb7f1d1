"""The package's taxonomies, terms and the attributes that give services their terms.

Taxonomies and terms keep the ids the directory already has for the same vocabulary.
"""

from .. import sheet
from ..models import Service, Taxonomy, TaxonomyTerm
from ..taxonomies import TAXONOMIES
from .cells import text_cell, uuid_cell, web_address_cell


def taxonomies(package):
    plan = package.plan
    slugs_by_name = {name: slug for slug, (name, _d) in TAXONOMIES.items()}
    existing = {t.id: t for t in Taxonomy.objects.all()}
    by_name = {t.name: t for t in existing.values()}
    for origin, pk, row, _extra in package.each("taxonomy"):
        name = text_cell(row, "name")
        if not name:
            plan.problem(origin, "name", "required")
            continue
        current = existing.get(pk) or by_name.get(name)
        target = current.id if current else pk
        package.taxonomy_map[pk] = target
        slug = current.slug if current else slugs_by_name.get(name, f"taxonomy-{pk.hex[:8]}")
        description = text_cell(row, "description")
        plan.add(
            Taxonomy,
            target,
            {
                "name": name,
                "slug": slug,
                "description": "" if description == name else description,
                "uri": web_address_cell(plan, origin, row, "uri"),
                "version": text_cell(row, "version"),
            },
            origin,
        )


def taxonomy_terms(package):
    plan = package.plan
    existing = {(t.taxonomy_id, t.code): t.id for t in TaxonomyTerm.objects.all()}
    term_rows = []
    # Every term's id is known before any parent_id is read: a parent may come after its child.
    for origin, pk, row, _extra in package.each("taxonomy_term"):
        taxonomy_id = uuid_cell(plan, origin, row, "taxonomy_id")
        name, code = text_cell(row, "name"), sheet.normalise_code(row.get("code", ""))
        if not name:
            plan.problem(origin, "name", "required")
        if taxonomy_id is None or not name:
            continue
        taxonomy_id = package.taxonomy_map.get(taxonomy_id, taxonomy_id)
        code = code or f"term-{pk.hex[:8]}"
        target = existing.get((taxonomy_id, code), pk)
        package.term_map[pk] = target
        term_rows.append((origin, target, row, taxonomy_id, name, code))
    for origin, target, row, taxonomy_id, name, code in term_rows:
        parent = uuid_cell(plan, origin, row, "parent_id", required=False)
        description = text_cell(row, "description")
        plan.add(
            TaxonomyTerm,
            target,
            {
                "taxonomy_id": taxonomy_id,
                "code": code,
                "name": name,
                "description": "" if description == name else description,
                "parent_id": package.term_map.get(parent, parent),
                "term_uri": web_address_cell(plan, origin, row, "term_uri"),
            },
            origin,
        )


def attributes(package):
    """Only the attributes linking a service to a term are read (the service's terms)."""
    plan = package.plan
    for origin, _pk, row, _extra in package.each("attribute"):
        if text_cell(row, "link_type") not in ("service", "") or text_cell(
            row, "link_entity"
        ) not in ("service", ""):
            continue
        service_id = uuid_cell(plan, origin, row, "link_id")
        term_id = uuid_cell(plan, origin, row, "taxonomy_term_id")
        if service_id is None or term_id is None:
            continue
        term_id = package.term_map.get(term_id, term_id)
        if (
            term_id not in plan.rows[TaxonomyTerm]
            and not TaxonomyTerm.objects.filter(pk=term_id).exists()
        ):
            plan.problem(origin, "taxonomy_term_id", "unknown_reference", value=str(term_id))
            continue
        if service_id not in plan.rows[Service]:
            plan.problem(origin, "link_id", "unknown_reference", value=str(service_id))
            continue
        plan.terms.setdefault(service_id, set()).add(term_id)
