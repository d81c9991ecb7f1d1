"""The pool a single need's suggestions are drawn from is a shortcut: the volunteers who go to
its district or live there, do its activity and may be free then, each with only the facts
this need asks about. Whatever the shortcut reads, the suggestions must be exactly those the
engine gives over every active volunteer with all their facts (what the batch reads)."""

import datetime as dt
import random

import pytest

from kokoron.geography.factories import NeighbourhoodFactory
from matching import engine, suggestions
from matching.factories import (
    AssignmentFactory,
    ProposalFactory,
    VolunteerAbsenceFactory,
    VolunteerTrainingFactory,
)
from matching.models import Assignment, Gender, Need, Volunteer

SLOTS = [("09:00", "12:00"), ("10:00", "16:00"), ("13:00", "17:00"), ("17:00", "20:00")]
NEED_TIMES = [
    (dt.time(9, 30), dt.time(11)),
    (dt.time(10), dt.time(11, 30)),
    (dt.time(14), dt.time(16)),
]


def random_world(world, rng):
    # Some live next door (Shirogane, adjacent to Gokiso) and go to Gokiso.
    next_door = NeighbourhoodFactory(district=world.shirogane, name="白金町一丁目")
    towns = [world.town, world.town2, world.far_town, next_door]
    activities = list(world.activities.values())[:3]
    trainings = list(world.trainings.values())[:2]
    volunteers = []
    for _ in range(45):
        town = rng.choice(towns)
        volunteer = world.volunteer(
            town=town,
            activities=rng.sample(activities, rng.randint(1, 2)),
            goes_to=rng.sample([world.gokiso, world.shirogane, world.yagoto], rng.randint(0, 2)),
            availability=[
                {"weekday": day, "start": start, "end": end}
                for day in rng.sample(range(7), rng.randint(1, 4))
                for start, end in [rng.choice(SLOTS)]
            ],
            languages=rng.sample(["ja", "en", "vi", "zh-hans"], rng.randint(1, 2)),
            gender=rng.choice(Gender.values),
            max_needs=rng.randint(1, 3),
            status=rng.choice([Volunteer.Status.ACTIVE] * 4 + [Volunteer.Status.PAUSED]),
        )
        if rng.random() < 0.2:
            # Written in bulk, without its mask: only the engine decides.
            Volunteer.objects.filter(pk=volunteer.pk).update(free_mask="")
        for training in rng.sample(trainings, rng.randint(0, 2)):
            expires = rng.choice([None, world.today + dt.timedelta(days=rng.randint(-10, 60))])
            VolunteerTrainingFactory(volunteer=volunteer, training=training, expires_on=expires)
        if rng.random() < 0.25:
            first = world.today + dt.timedelta(days=rng.randint(-5, 20))
            VolunteerAbsenceFactory(
                volunteer=volunteer,
                first_day=first,
                last_day=first + dt.timedelta(rng.randint(0, 9)),
            )
        volunteers.append(volunteer)
    needs = []
    for _ in range(14):
        town = rng.choice(towns)
        start, end = rng.choice(NEED_TIMES)
        need = world.need(
            town=town,
            category=rng.choice(activities),
            date=world.today + dt.timedelta(days=rng.randint(1, 12)),
            start_time=start,
            end_time=end,
            repeats_weekly=rng.random() < 0.3,
            required_languages=rng.choice([[], [], ["en"]]),
            preferred_languages=rng.choice([[], ["vi"]]),
            required_gender=rng.choice(["", "", "", "f"]),
            preferred_gender=rng.choice(["", "m"]),
            urgency=rng.randint(1, 3),
        )
        if rng.random() < 0.3:
            need.required_trainings.add(rng.choice(trainings))
        if rng.random() < 0.3:
            need.preferred_trainings.add(rng.choice(trainings))
        needs.append(need)
    # History: what went well (experience, someone helped before), what is ongoing (load),
    # and who was asked already.
    for _ in range(40):
        AssignmentFactory(
            need=rng.choice(needs),
            volunteer=rng.choice(volunteers),
            outcome=rng.choice(Assignment.Outcome.values),
            for_date=rng.choice([None, None, None, world.today + dt.timedelta(days=3)]),
        )
    for need in needs:
        for volunteer in rng.sample(volunteers, rng.randint(0, 3)):
            ProposalFactory(need=need, volunteer=volunteer)
        if need.repeats_weekly:
            covered = need.date + dt.timedelta(days=7)
            for volunteer in rng.sample(volunteers, 2):
                ProposalFactory(need=need, volunteer=volunteer, for_date=covered)
    return needs


def suggested_over_everyone(need, ctx, k, for_date=None):
    required, preferred, _adjacent = suggestions.need_facts(need)
    demand = suggestions.to_demand(need, for_date, required, preferred)
    candidates = suggestions.load_candidates(
        Volunteer.objects.filter(status=Volunteer.Status.ACTIVE), ctx.today
    )
    declined = suggestions.asked_before(need, for_date)
    if for_date is not None:
        # Covering one date: its regulars are not asked, and one visit takes no capacity.
        declined |= set(
            need.assignments.filter(
                outcome=Assignment.Outcome.ONGOING, for_date__isnull=True
            ).values_list("volunteer_id", flat=True)
        )
        for candidate in candidates:
            candidate.load = 0
    for candidate in candidates:
        candidate.declined = frozenset({need.pk}) if candidate.id in declined else frozenset()
    return engine.suggest(demand, candidates, ctx, k)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_pool_suggests_exactly_what_the_engine_finds_among_everyone(world, seed):
    needs = random_world(world, random.Random(seed))
    ctx = suggestions.context(world.today)
    compared = 0
    for need in needs:
        # The need itself, and one date of it covered by someone else.
        covered = [need.date + dt.timedelta(days=7)] if need.repeats_weekly else []
        for for_date in covered:
            # Two who would cover the date become its regulars: then they are not asked.
            for suggestion in suggestions.suggest(need, for_date=for_date).suggestions[:2]:
                AssignmentFactory(need=need, volunteer_id=suggestion.candidate_id)
        for for_date in [None, *covered]:
            from_pool = suggestions.suggest(need, k=50, for_date=for_date, today=world.today)
            everyone = suggested_over_everyone(need, ctx, 50, for_date)
            assert [(s.candidate_id, s.score, s.reasons) for s in from_pool.suggestions] == [
                (s.candidate_id, s.score, s.reasons) for s in everyone.suggestions
            ], (need, for_date)
            compared += len(everyone.suggestions)
    # The worlds are not all empty: the comparison saw real suggestions.
    assert compared > 10


def test_the_batch_reads_every_field_a_demand_needs_and_no_more(world, django_assert_num_queries):
    """run_batch loads the needs with only DEMAND_FIELDS: a field to_demand reads beyond them
    would be fetched again, one query per need."""
    need = world.need(repeats_weekly=True, required_languages=["en"], urgency=3)
    loaded = Need.objects.only(*suggestions.DEMAND_FIELDS).get(pk=need.pk)
    with django_assert_num_queries(0):
        demand = suggestions.to_demand(loaded, None, set(), set())
    assert demand == suggestions.to_demand(need, None, set(), set())
