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

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, TextField, Value
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from kokoron.geography.models import SchoolDistrict

from . import engine
from .engine.week import needed_units, slots_from_json
from .models import (
    Assignment,
    BatchPlanItem,
    Need,
    NeedSuggestions,
    Proposal,
    Volunteer,
    VolunteerAbsence,
    VolunteerTraining,
)

logger = logging.getLogger(__name__)

SUGGESTIONS_KEPT = 10


# Models → engine


def adjacency():
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
    away = read_absences(today, {row[0] for row in rows})
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

    One query for the volunteers, one for their assignments that matter to this need, one
    for who was asked already, one for their `trainings` (the ones the need requires or
    prefers) when it has any and one for days away, each simple to build: the pool is found from the index on (district, volunteer) (migration 0015)
    and each one's activities by their own index, so its cost does not grow with the city.
    """
    district, activity = need.district_id, need.category_id
    does_it = Volunteer.activities.through.objects.filter(activity_id=activity)
    goes_there = Volunteer.goes_to.through.objects.filter(
        Exists(does_it.filter(volunteer_id=OuterRef("volunteer_id"))),
        schooldistrict_id=district,
    ).values("volunteer_id")
    lives_there = (
        Volunteer.objects.order_by()
        .filter(Exists(does_it.filter(volunteer_id=OuterRef("pk"))), person__district_id=district)
        .values("pk")
    )
    # The ids from indexes alone, before any volunteer's row is read.
    pool = Volunteer.objects.filter(
        pk__in=goes_there.union(lives_there), status=Volunteer.Status.ACTIVE
    )
    if length:
        # A mask never computed (rows written in bulk) does not exclude anyone.
        pool = pool.alias(free=Substr("free_mask", position, length)).filter(
            Q(free="1" * length) | Q(free_mask="")
        )
    rows = list(as_text(pool).order_by().values_list(*VOLUNTEER_FIELDS))
    ids = [row[0] for row in rows]
    # What this need asks about each of them, from their assignments: how many they hold
    # (load), how many of this activity went well (experience), whether they helped this
    # person before and it went well (familiar).
    helped = need.recipient_id or need.requester_id
    load, experience, familiar = defaultdict(int), defaultdict(int), set()
    ongoing, good = Assignment.Outcome.ONGOING, Assignment.Outcome.GOOD
    for v, outcome, for_date_of, category, recipient, requester in (
        Assignment.objects.filter(volunteer_id__in=ids)
        .filter(
            Q(outcome=ongoing, for_date__isnull=True)
            | Q(outcome=good, need__category_id=activity)
            | Q(outcome=good, need__recipient_id=helped)
            | Q(outcome=good, need__recipient__isnull=True, need__requester_id=helped)
        )
        .order_by()
        .values_list(
            "volunteer_id",
            "outcome",
            "for_date",
            "need__category_id",
            "need__recipient_id",
            "need__requester_id",
        )
    ):
        if outcome == ongoing and for_date_of is None:
            load[v] += 1
        elif outcome == good:
            experience[v] += category == activity
            if (recipient or requester) == helped:
                familiar.add(v)
    declined = asked_before(need, for_date)
    if for_date is not None:
        # The need's regular volunteers are not asked to cover one of its dates.
        declined |= set(
            Assignment.objects.filter(
                need=need, outcome=ongoing, for_date__isnull=True
            ).values_list("volunteer_id", flat=True)
        )
    volunteer_trainings = read_trainings(
        VolunteerTraining.objects.filter(training_id__in=trainings, volunteer_id__in=ids)
        if trainings and ids
        else VolunteerTraining.objects.none()
    )
    away = read_absences(today, set(ids))
    candidates = []
    for row in rows:
        pk = row[0]
        candidate = candidate_of(
            row,
            goes_to=(district,),
            activities=(activity,),
            away=away[pk],
            trainings=volunteer_trainings[pk],
            # A cover date is one visit: it does not count against the volunteer's capacity.
            load=0 if for_date is not None else load[pk],
            experience={activity: experience[pk]} if experience[pk] else {},
            familiar=(helped,) if pk in familiar else (),
        )
        if pk in declined:
            candidate.declined = frozenset({need.pk})
        candidates.append(candidate)
    return candidates


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
    away = defaultdict(list)
    for v, first, last in (
        # Days away still to come are few: read them all rather than join the volunteers.
        VolunteerAbsence.objects.filter(last_day__gte=today)
        .order_by()
        .values_list("volunteer_id", "first_day", "last_day")
    ):
        if v in ids:
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


def need_trainings(need):
    """The trainings a need requires and prefers, in one query."""
    required, preferred = set(), set()
    rows = (
        Need.required_trainings.through.objects.filter(need=need)
        .annotate(required=Value(True))
        .values_list("training_id", "required")
        .union(
            Need.preferred_trainings.through.objects.filter(need=need)
            .annotate(required=Value(False))
            .values_list("training_id", "required"),
            all=True,
        )
    )
    for training, is_required in rows:
        (required if is_required else preferred).add(training)
    return required, preferred


def suggest(need, k=SUGGESTIONS_KEPT, for_date=None, today=None):
    """The engine's suggestions for one need, straight from the database (not stored)."""
    ctx = context(today)
    required, preferred = need_trainings(need)
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
    needs = list(matchable_needs().order_by("pk"))
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
        BatchPlanItem.objects.bulk_create(
            [
                BatchPlanItem(run=run, need_id=need_id, volunteer_id=volunteer_id, score=score)
                for need_id, volunteer_id, score in result.pairs
            ],
            batch_size=2000,
        )
        run.finish(
            needs_count=len(needs),
            volunteers_count=len(candidates),
            covered=result.covered,
            total_score=result.score,
        )
    run.refresh_from_db()
    return run
