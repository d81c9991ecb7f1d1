"""The HSDS 3.0 API at /api/hsds/ (outside the language prefix).

Lists come in the HSDS Page envelope; filters combine with AND; every bad parameter gets a
400 with a JSON message naming it, and an unknown id in the path a 404.
"""

import copy
import datetime as dt
import hashlib
import json
import time
import uuid
from functools import cache
from pathlib import Path

from django.core.cache import cache as django_cache
from django.db.models import Q
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.http import http_date, quote_etag
from django.utils.timezone import get_current_timezone, is_naive, make_aware
from django.views.decorators.http import require_GET

from . import generation, hsds
from .models import Organization, Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from .search import keyword_condition

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
OPENAPI_FILE = Path(__file__).resolve().parent / "hsds" / "openapi.json"
TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


class BadParameter(Exception):
    def __init__(self, name, message):
        super().__init__(message)
        self.name = name
        self.message = message


def error(status, message, parameter=None):
    body = {"error": {"status": status, "message": message}}
    if parameter:
        body["error"]["parameter"] = parameter
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def ok(data):
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


def api_view(func):
    """GET only; BadParameter becomes a 400 with its message."""

    @require_GET
    def wrapper(request, *args, **kwargs):
        try:
            return func(request, *args, **kwargs)
        except BadParameter as bad:
            return error(400, bad.message, bad.name)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


class Params:
    """Typed access to the query string; every failure names the parameter."""

    def __init__(self, request):
        self.query = request.GET

    def raw(self, name):
        values = self.query.getlist(name)
        if len(values) > 1:
            raise BadParameter(name, f"Give {name} only once.")
        value = values[0].strip() if values else ""
        return value or None

    def integer(self, name, default, minimum, maximum):
        value = self.raw(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise BadParameter(
                name, f"{name} must be a whole number, not {value[:40]!r}."
            ) from None
        if not minimum <= number <= maximum:
            raise BadParameter(name, f"{name} must be between {minimum} and {maximum}.")
        return number

    def boolean(self, name):
        value = self.raw(name)
        if value is None:
            return False
        if value.lower() in TRUE:
            return True
        if value.lower() in FALSE:
            return False
        raise BadParameter(name, f"{name} must be true or false, not {value[:40]!r}.")

    def text(self, name, max_length=200):
        value = self.raw(name)
        if value is not None and (len(value) > max_length or "\x00" in value):
            raise BadParameter(name, f"{name} must be at most {max_length} characters.")
        return value

    def uuid(self, name):
        value = self.raw(name)
        if value is None:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            raise BadParameter(name, f"{name} must be a UUID, not {value[:40]!r}.") from None

    def existing(self, name, model):
        value = self.uuid(name)
        if value is not None and not model.objects.filter(pk=value).exists():
            raise BadParameter(name, f"There is no {model._meta.model_name} with id {value}.")
        return value

    def datetime(self, name):
        value = self.raw(name)
        if value is None:
            return None
        try:
            parsed = parse_datetime(value)
            if parsed is None and (day := parse_date(value)) is not None:
                parsed = dt.datetime.combine(day, dt.time())
        except ValueError:
            parsed = None
        if parsed is None:
            raise BadParameter(name, f"{name} must be an ISO 8601 date or date-time.")
        return make_aware(parsed, get_current_timezone()) if is_naive(parsed) else parsed

    def format(self):
        value = (self.raw("format") or "json").lower()
        if value not in {"json", "ndjson"}:
            raise BadParameter("format", "format must be json or ndjson.")
        return value


def paginate(request, queryset, serialize, params=None):
    params = params or Params(request)
    if params.format() == "ndjson":
        return StreamingHttpResponse(
            (
                json.dumps(serialize(item), ensure_ascii=False) + "\n"
                for item in queryset.iterator(chunk_size=500)
            ),
            content_type="application/x-ndjson",
        )
    page = params.integer("page", 1, 1, 10_000_000)
    per_page = params.integer("per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    total = queryset.count()
    total_pages = max(1, -(-total // per_page))
    start = (page - 1) * per_page
    items = list(queryset[start : start + per_page]) if start < total else []
    return ok(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": page,
            "size": len(items),
            "first_page": page == 1,
            "last_page": page >= total_pages,
            "empty": total == 0,
            "contents": [serialize(item) for item in items],
        }
    )


def _get(model, pk, queryset=None):
    try:
        key = uuid.UUID(str(pk))
    except ValueError:
        raise BadParameter("id", f"The id must be a UUID, not {str(pk)[:40]!r}.") from None
    found = (queryset if queryset is not None else model.objects).filter(pk=key).first()
    return found


def not_found(model, pk):
    return error(404, f"There is no {model._meta.model_name} with id {pk}.", "id")


@cache
def openapi_document():
    return json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))


@api_view
def root(request):
    return ok(
        {
            "version": hsds.HSDS_VERSION,
            "profile": "https://docs.openreferral.org/en/3.0/hsds/",
            "openapi_url": request.build_absolute_uri(reverse("hsds:openapi")),
        }
    )


@api_view
def openapi(request):
    document = copy.deepcopy(openapi_document())
    document["servers"] = [{"url": request.build_absolute_uri(reverse("hsds:root")).rstrip("/")}]
    return ok(document)


def _service_filters(params, queryset):
    """AND-combined filters shared by /services and /service_at_locations (on service__)."""
    search = params.text("search")
    term_id = params.existing("taxonomy_term_id", TaxonomyTerm)
    taxonomy_id = params.existing("taxonomy_id", Taxonomy)
    organization_id = params.existing("organization_id", Organization)
    modified_after = params.datetime("modified_after")
    conditions = Q()
    if search:
        every_word = Q()
        for word in search.split()[:5]:
            every_word &= (
                Q(name__icontains=word)
                | Q(name_kana__contains=word)
                | Q(description__icontains=word)
                | Q(organization__name__icontains=word)
            )
        # Also the site's Japanese-aware words: 車いす finds 車椅子, as on the public pages.
        words = keyword_condition(search)
        conditions &= every_word | words if words is not None else every_word
    if term_id:
        conditions &= Q(
            id__in=Service.terms.through.objects.filter(taxonomyterm_id=term_id).values(
                "service_id"
            )
        )
    if taxonomy_id:
        conditions &= Q(
            id__in=Service.terms.through.objects.filter(
                taxonomyterm__taxonomy_id=taxonomy_id
            ).values("service_id")
        )
    if organization_id:
        conditions &= Q(organization_id=organization_id)
    if modified_after:
        conditions &= Q(last_modified__gte=modified_after)
    return queryset.filter(conditions)


# The whole directory as ndjson, by the parameters that choose what each line holds: kept as
# built (kept_export) when nothing else narrows the list.
WHOLE_SERVICE_LISTS = {
    frozenset({"format"}),
    frozenset({"format", "full"}),
    frozenset({"format", "minimal"}),
}


@api_view
def services(request):
    params = Params(request)
    if params.format() == "ndjson" and frozenset(request.GET) in WHOLE_SERVICE_LISTS:
        variant = "list"
        if params.boolean("minimal"):
            variant = "minimal"
        elif params.boolean("full"):
            variant = "full"
        return kept_export(
            request,
            f"services-ndjson-{variant}",
            lambda: b"".join(_services(request, params).streaming_content),
            "application/x-ndjson",
        )
    return _services(request, params)


def _services(request, params):
    queryset = _service_filters(params, Service.objects.all()).order_by("sort_name", "id")
    if params.boolean("minimal"):
        queryset = queryset.only("id", "last_modified")
        return paginate(
            request,
            queryset,
            lambda s: {"id": str(s.id), "last_modified": s.last_modified.isoformat()},
            params,
        )
    if params.boolean("full"):
        queryset = queryset.select_related("organization").prefetch_related(
            *hsds.FULL_SERVICE_PREFETCH
        )
        return paginate(request, queryset, hsds.service_full, params)
    return paginate(request, queryset.select_related("organization"), hsds.service_list, params)


@api_view
def service_detail(request, pk):
    queryset = Service.objects.select_related("organization").prefetch_related(
        *hsds.FULL_SERVICE_PREFETCH
    )
    service = _get(Service, pk, queryset)
    return ok(hsds.service_full(service)) if service else not_found(Service, pk)


@api_view
def organizations(request):
    params = Params(request)
    queryset = Organization.objects.order_by("sort_name", "id")
    if search := params.text("search"):
        for word in search.split()[:5]:
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(name_kana__contains=word)
                | Q(description__icontains=word)
            )
    full = params.boolean("full")
    full_service = params.boolean("full_service")
    if full or full_service:
        queryset = queryset.prefetch_related("phones", "contacts")
        return paginate(request, queryset, lambda o: _organization(o, full_service), params)
    return paginate(request, queryset, hsds.organization_list, params)


def _organization(org, full_service):
    services = Service.objects.filter(organization=org).order_by("sort_name")
    if full_service:
        services = services.select_related("organization").prefetch_related(
            *hsds.FULL_SERVICE_PREFETCH
        )
        return hsds.organization(org, [hsds.service_full(s) for s in services])
    rows = services.select_related("organization")
    return hsds.organization(
        org, [{"id": str(s.id), "name": s.name, "status": s.status} for s in rows]
    )


@api_view
def organization_detail(request, pk):
    params = Params(request)
    full_service = params.boolean("full_service")
    org = _get(Organization, pk, Organization.objects.prefetch_related("phones", "contacts"))
    return ok(_organization(org, full_service)) if org else not_found(Organization, pk)


@api_view
def taxonomies(request):
    params = Params(request)
    queryset = Taxonomy.objects.order_by("name", "id")
    if search := params.text("search"):
        queryset = queryset.filter(Q(name__icontains=search) | Q(description__icontains=search))
    return paginate(request, queryset, hsds.taxonomy, params)


@api_view
def taxonomy_detail(request, pk):
    taxonomy = _get(Taxonomy, pk)
    return ok(hsds.taxonomy(taxonomy)) if taxonomy else not_found(Taxonomy, pk)


@api_view
def taxonomy_terms(request):
    params = Params(request)
    queryset = TaxonomyTerm.objects.select_related("taxonomy").order_by(
        "taxonomy__name", "sort_order", "name", "id"
    )
    if search := params.text("search"):
        queryset = queryset.filter(Q(name__icontains=search) | Q(code__icontains=search))
    if taxonomy_id := params.existing("taxonomy_id", Taxonomy):
        queryset = queryset.filter(taxonomy_id=taxonomy_id)
    if parent_id := params.existing("parent_id", TaxonomyTerm):
        queryset = queryset.filter(parent_id=parent_id)
    if params.boolean("top_only"):
        # "Only retrieve taxonomy terms that have no child terms", as the reference words it.
        queryset = queryset.filter(children__isnull=True)
    return paginate(request, queryset, hsds.taxonomy_term, params)


@api_view
def taxonomy_term_detail(request, pk):
    term = _get(TaxonomyTerm, pk, TaxonomyTerm.objects.select_related("taxonomy"))
    return ok(hsds.taxonomy_term(term)) if term else not_found(TaxonomyTerm, pk)


SAL_PREFETCH = ("location__addresses", "location__accessibility")


@api_view
def service_at_locations(request):
    params = Params(request)
    services_matching = _service_filters(params, Service.objects.all())
    queryset = (
        ServiceAtLocation.objects.filter(service__in=services_matching.values("id"))
        .select_related("location__school_district", "service__organization")
        .prefetch_related(*SAL_PREFETCH)
        .order_by("service__sort_name", "location__sort_name", "id")
    )
    if params.raw("postcode") is not None or params.raw("proximity") is not None:
        postcode = params.text("postcode", 10)
        if params.raw("proximity") is not None:
            raise BadParameter("proximity", "proximity search is not offered by this directory.")
        queryset = queryset.filter(location__addresses__postal_code=postcode)
    full = params.boolean("full")

    def serialize(sal):
        nested = hsds.service_list(sal.service) if full else None
        return hsds.service_at_location(sal, nested)

    return paginate(request, queryset, serialize, params)


@api_view
def service_at_location_detail(request, pk):
    sal = _get(
        ServiceAtLocation,
        pk,
        ServiceAtLocation.objects.select_related(
            "service__organization", "location"
        ).prefetch_related(*SAL_PREFETCH),
    )
    if sal is None:
        return not_found(ServiceAtLocation, pk)
    return ok(hsds.service_at_location(sal, hsds.service_list(sal.service)))


@api_view
def export(request):
    """The whole directory as an HSDS Tabular Data Package (a zip of CSV files and datapackage.json)."""
    from .export import build_zip

    response = kept_export(request, "zip", build_zip, "application/zip")
    if response.status_code == 200:
        stamp = timezone.localdate().strftime("%Y%m%d")
        response["Content-Disposition"] = (
            f'attachment; filename="kokoron-directory-hsds-{stamp}.zip"'
        )
    return response


EXPORT_SECONDS = 7 * 24 * 60 * 60


def kept_export(request, name, build, content_type):
    """An export of the whole directory, built once per change of it (directory.generation)
    and served from the cache: `build()` gives its bytes. Its ETag and Last-Modified let a
    client that has it get a 304."""
    key = f"directory.export:{name}"
    current = generation.current()
    entry = django_cache.get(key)
    if entry is None or entry["generation"] != current:
        content = build()
        entry = {
            "generation": current,
            "content": content,
            "etag": quote_etag(hashlib.sha256(content).hexdigest()[:32]),
            "built": int(time.time()),
        }
        django_cache.set(key, entry, EXPORT_SECONDS)
    response = HttpResponse(entry["content"], content_type=content_type)
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(entry["built"])
    return get_conditional_response(
        request, etag=entry["etag"], last_modified=entry["built"], response=response
    )
