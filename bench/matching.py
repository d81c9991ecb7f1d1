# ruff: noqa: T201 - a benchmark prints its figures
"""Benchmark of the matching engine with the database: a seeded synthetic city.

    DJANGO_SETTINGS_MODULE=kokoron.settings.test .venv/bin/python bench/matching.py \
        [--volunteers 20000] [--needs 5000] [--smoke]

Builds 20,000 volunteers and 5,000 open needs (--volunteers, --needs; some activities scarce)
in its own SQLite file (or the database DATABASE_URL names), then measures:

- suggestions for one need (load from the database, engine, store), p50/p95 over 200 needs;
- the batch end to end (load, candidates, solve, store) in a fresh process: seconds and peak MB;
- on a 1,000-need slice where volunteers are scarce: needs covered and total score of the
  engine's solver, of an independent exact MILP of the same objective (scipy.optimize.milp,
  used only here), and of greedy best-first.

The city has 24 school districts (a 6 x 4 grid) up to 20,000 volunteers; a larger city has
more districts, not bigger ones: about one per 830 volunteers (96 at 80,000, a 12 x 8 grid),
so each district's pool stays the size of a ward's. Figures at 80,000 are therefore for a city
of 96 districts, not for 24 districts with 4x the volunteers each (`districts` in the JSON).
Timings on a shared machine are noisy: the CPU times (`suggest_cpu_*`, `batch_cpu_s`) and
`load_average_1min` beside them help to compare runs.

The last line printed is one JSON object with the figures. Options (--help): --only one part,
--profile to print where the time of the suggestions and of the batch goes (cProfile).
"""

import argparse
import cProfile
import hashlib
import json
import os
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kokoron.settings.test")


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=["suggest", "batch", "slice"], help="run one part")
    parser.add_argument("--profile", action="store_true", help="print cProfile's top entries")
    parser.add_argument("--volunteers", type=int, default=20_000, help="volunteers (20,000)")
    parser.add_argument("--needs", type=int, default=5_000, help="open needs (5,000)")
    parser.add_argument(
        "--smoke", action="store_true", help="400 volunteers, 150 needs: does it still run (CI)"
    )
    parser.add_argument("--batch-only", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


ARGUMENTS = parse_arguments()
if ARGUMENTS.smoke:
    ARGUMENTS.volunteers, ARGUMENTS.needs = 400, 150
SEED = 20260501
VOLUNTEERS = ARGUMENTS.volunteers
NEEDS = ARGUMENTS.needs
# School districts: 24 (a 6 x 4 grid) up to 20,000 volunteers, then one per ~830 volunteers
# on a grid about 3:2 (12 x 8 at 80,000).
DISTRICTS = max(24, round(VOLUNTEERS / 830))
COLUMNS = max(6, round((DISTRICTS * 1.5) ** 0.5))
TOWNS_PER_DISTRICT = 4
SUGGEST_SAMPLE = min(200, NEEDS)
SLICE_NEEDS = min(1_000, NEEDS)
SLICE_VOLUNTEERS = min(700, VOLUNTEERS)
# One database file per size and schema (the migrations there are), built once and reused by
# later runs of the same size: a new or renamed migration gets a file of its own.
SCHEMA = hashlib.sha256(
    "\n".join(
        sorted(str(path.relative_to(REPO)) for path in REPO.glob("*/**/migrations/0*.py"))
    ).encode()
).hexdigest()[:8]
DB_PATH = Path(tempfile.gettempdir()) / (
    f"kokoron-bench-matching-{VOLUNTEERS}x{NEEDS}"
    + (f"-{DISTRICTS}d" if DISTRICTS != 24 else "")
    + f"-{SCHEMA}.sqlite3"
)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{DB_PATH}")

# Activity slugs with how common they are among volunteers and needs: some are scarce.
ACTIVITIES = {
    "shopping": (10, 10),
    "rubbish": (8, 8),
    "escort": (6, 6),
    "hospital": (3, 8),
    "talk": (9, 7),
    "housework": (6, 6),
    "gardening": (4, 4),
    "furniture": (1, 4),
    "it": (2, 5),
    "reading": (2, 3),
    "childcare": (1, 3),
    "interpreting": (0.5, 2),
}


def setup_django():
    import django

    django.setup()


def build_city():
    """The synthetic city, made once per database file (bulk inserts, no signals)."""
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from kokoron.core.setup import ensure_locales
    from kokoron.geography.models import Neighbourhood, SchoolDistrict
    from matching.engine import week
    from matching.factories import ensure_activities
    from matching.models import Need, Person, Volunteer
    from tests.database_template import migrate_from_template

    if Need._meta.db_table in connection.introspection.table_names():
        call_command("migrate", verbosity=0)  # a city made before: nothing to apply
    else:
        migrate_from_template(connection)
    if Need.objects.count() >= NEEDS and Volunteer.objects.count() >= VOLUNTEERS:
        return "reused"
    ensure_locales()
    rng = random.Random(SEED)
    activities, _trainings = ensure_activities()
    slugs = list(ACTIVITIES)
    volunteer_weights = [ACTIVITIES[s][0] for s in slugs]
    need_weights = [ACTIVITIES[s][1] for s in slugs]

    districts = []
    for i in range(DISTRICTS):
        district, _ = SchoolDistrict.objects.get_or_create(
            slug=f"bench-{i}",
            defaults={"name": f"第{i + 1}学区", "name_kana": "がっく", "name_romaji": f"D{i}"},
        )
        districts.append(district)
    for i, district in enumerate(districts):
        row, col = divmod(i, COLUMNS)
        for j, other in enumerate(districts):
            r2, c2 = divmod(j, COLUMNS)
            if abs(row - r2) + abs(col - c2) == 1:
                district.adjacent.add(other)
    towns = {}
    for district in districts:
        towns[district.pk] = [
            Neighbourhood.objects.get_or_create(
                district=district,
                name=f"{district.name}{t + 1}丁目",
                defaults={"name_kana": "ちょうめ", "name_romaji": f"{t + 1}-chome"},
            )[0]
            for t in range(TOWNS_PER_DISTRICT)
        ]
    neighbours = {d.pk: [a.pk for a in d.adjacent.all()] for d in districts}

    now = timezone.now()
    today = timezone.localdate()
    people = []
    for n in range(VOLUNTEERS + NEEDS):
        district = rng.choice(districts)
        people.append(
            Person(
                name=f"ボランティア{n}" if n < VOLUNTEERS else f"住民{n}",
                name_kana="てすと",
                email=f"bench{n}@example.jp",
                district=district,
                neighbourhood=rng.choice(towns[district.pk]),
                reference=f"P-B{n:06d}",
            )
        )
    Person.objects.bulk_create(people, batch_size=2000)
    people = list(Person.objects.filter(reference__startswith="P-B").order_by("pk"))
    volunteers = []
    slots = [("09:00", "12:00"), ("13:00", "17:00"), ("09:00", "17:00"), ("10:00", "16:00")]
    for n, person in enumerate(people[:VOLUNTEERS]):
        start, end = rng.choice(slots)
        days = rng.sample(range(7), rng.randint(1, 4))
        availability = [{"weekday": d, "start": start, "end": end} for d in sorted(days)]
        volunteers.append(
            Volunteer(
                person=person,
                reference=f"V-B{n:06d}",
                availability=availability,
                # bulk_create does not call save(), which derives the mask
                free_mask=week.free_mask(week.slots_from_json(availability)),
                languages=["ja"] + (["en"] if rng.random() < 0.1 else []),
                gender=rng.choice(["f", "m", ""]),
                max_needs=rng.choice([1, 1, 2, 2, 3]),
                consent=True,
                consented_at=now,
                registered_at=now - dt.timedelta(days=rng.randint(0, 900)),
            )
        )
    Volunteer.objects.bulk_create(volunteers, batch_size=2000)
    volunteers = list(Volunteer.objects.filter(reference__startswith="V-B").order_by("pk"))
    goes_to = Volunteer.goes_to.through
    does = Volunteer.activities.through
    goes_rows, does_rows = [], []
    for volunteer, person in zip(volunteers, people[:VOLUNTEERS], strict=True):
        home = person.district_id
        targets = {home} | {d for d in neighbours[home] if rng.random() < 0.5}
        goes_rows += [goes_to(volunteer_id=volunteer.pk, schooldistrict_id=d) for d in targets]
        chosen = set(rng.choices(slugs, weights=volunteer_weights, k=rng.randint(1, 3)))
        does_rows += [does(volunteer_id=volunteer.pk, activity_id=activities[s].pk) for s in chosen]
    goes_to.objects.bulk_create(goes_rows, batch_size=5000)
    does.objects.bulk_create(does_rows, batch_size=5000)

    needs = []
    for n, person in enumerate(people[VOLUNTEERS:]):
        slug = rng.choices(slugs, weights=need_weights)[0]
        hour = rng.randint(9, 15)
        date = today + dt.timedelta(days=rng.randint(1, 28))
        weekly = rng.random() < 0.25
        needs.append(
            Need(
                requester=person,
                reference=f"K-B{n:06d}",
                category=activities[slug],
                description="bench",
                district_id=person.district_id,
                neighbourhood_id=person.neighbourhood_id,
                date=date,
                start_time=dt.time(hour, 0),
                end_time=dt.time(hour + 1, 30),
                repeats_weekly=weekly,
                repeat_until=date + dt.timedelta(weeks=12) if weekly else None,
                preferred_languages=["en"] if rng.random() < 0.05 else [],
                urgency=rng.choice([0, 1, 1, 2, 3]),
                state=Need.State.MATCHING,
                created_at=now - dt.timedelta(days=rng.randint(0, 60)),
            )
        )
    Need.objects.bulk_create(needs, batch_size=2000)
    return "built"


def bench_suggest():
    from django.db import connection

    from matching import suggestions
    from matching.models import Need

    ids = list(Need.objects.filter(reference__startswith="K-B").values_list("pk", flat=True))
    sample = random.Random(SEED).sample(ids, SUGGEST_SAMPLE)
    # Warm up the connection and caches once, as a running server would be.
    suggestions.compute_suggestions(Need.objects.get(pk=sample[0]))
    timings, cpu, empty = [], [], 0
    for pk in sample:
        start, start_cpu = time.perf_counter(), time.process_time()
        need = Need.objects.select_related("district").get(pk=pk)
        stored = suggestions.compute_suggestions(need)
        timings.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        empty += not stored.results
    connection.close()
    timings.sort()
    cpu.sort()
    return {
        "p50": timings[len(timings) // 2],
        "p95": timings[int(len(timings) * 0.95) - 1],
        "cpu_p50": cpu[len(cpu) // 2],
        "cpu_p95": cpu[int(len(cpu) * 0.95) - 1],
        "empty": empty,
    }


def bench_batch_in_fresh_process(profile=False):
    """Run the batch in its own process, so its peak memory is the batch's alone."""
    output = subprocess.run(
        [
            sys.executable,
            __file__,
            "--batch-only",
            f"--volunteers={VOLUNTEERS}",
            f"--needs={NEEDS}",
            *(["--profile"] if profile else []),
        ],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    ).stdout
    lines = output.strip().splitlines()
    if profile:
        print("\n".join(lines[:-1]))
    return json.loads(lines[-1])


def batch_only(profile):
    setup_django()
    from matching import tasks
    from matching.models import BatchRun

    run = BatchRun.objects.create()
    start, start_cpu = time.perf_counter(), time.process_time()
    # The task the batch button queues (kokoron.core.batchrun.run_task around run_batch).
    profiled(profile, tasks.batch, run.pk)
    run.refresh_from_db()
    seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_mb = usage.ru_maxrss / 1024
    print(
        json.dumps(
            {
                "batch_s": seconds,
                "batch_peak_mb": peak_mb,
                # the batch's CPU time: steadier than its seconds on a shared machine
                "batch_cpu_s": cpu,
                "needs": run.needs_count,
                "covered": run.covered,
                "score": run.total_score,
            }
        )
    )


def exact_milp(n_demands, capacities, d, c, s):
    """An independent exact solver of the same objective: a MILP solved by HiGHS."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import csr_matrix

    m = len(d)
    top = int(s.max()) if m else 0
    bonus = n_demands * top + 1
    objective = -(bonus + s.astype(float))
    edge = np.arange(m)
    per_demand = csr_matrix((np.ones(m), (d, edge)), shape=(n_demands, m))
    per_candidate = csr_matrix((np.ones(m), (c, edge)), shape=(len(capacities), m))
    result = milp(
        objective,
        constraints=[
            LinearConstraint(per_demand, 0, 1),
            LinearConstraint(per_candidate, 0, np.asarray(capacities, dtype=float)),
        ],
        integrality=np.ones(m),
        bounds=Bounds(0, 1),
    )
    chosen = result.x > 0.5
    return int(chosen.sum()), int(s[chosen].sum())


def bench_slice():
    """1,000 needs and a scarce pool of volunteers: optimal vs exact MILP vs greedy."""
    from django.utils import timezone

    import numpy as np

    from kokoron.core import assignment
    from matching import engine, suggestions
    from matching.models import Need, Volunteer

    rng = random.Random(SEED + 1)
    ctx = suggestions.context()
    need_ids = sorted(
        rng.sample(
            list(Need.objects.filter(reference__startswith="K-B").values_list("pk", flat=True)),
            SLICE_NEEDS,
        )
    )
    volunteer_ids = rng.sample(
        list(Volunteer.objects.filter(reference__startswith="V-B").values_list("pk", flat=True)),
        SLICE_VOLUNTEERS,
    )
    needs = list(Need.objects.filter(pk__in=need_ids).order_by("pk"))
    demands = [suggestions.to_demand(n, None, (), ()) for n in needs]
    candidates = suggestions.load_candidates(
        Volunteer.objects.filter(pk__in=volunteer_ids).order_by("pk"), timezone.localdate()
    )
    d, c, s = engine.edges(demands, candidates, ctx)
    capacities = [x.capacity_left for x in candidates]
    start = time.perf_counter()
    optimal = assignment.solve(len(demands), capacities, d, c, s)
    solve_s = time.perf_counter() - start
    exact_covered, exact_score = exact_milp(len(demands), capacities, d, c, s)
    # Greedy best-first: the most urgent needs first, each takes its best free volunteer.
    order = sorted(range(len(demands)), key=lambda i: (-demands[i].urgency, needs[i].pk))
    greedy = assignment.greedy(len(demands), capacities, d, c, s, order=order)
    return {
        "edges": len(s),
        "solve_s": solve_s,
        "covered": optimal.covered,
        "score": optimal.score,
        "exact_covered": exact_covered,
        "exact_score": exact_score,
        "greedy_covered": greedy.covered,
        "greedy_score": greedy.score,
        "with_edges": int(np.unique(d).size),
    }


def profiled(profile, function, *args):
    """Run function(*args), under cProfile with the top of the profile printed when asked."""
    if not profile:
        return function(*args)
    profiler = cProfile.Profile()
    result = profiler.runcall(function, *args)
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    return result


def main(only, profile):
    setup_django()
    started = time.perf_counter()
    state = build_city()
    print(
        f"city {state} in {time.perf_counter() - started:.1f} s: {VOLUNTEERS} volunteers, "
        f"{NEEDS} needs, {DISTRICTS} school districts"
    )
    figures = {}
    if only in (None, "suggest"):
        suggest = profiled(profile, bench_suggest)
        print(
            f"suggest (database included) over {SUGGEST_SAMPLE} needs: p50 {suggest['p50']:.1f} ms, "
            f"p95 {suggest['p95']:.1f} ms; CPU p50 {suggest['cpu_p50']:.1f} ms, "
            f"p95 {suggest['cpu_p95']:.1f} ms ({suggest['empty']} with nobody)"
        )
        figures["suggest_p50_ms"] = round(suggest["p50"], 2)
        figures["suggest_p95_ms"] = round(suggest["p95"], 2)
        figures["suggest_cpu_p50_ms"] = round(suggest["cpu_p50"], 2)
        figures["suggest_cpu_p95_ms"] = round(suggest["cpu_p95"], 2)
    if only in (None, "batch"):
        batch = bench_batch_in_fresh_process(profile)
        print(
            f"batch end to end: {batch['batch_s']:.1f} s (CPU {batch['batch_cpu_s']:.1f} s), "
            f"peak {batch['batch_peak_mb']:.0f} MB, "
            f"{batch['covered']} of {batch['needs']} needs covered, score {batch['score']}"
        )
        figures["batch_s"] = round(batch["batch_s"], 2)
        figures["batch_peak_mb"] = round(batch["batch_peak_mb"], 1)
        figures["batch_cpu_s"] = round(batch["batch_cpu_s"], 2)
    if only in (None, "slice"):
        sliced = bench_slice()
        print(
            f"slice of {SLICE_NEEDS} needs, {SLICE_VOLUNTEERS} volunteers ({sliced['edges']} pairs, "
            f"{sliced['with_edges']} needs with any candidate): engine {sliced['covered']} covered / "
            f"score {sliced['score']} in {sliced['solve_s']:.2f} s; exact MILP "
            f"{sliced['exact_covered']} / {sliced['exact_score']}; greedy "
            f"{sliced['greedy_covered']} / {sliced['greedy_score']}"
        )
        figures.update(
            slice_score=sliced["score"],
            slice_exact_score=sliced["exact_score"],
            slice_greedy_score=sliced["greedy_score"],
            slice_covered=sliced["covered"],
            slice_exact_covered=sliced["exact_covered"],
            slice_greedy_covered=sliced["greedy_covered"],
        )
    figures["districts"] = DISTRICTS
    figures["load_average_1min"] = round(os.getloadavg()[0], 2)
    print(json.dumps(figures))


if __name__ == "__main__":
    if ARGUMENTS.batch_only:
        batch_only(ARGUMENTS.profile)
    else:
        main(ARGUMENTS.only, ARGUMENTS.profile)
