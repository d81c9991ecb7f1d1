"""The lecturer-assignment engine alone: no database, no Django."""

import datetime as dt
import random

from education.engine import (
    GUIDE,
    INTERPRETER,
    LECTURER,
    SUPPORTER,
    Booking,
    Calendar,
    Item,
    Option,
    Part,
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
# Blindfold experience: 4th grade and up, one supporter, 4 wheelchairs' worth of shared stock.
BLINDFOLD = Programme(3, frozenset(range(4, 10)), supporters=1, equipment={1: 4})
PROGRAMMES = {1: WHEELCHAIR_CLASS, 2: TALK, 3: BLINDFOLD}


def calendar(**kwargs):
    return Calendar(today=TODAY, lead_days=14, **kwargs)


def lecturer(id, **kwargs):
    kwargs.setdefault("programmes", frozenset({1, 2}))
    return Person(id=id, kind=LECTURER, **kwargs)


def supporter(id, **kwargs):
    return Person(id=id, kind=SUPPORTER, **kwargs)


def request(id, *dates, programme=1, programmes=None, classes=1, **kwargs):
    values = {"school": id, "district": 1, "grade": 4, "received": id}
    values.update(kwargs)
    return Request(
        id=id,
        programmes=tuple(programmes or (programme,)),
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
    assert plan.bookings[0].parts[0].escort == 11
    assert plan.bookings[0].parts[0].supporters == ()


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
    p = problem([request(1, MAY_10), request(2, MAY_10)], [lecturer(1), supporter(10)])
    wrong = [
        Booking(1, MAY_10, 0, (Part(1, 1, supporters=(10,)),), equipment=((1, 5),)),
        Booking(2, MAY_10, 0, (Part(1, 1, supporters=(10,)),), equipment=((1, 5),)),
        Booking(2, MAY_11, 0, (Part(1, 1, escort=10),), equipment=((1, 5),)),
    ]
    found = violations(p, wrong)
    assert len(found["double_bookings"]) == 2  # the lecturer and the supporter on May 10
    assert found["equipment_overuse"]  # 15 wheelchairs out on May 10 and 11
    assert found["request"] == ["request 2 booked 2 times", "request 2 on a date not asked for"]
    assert found["escort"] and found["supporters"]


# Requests for several programmes: one visit, a lecturer and helpers per programme.


def test_a_visit_for_two_programmes_books_a_lecturer_for_each_and_sums_the_equipment():
    talker = lecturer(1, programmes=frozenset({2}))
    wheelchair = lecturer(2, programmes=frozenset({1}))
    p = problem(
        [request(1, MAY_10, programmes=(2, 1))],
        [talker, wheelchair, supporter(10)],
        items=(Item(1, 10),),
    )
    plan = solved(p)
    (booking,) = plan.bookings
    assert [(part.programme, part.lecturer) for part in booking.parts] == [(2, 1), (1, 2)]
    assert booking.parts[1].supporters == (10,)
    assert booking.equipment == ((1, 5),)
    # With the blindfold experience too (4 a class): 9 wheelchairs' worth for one visit.
    blind = lecturer(3, programmes=frozenset({3}))
    p = problem(
        [request(1, MAY_10, programmes=(2, 1, 3))],
        [talker, wheelchair, blind, supporter(10), supporter(11)],
    )
    (booking,) = solved(p).bookings
    assert booking.equipment == ((1, 9),)
    assert len(set(booking.people)) == len(booking.people) == 5
    # Two classes of it would need 18 of the 10: never lent.
    p = problem(
        [request(1, MAY_10, programmes=(2, 1, 3), classes=2)],
        [talker, wheelchair, blind, supporter(10), supporter(11)],
    )
    assert solved(p).unfulfilled == {1: "no_equipment"}


def test_one_person_never_takes_two_programmes_of_a_visit():
    # The only lecturer can teach both programmes, but not both in one visit.
    p = problem([request(1, MAY_10, programmes=(2, 1))], [lecturer(1), supporter(10)])
    plan = solved(p)
    assert plan.fulfilled == 0 and greedy(p).fulfilled == 0
    # One supporter is not enough for two programmes that need one each.
    people = [lecturer(1), lecturer(2, programmes=frozenset({3})), supporter(10)]
    p = problem([request(1, MAY_10, programmes=(1, 3))], people)
    assert solved(p).unfulfilled == {1: "no_supporters"}
    plan = solved(problem([request(1, MAY_10, programmes=(1, 3))], [*people, supporter(11)]))
    (booking,) = plan.bookings
    assert {booking.parts[0].supporters, booking.parts[1].supporters} == {(10,), (11,)}


def test_a_visit_is_fulfilled_only_when_every_programme_is_arranged():
    # Nobody teaches programme 3 on the date: the whole request waits, nothing half-booked.
    people = [lecturer(1), supporter(10), supporter(11)]
    p = problem([request(1, MAY_10, programmes=(2, 3))], people)
    plan = solved(p)
    assert plan.unfulfilled == {1: "no_lecturer"}
    assert plan.bookings == []


def test_the_grade_is_checked_for_every_programme():
    # The talk is for every grade, the blindfold experience from the fourth.
    people = [lecturer(1), lecturer(2, programmes=frozenset({3})), supporter(10)]
    p = problem([request(1, MAY_10, programmes=(2, 3), grade=3)], people)
    assert solved(p).unfulfilled == {1: "grade"}
    assert greedy(p).unfulfilled == {1: "grade"}


def test_other_programmes_do_not_take_the_lecturer_the_solver_gave_another_request():
    # Lecturer 1 teaches only the talk: request 1 needs them for its talk on May 10. Lecturer
    # 2 teaches both: request 2 (wheelchair first, then the talk) must leave 1 to request 1.
    people = [
        lecturer(1, programmes=frozenset({2})),
        lecturer(2),
        lecturer(3, programmes=frozenset({1})),
        supporter(10),
    ]
    p = problem(
        [request(1, MAY_10, programme=2), request(2, MAY_10, programmes=(1, 2))],
        people,
    )
    plan = solved(p)
    assert plan.fulfilled == 2
    visits = {b.request: b for b in plan.bookings}
    assert visits[1].lecturer == 1
    assert {part.lecturer for part in visits[2].parts} == {2, 3}


def test_random_rushes_with_several_programmes_stay_valid():
    rng = random.Random(11)
    days = [TODAY + dt.timedelta(days=n) for n in range(20, 50)]
    days = [d for d in days if d.weekday() < 5]
    for _ in range(10):
        people = [
            lecturer(
                i,
                programmes=frozenset(rng.sample([1, 2, 3], rng.randint(1, 2))),
                weekdays=frozenset(rng.sample(range(5), 3)),
                monthly_max=rng.randint(1, 3),
                needs_escort=rng.choice(["", "", GUIDE]),
            )
            for i in range(1, 10)
        ] + [
            supporter(i, escorts=frozenset({GUIDE}) if rng.random() < 0.5 else frozenset())
            for i in range(20, 26)
        ]
        requests = [
            request(
                r,
                *rng.sample(days, 3),
                programmes=tuple(rng.sample([1, 2, 3], rng.choice([1, 1, 2, 3]))),
                grade=rng.randint(4, 9),
            )
            for r in range(1, 26)
        ]
        p = problem(requests, people)
        plan = solved(p)
        assert violations(p, greedy(p).bookings) == {}
        assert plan.fulfilled >= greedy(p).fulfilled
        for booking in plan.bookings:
            asked = next(r for r in requests if r.id == booking.request).programmes
            assert tuple(part.programme for part in booking.parts) == asked


def test_the_checker_finds_a_person_in_two_parts_and_a_missing_programme():
    p = problem([request(1, MAY_10, programmes=(2, 1))], [lecturer(1), lecturer(2), supporter(10)])
    twice = [
        Booking(1, MAY_10, 0, (Part(2, 1), Part(1, 1, supporters=(10,))), ((1, 5),)),
    ]
    assert violations(p, twice)["double_bookings"] == ["person 1 has 2 classes on 2027-05-10"]
    half = [Booking(1, MAY_10, 0, (Part(2, 1),), ())]
    found = violations(p, half)
    assert found["request"] == ["request 1: programmes not as asked"]
    assert found["equipment_overuse"] == ["request 1: wrong equipment"]
