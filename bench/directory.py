"""Benchmark of the directory: 10,000 services at 3,000 locations.

Builds its own data in a temporary SQLite database (or BENCH_DATABASE_URL), then measures:
- list_p95_ms: the public list with filters (field, kind, district, day, keyword, free), p95;
- api_p95_ms: /api/hsds/services?per_page=50 over many pages and filters, p95.
- booklet_s: the booklet HTML of one field's entries (about 1,250), in seconds;
- import_s: the HSDS package of the whole directory (10,000 services) exported, the directory
  emptied, and the package imported again (read, every row checked, written), in seconds.

Run: DJANGO_SETTINGS_MODULE=kokoron.settings.test .venv/bin/python bench/directory.py [--smoke]
The last line printed is one JSON object with the figures.
"""

# ruff: noqa: T201 - a benchmark prints its figures

import datetime as dt
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="kokoron-bench-directory-")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{WORKDIR}/bench.sqlite3"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokoron.settings.test")
os.environ.setdefault("KOKORON_TEST_RUN", f"bench-{os.getpid()}")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from directory.export import build_zip  # noqa: E402
from directory.importer import import_file  # noqa: E402
from directory.models import (  # noqa: E402
    Accessibility,
    Address,
    Language,
    Location,
    Organization,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTranslation,
)
from directory.search import refresh_search_text  # noqa: E402
from directory.taxonomies import ensure_taxonomies  # noqa: E402
from kokoron.core.demo import DemoContext, build_geography  # noqa: E402
from kokoron.core.kana import sort_key  # noqa: E402
from kokoron.geography.models import SchoolDistrict  # noqa: E402
from tests.database_template import migrate_from_template  # noqa: E402

# --smoke (CI): a small directory, to show that the benchmark still runs.
SMOKE = "--smoke" in sys.argv[1:]
SERVICES, LOCATIONS, ORGANIZATIONS = (300, 100, 50) if SMOKE else (10_000, 3_000, 1_500)
API_PAGES = SERVICES // 50  # pages of 50 in the API
KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわ"
WORDS = [
    "サロン",
    "クリニック",
    "薬局",
    "相談",
    "センター",
    "食堂",
    "カフェ",
    "体操",
    "介護",
    "ひろば",
]
SCHEDULES = [
    ("WEEKLY", "MO,TU,WE,TH,FR", dt.time(9), dt.time(17)),
    ("WEEKLY", "MO,TU,WE,TH,FR,SA", dt.time(9), dt.time(12)),
    ("WEEKLY", "MO,TU,TH,FR", dt.time(16), dt.time(19)),
    ("MONTHLY", "2TU,4TU", dt.time(10), dt.time(12)),
    ("MONTHLY", "1WE,3WE", dt.time(13, 30), dt.time(15, 30)),
    ("WEEKLY", "SA", dt.time(11), dt.time(14)),
]


def kana_name(rng, length=6):
    return "".join(rng.choice(KANA) for _ in range(length))


@transaction.atomic
def build(rng):
    build_geography(DemoContext(rng=random.Random(1)))
    terms = ensure_taxonomies()
    fields = [t for (slug, _), t in terms.items() if slug == "field"]
    kinds = [t for (slug, _), t in terms.items() if slug == "kind"]
    districts = list(SchoolDistrict.objects.all())
    organizations = []
    for n in range(ORGANIZATIONS):
        kana = kana_name(rng)
        organizations.append(
            Organization(
                id=uuid.uuid4(),
                name=f"団体{n}",
                name_kana=kana,
                sort_name=sort_key(kana),
                description="ベンチマーク用の団体です。",
            )
        )
    Organization.objects.bulk_create(organizations, batch_size=1000)
    locations, addresses, features = [], [], []
    for n in range(LOCATIONS):
        kana = kana_name(rng)
        location = Location(
            id=uuid.uuid4(),
            name=f"会場{n}",
            name_kana=kana,
            sort_name=sort_key(kana),
            school_district=rng.choice(districts),
            organization=rng.choice(organizations),
            latitude=35.15,
            longitude=136.94,
        )
        locations.append(location)
        addresses.append(
            Address(
                id=uuid.uuid4(), location=location, address_1=f"荒畑町{n}", postal_code="466-0000"
            )
        )
        if rng.random() < 0.6:
            features.append(
                Accessibility(id=uuid.uuid4(), location=location, code=Accessibility.STEP_FREE)
            )
    Location.objects.bulk_create(locations, batch_size=1000)
    Address.objects.bulk_create(addresses, batch_size=1000)
    Accessibility.objects.bulk_create(features, batch_size=1000)
    services, sals, schedules, languages, translations, links = [], [], [], [], [], []
    through = Service.terms.through
    for n in range(SERVICES):
        kana = kana_name(rng)
        service = Service(
            id=uuid.uuid4(),
            organization=rng.choice(organizations),
            name=f"{rng.choice(WORDS)}{n}",
            name_kana=kana,
            sort_name=sort_key(kana),
            description="地域の方のためのサービスです。" + rng.choice(WORDS),
            fee_kind=rng.choice([Service.FREE, Service.PAID]),
            assured_date=dt.date(2026, 1, 1),
        )
        services.append(service)
        sals.append(
            ServiceAtLocation(id=uuid.uuid4(), service=service, location=rng.choice(locations))
        )
        for freq, byday, opens, closes in rng.sample(SCHEDULES, rng.randint(1, 2)):
            schedules.append(
                Schedule(
                    id=uuid.uuid4(),
                    service=service,
                    freq=freq,
                    byday=byday,
                    opens_at=opens,
                    closes_at=closes,
                )
            )
        languages.append(Language(id=uuid.uuid4(), service=service, code="ja"))
        if rng.random() < 0.2:
            languages.append(Language(id=uuid.uuid4(), service=service, code="en"))
        translations.append(
            ServiceTranslation(service=service, language_code="en", name=f"Service {n}")
        )
        links.append(through(service_id=service.id, taxonomyterm_id=rng.choice(kinds).id))
        links.append(through(service_id=service.id, taxonomyterm_id=rng.choice(fields).id))
    Service.objects.bulk_create(services, batch_size=1000)
    ServiceAtLocation.objects.bulk_create(sals, batch_size=1000)
    Schedule.objects.bulk_create(schedules, batch_size=1000)
    Language.objects.bulk_create(languages, batch_size=1000)
    ServiceTranslation.objects.bulk_create(translations, batch_size=1000)
    through.objects.bulk_create(links, batch_size=1000, ignore_conflicts=True)
    # bulk_create sends no signals: the search words are done as the importer does them.
    refresh_search_text()
    return terms, districts, organizations


def p95(samples):
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def timed(client, url, params):
    started = time.perf_counter()
    response = client.get(url, params)
    if response.status_code != 200:
        raise SystemExit(f"{url} {params} answered {response.status_code}")
    if hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
    return (time.perf_counter() - started) * 1000


def main():
    rng = random.Random(20260401)
    migrate_from_template(connection)
    started = time.perf_counter()
    terms, districts, organizations = build(rng)
    print(
        f"built {Service.objects.count()} services at {Location.objects.count()} locations "
        f"in {time.perf_counter() - started:.1f}s ({os.environ['DATABASE_URL'].split(':')[0]})"
    )
    client = Client()
    field_codes = [code for (slug, code) in terms if slug == "field"]
    kind_codes = [code for (slug, code) in terms if slug == "kind"]
    list_queries = []
    for _ in range(60):
        params = {
            rng.choice(["field", "kind"]): rng.choice(
                field_codes if rng.random() < 0.5 else kind_codes
            )
        }
        params["field"] = rng.choice(field_codes)
        params.pop("kind", None)
        if rng.random() < 0.7:
            params["district"] = rng.choice(districts).slug
        if rng.random() < 0.5:
            params["day"] = rng.choice(["mo", "tu", "we", "th", "fr", "sa"])
        if rng.random() < 0.3:
            params["q"] = rng.choice(WORDS)
        if rng.random() < 0.3:
            params["free"] = "on"
        if rng.random() < 0.2:
            params["step_free"] = "on"
        if rng.random() < 0.3:
            params["page"] = rng.randint(1, 3)
        list_queries.append(params)
    list_queries += [{}, {"kind": kind_codes[0]}, {"open_now": "on"}, {"page": 200}]
    timed(client, "/directory/", {})  # warm up templates and caches
    list_ms = [timed(client, "/directory/", params) for params in list_queries]
    print(
        f"list: {len(list_ms)} requests, median {statistics.median(list_ms):.1f} ms, p95 {p95(list_ms):.1f} ms, max {max(list_ms):.1f} ms"
    )

    api_queries = [{"per_page": 50, "page": rng.randint(1, API_PAGES)} for _ in range(40)]
    api_queries += [
        {
            "per_page": 50,
            "taxonomy_term_id": str(rng.choice(list(terms.values())).id),
            "page": rng.randint(1, 5),
        }
        for _ in range(15)
    ]
    api_queries += [
        {"per_page": 50, "organization_id": str(rng.choice(organizations).id)} for _ in range(5)
    ]
    timed(client, "/api/hsds/services", {"per_page": 50})
    api_ms = [timed(client, "/api/hsds/services", params) for params in api_queries]
    print(
        f"api: {len(api_ms)} requests, median {statistics.median(api_ms):.1f} ms, p95 {p95(api_ms):.1f} ms, max {max(api_ms):.1f} ms"
    )
    full_ms = [
        timed(
            client,
            "/api/hsds/services",
            {"per_page": 50, "full": "true", "page": rng.randint(1, API_PAGES)},
        )
        for _ in range(10)
    ]
    print(
        f"api full=true: median {statistics.median(full_ms):.1f} ms (not a target, for reference)"
    )
    # The booklet of one field: about 1,250 of the 10,000 entries (the 1,000-entry case).
    booklet_field = field_codes[0]
    booklet_entries = Service.objects.filter(terms__code=booklet_field).count()
    started = time.perf_counter()
    response = client.get("/directory/booklet/", {"field": booklet_field})
    booklet_s = time.perf_counter() - started
    assert response.status_code == 200
    print(
        f"booklet: {booklet_entries} entries in {booklet_s:.2f}s ({len(response.content) // 1024} KiB)"
    )
    package = build_zip()
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.all().delete()
    started = time.perf_counter()
    result = import_file(package, "export.zip")
    import_s = time.perf_counter() - started
    if result.problems:
        raise SystemExit(f"import refused the package: {result.problems[:3]}")
    print(
        f"import: {result.counts['service']['created']} services, "
        f"{sum(c['created'] for c in result.counts.values())} rows in {import_s:.1f}s"
    )
    print(
        json.dumps(
            {
                "list_p95_ms": round(p95(list_ms), 1),
                "api_p95_ms": round(p95(api_ms), 1),
                "booklet_s": round(booklet_s, 2),
                "import_s": round(import_s, 1),
            }
        )
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
