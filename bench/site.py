"""Benchmark of the whole site over HTTP: gunicorn, production settings, a demo-sized ward.

Builds its own database (a temporary SQLite file; with DATABASE_URL set to PostgreSQL, a
database of its own on that server, dropped at the end; with REDIS_URL, Django's cache in that
Redis database, which it clears), runs migrate, collectstatic and the demo (`load_demo`; at
--smoke only the essential ward and a few pages), then starts the site under gunicorn
(production settings, 2 sync workers, as bakerydemo was measured) on 127.0.0.1 and drives it
with a bounded load: wrk when it is installed (`apt-get install wrk`), else a small threaded
Python client of its own.

For home, a news page, the news index, events, a district page, the volunteer experiences
listing, the directory and a search it measures requests per second and p50/p95 latency three
ways: as an anonymous visitor (the page cache serves Wagtail pages), with a cookie the page cache
does not know (every view rendered: "uncached"), and with display-settings cookies (larger
text, high contrast); a static CSS file is the ceiling, and each page's cached rate is given as
a share of it. The warm SQL queries of each page are counted in-process (Django's test client,
one view first; without Redis, the reads of Django's database cache are counted apart as
cache_queries). Last, a mixed load as a council's site sees it: 90% anonymous page views, 8%
searches, 2% form posts (the display settings form), held for --duration seconds (60) with
--mixed-workers gunicorn workers (4) and the django-q2 cluster running beside them
(`manage.py qcluster`: the ORM broker, or Redis's with Q_BROKER=redis).

With --baseline URL and --baseline-page NAME=PATH (e.g. a bakerydemo served the same way:
gunicorn, production settings, 2 sync workers), each named page of ours is followed by the
baseline's page under the same load, and its uncached rate is given as a multiple of it.

Run: .venv/bin/python bench/site.py [--smoke] [--duration SECONDS] [--connections N]
[--mixed-workers N] [--baseline URL --baseline-page NAME=PATH ...]
(gunicorn comes with the dev and production extras). The machine's other work shows in the
figures: compare runs made on a quiet machine.
The last line printed is one JSON object: {"static_rps", "pages": {name: {cached_rps,
uncached_rps, cookie_rps, p95_ms (uncached), queries, ...}}, "mixed": {rps, p95_ms, errors,
workers, seconds}}.
"""

# ruff: noqa: T201 - a benchmark prints its figures

import argparse
import datetime
import http.client
import json
import os
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--smoke", action="store_true", help="a small ward and a second per run")
parser.add_argument("--duration", type=float, help="seconds of the mixed load (default 60)")
parser.add_argument("--run-seconds", type=float, help="seconds of each page's run (default 3)")
parser.add_argument("--connections", type=int, default=4, help="concurrent connections")
parser.add_argument(
    "--mixed-workers", type=int, default=4, help="gunicorn workers for the mixed load (4)"
)
parser.add_argument(
    "--baseline",
    metavar="URL",
    help="another site, already running (e.g. bakerydemo), measured uncached in the same run",
)
parser.add_argument(
    "--baseline-page",
    action="append",
    default=[],
    metavar="NAME=PATH",
    help="the baseline's page to set beside one of ours, e.g. news_page=/blog/bread-circuses/",
)
ARGS = parser.parse_args()
sys.stdout.reconfigure(line_buffering=True)
SMOKE = ARGS.smoke
DURATION = ARGS.duration or (2.0 if SMOKE else 60.0)
RUN_SECONDS = ARGS.run_seconds or (0.5 if SMOKE else 3.0)
HOST = "127.0.0.1"
BASELINE = None
if ARGS.baseline:
    _baseline = urllib.parse.urlsplit(ARGS.baseline)
    BASELINE = (_baseline.hostname, _baseline.port or 80)
if any("=" not in page for page in ARGS.baseline_page):
    parser.error("--baseline-page takes NAME=PATH, e.g. home=/")
if ARGS.baseline_page and not BASELINE:
    parser.error("--baseline-page needs --baseline URL")
BASELINE_PAGES = dict(page.split("=", 1) for page in ARGS.baseline_page)
WORKDIR = Path(tempfile.mkdtemp(prefix="kokoron-bench-site-"))


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


PORT = free_port()
# A cookie that the page cache knows nothing about: it renders every view ("uncached").
BYPASS_COOKIE = "bench_uncached=1"
DISPLAY_COOKIE = "kokoron_text=large; kokoron_contrast=high"


def own_database_url():
    """A fresh database: a SQLite file here, or one of our own on the given PostgreSQL."""
    given = os.environ.get("DATABASE_URL", "")
    if not given.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{WORKDIR}/bench.sqlite3", None
    import psycopg

    parts = urllib.parse.urlsplit(given)
    name = f"kokoron_bench_{os.getpid()}"
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), (admin_url, name)


DATABASE_URL, PG_DATABASE = own_database_url()
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "kokoron.settings.production",
    "SECRET_KEY": f"bench-only-{secrets.token_hex(16)}",
    "ALLOWED_HOSTS": HOST,
    "WAGTAILADMIN_BASE_URL": f"http://{HOST}:{PORT}",
    # Plain HTTP on the loopback: no redirect to HTTPS, no HSTS.
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "DATABASE_URL": DATABASE_URL,
    "STATIC_ROOT": str(WORKDIR / "static"),
    "MEDIA_ROOT": str(WORKDIR / "media"),
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "KOKORON_BACKUP_DIR": str(WORKDIR / "backups"),
    "LOG_LEVEL": "WARNING",
}
os.environ.update(SERVER_ENV)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from tests.database_template import migrate_from_template  # noqa: E402


def build():
    """Migrate, collect the static files (alongside) and load the demo ward."""
    collect = subprocess.Popen(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**os.environ},
    )
    migrate_from_template(connection)
    if SMOKE:
        build_small_ward()
    else:
        call_command("load_demo", verbosity=0)
    if collect.wait() != 0:
        raise SystemExit("collectstatic failed")
    from django.contrib.staticfiles.storage import staticfiles_storage

    # Read the manifest that collectstatic wrote after this process first looked for it.
    staticfiles_storage.hashed_files, staticfiles_storage.manifest_hash = (
        staticfiles_storage.load_manifest()
    )
    cache.clear()


@transaction.atomic
def build_small_ward():
    """The essential ward with one of each page type the benchmark visits."""
    from kokoron.core.demo import ESSENTIAL_STEPS, load_demo
    from kokoron.districts.factories import DistrictIndexPageFactory, DistrictPageFactory
    from kokoron.events.factories import (
        EventDateFactory,
        EventIndexPageFactory,
        EventPageFactory,
    )
    from kokoron.geography.models import SchoolDistrict
    from kokoron.news.factories import NewsIndexPageFactory, NewsPageFactory

    context = load_demo(core_steps=ESSENTIAL_STEPS)
    home = context.home_pages["ja"]
    district = SchoolDistrict.objects.order_by("sort_order").first()
    news_index = NewsIndexPageFactory(parent=home, slug="news")
    for n in range(5):
        NewsPageFactory(parent=news_index, slug=f"news-{n}", title=f"サロンのお知らせ{n}")
    events = EventIndexPageFactory(parent=home, slug="events")
    for n in range(3):
        event = EventPageFactory(parent=events, slug=f"event-{n}", district=district)
        EventDateFactory(page=event, start=timezone.now() + datetime.timedelta(days=n + 1))
    districts = DistrictIndexPageFactory(parent=home, slug="districts")
    DistrictPageFactory(parent=districts, district=district)


def path_of(page):
    return urllib.parse.urlsplit(page.get_url()).path


def japanese(model):
    return model.objects.live().filter(locale__language_code="ja").order_by("path").first()


def pages_to_visit():
    from kokoron.districts.models import DistrictPage
    from kokoron.events.models import EventIndexPage
    from kokoron.news.models import NewsIndexPage, NewsPage

    news_page = (
        NewsPage.objects.live()
        .filter(locale__language_code="ja")
        .order_by("-first_published_at")
        .first()
    )
    pages = {
        "home": "/",
        "news_page": path_of(news_page),
        "news_index": path_of(japanese(NewsIndexPage)),
        "events": path_of(japanese(EventIndexPage)),
        "district": path_of(japanese(DistrictPage)),
        "experiences": "/volunteer/experiences/",
        "directory": "/directory/",
        "search": "/search/?q=" + urllib.parse.quote("サロン"),
    }
    return pages


def static_css():
    from django.contrib.staticfiles.storage import staticfiles_storage

    return staticfiles_storage.url("kokoron/css/site.css")


def warm_queries(path):
    """SQL queries of one view after a first one (renditions, caches), without the page cache:
    the page's own, and apart those of Django's cache when it is the database's (no Redis)."""
    client = Client(HTTP_HOST=HOST)
    with override_settings(KOKORON_PAGE_CACHE_SECONDS=0):
        first = client.get(path)
        assert first.status_code == 200, (path, first.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
    cache_table = settings.CACHES["default"].get("LOCATION", "")
    of_cache = sum(f'"{cache_table}"' in query["sql"] for query in queries.captured_queries)
    return len(queries) - of_cache, of_cache


# The site under gunicorn


def start_server(workers=2):
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which(
        "gunicorn"
    )
    if gunicorn is None:
        raise SystemExit("gunicorn is not installed: pip install -e '.[dev]' (or '.[production]')")
    log = open(WORKDIR / "gunicorn.log", "w")  # noqa: SIM115 - closed with the server
    server = subprocess.Popen(
        [
            gunicorn,
            "kokoron.wsgi",
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"{HOST}:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped:\n{(WORKDIR / 'gunicorn.log').read_text()}")
        try:
            status, _ = fetch("GET", "/robots.txt")
            if status == 200:
                return server, log
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(server, log):
    server.terminate()
    server.wait(timeout=30)
    log.close()


def start_cluster():
    """django-q2's cluster beside the site, as `make run` and production run it."""
    log = open(WORKDIR / "qcluster.log", "w")  # noqa: SIM115 - closed with the cluster
    cluster = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"],
        cwd=ROOT,
        env={**os.environ},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return cluster, log


def stop_cluster(cluster, log):
    """SIGTERM, as a supervisor stops it; a cluster that died during the load is a failure."""
    died = cluster.poll()
    cluster.terminate()
    cluster.wait(timeout=60)
    log.close()
    if died is not None:
        raise SystemExit(
            f"the cluster stopped during the load:\n{(WORKDIR / 'qcluster.log').read_text()}"
        )


def fetch(method, path, headers=None, body=None, site=None):
    conn = http.client.HTTPConnection(*(site or (HOST, PORT)), timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# Load generators: each takes a list of (weight, method, path, cookie, body) requests and
# returns {"rps", "p50_ms", "p95_ms", "errors"}.

WRK = shutil.which("wrk")
WRK_SCRIPT = """
local requests = {%(requests)s}
local total = 0
for _, r in ipairs(requests) do total = total + r[1] end
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end
function init(args)
  math.randomseed(seed * 7919)
end
function request()
  local pick = math.random() * total
  for _, r in ipairs(requests) do
    pick = pick - r[1]
    if pick <= 0 then
      local headers = {}
      if r[4] ~= "" then headers["Cookie"] = r[4] end
      if r[5] ~= "" then headers["Content-Type"] = "application/x-www-form-urlencoded" end
      return wrk.format(r[2], r[3], headers, r[5] ~= "" and r[5] or nil)
    end
  end
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests": %%d, "seconds": %%f, "p50_ms": %%f, "p95_ms": %%f, "errors": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def lua_string(value):
    return json.dumps(value, ensure_ascii=True)  # a JSON string is a valid Lua string here


def run_wrk(requests, seconds, site):
    rows = ", ".join(
        "{" + ", ".join([str(weight), *(lua_string(v) for v in (method, path, cookie, body))]) + "}"
        for weight, method, path, cookie, body in requests
    )
    script = WORKDIR / "load.lua"
    script.write_text(WRK_SCRIPT % {"requests": rows})
    threads = min(2, ARGS.connections)
    result = subprocess.run(
        [
            WRK,
            f"-t{threads}",
            f"-c{ARGS.connections}",
            f"-d{max(1, round(seconds))}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            f"http://{site[0]}:{site[1]}/",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("BENCH "))
    figures = json.loads(line.removeprefix("BENCH "))
    return {
        "rps": round(figures["requests"] / figures["seconds"], 1),
        "p50_ms": round(figures["p50_ms"], 1),
        "p95_ms": round(figures["p95_ms"], 1),
        "errors": figures["errors"],
    }


def run_python(requests, seconds, site):
    total = sum(weight for weight, *_ in requests)
    latencies, errors, lock = [], [0], threading.Lock()
    stop = time.monotonic() + seconds

    def pick(rng):
        choice = rng.random() * total
        for weight, *request in requests:
            choice -= weight
            if choice <= 0:
                return request
        return requests[-1][1:]

    def worker(seed):
        rng = random.Random(seed)
        own, failed = [], 0
        while time.monotonic() < stop:
            method, path, cookie, body = pick(rng)
            headers = {"Cookie": cookie} if cookie else {}
            if body:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            started = time.perf_counter()
            try:
                status, _ = fetch(method, path, headers, body.encode() if body else None, site=site)
            except (OSError, http.client.HTTPException):
                status = 0
            own.append(time.perf_counter() - started)
            failed += not 200 <= status < 400
        with lock:
            latencies.extend(own)
            errors[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(ARGS.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000, 1),
        "errors": errors[0],
    }


def load(requests, seconds=RUN_SECONDS, site=None):
    return (run_wrk if WRK else run_python)(requests, seconds, site or (HOST, PORT))


def one(path, cookie=""):
    return [(1, "GET", path, cookie, "")]


def mixed_requests(pages):
    views = [path for name, path in pages.items() if name != "search"]
    searches = [f"/search/?q={urllib.parse.quote(word)}" for word in ("サロン", "ボランティア")]
    # The display settings form: the one form on every page (a 303 back, with its cookies).
    post = urllib.parse.urlencode({"text": "large", "contrast": "high", "next": "/"})
    return [
        *((90 / len(views), "GET", path, "", "") for path in views),
        *((8 / len(searches), "GET", path, "", "") for path in searches),
        (2, "POST", "/display/", "", post),
    ]


def main():
    started = time.perf_counter()
    try:
        build()
        pages = pages_to_visit()
        print(
            f"built the {'small' if SMOKE else 'demo'} ward in {time.perf_counter() - started:.0f} s"
        )
        queries, cache_queries = {}, {}
        for name, path in pages.items():
            queries[name], cache_queries[name] = warm_queries(path)
        server, log = start_server()
    except BaseException:
        drop_database()
        raise
    try:
        for path in [*pages.values(), static_css()]:  # renditions and first renders
            for cookie in ("", DISPLAY_COOKIE):
                status, _ = fetch("GET", path, {"Cookie": cookie} if cookie else {})
                assert status == 200, (path, status)
        for path in BASELINE_PAGES.values():
            status, _ = fetch("GET", path, site=BASELINE)
            assert status == 200, (ARGS.baseline, path, status)
        print(f"load: {'wrk' if WRK else 'Python threads'}, {ARGS.connections} connections")
        static = load(one(static_css()))
        print(f"  static css           {static['rps']:>8} req/s  p95 {static['p95_ms']} ms")
        figures = {}
        for name, path in pages.items():
            cached = load(one(path))
            uncached = load(one(path, BYPASS_COOKIE))
            # The baseline's page right after ours, so that both meet the same machine.
            theirs = (
                load(one(BASELINE_PAGES[name]), site=BASELINE) if name in BASELINE_PAGES else None
            )
            with_cookie = load(one(path, DISPLAY_COOKIE))
            errors = cached["errors"] + uncached["errors"] + with_cookie["errors"]
            figures[name] = {
                "cached_rps": cached["rps"],
                "uncached_rps": uncached["rps"],
                "cookie_rps": with_cookie["rps"],
                "p95_ms": uncached["p95_ms"],
                "cached_p50_ms": cached["p50_ms"],
                "cached_p95_ms": cached["p95_ms"],
                "cookie_p95_ms": with_cookie["p95_ms"],
                "share_of_static": round(cached["rps"] / static["rps"], 3) if static["rps"] else 0,
                "queries": queries[name],
                "cache_queries": cache_queries[name],
                **({"errors": errors} if errors else {}),
            }
            if theirs is not None:
                figures[name] |= {
                    "baseline_rps": theirs["rps"],
                    "baseline_p95_ms": theirs["p95_ms"],
                    "uncached_to_baseline": round(uncached["rps"] / theirs["rps"], 2),
                }
            print(
                f"  {name:12} {path[:30]:30} cached {cached['rps']:>7} req/s "
                f"(p50 {cached['p50_ms']} p95 {cached['p95_ms']} ms, "
                f"{figures[name]['share_of_static']:.1%} of static)  "
                f"uncached {uncached['rps']:>6} (p95 {uncached['p95_ms']})  "
                f"cookie {with_cookie['rps']:>6} (p95 {with_cookie['p95_ms']})  "
                f"queries {queries[name]} (+{cache_queries[name]} cache)"
                + (
                    f"  baseline {theirs['rps']:>6} (p95 {theirs['p95_ms']}): uncached "
                    f"{figures[name]['uncached_to_baseline']}x"
                    if theirs
                    else ""
                )
            )
        stop_server(server, log)
        server = None
        server, log = start_server(ARGS.mixed_workers)
        cluster, cluster_log = start_cluster()
        try:
            mixed = load(mixed_requests(pages), DURATION)
        finally:
            stop_cluster(cluster, cluster_log)
        print(
            f"  mixed {DURATION:.0f} s, {ARGS.mixed_workers} workers and the cluster: "
            f"{mixed['rps']} req/s, p95 {mixed['p95_ms']} ms, {mixed['errors']} errors"
        )
    finally:
        if server is not None:
            stop_server(server, log)
        drop_database()
    print(f"total {time.perf_counter() - started:.0f} s")
    print(
        json.dumps(
            {
                "static_rps": static["rps"],
                "pages": figures,
                "mixed": {
                    **{key: mixed[key] for key in ("rps", "p95_ms", "errors")},
                    "workers": ARGS.mixed_workers,
                    "seconds": DURATION,
                },
            }
        )
    )


def drop_database():
    connection.close()
    if PG_DATABASE is not None:
        import psycopg

        admin_url, name = PG_DATABASE
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
