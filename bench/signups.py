# ruff: noqa: T201 - a benchmark prints its figures
"""Benchmark of sign-ups under load: many clients at once for one session with 20 places.

For SQLite (a temporary file) and for PostgreSQL (a database of its own, made and dropped on
the server that BENCH_POSTGRES_URL or DATABASE_URL names, else postgres://postgres@127.0.0.1),
it starts from a copy of the migrated template (tests/database_template.py), makes one
experience with a session per round, starts the real site in its own process (Django's WSGI
server with a pool of 8 threads, like a production server's workers), and then, for 50 and
for 200 clients:
each client (a thread with its own HTTP connection and cookies) opens the form, and all of them
send it at the same moment. Reported per round:

- confirmed, waitlisted: what the database holds afterwards;
- overbooked: places taken beyond the capacity (must be 0);
- lost: clients who have neither a place nor a waiting-list position (must be 0);
- p50_ms / p95_ms: latency of the sign-up POST as the clients saw it.

Run: .venv/bin/python bench/signups.py [--smoke]   (--smoke: one round of 25 clients)
The last line printed is a JSON list with one object per database and number of clients.
"""

import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CAPACITY = 20
# --smoke (CI): one small round, to show that the benchmark still runs; children inherit it.
if "--smoke" in sys.argv:
    os.environ["BENCH_SIGNUPS_SMOKE"] = "1"
ROUNDS = (25,) if os.environ.get("BENCH_SIGNUPS_SMOKE") else (50, 200)
SERVER_THREADS = 8
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


# In the child processes (Django set up there)


def setup_django():
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def make_sessions():
    """One experience with a session per round (far apart, so nobody's sessions overlap)."""
    setup_django()
    import datetime as dt

    from django.utils import timezone

    from matching.signups.factories import (
        OpportunityPageFactory,
        SessionFactory,
        opportunity_index,
    )

    page = OpportunityPageFactory(parent=opportunity_index(), title="ベンチマーク体験")
    start = timezone.now() + dt.timedelta(days=30)
    ids = [
        SessionFactory(opportunity=page, start=start + dt.timedelta(days=i), capacity=CAPACITY).pk
        for i in range(len(ROUNDS))
    ]
    print(json.dumps(ids))


def count(session_id):
    setup_django()
    from django.db.models import Count

    from matching.signups.models import Signup

    rows = dict(
        Signup.objects.filter(session_id=session_id)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    emails = Signup.objects.filter(session_id=session_id).values_list("email", flat=True)
    print(json.dumps({"states": rows, "emails": sorted(emails)}))


def serve(port):
    setup_django()
    from django.core.servers.basehttp import (
        ThreadedWSGIServer,
        WSGIRequestHandler,
        get_internal_wsgi_application,
    )

    class Server(ThreadedWSGIServer):
        # Room for every client's connection at once (socketserver's default is 5), served by
        # a fixed pool of threads, as a production server's workers would: never more database
        # connections than workers, however many clients come.
        request_queue_size = 1024
        pool = ThreadPoolExecutor(max_workers=SERVER_THREADS)

        def process_request(self, request, client_address):
            self.pool.submit(self.process_request_thread, request, client_address)

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = Server(("127.0.0.1", port), QuietHandler)
    server.set_app(get_internal_wsgi_application())
    print("ready", flush=True)
    server.serve_forever()


# In the main process


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def client(base, session_id, number, barrier, results):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    url = f"{base}/volunteer/experiences/session/{session_id}/"
    try:
        with opener.open(url, timeout=120) as response:
            token = TOKEN.search(response.read().decode()).group(1)
    except (OSError, AttributeError) as error:
        barrier.wait()
        results[number] = ("form", 0.0, type(error).__name__)
        return
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "name": f"学生 {number}",
            "name_kana": "がくせい",
            "school": "昭和大学",
            "grade": "13",
            "age": "19",
            "email": f"client{number}-{session_id}@example.jp",
            "emergency_contact": "母 052-000-0000",
            "photo_consent": "no",
            "website": "",
        }
    ).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})
    barrier.wait()
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=120) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError as error:
        results[number] = ("error", (time.perf_counter() - started) * 1000, type(error).__name__)
        return
    results[number] = (status, (time.perf_counter() - started) * 1000, "")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def child(args, env, **kwargs):
    return subprocess.run(
        [sys.executable, __file__, *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        **kwargs,
    )


def run_backend(name, url):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "kokoron.settings.test",
        "KOKORON_TEST_RUN": f"bench-signups-{os.getpid()}-{name}",
    }
    env.pop("REDIS_URL", None)
    print(f"{name}: a fresh database, copied from the migrated template…")
    subprocess.run(
        [sys.executable, "-m", "tests.database_template"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    sessions = json.loads(child(["--setup"], env).stdout.strip().splitlines()[-1])
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    figures = []
    try:
        if server.stdout.readline().strip() != "ready":
            raise RuntimeError("the server did not start")
        base = f"http://127.0.0.1:{port}"
        for clients, session_id in zip(ROUNDS, sessions, strict=True):
            results = [None] * clients
            barrier = threading.Barrier(clients)
            threads = [
                threading.Thread(target=client, args=(base, session_id, i, barrier, results))
                for i in range(clients)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            held = json.loads(child(["--count", str(session_id)], env).stdout.splitlines()[-1])
            states = held["states"]
            taken = sum(states.get(s, 0) for s in ("confirmed", "held", "offered"))
            waitlisted = states.get("waitlisted", 0)
            emails = set(held["emails"])
            lost = sum(
                1 for i in range(clients) if f"client{i}-{session_id}@example.jp" not in emails
            )
            latencies = [ms for status, ms, _error in results if status == 302]
            failures = sorted({f"{s} {e}".strip() for s, _ms, e in results if s != 302})
            row = {
                "backend": name,
                "clients": clients,
                "confirmed": states.get("confirmed", 0),
                "waitlisted": waitlisted,
                "overbooked": max(taken - CAPACITY, 0),
                "lost": lost,
                "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
                "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
            }
            print(
                f"{name}, {clients} clients for {CAPACITY} places: {row['confirmed']} confirmed, "
                f"{waitlisted} waitlisted, {row['overbooked']} overbooked, {lost} lost; "
                f"sign-up p50 {row['p50_ms']} ms, p95 {row['p95_ms']} ms "
                f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
                + (f"; failures: {', '.join(failures)}" if failures else "")
            )
            figures.append(row)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return figures


def postgres_database():
    """(url of a new database, a function that drops it), or None without a server."""
    base = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("DATABASE_URL") or ""
    if not base.startswith("postgres"):
        base = "postgres://postgres@127.0.0.1:5432/postgres"
    import psycopg

    parsed = urllib.parse.urlsplit(base)
    admin = parsed._replace(path="/postgres").geturl()
    name = f"kokoron_bench_signups_{os.getpid()}"
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        print(f"postgresql: skipped ({type(error).__name__}: no server at {parsed.hostname})")
        return None

    def drop():
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return parsed._replace(path=f"/{name}").geturl(), drop


def main():
    if sys.argv[1:2] == ["--setup"]:
        return make_sessions()
    if sys.argv[1:2] == ["--count"]:
        return count(int(sys.argv[2]))
    if sys.argv[1:2] == ["--serve"]:
        return serve(int(sys.argv[2]))
    figures = []
    with tempfile.TemporaryDirectory(prefix="kokoron-bench-signups-") as workdir:
        figures += run_backend("sqlite", f"sqlite:///{workdir}/bench.sqlite3")
    postgres = postgres_database()
    if postgres is not None:
        url, drop = postgres
        try:
            figures += run_backend("postgresql", url)
        finally:
            drop()
    print(json.dumps(figures))
    return None


if __name__ == "__main__":
    main()
