"""Benchmark of the outreach pages: 2,000 news pages, 50 newsletter issues, 300 events.

Builds its own data in a temporary SQLite database (or BENCH_DATABASE_URL), then measures,
through Django's test client with no page cache, the median and p95 server time of the home
page, the news index, a news page, the newsletter index, the event listing and a district page,
and the SQL queries of each listing at 10 and at 100 items per page, which must be equal; then
the same views of the home page, the news index and a news page served by the page cache
(kokoron.pages.cache, Django's local-memory cache here).

Run: DJANGO_SETTINGS_MODULE=kokoron.settings.test .venv/bin/python bench/pages.py [--smoke]
The last line printed is one JSON object: {"pages": {name: {p50_ms, p95_ms, queries, ...}},
"cached": {name: {p50_ms, p95_ms, queries}}}.
"""

# ruff: noqa: T201 - a benchmark prints its figures

import datetime
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="kokoron-bench-pages-")
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{WORKDIR}/bench.sqlite3"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokoron.settings.test")
os.environ.setdefault("KOKORON_TEST_RUN", f"bench-{os.getpid()}")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from wagtail.images.tests.utils import get_test_image_file  # noqa: E402

from kokoron.core.demo import ESSENTIAL_STEPS, DemoContext  # noqa: E402
from kokoron.districts.factories import DistrictIndexPageFactory, DistrictPageFactory  # noqa: E402
from kokoron.events.factories import (  # noqa: E402
    EventDateFactory,
    EventIndexPageFactory,
    EventPageFactory,
)
from kokoron.geography.models import SchoolDistrict  # noqa: E402
from kokoron.images.models import CustomImage  # noqa: E402
from kokoron.news.factories import NewsIndexPageFactory, NewsPageFactory, image_stream  # noqa: E402
from kokoron.newsletters.factories import (  # noqa: E402
    NewsletterIndexPageFactory,
    NewsletterIssuePageFactory,
)
from tests.database_template import migrate_from_template  # noqa: E402

# --smoke (CI): a few pages each, to show that the benchmark still runs.
SMOKE = "--smoke" in sys.argv[1:]
NEWS, ISSUES, EVENTS = (30, 5, 20) if SMOKE else (2000, 50, 300)
REPEATS = 3 if SMOKE else 30


def build():
    context = DemoContext()
    # The ward as the tests know it: every step the navigation and pages depend on.
    for step in ESSENTIAL_STEPS:
        step(context)
    home = context.home_pages["ja"]
    images = [
        CustomImage.objects.create(title=f"bench-{n}", file=get_test_image_file())
        for n in range(10)
    ]
    districts = list(SchoolDistrict.objects.all())
    with transaction.atomic():
        news_index = NewsIndexPageFactory(parent=home)
        for n in range(NEWS):
            NewsPageFactory(
                parent=news_index,
                slug=f"news-{n}",
                date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
                image=image_stream(images[n % 10], f"写真{n}"),
                district=districts[n % len(districts)],
            )
        newsletter_index = NewsletterIndexPageFactory(parent=home)
        for n in range(ISSUES):
            NewsletterIssuePageFactory(
                parent=newsletter_index,
                number=n + 1,
                publication_date=datetime.date(2022, 1, 1) + datetime.timedelta(days=30 * n),
                image=image_stream(images[n % 10], "表紙"),
            )
        event_index = EventIndexPageFactory(parent=home)
        now = timezone.now()
        for n in range(EVENTS):
            page = EventPageFactory(
                parent=event_index,
                slug=f"event-{n}",
                district=districts[n % len(districts)],
                image=image_stream(images[n % 10], "会場"),
            )
            for repeat in range(1 + n % 3):
                EventDateFactory(
                    page=page, start=now + datetime.timedelta(days=n - 100 + repeat * 7)
                )
        district_index = DistrictIndexPageFactory(parent=home)
        for district in districts:
            DistrictPageFactory(parent=district_index, district=district)
    return news_index, newsletter_index, event_index


def timed(client, url, repeats=REPEATS):
    client.get(url)  # renditions are made on the first view
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 1),
        "queries": len(queries),
    }


def listing_queries(client, index, url):
    counts = {}
    for per_page in (10, 100):
        index.per_page = per_page
        index.save()
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[f"queries_{per_page}"] = len(queries)
    index.per_page = 10
    index.save()
    return counts


def districts_first_slug():
    return SchoolDistrict.objects.order_by("sort_order").values_list("slug", flat=True).first()


def main():
    started = time.perf_counter()
    migrate_from_template(connection)
    news_index, newsletter_index, event_index = build()
    print(
        f"built {NEWS} news, {ISSUES} issues, {EVENTS} events in "
        f"{time.perf_counter() - started:.0f} s"
    )
    client = Client()
    news_page = news_index.get_children().live().last()
    pages = {
        "home": timed(client, "/"),
        "news_index": {
            **timed(client, "/news/"),
            **listing_queries(client, news_index, "/news/"),
        },
        "news_page": timed(client, news_page.url),
        "newsletter_index": {
            **timed(client, "/newsletters/"),
            **listing_queries(client, newsletter_index, "/newsletters/"),
        },
        "event_listing": {
            **timed(client, "/events/"),
            **listing_queries(client, event_index, "/events/"),
        },
    }
    pages["district_page"] = timed(client, f"/districts/{districts_first_slug()}/")
    with override_settings(KOKORON_PAGE_CACHE_SECONDS=300):
        cache.clear()
        cached = {
            "home": timed(client, "/"),
            "news_index": timed(client, "/news/"),
            "news_page": timed(client, news_page.url),
        }
    for label, figures_of in (("no page cache", pages), ("page cache", cached)):
        print(label)
        for name, figures in figures_of.items():
            print(f"  {name:18} " + "  ".join(f"{key}={value}" for key, value in figures.items()))
    for name in ("news_index", "newsletter_index", "event_listing"):
        equal = pages[name]["queries_10"] == pages[name]["queries_100"]
        print(f"{name}: queries at 10 and 100 per page {'equal' if equal else 'DIFFER'}")
    print(json.dumps({"pages": pages, "cached": cached}))


if __name__ == "__main__":
    main()
