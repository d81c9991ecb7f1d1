"""The thin layer between the models and the engine: volunteers and needs as the engine's
candidates and demands, and what it makes of them.

compute_suggestions(need)          the engine's best volunteers for a need, stored
run_batch(run)                     the optimal plan over all needs being matched, stored

Proposing them, and the need's workflow after that, is matching.services'.
"""

import functools
import json
import logging
from collections import defaultdict

from django.db import connections, transaction
from django.db.models import Count, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from kokoron.geography.models import SchoolDistrict

from . import engine
from .engine.week import needed_units, slots_from_json
from .models import (
    Assignment,
    BatchPlanItem,
    Need,
    NeedSuggestions,
    Person,
    Proposal,
    Volunteer,
    VolunteerAbsence,
    VolunteerTraining,
)

logger = logging.getLogger(__name__)

SUGGESTIONS_KEPT = 10


# Models → engine


def adjacency():
    """{district: the districts next to it}."""
    through = SchoolDistrict.adjacent.through
    result = defaultdict(set)
    for a, b in through.objects.values_list("from_schooldistrict_id", "to_schooldistrict_id"):
        result[a].add(b)
        result[b].add(a)
    return {key: frozenset(value) for key, value in result.items()}


def context(today=None):
    return engine.Context(today=today or timezone.localdate(), adjacency=adjacency())


# Availability and languages are read as their stored JSON text: volunteers share a few
# patterns, so each distinct text is decoded once (see weekly_slots and language_set).
VOLUNTEER_FIELDS = (
    "pk",
    "person__district_id",
    "person__neighbourhood_id",
    "availability_text",
    "languages_text",
    "gender",
    "max_needs",
    "status",
    "registered_at",
    "last_assigned_on",
)


def as_text(queryset):
    return queryset.annotate(
        availability_text=Cast("availability", TextField()),
        languages_text=Cast("languages", TextField()),
    )


@functools.lru_cache(maxsize=4096)
def weekly_slots(text):
    return slots_from_json(json.loads(text) if text else None)


@functools.lru_cache(maxsize=256)
def language_set(text):
    return frozenset(json.loads(text) or ()) if text else frozenset()


def load_candidates(volunteers, today):
    """Engine candidates for a queryset of volunteers (every active one, for the batch), in a
    fixed number of queries."""
    rows = list(as_text(volunteers).order_by().values_list(*VOLUNTEER_FIELDS))
    goes_to = defaultdict(set)
    activities = defaultdict(set)
    experience = defaultdict(dict)
    familiar = defaultdict(set)
    related = {"volunteer__status": Volunteer.Status.ACTIVE}
    good = Assignment.objects.filter(outcome=Assignment.Outcome.GOOD).order_by()
    # Every volunteer's districts and activities, without joining the volunteers to keep the
    # active ones: the few others' rows are simply not used.
    for v, d in Volunteer.goes_to.through.objects.values_list("volunteer_id", "schooldistrict_id"):
        goes_to[v].add(d)
    for v, a in Volunteer.activities.through.objects.values_list("volunteer_id", "activity_id"):
        activities[v].add(a)
    for v, category, n in good.values_list("volunteer_id", "need__category_id").annotate(
        n=Count("pk")
    ):
        experience[v][category] = n
    for v, recipient, requester in good.values_list(
        "volunteer_id", "need__recipient_id", "need__requester_id"
    ):
        familiar[v].add(recipient or requester)
    trainings = read_trainings(VolunteerTraining.objects.filter(**related))
    away = read_absences(today, None)
    load = dict(
        Assignment.objects.filter(outcome=Assignment.Outcome.ONGOING, for_date__isnull=True)
        .order_by()
        .values_list("volunteer_id")
        .annotate(n=Count("pk"))
    )
    return [
        candidate_of(
            row,
            goes_to=goes_to[row[0]],
            activities=activities[row[0]],
            away=away[row[0]],
            trainings=trainings[row[0]],
            load=load.get(row[0], 0),
            experience=experience[row[0]],
            familiar=familiar[row[0]],
        )
        for row in rows
    ]


def load_pool(need, today, position, length, trainings, for_date=None):
    """Engine candidates for one need: the active volunteers who go to its district (or live
    there), do its activity and may be free at its time (units `position`, `length` of the
    free mask; the engine checks exactly).

    One statement reads the pool with what this need asks about each of them (pool_query):
    then one query for their `trainings` (the ones the need requires or prefers) when it has
    any, and one for the days away of those who have some. The pool is found from the index on
    (district, volunteer) (migration 0016) and each one's activities by their own index, so its
    cost does not grow with the city. tests/matching/test_pool.py checks that the suggestions from the
    pool are exactly the engine's over every active volunteer with all their facts.
    """
    district, activity = need.district_id, need.category_id
    helped = need.recipient_id or need.requester_id
    ongoing, good = Assignment.Outcome.ONGOING, Assignment.Outcome.GOOD
    covering = for_date is not None
    connection = connections[Volunteer.objects.db]
    as_date = connection.ops.adapt_datefield_value
    parameters = [ongoing, good, activity, good, helped, need.pk]
    if covering:
        parameters += [as_date(for_date)]
    parameters += [as_date(today)]
    if covering:
        # The need's regular volunteers are not asked to cover one of its dates.
        parameters += [need.pk, ongoing]
    parameters += [Volunteer.Status.ACTIVE, district, activity, district, activity]
    if length:
        parameters += [position, length, "1" * length]
    statement, converters = pool_query(connection.vendor, covering, bool(length))
    with connection.cursor() as cursor:
        cursor.execute(statement, parameters)
        rows = cursor.fetchall()
    ids = [row[0] for row in rows]
    volunteer_trainings = read_trainings(
        VolunteerTraining.objects.filter(training_id__in=trainings, volunteer_id__in=ids)
        if trainings and ids
        else VolunteerTraining.objects.none()
    )
    # Days away are read only for those who have some still to come: most have none.
    away = read_absences(today, [row[0] for row in rows if row[14]])
    candidates = []
    for row in rows:
        pk = row[0]
        load, experience, familiar, declined = row[10:14]
        candidate = candidate_of(
            converted(row, converters, connection),
            goes_to=(district,),
            activities=(activity,),
            away=away[pk],
            trainings=volunteer_trainings[pk],
            # A cover date is one visit: it does not count against the volunteer's capacity.
            load=0 if covering else load,
            experience={activity: experience} if experience else {},
            familiar=(helped,) if familiar else (),
        )
        if declined or (covering and row[15]):
            candidate.declined = frozenset({need.pk})
        candidates.append(candidate)
    return candidates


@functools.cache
def pool_query(vendor, covering, masked):
    """The pool's SQL, written out once per kind of need: the query ran once per suggestion
    and building it through the ORM cost more than running it. Its columns are
    VOLUNTEER_FIELDS, then the volunteer's load, how many of this activity went well, whether
    they helped this person before and it went well, whether they were asked already (for
    this date when `covering`), whether they have days away still to come and, when
    `covering`, whether they are one of its regulars.
    Also the converters of the columns the database driver gives as text (SQLite's dates)."""
    connection = connections[Volunteer.objects.db]
    names = functools.partial(table, connection)
    volunteer, person = names(Volunteer), names(Person)
    assignment, need, proposal = names(Assignment), names(Need), names(Proposal)
    absence = names(VolunteerAbsence)
    goes_to = names(Volunteer.goes_to.through)
    does = names(Volunteer.activities.through)
    regular = (
        f", EXISTS (SELECT 1 FROM {assignment} r WHERE r.need_id = %s AND r.volunteer_id = v.id"
        " AND r.outcome = %s AND r.for_date IS NULL)"
    )
    statement = f"""
        SELECT v.id, p.district_id, p.neighbourhood_id,
            CAST(v.availability AS TEXT), CAST(v.languages AS TEXT), v.gender, v.max_needs,
            v.status, v.registered_at, v.last_assigned_on,
            (SELECT COUNT(*) FROM {assignment} a
                WHERE a.volunteer_id = v.id AND a.outcome = %s AND a.for_date IS NULL),
            (SELECT COUNT(*) FROM {assignment} a JOIN {need} n ON n.id = a.need_id
                WHERE a.volunteer_id = v.id AND a.outcome = %s AND n.category_id = %s),
            EXISTS (SELECT 1 FROM {assignment} a JOIN {need} n ON n.id = a.need_id
                WHERE a.volunteer_id = v.id AND a.outcome = %s
                AND COALESCE(n.recipient_id, n.requester_id) = %s),
            EXISTS (SELECT 1 FROM {proposal} q WHERE q.need_id = %s AND q.volunteer_id = v.id
                AND q.for_date {"= %s" if covering else "IS NULL"}),
            EXISTS (SELECT 1 FROM {absence} b WHERE b.volunteer_id = v.id AND b.last_day >= %s)
            {regular if covering else ""}
        FROM {volunteer} v JOIN {person} p ON p.id = v.person_id
        WHERE v.status = %s AND v.id IN (
            SELECT g.volunteer_id FROM {goes_to} g WHERE g.schooldistrict_id = %s
                AND EXISTS (SELECT 1 FROM {does} x
                    WHERE x.volunteer_id = g.volunteer_id AND x.activity_id = %s)
            UNION
            SELECT w.id FROM {volunteer} w JOIN {person} o ON o.id = w.person_id
                WHERE o.district_id = %s AND EXISTS (SELECT 1 FROM {does} x
                    WHERE x.volunteer_id = w.id AND x.activity_id = %s))
        {"AND (SUBSTR(v.free_mask, %s, %s) = %s OR v.free_mask = '')" if masked else ""}
    """
    fields = Volunteer._meta
    converters = {
        index: (column, connection.ops.get_db_converters(column))
        for index, column in (
            (8, fields.get_field("registered_at").get_col("v")),
            (9, fields.get_field("last_assigned_on").get_col("v")),
        )
    }
    return statement, {index: value for index, value in converters.items() if value[1]}


def table(connection, model):
    """A model's table, quoted for hand-written SQL."""
    return connection.ops.quote_name(model._meta.db_table)


def converted(row, converters, connection):
    """The row with its dates as Python dates, as the ORM would give them."""
    if not converters:
        return row
    row = list(row)
    for index, (column, functions) in converters.items():
        for function in functions:
            row[index] = function(row[index], column, connection)
    return row


def read_trainings(volunteer_trainings):
    """{volunteer id: {training id: expiry, None for never}}, the latest expiry of each."""
    trainings = defaultdict(dict)
    for v, t, expires in volunteer_trainings.order_by().values_list(
        "volunteer_id", "training_id", "expires_on"
    ):
        if (
            t not in trainings[v]
            or expires is None
            or (trainings[v][t] is not None and expires > trainings[v][t])
        ):
            trainings[v][t] = expires
    return trainings


def read_absences(today, ids):
    """{volunteer id: [(first day, last day)]} of the days away still to come of `ids` (every
    volunteer's when `ids` is None)."""
    away = defaultdict(list)
    absences = VolunteerAbsence.objects.filter(last_day__gte=today)
    if ids is not None:
        if not ids:
            return away
        absences = absences.filter(volunteer_id__in=ids)
    for v, first, last in absences.order_by().values_list("volunteer_id", "first_day", "last_day"):
        away[v].append((first, last))
    return away


def candidate_of(row, *, goes_to, activities, away, trainings, load, experience, familiar):
    pk, district, neighbourhood, availability, languages, gender, max_needs, status = row[:8]
    registered_at, last_assigned_on = row[8:10]
    return engine.Candidate(
        id=pk,
        district=district,
        neighbourhood=neighbourhood,
        goes_to=frozenset(goes_to),
        activities=frozenset(activities),
        availability=weekly_slots(availability),
        away=tuple(away),
        languages=language_set(languages),
        gender=gender,
        trainings=trainings,
        capacity=max_needs,
        load=load,
        active=status == Volunteer.Status.ACTIVE,
        waiting_since=last_assigned_on or registered_at.astimezone(engine.TOKYO).date(),
        experience=experience,
        familiar=frozenset(familiar),
    )


# What to_demand reads of a need.
DEMAND_FIELDS = (
    "pk",
    "district_id",
    "neighbourhood_id",
    "category_id",
    "date",
    "start_time",
    "end_time",
    "repeats_weekly",
    "repeat_until",
    "recipient_id",
    "requester_id",
    "required_languages",
    "required_gender",
    "preferred_languages",
    "preferred_gender",
    "urgency",
)


def to_demand(need, for_date=None, required_trainings=None, preferred_trainings=None):
    if for_date is not None:
        when = engine.OneOff(for_date, need.start_time, need.end_time)
    elif need.repeats_weekly:
        when = engine.Weekly(
            need.date.weekday(), need.start_time, need.end_time, need.date, need.repeat_until
        )
    else:
        when = engine.OneOff(need.date, need.start_time, need.end_time)
    if required_trainings is None:
        required_trainings = need.required_trainings.values_list("pk", flat=True)
    if preferred_trainings is None:
        preferred_trainings = need.preferred_trainings.values_list("pk", flat=True)
    return engine.Demand(
        id=need.pk,
        district=need.district_id,
        neighbourhood=need.neighbourhood_id,
        activity=need.category_id,
        when=when,
        recipient=need.recipient_id or need.requester_id,
        required_languages=frozenset(need.required_languages or ()),
        required_gender=need.required_gender,
        required_trainings=frozenset(required_trainings),
        preferred_languages=frozenset(need.preferred_languages or ()),
        preferred_gender=need.preferred_gender,
        preferred_trainings=frozenset(preferred_trainings),
        urgency=need.urgency,
    )


def asked_before(need, for_date=None):
    return set(
        Proposal.objects.filter(need=need, for_date=for_date).values_list("volunteer_id", flat=True)
    )


def need_facts(need):
    """The trainings a need requires and prefers, and the districts next to its own (all of
    the adjacency its suggestions ask about), in one statement."""
    connection = connections[Need.objects.db]
    with connection.cursor() as cursor:
        cursor.execute(
            need_facts_query(connection.vendor), [need.pk, need.pk, *[need.district_id] * 2]
        )
        rows = cursor.fetchall()
    facts = {"required": set(), "preferred": set(), "adjacent": set()}
    for kind, pk in rows:
        facts[kind].add(pk)
    return facts["required"], facts["preferred"], frozenset(facts["adjacent"])


@functools.cache
def need_facts_query(vendor):
    names = functools.partial(table, connections[Need.objects.db])
    required = names(Need.required_trainings.through)
    preferred = names(Need.preferred_trainings.through)
    adjacent = names(SchoolDistrict.adjacent.through)
    return f"""
        SELECT 'required', training_id FROM {required} WHERE need_id = %s
        UNION ALL SELECT 'preferred', training_id FROM {preferred} WHERE need_id = %s
        UNION ALL SELECT 'adjacent', to_schooldistrict_id FROM {adjacent}
            WHERE from_schooldistrict_id = %s
        UNION ALL SELECT 'adjacent', from_schooldistrict_id FROM {adjacent}
            WHERE to_schooldistrict_id = %s
    """


def suggest(need, k=SUGGESTIONS_KEPT, for_date=None, today=None):
    """The engine's suggestions for one need, straight from the database (not stored)."""
    required, preferred, adjacent = need_facts(need)
    ctx = engine.Context(
        today=today or timezone.localdate(), adjacency={need.district_id: adjacent}
    )
    demand = to_demand(need, for_date, required, preferred)
    position, length = needed_units(demand.when.weekday, demand.when.start, demand.when.end)
    candidates = load_pool(need, ctx.today, position, length, required | preferred, for_date)
    result = engine.suggest(demand, candidates, ctx, k)
    if not candidates and result.empty_reason.code != "no_dates":
        # Say why: is it the district, the activity, or the time (the pool is only who may
        # be free then)?
        there = Volunteer.objects.filter(
            Q(goes_to=need.district_id) | Q(person__district_id=need.district_id),
            status=Volunteer.Status.ACTIVE,
        )
        if not there.exists():
            constraint = "district"
        elif not there.filter(activities=need.category_id).exists():
            constraint = "activity"
        else:
            constraint = "time"
        result.empty_reason = engine.empty_reason(demand, constraint, engine.dates_of(demand, ctx))
    return result


def reason_json(reason):
    return {"code": reason.code, "params": reason.kwargs, "points": reason.points}


def compute_suggestions(need, for_date=None):
    result = suggest(need, for_date=for_date)
    stored = NeedSuggestions(
        need=need,
        computed_at=timezone.now(),
        results=[
            {
                "volunteer": s.candidate_id,
                "score": s.score,
                "reasons": [reason_json(r) for r in s.reasons],
            }
            for s in result.suggestions
        ],
        empty_reason=reason_json(result.empty_reason) if result.empty_reason else None,
        funnel=result.funnel,
    )
    # One INSERT ... ON CONFLICT (an upsert on the need) rather than a locked read then a
    # write: the same row in the end, in one statement.
    NeedSuggestions.objects.bulk_create(
        [stored],
        update_conflicts=True,
        unique_fields=["need"],
        update_fields=["computed_at", "results", "empty_reason", "funnel"],
    )
    return stored


# The batch


def matchable_needs():
    return Need.objects.filter(state=Need.State.MATCHING)


def run_batch(run):
    """Compute the optimal plan for every need being matched, and store it on the run."""

    stage = run.set_stage
    run.start()
    ctx = context()
    needs = list(matchable_needs().only(*DEMAND_FIELDS).order_by("pk"))
    required = defaultdict(set)
    preferred = defaultdict(set)
    for n, t in Need.required_trainings.through.objects.filter(
        need__state=Need.State.MATCHING
    ).values_list("need_id", "training_id"):
        required[n].add(t)
    for n, t in Need.preferred_trainings.through.objects.filter(
        need__state=Need.State.MATCHING
    ).values_list("need_id", "training_id"):
        preferred[n].add(t)
    demands = [to_demand(n, None, required[n.pk], preferred[n.pk]) for n in needs]
    candidates = load_candidates(
        Volunteer.objects.filter(status=Volunteer.Status.ACTIVE), ctx.today
    )
    asked = defaultdict(set)
    for need_id, volunteer_id in Proposal.objects.filter(
        need__state=Need.State.MATCHING, for_date__isnull=True
    ).values_list("need_id", "volunteer_id"):
        asked[volunteer_id].add(need_id)
    for candidate in candidates:
        candidate.declined = frozenset(asked.get(candidate.id, ()))
    stage("candidates", 30)

    def progress(name):
        stage(name, {"candidates": 30, "solve": 70}.get(name, 50))

    result = engine.batch(demands, candidates, ctx, progress=progress)
    stage("store", 90)
    with transaction.atomic():
        BatchPlanItem.objects.filter(run=run).delete()
        store_plan(run, result.pairs)
        run.finish(
            needs_count=len(needs),
            volunteers_count=len(candidates),
            covered=result.covered,
            total_score=result.score,
        )
    run.refresh_from_db()
    return run


def store_plan(run, pairs):
    """The plan's items, one row per covered need: tens of thousands at city scale, written
    with one prepared INSERT rather than a model instance each."""
    connection = connections[BatchPlanItem.objects.db]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table(connection, BatchPlanItem)}"
            " (run_id, need_id, volunteer_id, score) VALUES (%s, %s, %s, %s)",
            [(run.pk, need_id, volunteer_id, score) for need_id, volunteer_id, score in pairs],
        )
