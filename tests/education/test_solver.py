"""The lecturer-assignment engine alone: no database, no Django."""

import datetime as dt
import random

from education.engine import (
    GUIDE,
    INTERPRETER,
    LECTURER,
    SUPPORTER,
    Calendar,
    Item,
    Option,
    Person,
    Problem,
    Programme,
    Request,
    batch,
    greedy,
)
from education.engine.check import violations

TODAY = dt.date(2027, 4, 12)  # a Monday
MAY_10, MAY_11, MAY_12 = dt.date(2027, 5, 10), dt.date(2027, 5, 11), dt.date(2027, 5, 12)
WHEELCHAIRS = Item(1, 10)
WHEELCHAIR_CLASS = Programme(1, frozenset(range(3, 10)), supporters=1, equipment={1: 5})
TALK = Programme(2, frozenset(range(1, 10)))
PROGRAMMES = {1: WHEELCHAIR_CLASS, 2: TALK}


def calendar(**kwargs):
    return Calendar(today=TODAY, lead_days=14, **kwargs)


def lecturer(id, **kwargs):
    return Person(id=id, kind=LECTURER, programmes=frozenset({1, 2}), **kwargs)


def supporter(id, **kwargs):
    return Person(id=id, kind=SUPPORTER, **kwargs)


def request(id, *dates, programme=1, classes=1, **kwargs):
    values = {"school": id, "district": 1, "grade": 4, "received": id}
    values.update(kwargs)
    return Request(
        id=id,
        programme=programme,
        classes=classes,
        options=tuple(Option(d) for d in dates),
        **values,
    )


def problem(requests, people, items=(WHEELCHAIRS,), **kwargs):
    return Problem(
        requests, PROGRAMMES, people, list(items), kwargs.pop("calendar", calendar()), **kwargs
    )


def solved(p):
    plan = batch(p)
    assert violations(p, plan.bookings) == {}
    return plan


def test_lead_time_weekends_and_holidays():
    cal = calendar(holidays=((dt.date(2027, 5, 3), dt.date(2027, 5, 5)),))
    assert cal.date_problem(TODAY) == "past"
    assert cal.date_problem(dt.date(2027, 4, 20)) == "too_soon"
    assert cal.date_problem(dt.date(2027, 5, 1)) == "weekend"
    assert cal.date_problem(dt.date(2027, 5, 4)) == "holiday"
    assert cal.date_problem(MAY_10) is None
    assert cal.earliest() == dt.date(2027, 4, 26)


def test_one_lecturer_is_never_booked_twice_on_a_day():
    p = problem([request(1, MAY_10, programme=2), request(2, MAY_10, programme=2)], [lecturer(1)])
    plan = solved(p)
    assert plan.fulfilled == 1
    assert list(plan.unfulfilled.values()) == ["lecturer_taken"]


def test_the_batch_moves_a_request_to_its_second_date_to_fit_both():
    # First come, first served gives request 1 its first date and leaves request 2 without.
    p = problem(
        [request(1, MAY_10, MAY_11, programme=2), request(2, MAY_10, programme=2)], [lecturer(1)]
    )
    assert greedy(p).fulfilled == 1
    plan = solved(p)
    assert plan.fulfilled == 2
    assert {(b.request, b.date) for b in plan.bookings} == {(1, MAY_11), (2, MAY_10)}


def test_equipment_counts_include_the_delivery_and_return_days():
    # 10 wheelchairs, 5 a class, out from the day before to the day after: classes on three
    # days in a row would have 15 out on the middle day, so only two can be.
    people = [lecturer(i) for i in range(1, 4)] + [supporter(i) for i in range(10, 13)]
    p = problem([request(1, MAY_10), request(2, MAY_11), request(3, MAY_12)], people)
    assert solved(p).fulfilled == 2
    # A week apart, the same wheelchairs serve all three.
    later = [MAY_10 + dt.timedelta(days=7 * n) for n in range(3)]
    p = problem([request(n + 1, day) for n, day in enumerate(later)], people)
    assert solved(p).fulfilled == 3
    # Two classes of one school need all ten on their day, and nothing else then.
    p = problem([request(1, MAY_10, classes=3)], people)
    assert solved(p).unfulfilled == {1: "no_equipment"}


def test_monthly_limits_and_classes_already_confirmed():
    people = [lecturer(1, monthly_max=2, month_load={(2027, 5): 1}), supporter(10)]
    p = problem([request(1, MAY_10, programme=2), request(2, MAY_11, programme=2)], people)
    assert solved(p).fulfilled == 1
    busy = [lecturer(1, busy=frozenset({MAY_10}))]
    assert solved(problem([request(1, MAY_10, programme=2)], busy)).fulfilled == 0


def test_a_lecturer_who_needs_an_escort_comes_only_with_one():
    blind = lecturer(1, needs_escort=GUIDE)
    interpreter = supporter(10, escorts=frozenset({INTERPRETER}))
    p = problem([request(1, MAY_10, programme=2)], [blind, interpreter])
    assert solved(p).unfulfilled == {1: "no_escort"}
    guide = supporter(11, escorts=frozenset({GUIDE}))
    plan = solved(problem([request(1, MAY_10, programme=2)], [blind, interpreter, guide]))
    assert plan.bookings[0].escort == 11
    assert plan.bookings[0].supporters == ()


def test_venue_access_travel_programme_and_grade():
    wheelchair_user = lecturer(1, needs_step_free=True)
    p = problem([request(1, MAY_10, programme=2, step_free=False)], [wheelchair_user])
    assert solved(p).unfulfilled == {1: "no_lecturer"}
    far = lecturer(2, districts=frozenset({5}))
    assert solved(problem([request(1, MAY_10, programme=2)], [far])).fulfilled == 0
    # Programme 1 is for the third grade and up.
    p = problem([request(1, MAY_10, grade=1)], [lecturer(3), supporter(10)])
    assert solved(p).unfulfilled == {1: "grade"}


def test_continuity_a_lecturer_the_school_rated_well_comes_again():
    people = [lecturer(1), lecturer(2)]
    plan = solved(problem([request(1, MAY_10, programme=2, ratings={2: 5.0})], people))
    assert plan.bookings[0].lecturer == 2


def test_fairness_spreads_classes_to_who_has_had_fewer():
    people = [lecturer(1, classes_this_year=18), lecturer(2, classes_this_year=0)]
    plan = solved(problem([request(1, MAY_10, programme=2)], people))
    assert plan.bookings[0].lecturer == 2


def test_random_spring_rushes_are_always_valid_and_never_worse_than_greedy():
    rng = random.Random(7)
    days = [TODAY + dt.timedelta(days=n) for n in range(20, 60)]
    days = [d for d in days if d.weekday() < 5]
    for _ in range(15):
        people = [
            lecturer(
                i,
                weekdays=frozenset(rng.sample(range(5), 3)),
                monthly_max=rng.randint(1, 3),
                needs_escort=rng.choice(["", "", GUIDE]),
                districts=frozenset(rng.sample(range(1, 5), 2)),
            )
            for i in range(1, 9)
        ] + [
            supporter(i, escorts=frozenset({GUIDE}) if rng.random() < 0.5 else frozenset())
            for i in range(20, 25)
        ]
        requests = [
            request(
                r,
                *rng.sample(days, 3),
                programme=rng.choice([1, 2]),
                district=rng.randint(1, 4),
                classes=rng.randint(1, 2),
            )
            for r in range(1, 31)
        ]
        p = problem(requests, people)
        plan = solved(p)
        assert violations(p, greedy(p).bookings) == {}
        assert plan.fulfilled >= greedy(p).fulfilled
        assert plan.fulfilled + len(plan.unfulfilled) == 30


def test_the_checker_finds_what_a_wrong_plan_breaks():
    from education.engine import Booking

    p = problem([request(1, MAY_10), request(2, MAY_10)], [lecturer(1), supporter(10)])
    wrong = [
        Booking(1, MAY_10, 0, 1, supporters=(10,), equipment=((1, 5),)),
        Booking(2, MAY_10, 0, 1, supporters=(10,), equipment=((1, 5),)),
        Booking(2, MAY_11, 0, 1, escort=10, equipment=((1, 5),)),
    ]
    found = violations(p, wrong)
    assert len(found["double_bookings"]) == 2  # the lecturer and the supporter on May 10
    assert found["equipment_overuse"]  # 15 wheelchairs out on May 10 and 11
    assert found["request"] == ["request 2 booked 2 times", "request 2 on a date not asked for"]
    assert found["escort"] and found["supporters"]
