"""Loading what a page of the directory shows, in a fixed handful of queries.

Django's prefetch_related through modelcluster's managers costs more than the queries
themselves on a page of twenty entries; this loads the same rows directly and hands them to the
objects' prefetch caches, which the models read through `related()`.
"""

from collections import defaultdict

from django.conf import settings

from .models import (
    Accessibility,
    Address,
    LocationTranslation,
    OrganizationTranslation,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTranslation,
    TaxonomyTerm,
    TaxonomyTermTranslation,
    active_language,
)


def _store(instance, name, rows):
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = rows


def _group(rows, key):
    grouped = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped


def load_listing(ids, language=None, contacts=False, details=True):
    """The services with these ids, in the given order, with everything a list entry shows.

    With contacts, also their phones and their places' addresses (the booklet prints them);
    without details, not their schedules and their places' accessibility (a search result
    shows only the name, kinds, school district and description).
    """
    language = language or active_language()
    translated = language != settings.LANGUAGE_CODE
    services = {s.id: s for s in Service.objects.select_related("organization").filter(id__in=ids)}
    schedules = (
        _group(Schedule.objects.filter(service_id__in=ids), lambda r: r.service_id)
        if details
        else {}
    )
    # The vocabulary is small: load it whole, then only the pairs of ids.
    vocabulary = {t.id: t for t in TaxonomyTerm.objects.select_related("taxonomy")}
    links = Service.terms.through.objects.filter(service_id__in=ids).values_list(
        "service_id", "taxonomyterm_id"
    )
    terms = defaultdict(list)
    for service_id, term_id in links:
        terms[service_id].append(vocabulary[term_id])
    places = list(
        ServiceAtLocation.objects.filter(service_id__in=ids).select_related(
            "location__school_district"
        )
    )
    location_ids = {p.location_id for p in places}
    features = (
        _group(Accessibility.objects.filter(location_id__in=location_ids), lambda r: r.location_id)
        if details
        else {}
    )
    by_service = _group(places, lambda r: r.service_id)
    if translated:
        service_texts = _group(
            ServiceTranslation.objects.filter(service_id__in=ids, language_code=language),
            lambda r: r.service_id,
        )
        org_ids = {s.organization_id for s in services.values()}
        org_texts = _group(
            OrganizationTranslation.objects.filter(
                organization_id__in=org_ids, language_code=language
            ),
            lambda r: r.organization_id,
        )
        place_texts = _group(
            LocationTranslation.objects.filter(
                location_id__in=location_ids, language_code=language
            ),
            lambda r: r.location_id,
        )
        term_ids = {t.id for rows in terms.values() for t in rows}
        term_texts = _group(
            TaxonomyTermTranslation.objects.filter(term_id__in=term_ids, language_code=language),
            lambda r: r.term_id,
        )
    if contacts:
        phones = _group(Phone.objects.filter(service_id__in=ids), lambda r: r.service_id)
        addresses = _group(
            Address.objects.filter(location_id__in=location_ids), lambda r: r.location_id
        )
    for service in services.values():
        if contacts:
            _store(service, "phones", phones.get(service.id, []))
            for place in by_service.get(service.id, []):
                _store(place.location, "addresses", addresses.get(place.location_id, []))
        if details:
            _store(service, "schedules", schedules.get(service.id, []))
        service_terms = sorted(terms.get(service.id, []), key=_term_order)
        _store(service, "terms", service_terms)
        _store(service, "service_at_locations", by_service.get(service.id, []))
        for place in by_service.get(service.id, []):
            if details:
                _store(place.location, "accessibility", features.get(place.location_id, []))
        if translated:
            _store(service, "translations", service_texts.get(service.id, []))
            _store(service.organization, "translations", org_texts.get(service.organization_id, []))
            for place in by_service.get(service.id, []):
                _store(place.location, "translations", place_texts.get(place.location_id, []))
            for term in service_terms:
                _store(term, "translations", term_texts.get(term.id, []))
    return [services[i] for i in ids if i in services]


def _term_order(term):
    return (term.taxonomy.slug != "kind", term.sort_order, term.name)
