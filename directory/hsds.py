"""HSDS 3.0 representations of the directory's objects, for the API and the export.

The HSDS schemas allow no nulls: optional fields that are empty are left out. Text is given in
Japanese, the source language. Terms are linked to services by HSDS attributes.
"""

from django.utils import timezone

from .models import Taxonomy, related

HSDS_VERSION = "3.0"


def _clean(data):
    return {key: value for key, value in data.items() if value not in (None, "")}


def _time(value):
    """HSDS 3.0's time (the tabular package's Table Schema `time`): HH:MM:SS."""
    return value.strftime("%H:%M:%S") if value else None


def _utc_offset_hours():
    """The site's UTC offset in hours (9 in Japan): HSDS reads schedule times without one as
    UTC, so each schedule says in its `timezone` what its times are in."""
    hours = timezone.localtime().utcoffset().total_seconds() / 3600
    return int(hours) if hours.is_integer() else hours


def _datetime(value):
    return value.isoformat() if value else None


def taxonomy(obj):
    return _clean(
        {
            "id": str(obj.id),
            "name": obj.name,
            "description": obj.description or obj.name,
            "uri": obj.uri,
            "version": obj.version,
        }
    )


def taxonomy_term(term, taxonomies=None):
    taxonomy_obj = term.taxonomy
    return _clean(
        {
            "id": str(term.id),
            "code": term.code,
            "name": term.name,
            "description": term.description or term.name,
            "parent_id": str(term.parent_id) if term.parent_id else None,
            "taxonomy": taxonomy_obj.name,
            "taxonomy_detail": taxonomy(taxonomy_obj),
            "taxonomy_id": str(term.taxonomy_id),
            "language": "ja",
            "term_uri": term.term_uri,
        }
    )


def attribute(service, term):
    return {
        "id": str(_attribute_id(service.id, term.id)),
        "link_id": str(service.id),
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": str(term.id),
        "taxonomy_term": taxonomy_term(term),
    }


def _attribute_id(service_id, term_id):
    import uuid

    return uuid.uuid5(service_id, str(term_id))


def organization_list(org):
    return _clean(
        {
            "id": str(org.id),
            "name": org.name,
            "alternate_name": org.alternate_name,
            "description": org.description or org.name,
            "email": org.email,
            "website": org.website,
            "legal_status": org.legal_status,
        }
    )


def phone(obj):
    data = _clean(
        {
            "id": str(obj.id),
            "service_id": str(obj.service_id) if obj.service_id else None,
            "organization_id": str(obj.organization_id) if obj.organization_id else None,
            "number": obj.number,
            "type": obj.type,
            "description": obj.description,
        }
    )
    if obj.extension.isdigit():
        data["extension"] = int(obj.extension)
    return data


def contact(obj):
    return _clean(
        {
            "id": str(obj.id),
            "service_id": str(obj.service_id) if obj.service_id else None,
            "organization_id": str(obj.organization_id) if obj.organization_id else None,
            "name": obj.name,
            "title": obj.title,
            "department": obj.department,
            "email": obj.email,
        }
    )


def organization(org, services=None):
    data = organization_list(org)
    data["phones"] = [phone(p) for p in org.phones.all()]
    data["contacts"] = [contact(c) for c in org.contacts.all()]
    if services is not None:
        data["services"] = services
    return data


def address(obj):
    return _clean(
        {
            "id": str(obj.id),
            "location_id": str(obj.location_id),
            "attention": obj.attention,
            "address_1": obj.address_1,
            "address_2": obj.address_2,
            "city": obj.city,
            "region": obj.region,
            "state_province": obj.state_province,
            "postal_code": obj.postal_code,
            "country": obj.country,
            "address_type": obj.address_type,
        }
    )


def accessibility(obj):
    return _clean(
        {
            "id": str(obj.id),
            "location_id": str(obj.location_id),
            "description": str(obj.get_code_display()),
            "details": obj.details,
            "url": obj.url,
        }
    )


def location(obj):
    return _clean(
        {
            "id": str(obj.id),
            "location_type": "physical",
            "organization_id": str(obj.organization_id) if obj.organization_id else None,
            "name": obj.name,
            "description": obj.description,
            "transportation": obj.transportation,
            "latitude": float(obj.latitude) if obj.latitude is not None else None,
            "longitude": float(obj.longitude) if obj.longitude is not None else None,
            "external_identifier": obj.school_district.slug if obj.school_district_id else None,
            "external_identifier_type": "school_district" if obj.school_district_id else None,
        }
    ) | {
        "addresses": [address(a) for a in related(obj, "addresses")],
        "accessibility": [accessibility(a) for a in related(obj, "accessibility")],
    }


def schedule(obj, service=None):
    notes = []
    if service is not None:
        notes.append(service.schedule().describe("ja"))
    return _clean(
        {
            "id": str(obj.id),
            "service_id": str(obj.service_id),
            "valid_from": obj.valid_from.isoformat() if obj.valid_from else None,
            "valid_to": obj.valid_to.isoformat() if obj.valid_to else None,
            "freq": obj.freq,
            "timezone": _utc_offset_hours(),
            "wkst": "MO",
            "interval": 1,
            "byday": obj.byday,
            "opens_at": _time(obj.opens_at),
            "closes_at": _time(obj.closes_at),
            "attending_type": "in_person",
            "notes": " ".join(notes),
        }
    )


def service_area(obj):
    place = obj.neighbourhood or obj.school_district
    return _clean(
        {
            "id": str(obj.id),
            "service_id": str(obj.service_id),
            "name": place.name if place else None,
            "description": place.name_kana if place else None,
            "extent_type": "school_district" if obj.school_district_id else "neighbourhood",
        }
    )


def language(obj):
    return _clean(
        {
            "id": str(obj.id),
            "service_id": str(obj.service_id),
            "name": str(obj.get_code_display()),
            "code": obj.code,
            "note": obj.note,
        }
    )


def cost_option(obj):
    return _clean(
        {
            "id": str(obj.id),
            "service_id": str(obj.service_id),
            "option": obj.option,
            "currency": obj.currency,
            "amount": float(obj.amount) if obj.amount is not None else None,
            "amount_description": obj.amount_description,
        }
    )


def service_list(service):
    return _clean(
        {
            "id": str(service.id),
            "organization_id": str(service.organization_id),
            "name": service.name,
            "alternate_name": service.alternate_name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "application_process": service.application_process,
            "fees_description": service.fees_description
            or ("無料" if service.fee_kind == service.FREE else ""),
            "eligibility_description": service.eligibility_description,
            "assured_date": service.assured_date.isoformat() if service.assured_date else None,
            "last_modified": _datetime(service.last_modified),
        }
    ) | {"organization": organization_list(service.organization)}


def service_at_location(sal, nested_service=None):
    data = _clean(
        {
            "id": str(sal.id),
            "service_id": str(sal.service_id),
            "location_id": str(sal.location_id),
            "description": sal.description,
        }
    )
    data["location"] = location(sal.location)
    if nested_service is not None:
        data["service"] = nested_service
    return data


def service_full(service):
    data = service_list(service)
    data.update(
        {
            "phones": [phone(p) for p in service.phones.all()],
            "schedules": [schedule(s, service) for s in service.schedules.all()],
            "service_areas": [service_area(a) for a in service.service_areas.all()],
            "service_at_locations": [
                service_at_location(sal) for sal in service.service_at_locations.all()
            ],
            "languages": [language(lang) for lang in service.languages.all()],
            "organization": organization(service.organization),
            "cost_options": [cost_option(c) for c in service.cost_options.all()],
            "contacts": [contact(c) for c in service.contacts.all()],
            "attributes": [attribute(service, term) for term in service.terms.all()],
        }
    )
    return data


FULL_SERVICE_PREFETCH = (
    "phones",
    "schedules",
    "service_areas__school_district",
    "service_areas__neighbourhood",
    "service_at_locations__location__addresses",
    "service_at_locations__location__accessibility",
    "service_at_locations__location__school_district",
    "languages",
    "organization__phones",
    "organization__contacts",
    "cost_options",
    "contacts",
    "terms__taxonomy",
)

TAXONOMY_SLUGS = (Taxonomy.FIELD, Taxonomy.KIND)
