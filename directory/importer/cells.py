"""Reading one cell of a row into the plan's values, and the lookups rows are matched against.

A cell that cannot be read adds a problem to the plan (tied to the row's origin and column)
and gives None or an empty value, so the rest of the row is still checked.
"""

import uuid
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from kokoron.core.validators import validate_web_address
from kokoron.geography.models import Neighbourhood, SchoolDistrict

from .. import sheet
from ..models import Accessibility, TaxonomyTerm


def uuid_cell(plan, origin, row, column, required=True):
    text = sheet.normalise_code(row.get(column, ""))
    if not text:
        if required:
            plan.problem(origin, column, "required")
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        plan.problem(origin, column, "uuid")
        return None


def text_cell(row, column):
    return sheet.normalise(row.get(column, ""))


def web_address_cell(plan, origin, row, column):
    """A link the public pages will show: http(s) only (no javascript:), else a problem."""
    text = sheet.normalise_code(row.get(column, ""))
    try:
        if text:
            validate_web_address(text)
    except ValidationError:
        plan.problem(origin, column, "url")
        return ""
    return text


def accessibility_codes():
    """Labels of the accessibility features in every language, back to their codes."""
    codes = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in Accessibility.CODES:
                codes[str(label)] = code
    for code, _label in Accessibility.CODES:
        codes[code] = code
    return codes


def districts_by_name():
    by_name = {}
    for district in SchoolDistrict.objects.all():
        for name in (district.name, district.slug, district.name_romaji, district.name_kana):
            if name:
                by_name.setdefault(name.casefold(), district)
    return by_name


def neighbourhoods_by_name():
    by_name = defaultdict(list)
    for place in Neighbourhood.objects.all():
        by_name[place.name.casefold()].append(place)
    return by_name


def term_lookup():
    """{(taxonomy slug, name or code, folded): term} for the field and kind vocabularies."""
    lookup = {}
    for term in TaxonomyTerm.objects.select_related("taxonomy").prefetch_related("translations"):
        names = [term.name, term.code, *(t.name for t in term.translations.all())]
        for name in names:
            lookup.setdefault((term.taxonomy.slug, name.casefold()), term)
    return lookup
