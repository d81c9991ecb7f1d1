"""The directory's side of the translators' PO files (directory/po_translations.py): the entries
read from the database, and a confirmed plan written back in one transaction."""

from django.db import transaction
from django.utils import timezone

from . import generation, po_translations
from .models import (
    Location,
    LocationTranslation,
    Organization,
    OrganizationTranslation,
    Service,
    ServiceTranslation,
    TaxonomyTerm,
    TaxonomyTermTranslation,
)
from .search import refresh_search_text

# kind → (model, its translation model, the translation's key to the model)
MODELS = {
    "service": (Service, ServiceTranslation, "service"),
    "organization": (Organization, OrganizationTranslation, "organization"),
    "location": (Location, LocationTranslation, "location"),
    "term": (TaxonomyTerm, TaxonomyTermTranslation, "term"),
}


def max_lengths():
    """{(kind, field): max_length} of the translation fields that have one."""
    limits = {}
    for kind, (_model, translation_model, _key) in MODELS.items():
        for name in po_translations.FIELDS[kind]:
            limit = translation_model._meta.get_field(name).max_length
            if limit:
                limits[(kind, name)] = limit
    return limits


def _entries(kind, objects, language):
    _model, translation_model, key = MODELS[kind]
    fields = po_translations.FIELDS[kind]
    translations = {
        row[f"{key}_id"]: row
        for row in translation_model.objects.filter(
            language_code=language, **{f"{key}__in": [obj.pk for obj in objects]}
        ).values(f"{key}_id", *fields)
    }
    for obj in objects:
        row = translations.get(obj.pk)
        yield po_translations.Entry(
            kind=kind,
            pk=str(obj.pk),
            label=obj.name,
            source={name: getattr(obj, name) or "" for name in fields},
            translation={name: row[name] for name in fields} if row else None,
        )


def directory_entries(language):
    """What goes to the translator: the active services, their organisations and places, and
    every taxonomy term, each with its translation in `language`."""
    services = list(Service.objects.active().order_by("sort_name", "id"))
    organizations = list(
        Organization.objects.filter(services__in=services).distinct().order_by("sort_name", "id")
    )
    locations = list(
        Location.objects.filter(service_at_locations__service__in=services)
        .distinct()
        .order_by("sort_name", "id")
    )
    terms = list(TaxonomyTerm.objects.order_by("taxonomy__slug", "sort_order", "name", "id"))
    return [
        *_entries("service", services, language),
        *_entries("organization", organizations, language),
        *_entries("location", locations, language),
        *_entries("term", terms, language),
    ]


def download(language):
    """(file name, bytes) of the directory's PO file for one language."""
    now = timezone.localtime()
    catalogue = po_translations.build_catalogue(
        directory_entries(language), language, now.strftime("%Y-%m-%d %H:%M%z")
    )
    name = f"directory-{po_translations.po_language(language)}-{now:%Y%m%d}.po"
    return name, str(catalogue).encode("utf-8")


def plan_upload(data, language):
    """The plan of an uploaded file; CatalogueError when it cannot be read as one of ours."""
    catalogue = po_translations.read_catalogue(data, language)
    return po_translations.plan_changes(catalogue, directory_entries(language), max_lengths())


@transaction.atomic
def apply(plan, language):
    """Write a plan's new and changed translations; returns how many texts were written."""
    written = 0
    touched_services = set()
    by_kind = {}
    for (kind, pk), fields in plan.writes().items():
        by_kind.setdefault(kind, {})[pk] = fields
    for kind, updates in by_kind.items():
        _model, translation_model, key = MODELS[kind]
        rows = {
            str(getattr(row, f"{key}_id")): row
            for row in translation_model.objects.select_for_update().filter(
                language_code=language, **{f"{key}_id__in": list(updates)}
            )
        }
        created, changed, changed_fields = [], [], set()
        for pk, fields in updates.items():
            row = rows.get(pk)
            if row is None:
                row = translation_model(language_code=language, **{f"{key}_id": pk})
                created.append(row)
            else:
                changed.append(row)
                changed_fields.update(fields)
            for name, value in fields.items():
                setattr(row, name, value)
            written += len(fields)
        translation_model.objects.bulk_create(created)
        if changed:
            translation_model.objects.bulk_update(changed, sorted(changed_fields))
        if kind == "service":
            touched_services.update(updates)
    # Bulk writes send no signals: the services' search words are refreshed here.
    generation.changed()
    if touched_services:
        refresh_search_text(touched_services)
    return written
