"""The engine alone: no database, no Django."""

import datetime as dt

import numpy as np
import pytest

from kokoron.core import assignment
from matching.engine import (
    Candidate,
    Context,
    Demand,
    OneOff,
    Weekly,
    WeeklySlot,
    batch,
    failed_constraint,
    score,
    suggest,
)

TODAY = dt.date(2026, 5, 1)  # a Friday
SATURDAY = dt.date(2026, 5, 2)
SHOPPING, RUBBISH = 1, 2
GOKISO, SHIROGANE, YAGOTO = 10, 11, 12
ADJACENCY = {GOKISO: frozenset({SHIROGANE}), SHIROGANE: frozenset({GOKISO}), YAGOTO: frozenset()}


def context(**kwargs):
    return Context(today=TODAY, adjacency=ADJACENCY, **kwargs)


def t(text):
    return dt.time.fromisoformat(text)


def volunteer(id=1, **kwargs):
    values = {
        "district": GOKISO,
        "neighbourhood": 100,
        "goes_to": frozenset({GOKISO}),
        "activities": frozenset({SHOPPING}),
        "availability": (WeeklySlot(5, t("09:00"), t("17:00")),),
        "languages": frozenset({"ja"}),
        "capacity": 2,
    }
    values.update(kwargs)
    return Candidate(id=id, **values)


def need(id=1, **kwargs):
    values = {
        "district": GOKISO,
        "neighbourhood": 100,
        "activity": SHOPPING,
        "when": OneOff(SATURDAY, t("10:00"), t("12:00")),
    }
    values.update(kwargs)
    return Demand(id=id, **values)


def fails(demand, candidate, **kwargs):
    ctx = context(**kwargs)
    dates = demand.when.occurrences(ctx.today, ctx.horizon_weeks)
    return failed_constraint(demand, candidate, ctx, dates)


# Hard constraints


def test_a_volunteer_who_fits_passes_every_constraint():
    assert fails(need(), volunteer()) is None


@pytest.mark.parametrize(
    ("candidate", "demand", "constraint"),
    [
        (volunteer(active=False), need(), "active"),
        (volunteer(capacity=1, load=1), need(), "capacity"),
        (volunteer(goes_to=frozenset({YAGOTO}), district=YAGOTO), need(), "district"),
        (volunteer(activities=frozenset({RUBBISH})), need(), "activity"),
        (volunteer(declined=frozenset({1})), need(), "declined"),
        (volunteer(availability=(WeeklySlot(5, t("11:00"), t("17:00")),)), need(), "time"),
        (volunteer(availability=(WeeklySlot(6, t("09:00"), t("17:00")),)), need(), "time"),
        (volunteer(away=((dt.date(2026, 5, 1), dt.date(2026, 5, 3)),)), need(), "away"),
        (volunteer(), need(required_languages=frozenset({"vi"})), "language"),
        (volunteer(gender="m"), need(required_gender="f"), "gender"),
        (volunteer(), need(required_trainings=frozenset({7})), "training"),
        (
            volunteer(trainings={7: dt.date(2026, 5, 1)}),
            need(required_trainings=frozenset({7})),
            "training",
        ),
    ],
)
def test_each_hard_constraint_excludes(candidate, demand, constraint):
    assert fails(demand, candidate) == constraint


def test_home_district_counts_as_a_district_they_go_to():
    assert fails(need(), volunteer(goes_to=frozenset())) is None


def test_unexpired_and_lifelong_training_pass():
    demand = need(required_trainings=frozenset({7}))
    assert fails(demand, volunteer(trainings={7: dt.date(2026, 5, 2)})) is None
    assert fails(demand, volunteer(trainings={7: None})) is None


def test_weekly_need_checks_every_date_in_the_horizon_against_days_away():
    weekly = need(when=Weekly(5, t("10:00"), t("12:00"), first=TODAY))
    away_in_third_week = volunteer(away=((dt.date(2026, 5, 16), dt.date(2026, 5, 16)),))
    assert fails(weekly, away_in_third_week) == "away"
    assert fails(weekly, away_in_third_week, horizon_weeks=2) is None
    ended = need(when=Weekly(5, t("10:00"), t("12:00"), first=TODAY, until=dt.date(2026, 5, 9)))
    assert fails(ended, away_in_third_week) is None


def test_training_must_last_until_the_last_date_of_a_recurrence():
    weekly = need(
        when=Weekly(5, t("10:00"), t("12:00"), first=TODAY),
        required_trainings=frozenset({7}),
    )
    assert fails(weekly, volunteer(trainings={7: dt.date(2026, 5, 10)})) == "training"
    assert fails(weekly, volunteer(trainings={7: dt.date(2026, 5, 30)})) is None


def test_aware_times_are_read_in_tokyo():
    # 01:00 UTC on Saturday is 10:00 on Saturday in Tokyo.
    utc = dt.UTC
    when = OneOff.from_datetimes(
        dt.datetime(2026, 5, 2, 1, 0, tzinfo=utc), dt.datetime(2026, 5, 2, 3, 0, tzinfo=utc)
    )
    assert when == OneOff(SATURDAY, t("10:00"), t("12:00"))
    assert fails(need(when=when), volunteer()) is None


# Soft score


def codes(demand, candidate, **kwargs):
    points, reasons = score(demand, candidate, context(**kwargs))
    assert points == sum(reason.points for reason in reasons)
    return {reason.code: reason for reason in reasons}


def test_nearness_neighbourhood_beats_district_beats_adjacent():
    same_town = codes(need(), volunteer())
    same_district = codes(need(), volunteer(neighbourhood=101))
    adjacent = codes(need(), volunteer(neighbourhood=200, district=SHIROGANE))
    far = codes(need(), volunteer(neighbourhood=300, district=YAGOTO))
    assert "same_neighbourhood" in same_town
    assert "same_district" in same_district and "same_neighbourhood" not in same_district
    assert adjacent["adjacent_district"].kwargs == {"district": SHIROGANE}
    assert not {"same_neighbourhood", "same_district", "adjacent_district"} & set(far)
    assert (
        same_town["same_neighbourhood"].points
        > same_district["same_district"].points
        > adjacent["adjacent_district"].points
    )


def test_experience_in_the_activity_scores_and_is_capped():
    some = codes(need(), volunteer(experience={SHOPPING: 2, RUBBISH: 9}))
    lots = codes(need(), volunteer(experience={SHOPPING: 50}))
    assert some["experience"].kwargs == {"activity": SHOPPING, "count": 2}
    assert some["experience"].points < lots["experience"].points == 20
    assert "experience" not in codes(need(), volunteer(experience={RUBBISH: 9}))


def test_continuity_with_someone_helped_before():
    assert "familiar" in codes(need(recipient=55), volunteer(familiar=frozenset({55})))
    assert "familiar" not in codes(need(recipient=56), volunteer(familiar=frozenset({55})))


def test_fairness_favours_light_load_and_long_wait():
    idle = codes(need(), volunteer(capacity=2, load=0))
    busy = codes(need(), volunteer(capacity=2, load=1))
    assert idle["light_load"].points > busy["light_load"].points
    waited = codes(need(), volunteer(waiting_since=TODAY - dt.timedelta(days=60)))
    recent = codes(need(), volunteer(waiting_since=TODAY - dt.timedelta(days=3)))
    assert waited["waiting"].kwargs == {"days": 60}
    assert "waiting" not in recent


def test_preferred_conditions_add_points():
    demand = need(
        preferred_languages=frozenset({"en"}),
        preferred_gender="f",
        preferred_trainings=frozenset({7}),
    )
    matching = codes(
        demand, volunteer(languages=frozenset({"ja", "en"}), gender="f", trainings={7: None})
    )
    assert {"preferred_language", "preferred_gender", "preferred_training"} <= set(matching)
    assert not {"preferred_language", "preferred_gender", "preferred_training"} & set(
        codes(demand, volunteer(gender="m", trainings={7: dt.date(2026, 4, 1)}))
    )


# Suggestions


def test_suggest_returns_the_best_k_in_order_with_reasons():
    people = [
        volunteer(1, neighbourhood=999),
        volunteer(2),
        volunteer(3, active=False),
        volunteer(4, experience={SHOPPING: 3}),
    ]
    result = suggest(need(), people, context(), k=2)
    assert [s.candidate_id for s in result.suggestions] == [4, 2]
    assert result.suggestions[0].score > result.suggestions[1].score
    assert result.empty_reason is None
    assert dict(result.funnel)["active"] == 3


def test_an_empty_list_says_why():
    weekdays_only = [
        volunteer(i, availability=(WeeklySlot(day, t("09:00"), t("17:00")),))
        for i, day in enumerate(range(5))
    ]
    sunday = need(when=OneOff(dt.date(2026, 5, 3), t("10:00"), t("12:00")))
    result = suggest(sunday, weekdays_only, context())
    assert result.suggestions == []
    assert result.empty_reason.code == "nobody_available"
    assert result.empty_reason.kwargs["weekday"] == 6
    assert result.empty_reason.kwargs["district"] == GOKISO
    nobody_goes = suggest(need(district=YAGOTO), [volunteer()], context())
    assert nobody_goes.empty_reason.code == "nobody_district"
    assert suggest(need(), [], context()).empty_reason.code == "nobody_registered"


# Batch


def test_greedy_covers_fewer_needs_than_the_optimum():
    # Volunteer A fits both needs and scores best on the first; B fits only the first.
    # Greedy gives need 0 to A and leaves need 1 with nobody; the optimum helps both.
    people = [
        volunteer(1, capacity=1, experience={SHOPPING: 5}),
        volunteer(2, capacity=1, neighbourhood=999),
    ]
    people[1].activities = frozenset({SHOPPING})
    first = need(1)
    second = need(2, district=SHIROGANE, neighbourhood=200)
    people[0].goes_to = frozenset({GOKISO, SHIROGANE})
    result = batch([first, second], people, context())
    assert result.covered == 2
    assert {(p[0], p[1]) for p in result.pairs} == {(1, 2), (2, 1)}
    d = np.array([0, 0, 1])
    c = np.array([0, 1, 0])
    s = np.array([50, 10, 40])
    greedy = assignment.greedy(2, [1, 1], d, c, s)
    optimal = assignment.solve(2, [1, 1], d, c, s)
    assert greedy.covered == 1 and optimal.covered == 2
    assert optimal.score == 50


def test_batch_respects_capacity_left_and_reports_pairs_by_id():
    people = [volunteer(7, capacity=2, load=1), volunteer(8, capacity=1)]
    needs = [need(i) for i in range(1, 5)]
    result = batch(needs, people, context())
    assert result.covered == 2
    assert sorted(p[1] for p in result.pairs) == [7, 8]
    assert result.score == sum(p[2] for p in result.pairs)
