"""Local resources, modelled on Open Referral HSDS 3.0.

Tables follow HSDS objects and field names (organization, service, location,
service_at_location, address, phone, contact, schedule, taxonomy, taxonomy_term, service_area,
language, accessibility, cost_option), with UUID ids so that the API, the export and the import
keep one identity per object.

Translations. Names and descriptions are written in Japanese (the source language) on the
object itself, with their kana reading for 五十音 order; other languages are child rows
(`…Translation`: a language from settings.LANGUAGES, name and description), edited inline in
the admin. We do not use Wagtail's TranslatableMixin here on purpose: it makes one row per
language, each with its own id and its own copy of schedules, phones and locations, whereas HSDS
needs one id per service whatever the language, and the facts (hours, places, terms) must never
drift apart between languages. A language added to settings.LANGUAGES is offered at once.

The models live in modules by subject: base (translations, readings), taxonomy, places
(organisations, locations, addresses, accessibility), services, details (schedules, phones,
contacts, languages, costs, areas) and work (corrections, import jobs, the booklet PDF).
"""

from .base import (
    KANA_HELP,
    Reading,
    Translated,
    TranslationBase,
    active_language,
    language_choices,
    related,
)
from .details import Contact, CostOption, Language, Phone, Schedule, ServiceArea
from .places import (
    Accessibility,
    Address,
    Location,
    LocationTranslation,
    Organization,
    OrganizationTranslation,
)
from .services import Service, ServiceAtLocation, ServiceQuerySet, ServiceTranslation
from .taxonomy import Taxonomy, TaxonomyTerm, TaxonomyTermTranslation
from .work import BookletPdf, CorrectionSuggestion, ImportJob

__all__ = [
    "KANA_HELP",
    "Accessibility",
    "Address",
    "BookletPdf",
    "Contact",
    "CorrectionSuggestion",
    "CostOption",
    "ImportJob",
    "Language",
    "Location",
    "LocationTranslation",
    "Organization",
    "OrganizationTranslation",
    "Phone",
    "Reading",
    "Schedule",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceQuerySet",
    "ServiceTranslation",
    "Taxonomy",
    "TaxonomyTerm",
    "TaxonomyTermTranslation",
    "Translated",
    "TranslationBase",
    "active_language",
    "language_choices",
    "related",
]
