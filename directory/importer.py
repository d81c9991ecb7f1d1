"""Import into the directory: an HSDS Tabular Data Package (as export.py makes it) or the
council's own sheet (CSV or Excel, one row per service; columns in sheet.COLUMNS).

Three steps, each usable alone:

1. read_upload(): the file's tables (sheet.py does the reading; this only tells the kinds);
2. build_plan(): every row checked and turned into the rows the database should hold, with
   each problem tied to its file, row and column; nothing is written;
3. apply_plan(): in one transaction, creates and updates rows by id (new, changed or unchanged
   are counted) and removes the children the file no longer lists for the objects it brings;
   with dry_run it rolls back, which is how the preview counts what would change.

Importing the same file twice changes nothing the second time: the sheet's rows without an id
get one derived from their names, and the package brings its own.
"""

import io
import uuid
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from kokoron.core.kana import sort_key, to_hiragana
from kokoron.core.validators import validate_web_address
from kokoron.geography.models import Neighbourhood, SchoolDistrict

from . import generation, schedule_rules, sheet
from .export import EXTRAS_FILE
from .export import tables as hsds_tables
from .models import (
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
    Taxonomy,
    TaxonomyTerm,
)
from .sheet import FileProblem, Problem
from .taxonomies import TAXONOMIES

MODEL_ORDER = (
    Taxonomy,
    TaxonomyTerm,
    Organization,
    Location,
    Address,
    Accessibility,
    Service,
    ServiceAtLocation,
    Schedule,
    Phone,
    Contact,
    Language,
    CostOption,
    ServiceArea,
)
CHUNK = 500

MESSAGES = {
    "encoding": _("The file is neither UTF-8 nor Shift_JIS. Save it as CSV (UTF-8) and try again."),
    "empty": _("The file is empty."),
    "not_csv": _("The file could not be read as CSV."),
    "not_xlsx": _("The file could not be read as an Excel workbook (.xlsx)."),
    "not_package": _("The ZIP file has no datapackage.json: it is not an HSDS data package."),
    "archive_too_large": _(
        "The ZIP file unpacks to more than %(limit)s MB or holds more than %(members)s files."
    ),
    "bad_package": _("datapackage.json could not be read."),
    "too_many_rows": _("The file has more than %(limit)s rows."),
    "unknown_format": _("Upload a CSV file, an Excel workbook (.xlsx) or an HSDS ZIP package."),
    "missing_column": _("The column is missing."),
    "required": _("This cell must not be empty."),
    "kana": _("Write the reading in kana only."),
    "uuid": _("This is not a valid id (UUID)."),
    "postal_code": _("Write the postal code as 123-4567."),
    "phone": _("This is not a telephone number."),
    "email": _("This is not an email address."),
    "url": _("Write the address of the website beginning with http:// or https://."),
    "choice": _("Write one of: %(choices)s."),
    "yes_no": _("Write はい or いいえ."),
    "language": _("Unknown language: %(value)s."),
    "schedule": _(
        "The opening hours could not be read: %(value)s. Write them like "
        "月〜金 9:00〜17:00 or 毎月第2・第4火曜 10:00〜12:00."
    ),
    "time": _("This is not a time (write 9:00 or 13:30)."),
    "number": _("This is not a valid number."),
    "date": _("This is not a date (write 2026/4/1)."),
    "unknown_district": _("There is no school district or neighbourhood called %(value)s."),
    "unknown_term": _("Unknown %(taxonomy)s: %(value)s."),
    "unknown_reference": _("No row with the id %(value)s in this file or in the directory."),
    "duplicate": _("The same entry is already in row %(other)s."),
    "no_owner": _("The row belongs to neither a service nor an organization."),
    "unsupported": _("This value is not supported: %(value)s."),
    "database": _("The database refused the data: %(detail)s"),
}


def message(problem):
    text = MESSAGES.get(problem.code, problem.code)
    return str(text) % problem.params if problem.params else str(text)


def problem_dicts(problems):
    return [
        {"file": p.file, "row": p.row, "column": p.column, "code": p.code, "params": p.params}
        for p in problems
    ]


def problems_from_dicts(rows):
    return [
        Problem(r["row"], r["column"], r["code"], r.get("params") or {}, r["file"]) for r in rows
    ]


# Reading -----------------------------------------------------------------------------------


@dataclass
class Upload:
    kind: str  # "hsds" or "sheet"
    tables: dict  # {name: sheet.Table}


def read_upload(data: bytes, filename: str = "") -> Upload:
    """Raises FileProblem when the file cannot be read at all."""
    if not data:
        raise FileProblem("empty")
    if data[:4] == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise FileProblem("unknown_format") from None
        sheet.check_archive(archive)
        names = set(archive.namelist())
        if "xl/workbook.xml" in names:
            return Upload("sheet", {"sheet": sheet.read_xlsx(data, filename)})
        if "datapackage.json" not in names:
            raise FileProblem("not_package")
        tables = {}
        for table, (path, _columns) in hsds_tables().items():
            if path in names:
                tables[table] = sheet.read_csv(sheet.read_member(archive, path), path)
        if EXTRAS_FILE in names:
            tables["extras"] = sheet.read_csv(sheet.read_member(archive, EXTRAS_FILE), EXTRAS_FILE)
        return Upload("hsds", tables)
    if filename.lower().endswith((".xls", ".xlsx")) and not data.startswith(b"PK"):
        raise FileProblem("not_xlsx")
    return Upload("sheet", {"sheet": sheet.read_csv(data, filename)})


# Plans -------------------------------------------------------------------------------------


@dataclass
class Plan:
    rows: dict = field(default_factory=lambda: {model: {} for model in MODEL_ORDER})
    origins: dict = field(default_factory=dict)  # (model, id) -> (file, row)
    # (model, parent attname, parent ids, codes) whose rows not in the plan are removed.
    replace: list = field(default_factory=list)
    deletes: list = field(default_factory=list)  # (model, Q)
    terms: dict = field(default_factory=dict)  # service id -> set of term ids
    term_taxonomies: set | None = None  # replace terms only within these (None: all)
    problems: list = field(default_factory=list)

    def add(self, model, pk, values, origin):
        self.rows[model][pk] = values
        self.origins[(model, pk)] = origin

    def problem(self, origin, column, code, **params):
        self.problems.append(Problem(origin[1], column, code, params, origin[0]))


def build_plan(upload, progress=None):
    builder = _build_hsds if upload.kind == "hsds" else _build_sheet
    plan = Plan()
    builder(upload.tables, plan, progress or (lambda done, total: None))
    _check_references(plan)
    plan.problems.sort(key=lambda p: (p.file, p.row, p.column))
    return plan


def _check_references(plan):
    """Every foreign key points at a row of the plan or of the database."""
    for model, rows in plan.rows.items():
        for fk in [f for f in model._meta.concrete_fields if f.is_relation]:
            target = fk.related_model
            if target not in plan.rows:
                continue
            wanted = defaultdict(list)
            for pk, values in rows.items():
                value = values.get(fk.attname)
                if value is not None and value not in plan.rows[target]:
                    wanted[value].append(pk)
            found = set()
            keys = list(wanted)
            for start in range(0, len(keys), CHUNK):
                found |= set(
                    target.objects.filter(pk__in=keys[start : start + CHUNK]).values_list(
                        "pk", flat=True
                    )
                )
            for value, pks in wanted.items():
                if value in found:
                    continue
                for pk in pks:
                    plan.problem(
                        plan.origins[(model, pk)], fk.attname, "unknown_reference", value=str(value)
                    )


def _uuid(plan, origin, row, column, required=True):
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


def _text(row, column):
    return sheet.normalise(row.get(column, ""))


def _web_address(plan, origin, row, column):
    """A link the public pages will show: http(s) only (no javascript:), else a problem."""
    text = sheet.normalise_code(row.get(column, ""))
    try:
        if text:
            validate_web_address(text)
    except ValidationError:
        plan.problem(origin, column, "url")
        return ""
    return text


def _accessibility_codes():
    """Labels of the accessibility features in every language, back to their codes."""
    from django.conf import settings

    codes = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, label in Accessibility.CODES:
                codes[str(label)] = code
    for code, _label in Accessibility.CODES:
        codes[code] = code
    return codes


def _districts():
    by_name = {}
    for district in SchoolDistrict.objects.all():
        for name in (district.name, district.slug, district.name_romaji, district.name_kana):
            if name:
                by_name.setdefault(name.casefold(), district)
    return by_name


def _neighbourhoods():
    by_name = defaultdict(list)
    for place in Neighbourhood.objects.all():
        by_name[place.name.casefold()].append(place)
    return by_name


# The HSDS package --------------------------------------------------------------------------


def _build_hsds(tables, plan, progress):
    extras = {}
    if "extras" in tables:
        for _n, row in tables["extras"].rows:
            extras[(row.get("table", ""), row.get("id", "").strip())] = row
    total = sum(len(t.rows) for name, t in tables.items() if name != "extras") or 1
    done = 0
    term_map, taxonomy_map = {}, {}
    districts = {d.slug: d for d in SchoolDistrict.objects.all()}
    neighbourhoods = _neighbourhoods()
    district_names = _districts()
    feature_codes = _accessibility_codes()

    def each(table):
        nonlocal done
        data = tables.get(table)
        if data is None:
            return
        seen = {}
        for number, row in data.rows:
            done += 1
            if done % 1000 == 0:
                progress(done, total)
            origin = (data.name, number)
            pk = _uuid(plan, origin, row, "id")
            if pk is None:
                continue
            if pk in seen:
                plan.problem(origin, "id", "duplicate", other=seen[pk])
                continue
            seen[pk] = number
            yield origin, pk, row, extras.get((table, str(pk)), {})

    # Taxonomies and terms keep the ids the directory already has for the same vocabulary.
    slugs_by_name = {name: slug for slug, (name, _d) in TAXONOMIES.items()}
    existing_taxonomies = {t.id: t for t in Taxonomy.objects.all()}
    by_name = {t.name: t for t in existing_taxonomies.values()}
    for origin, pk, row, _extra in each("taxonomy"):
        name = _text(row, "name")
        if not name:
            plan.problem(origin, "name", "required")
            continue
        current = existing_taxonomies.get(pk) or by_name.get(name)
        target = current.id if current else pk
        taxonomy_map[pk] = target
        slug = current.slug if current else slugs_by_name.get(name, f"taxonomy-{pk.hex[:8]}")
        description = _text(row, "description")
        plan.add(
            Taxonomy,
            target,
            {
                "name": name,
                "slug": slug,
                "description": "" if description == name else description,
                "uri": _web_address(plan, origin, row, "uri"),
                "version": _text(row, "version"),
            },
            origin,
        )
    existing_terms = {(t.taxonomy_id, t.code): t.id for t in TaxonomyTerm.objects.all()}
    term_rows = []
    for origin, pk, row, _extra in each("taxonomy_term"):
        taxonomy_id = _uuid(plan, origin, row, "taxonomy_id")
        name, code = _text(row, "name"), sheet.normalise_code(row.get("code", ""))
        if not name:
            plan.problem(origin, "name", "required")
        if taxonomy_id is None or not name:
            continue
        taxonomy_id = taxonomy_map.get(taxonomy_id, taxonomy_id)
        code = code or f"term-{pk.hex[:8]}"
        target = existing_terms.get((taxonomy_id, code), pk)
        term_map[pk] = target
        term_rows.append((origin, target, row, taxonomy_id, name, code))
    for origin, target, row, taxonomy_id, name, code in term_rows:
        parent = _uuid(plan, origin, row, "parent_id", required=False)
        description = _text(row, "description")
        plan.add(
            TaxonomyTerm,
            target,
            {
                "taxonomy_id": taxonomy_id,
                "code": code,
                "name": name,
                "description": "" if description == name else description,
                "parent_id": term_map.get(parent, parent),
                "term_uri": _web_address(plan, origin, row, "term_uri"),
            },
            origin,
        )

    for origin, pk, row, extra in each("organization"):
        name = _text(row, "name")
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
                "alternate_name": _text(row, "alternate_name"),
                "description": _text(row, "description") or name,
                "email": sheet.normalise_code(row.get("email", "")),
                "website": _web_address(plan, origin, row, "website"),
                "legal_status": _text(row, "legal_status"),
            },
            origin,
        )

    for origin, pk, row, extra in each("location"):
        name = _text(row, "name")
        if not name:
            plan.problem(origin, "name", "required")
            continue
        kana = to_hiragana(extra.get("name_kana", "")) or name
        values = {
            "name": name,
            "name_kana": kana,
            "sort_name": sort_key(kana),
            "organization_id": _uuid(plan, origin, row, "organization_id", required=False),
            "description": _text(row, "description"),
            "transportation": _text(row, "transportation"),
            "school_district_id": None,
            "neighbourhood_id": None,
        }
        for column in ("latitude", "longitude"):
            text = sheet.normalise_code(row.get(column, ""))
            try:
                values[column] = round(float(text), 6) if text else None
            except ValueError:
                plan.problem(origin, column, "number")
        if _text(row, "external_identifier_type") == "school_district":
            slug = _text(row, "external_identifier")
            if slug not in districts:
                plan.problem(origin, "external_identifier", "unknown_district", value=slug)
            else:
                values["school_district_id"] = districts[slug].id
        hood = extra.get("neighbourhood", "")
        if hood:
            matches = [
                n
                for n in neighbourhoods.get(hood.casefold(), [])
                if values["school_district_id"] in (None, n.district_id)
            ]
            if not matches:
                plan.problem((EXTRAS_FILE, 0), "neighbourhood", "unknown_district", value=hood)
            else:
                values["neighbourhood_id"] = matches[0].id
                values["school_district_id"] = matches[0].district_id
        plan.add(Location, pk, values, origin)

    for origin, pk, row, _extra in each("address"):
        values = {
            "location_id": _uuid(plan, origin, row, "location_id"),
            **{
                column: _text(row, column)
                for column in (
                    "attention",
                    "address_1",
                    "address_2",
                    "city",
                    "region",
                    "state_province",
                    "postal_code",
                    "country",
                )
            },
            "address_type": _text(row, "address_type") or "physical",
        }
        if not values["address_1"]:
            plan.problem(origin, "address_1", "required")
        if values["address_type"] not in dict(Address.TYPES):
            plan.problem(origin, "address_type", "unsupported", value=values["address_type"])
        plan.add(Address, pk, values, origin)

    for origin, pk, row, _extra in each("accessibility"):
        label = _text(row, "description")
        code = feature_codes.get(label)
        if code is None:
            plan.problem(origin, "description", "unsupported", value=label)
            continue
        plan.add(
            Accessibility,
            pk,
            {
                "location_id": _uuid(plan, origin, row, "location_id"),
                "code": code,
                "details": _text(row, "details"),
                "url": _web_address(plan, origin, row, "url"),
            },
            origin,
        )

    statuses = dict(Service.STATUSES)
    for origin, pk, row, extra in each("service"):
        name = _text(row, "name")
        if not name:
            plan.problem(origin, "name", "required")
            continue
        kana = to_hiragana(extra.get("name_kana", "")) or name
        fees = _text(row, "fees_description")
        fee_kind = extra.get("fee_kind") or ("paid" if fees and fees != "無料" else "free")
        status = _text(row, "status") or Service.ACTIVE
        if status not in statuses:
            plan.problem(origin, "status", "unsupported", value=status)
        values = {
            "name": name,
            "name_kana": kana,
            "sort_name": sort_key(kana),
            "organization_id": _uuid(plan, origin, row, "organization_id"),
            "alternate_name": _text(row, "alternate_name"),
            "description": _text(row, "description"),
            "url": _web_address(plan, origin, row, "url"),
            "email": sheet.normalise_code(row.get("email", "")),
            "status": status,
            "application_process": _text(row, "application_process"),
            "eligibility_description": _text(row, "eligibility_description"),
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
    services = set(plan.rows[Service])
    for model, attname in (
        (ServiceAtLocation, "service_id"),
        (Schedule, "service_id"),
        (Phone, "service_id"),
        (Contact, "service_id"),
        (Language, "service_id"),
        (CostOption, "service_id"),
        (ServiceArea, "service_id"),
    ):
        plan.replace.append((model, attname, services))
    locations = set(plan.rows[Location])
    plan.replace += [(Address, "location_id", locations), (Accessibility, "location_id", locations)]
    organizations = set(plan.rows[Organization])
    plan.replace += [(Phone, "organization_id", organizations)]
    plan.replace += [(Contact, "organization_id", organizations)]

    for origin, pk, row, _extra in each("service_at_location"):
        plan.add(
            ServiceAtLocation,
            pk,
            {
                "service_id": _uuid(plan, origin, row, "service_id"),
                "location_id": _uuid(plan, origin, row, "location_id"),
                "description": _text(row, "description"),
            },
            origin,
        )

    for origin, pk, row, _extra in each("schedule"):
        service_id = _uuid(plan, origin, row, "service_id", required=False)
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

    phone_types = dict(Phone.TYPES)
    for origin, pk, row, _extra in each("phone"):
        values = {
            "service_id": _uuid(plan, origin, row, "service_id", required=False),
            "organization_id": _uuid(plan, origin, row, "organization_id", required=False),
            "number": sheet.normalise_code(row.get("number", "")),
            "extension": sheet.normalise_code(row.get("extension", "")),
            "type": _text(row, "type") or "voice",
            "description": _text(row, "description"),
        }
        if not values["service_id"] and not values["organization_id"]:
            plan.problem(origin, "service_id", "no_owner")
        if not values["number"]:
            plan.problem(origin, "number", "required")
        if values["type"] not in phone_types:
            plan.problem(origin, "type", "unsupported", value=values["type"])
        plan.add(Phone, pk, values, origin)

    for origin, pk, row, _extra in each("contact"):
        values = {
            "service_id": _uuid(plan, origin, row, "service_id", required=False),
            "organization_id": _uuid(plan, origin, row, "organization_id", required=False),
            "name": _text(row, "name") or _text(row, "title") or _text(row, "department"),
            "title": _text(row, "title"),
            "department": _text(row, "department"),
            "email": sheet.normalise_code(row.get("email", "")),
        }
        if not values["service_id"] and not values["organization_id"]:
            plan.problem(origin, "service_id", "no_owner")
        if not values["name"]:
            plan.problem(origin, "name", "required")
        plan.add(Contact, pk, values, origin)

    language_codes = dict(Language.CODES)
    for origin, pk, row, _extra in each("language"):
        code = sheet.normalise_code(row.get("code", ""))
        if code not in language_codes:
            plan.problem(origin, "code", "language", value=code)
            continue
        plan.add(
            Language,
            pk,
            {
                "service_id": _uuid(plan, origin, row, "service_id"),
                "code": code,
                "note": _text(row, "note"),
            },
            origin,
        )

    for origin, pk, row, _extra in each("cost_option"):
        amount = sheet.normalise_code(row.get("amount", ""))
        values = {
            "service_id": _uuid(plan, origin, row, "service_id"),
            "option": _text(row, "option"),
            "currency": _text(row, "currency") or "JPY",
            "amount_description": _text(row, "amount_description"),
            "amount": None,
        }
        if amount:
            try:
                values["amount"] = round(float(amount))
            except ValueError:
                plan.problem(origin, "amount", "number")
        plan.add(CostOption, pk, values, origin)

    for origin, pk, row, _extra in each("service_area"):
        name = _text(row, "name")
        values = {
            "service_id": _uuid(plan, origin, row, "service_id"),
            "school_district_id": None,
            "neighbourhood_id": None,
        }
        if _text(row, "extent_type") == "neighbourhood":
            places = neighbourhoods.get(name.casefold())
            if places:
                values["neighbourhood_id"] = places[0].id
        elif name.casefold() in district_names:
            values["school_district_id"] = district_names[name.casefold()].id
        if not values["school_district_id"] and not values["neighbourhood_id"]:
            plan.problem(origin, "name", "unknown_district", value=name)
            continue
        plan.add(ServiceArea, pk, values, origin)

    for origin, _pk, row, _extra in each("attribute"):
        if _text(row, "link_type") not in ("service", "") or _text(row, "link_entity") not in (
            "service",
            "",
        ):
            continue
        service_id = _uuid(plan, origin, row, "link_id")
        term_id = _uuid(plan, origin, row, "taxonomy_term_id")
        if service_id is None or term_id is None:
            continue
        term_id = term_map.get(term_id, term_id)
        if (
            term_id not in plan.rows[TaxonomyTerm]
            and not TaxonomyTerm.objects.filter(pk=term_id).exists()
        ):
            plan.problem(origin, "taxonomy_term_id", "unknown_reference", value=str(term_id))
            continue
        if service_id not in services:
            plan.problem(origin, "link_id", "unknown_reference", value=str(service_id))
            continue
        plan.terms.setdefault(service_id, set()).add(term_id)
    for service_id in services:
        plan.terms.setdefault(service_id, set())
    progress(total, total)


# The council's sheet ----------------------------------------------------------------------


def _term_lookup():
    """{(taxonomy slug, name or code, folded): term} for the field and kind vocabularies."""
    lookup = {}
    for term in TaxonomyTerm.objects.select_related("taxonomy").prefetch_related("translations"):
        names = [term.name, term.code, *(t.name for t in term.translations.all())]
        for name in names:
            lookup.setdefault((term.taxonomy.slug, name.casefold()), term)
    return lookup


def _build_sheet(tables, plan, progress):
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
    districts = _districts()
    neighbourhoods = _neighbourhoods()
    terms = _term_lookup()
    organizations = {o.name: o for o in Organization.objects.all()}
    locations = {(loc.name, loc.school_district_id): loc.id for loc in Location.objects.all()}
    services = {
        (s["organization_id"], s["name"]): s["id"]
        for s in Service.objects.values("id", "name", "organization_id")
    }
    step_free_rows = dict(
        Accessibility.objects.filter(code=Accessibility.STEP_FREE).values_list("location_id", "id")
    )
    taxonomy_names = dict(Taxonomy.objects.values_list("slug", "name"))
    plan.term_taxonomies = set(
        Taxonomy.objects.filter(slug__in=(Taxonomy.FIELD, Taxonomy.KIND)).values_list(
            "id", flat=True
        )
    )
    seen = {}
    total = len(table.rows) or 1

    for done, (number, raw) in enumerate(table.rows, start=1):
        if done % 500 == 0:
            progress(done, total)
        parsed = sheet.parse_sheet_row(number, raw, columns)
        for item in parsed.problems:
            plan.problems.append(Problem(item.row, item.column, item.code, item.params, table.name))
        values = parsed.values
        origin = (table.name, number)

        def header(key):
            return columns.get(key) or sheet.COLUMN_BY_KEY[key].header

        term_ids = set()
        for key, slug, names in (
            ("field", Taxonomy.FIELD, values["fields"]),
            ("kind", Taxonomy.KIND, values["kinds"]),
        ):
            for name in names:
                term = terms.get((slug, name.casefold()))
                if term is None:
                    plan.problem(
                        origin,
                        header(key),
                        "unknown_term",
                        taxonomy=taxonomy_names.get(slug, slug),
                        value=name,
                    )
                else:
                    term_ids.add(term.id)
        district = None
        if values["district"]:
            district = districts.get(values["district"].casefold())
            if district is None:
                plan.problem(
                    origin, header("district"), "unknown_district", value=values["district"]
                )
        hood = None
        if values["neighbourhood"]:
            candidates = [
                n
                for n in neighbourhoods.get(values["neighbourhood"].casefold(), [])
                if district is None or n.district_id == district.id
            ]
            if not candidates:
                plan.problem(
                    origin,
                    header("neighbourhood"),
                    "unknown_district",
                    value=values["neighbourhood"],
                )
            else:
                hood = candidates[0]
                district = district or hood.district
        if not values["name"] or not values["organization"]:
            continue

        org_name = values["organization"]
        existing_org = organizations.get(org_name)
        org_id = existing_org.id if existing_org else sheet.derived_id("organization", org_name)
        org_kana = values["organization_kana"] or (
            values["name_kana"] if org_name == values["name"] else ""
        )
        if org_id not in plan.rows[Organization]:
            org_values = {"name": org_name}
            if org_kana:
                org_values |= {"name_kana": org_kana, "sort_name": sort_key(org_kana)}
            elif existing_org is None:
                plan.problem(origin, header("organization_kana"), "required")
            if existing_org is None:
                org_values["description"] = org_name
            plan.add(Organization, org_id, org_values, origin)

        service_id = values["id"] or services.get((org_id, values["name"]))
        service_id = service_id or sheet.derived_id("service", org_name, values["name"])
        if service_id in seen:
            plan.problem(origin, header("name"), "duplicate", other=seen[service_id])
            continue
        seen[service_id] = number
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
        plan.add(Service, service_id, service_values, origin)
        plan.terms[service_id] = term_ids

        place = values["place"] or values["name"]
        district_id = district.id if district else None
        location_id = locations.get((place, district_id)) or sheet.derived_id(
            "location", place, district_id or ""
        )
        if location_id not in plan.rows[Location]:
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
            plan.add(Location, location_id, location_values, origin)
        if values["address"]:
            plan.add(
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
            pk = step_free_rows.get(location_id) or sheet.derived_id(location_id, "step_free")
            plan.add(
                Accessibility,
                pk,
                {"location_id": location_id, "code": Accessibility.STEP_FREE},
                origin,
            )
        elif values["step_free"] is False:
            plan.deletes.append(
                (Accessibility, Q(location_id=location_id, code=Accessibility.STEP_FREE))
            )
        plan.add(
            ServiceAtLocation,
            sheet.derived_id(service_id, location_id),
            {"service_id": service_id, "location_id": location_id},
            origin,
        )
        for n, item in enumerate(values["schedules"]):
            plan.add(
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
        for kind, number_value in (("voice", values["phone"]), ("fax", values["fax"])):
            if number_value:
                plan.add(
                    Phone,
                    sheet.derived_id(service_id, "phone", kind),
                    {"service_id": service_id, "number": number_value, "type": kind},
                    origin,
                )
        for code in values["languages"]:
            plan.add(
                Language,
                sheet.derived_id(service_id, "language", code),
                {"service_id": service_id, "code": code},
                origin,
            )

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
    progress(total, total)


# Writing -----------------------------------------------------------------------------------


class Rollback(Exception):
    pass


@dataclass
class Result:
    counts: dict = field(
        default_factory=dict
    )  # model name -> {created, updated, unchanged, deleted}
    services: list = field(default_factory=list)  # (status, name) in the file's order
    problems: list = field(default_factory=list)

    @property
    def changed(self):
        return any(c["created"] or c["updated"] or c["deleted"] for c in self.counts.values())


def _chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def apply_plan(plan, dry_run=False):
    """Write the plan in one transaction; with dry_run, roll it back. Returns a Result.

    Nothing is written when the plan has problems or the database refuses any row.
    """
    result = Result()
    if plan.problems:
        result.problems = list(plan.problems)
        return result
    try:
        with transaction.atomic():
            _write(plan, result)
            if dry_run:
                raise Rollback
    except Rollback:
        pass
    except IntegrityError as error:
        result.problems = [Problem(0, "", "database", {"detail": str(error)[:200]})]
    return result


def _count(result, model, key, n=1):
    counts = result.counts.setdefault(
        model._meta.model_name, {"created": 0, "updated": 0, "unchanged": 0, "deleted": 0}
    )
    counts[key] += n


def _write(plan, result):
    now = timezone.now()
    for model, q in plan.deletes:
        deleted = model.objects.filter(q).delete()[1].get(model._meta.label, 0)
        _count(result, model, "deleted", deleted)
    for model, attname, parents in plan.replace:
        keep = plan.rows[model]
        for part in _chunks(parents):
            extra = model.objects.filter(**{f"{attname}__in": part}).exclude(pk__in=keep)
            _count(result, model, "deleted", extra.delete()[1].get(model._meta.label, 0))
    service_status = {}
    for model in MODEL_ORDER:
        rows = plan.rows[model]
        if not rows:
            continue
        fields = {name: model._meta.get_field(name) for v in rows.values() for name in v}
        has_modified = any(f.name == "last_modified" for f in model._meta.concrete_fields)
        new, changed, changed_fields = [], [], set()
        for part in _chunks(rows):
            existing = model.objects.in_bulk(part)
            for pk in part:
                values = {name: fields[name].to_python(value) for name, value in rows[pk].items()}
                current = existing.get(pk)
                if current is None:
                    obj = model(pk=pk, **values)
                    if has_modified:
                        obj.last_modified = now
                    new.append(obj)
                    status = "created"
                else:
                    differ = [n for n, v in values.items() if getattr(current, n) != v]
                    status = "updated" if differ else "unchanged"
                    if differ:
                        for name in differ:
                            setattr(current, name, values[name])
                        changed_fields.update(differ)
                        if has_modified:
                            current.last_modified = now
                        changed.append(current)
                _count(result, model, status)
                if model is Service:
                    service_status[pk] = status
        model.objects.bulk_create(new, batch_size=CHUNK)
        if changed:
            if has_modified:
                changed_fields.add("last_modified")
            model.objects.bulk_update(changed, sorted(changed_fields), batch_size=CHUNK)
    _write_terms(plan, result, service_status)
    _refresh_search_words(plan)
    # Bulk writes send no signals.
    generation.changed()
    names = {pk: values["name"] for pk, values in plan.rows[Service].items()}
    result.services = [(service_status.get(pk, "unchanged"), names[pk]) for pk in names]


def _refresh_search_words(plan):
    # bulk_create and bulk_update send no signals: the search words of every service whose
    # texts may have changed (its own or its organisation's) are redone here.
    from .search import refresh_search_text

    service_ids = set(plan.rows[Service])
    for part in _chunks(plan.rows[Organization]):
        service_ids |= set(
            Service.objects.filter(organization_id__in=part).values_list("id", flat=True)
        )
    refresh_search_text(service_ids)


def _write_terms(plan, result, service_status):
    through = Service.terms.through
    scope = through.objects.all()
    if plan.term_taxonomies is not None:
        scope = scope.filter(taxonomyterm__taxonomy_id__in=plan.term_taxonomies)
    current = defaultdict(set)
    for part in _chunks(plan.terms):
        for service_id, term_id in scope.filter(service_id__in=part).values_list(
            "service_id", "taxonomyterm_id"
        ):
            current[service_id].add(term_id)
    add, remove = [], []
    for service_id, wanted in plan.terms.items():
        have = current.get(service_id, set())
        add += [through(service_id=service_id, taxonomyterm_id=t) for t in wanted - have]
        remove += [(service_id, t) for t in have - wanted]
        if wanted != have and service_status.get(service_id) == "unchanged":
            service_status[service_id] = "updated"
            counts = result.counts["service"]
            counts["unchanged"] -= 1
            counts["updated"] += 1
    through.objects.bulk_create(add, batch_size=CHUNK)
    for part in _chunks(remove):
        condition = Q()
        for service_id, term_id in part:
            condition |= Q(service_id=service_id, taxonomyterm_id=term_id)
        through.objects.filter(condition).delete()


def import_file(data, filename="", dry_run=False, progress=None):
    """Read, check and write a file in one go (the management command and the benchmark)."""
    try:
        upload = read_upload(data, filename)
    except FileProblem as error:
        return Result(problems=[Problem(0, "", error.problem.code, error.problem.params, filename)])
    plan = build_plan(upload, progress)
    return apply_plan(plan, dry_run=dry_run)
