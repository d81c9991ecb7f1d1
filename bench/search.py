# ruff: noqa: T201, RUF001 - a benchmark prints its figures; full-width letters are test input
"""Benchmark of the site search: 20,000 pages of Japanese welfare text.

For SQLite (a temporary file), and for PostgreSQL when DATABASE_URL (or BENCH_DATABASE_URL)
names one, each in its own process with its own freshly migrated database, it measures:

- index_s: building the search index of the 20,000 pages (kokoron.search.backend);
- index_mb: the size of the search index tables;
- p50_ms / p95_ms: 200 realistic queries through what /search/ runs (the Japanese-aware
  backend, the page lookup, ranking and excerpts), without the HTML rendering;
- recall / precision: the test set of tests/site/search_testset.py, indexed beside them.

The tables are ANALYZEd after indexing, as a running site's are. Each figure also comes
with the machine's load average (os.getloadavg, 1 minute) and the benchmark process's own CPU
time per query (cpu_p50_ms, cpu_p95_ms: less sensitive to a shared machine; on PostgreSQL
it leaves out the server's share).

Run: .venv/bin/python bench/search.py [--docs N] [--only sqlite|postgresql] [--smoke] [--profile]
(PostgreSQL from BENCH_DATABASE_URL or DATABASE_URL: a test database test_<name> is created
beside it and dropped afterwards.) The last line printed is a JSON list with one object per
database.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = int(os.environ.get("BENCH_SEARCH_DOCS", "20000"))
QUERIES = int(os.environ.get("BENCH_SEARCH_QUERIES", "200"))
SEED = 20260401

DISTRICTS = [
    "鶴舞",
    "白金",
    "村雲",
    "吹上",
    "御器所",
    "松栄",
    "川名",
    "広路",
    "滝川",
    "伊勝",
    "八事",
    "隼人",
]
TOPICS = [
    "ボランティア",
    "たまり場",
    "介護",
    "車いす",
    "車椅子",
    "相談",
    "子育て",
    "認知症",
    "見守り",
    "配食サービス",
    "ふれあい給食会",
    "敬老会",
    "防災訓練",
    "福祉教育",
    "傾聴ボランティア",
    "サロン",
    "カフェ",
    "健康体操",
    "パソコン教室",
    "フードドライブ",
    "ひとり暮らし",
    "障がい者",
    "民生委員",
    "いきいき支援センター",
    "共同募金",
]
KINDS = [
    "のお知らせ",
    "を開催します",
    "の参加者募集",
    "のご案内",
    "について",
    "を開きました",
    "の報告",
]
SENTENCES = [
    "{district}学区で{topic}の活動をしています。",
    "どなたでも参加できます。参加費は{fee}円です。",
    "毎月第{week}{day}曜日の{hour}時から開いています。",
    "申し込みは社協ボランティアセンターまで電話でお願いします。",
    "{topic}について、職員が相談をお受けします。",
    "地域の皆さんと一緒に{topic}を考えます。",
    "会場は{district}コミュニティセンターです。車いすでも利用できます。",
    "{year}年度の{topic}の実績をご報告します。",
    "高齢者や障がいのある方、子育て中の方も気軽にお越しください。",
    "ﾎﾞﾗﾝﾃｨｱ保険の加入手続きも受け付けています。",
]
QUERY_WORDS = [
    *TOPICS,
    "ぼらんてぃあ",
    "ﾎﾞﾗﾝﾃｨｱ",
    "くるまいす",
    "かいご",
    "そうだん",
    "社協",
    "学区",
    "参加者募集",
    "コミュニティセンター",
    "保険",
    "2025",
    "ＮＰＯ",
    "volunteer",
]


def make_text(rng, index):
    topic = rng.choice(TOPICS)
    district = rng.choice(DISTRICTS)
    title = f"{district}学区 {topic}{rng.choice(KINDS)}"
    sentences = []
    for _ in range(rng.randint(3, 7)):
        sentences.append(
            rng.choice(SENTENCES).format(
                district=rng.choice(DISTRICTS),
                topic=rng.choice([topic, rng.choice(TOPICS)]),
                fee=rng.choice([0, 100, 300, 500]),
                week=rng.randint(1, 4),
                day=rng.choice("月火水木金土日"),
                hour=rng.randint(9, 18),
                year=rng.choice([2024, 2025, 2026]),
            )
        )
    return title, "".join(sentences)


def make_queries(rng):
    queries = []
    for _ in range(QUERIES):
        if rng.random() < 0.7:
            queries.append(rng.choice(QUERY_WORDS))
        else:
            queries.append(f"{rng.choice(QUERY_WORDS)} {rng.choice(DISTRICTS)}")
    return queries


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def build_pages(home, items):
    """Pages written straight into the tree (Wagtail's add_child takes ~50 ms a page)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction

    from wagtail.models import Page

    from kokoron.pages.models import StandardPage

    content_type = ContentType.objects.get_for_model(StandardPage)
    start = home.numchild
    pages = []
    for offset, (title, _body) in enumerate(items):
        number = start + offset + 1
        pages.append(
            Page(
                title=title,
                draft_title=title,
                slug=f"bench-{number}",
                content_type=content_type,
                locale_id=home.locale_id,
                path=Page._get_path(home.path, home.depth + 1, number),
                depth=home.depth + 1,
                numchild=0,
                live=True,
                url_path=f"{home.url_path}bench-{number}/",
            )
        )
    with transaction.atomic():
        created = Page.objects.bulk_create(pages, batch_size=1000)
        table = StandardPage._meta.db_table
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (page_ptr_id, introduction, body) VALUES (%s, %s, %s)",
                [
                    (page.pk, f"<p>{body}</p>", "[]")
                    for page, (_title, body) in zip(created, items, strict=True)
                ],
            )
        Page.objects.filter(pk=home.pk).update(numchild=start + len(items))
    return [page.pk for page in created]


def index_size_mb():
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('wagtailsearch_indexentry')")
            return cursor.fetchone()[0] / 1_000_000
        try:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'wagtailsearch_indexentry%'"
            )
            return (cursor.fetchone()[0] or 0) / 1_000_000
        except Exception:  # dbstat is not compiled in: count the pages of the whole file
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            return pages * cursor.fetchone()[0] / 1_000_000


def run_one():
    """Measure the database that DATABASE_URL names; print one JSON object."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from django.utils import translation

    from tests.database_template import create_test_databases_from_templates

    create_test_databases_from_templates(connection)  # a copy of the migrated template
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        from wagtail.models import Locale, Page, Site
        from wagtail.search.backends import get_search_backend

        from kokoron.pages.models import HomePage, StandardPage
        from kokoron.search import readings
        from kokoron.search.models import Reading
        from kokoron.search.views import run_search
        from tests.site.search_testset import DOCS as TEST_DOCS
        from tests.site.search_testset import evaluate

        translation.activate("ja")
        rng = random.Random(SEED)
        locale = Locale.objects.get(language_code="ja")
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(title="こころん", slug="bench", locale=locale, hero_heading="bench")
        )
        Site.objects.update_or_create(
            is_default_site=True, defaults={"hostname": "localhost", "root_page": home}
        )
        items = [make_text(rng, index) for index in range(DOCS)]
        build_pages(home, items)

        # The test set, under its own parent, with its readings.
        test_parent = home.add_child(instance=StandardPage(title="テストセット", slug="test-set"))
        keys_by_pk = {}
        for key, _kind, title, body, reading, _published in TEST_DOCS:
            if reading:
                Reading.objects.create(word=title, reading=reading)
            page = test_parent.add_child(
                instance=StandardPage(title=title, slug=key, introduction=f"<p>{body}</p>")
            )
            keys_by_pk[page.pk] = key
        readings.invalidate()

        backend = get_search_backend()
        pages = StandardPage.objects.filter(slug__startswith="bench-").order_by("pk")
        started = time.perf_counter()
        for offset in range(0, DOCS, 1000):
            backend.add_bulk(StandardPage, list(pages[offset : offset + 1000]))
        index_s = time.perf_counter() - started
        index_mb = index_size_mb()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

        def found(query):
            return {keys_by_pk[p.pk] for p in Page.objects.descendant_of(test_parent).search(query)}

        recall, precision, _misses = evaluate(found)

        queries = make_queries(random.Random(SEED + 1))
        for query in queries[:10]:  # warm caches
            run_search(query, "ja")
        timings = []
        cpu_timings = []
        results = []
        profiler = cProfile.Profile() if os.environ.get("BENCH_SEARCH_PROFILE") else None
        for query in queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            _groups, total = run_search(query, "ja")
            if profiler:
                profiler.disable()
            timings.append((time.perf_counter() - started) * 1000)
            cpu_timings.append((time.process_time() - cpu_started) * 1000)
            results.append(total)
        if profiler:
            report = io.StringIO()
            pstats.Stats(profiler, stream=report).sort_stats("cumulative").print_stats(40)
            print(f"{connection.vendor}: profile\n{report.getvalue()}", file=sys.stderr)
        figures = {
            "backend": f"{connection.vendor} ({type(backend).__name__})",
            "docs": DOCS,
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "index_s": round(index_s, 2),
            "index_mb": round(index_mb, 2),
            "recall": round(recall, 3),
            "precision": round(precision, 3),
            "cpu_p50_ms": round(statistics.median(cpu_timings), 1),
            "cpu_p95_ms": round(percentile(cpu_timings, 0.95), 1),
            "load": round(os.getloadavg()[0], 2),
        }
        print(
            f"{connection.vendor}: {DOCS} pages indexed in {index_s:.1f} s, index {index_mb:.1f} MB; "
            f"{QUERIES} queries p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms, "
            f"max {max(timings):.1f} ms, median {statistics.median(results):.0f} results "
            f"(100 per kind ranked); own CPU p50 {figures['cpu_p50_ms']} ms, "
            f"p95 {figures['cpu_p95_ms']} ms; test set recall {recall:.3f}, "
            f"precision {precision:.3f}; load average {figures['load']}",
            file=sys.stderr,
        )
        print(json.dumps(figures))
    finally:
        teardown_databases(old_config, verbosity=0)


def main():
    if os.environ.get("KOKORON_BENCH_CHILD"):
        run_one()
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=DOCS, help="pages to index (20000)")
    parser.add_argument("--only", choices=["sqlite", "postgresql"], help="one database only")
    parser.add_argument(
        "--smoke", action="store_true", help="300 pages, 20 queries: does it still run (CI)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="print where the queries' time goes (cProfile)"
    )
    arguments = parser.parse_args()
    queries = QUERIES
    if arguments.smoke:
        arguments.docs, queries = 300, 20
    workdir = tempfile.mkdtemp(prefix="kokoron-bench-search-")
    targets = [("sqlite", f"sqlite:///{workdir}/bench.sqlite3")]
    postgres = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if postgres and postgres.startswith("postgres"):
        targets.append(("postgresql", postgres))
    targets = [target for target in targets if arguments.only in (None, target[0])]
    figures = []
    for name, url in targets:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "KOKORON_BENCH_CHILD": "1",
            "BENCH_SEARCH_DOCS": str(arguments.docs),
            "BENCH_SEARCH_QUERIES": str(queries),
            "DJANGO_SETTINGS_MODULE": os.environ.get(
                "DJANGO_SETTINGS_MODULE", "kokoron.settings.test"
            ),
            "KOKORON_TEST_RUN": f"bench-search-{os.getpid()}-{name}",
            **({"BENCH_SEARCH_PROFILE": "1"} if arguments.profile else {}),
        }
        print(f"{name}: building {arguments.docs} pages and their index…")
        process = subprocess.run(
            [sys.executable, __file__],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        summary = [line for line in process.stderr.splitlines() if line.startswith(f"{name}:")]
        print("\n".join(summary) or process.stderr[-3000:])
        if arguments.profile:
            report = process.stderr.partition(f"{name}: profile")[2]
            print(report.partition(f"\n{name}: ")[0])
        lines = [line for line in process.stdout.splitlines() if line.startswith("{")]
        if process.returncode != 0 or not lines:
            print(f"{name}: failed (exit {process.returncode})")
            continue
        figures.append(json.loads(lines[-1]))
    print(json.dumps(figures))


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
