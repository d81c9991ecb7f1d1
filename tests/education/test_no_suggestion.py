"""When nothing can be suggested for a class request, the coordinator is told why: what rules
out each date, and each lecturer on a date that is possible (issue 16), as matching does for
needs (an empty reason and a funnel)."""

import datetime as dt

from django.urls import reverse

import pytest

from education import services
from education.engine import (
    GUIDE,
    SUPPORTER,
    Calendar,
    Item,
    Option,
    Person,
    Problem,
    Programme,
    Request,
    batch,
    explain,
)
from education.models import ClassRequest

from .conftest import school_day

TODAY = dt.date(2027, 4, 12)  # a Monday
MAY_10, MAY_11 = dt.date(2027, 5, 10), dt.date(2027, 5, 11)  # a Monday, a Tuesday
WHEELCHAIRS = Item(1, 10)
WHEELCHAIR_CLASS = Programme(1, supporters=1, equipment={1: 5})
TALK = Programme(2)
SIGN_LANGUAGE = Programme(3)


def problem(request, people, **kwargs):
    return Problem(
        [request],
        {1: WHEELCHAIR_CLASS, 2: TALK, 3: SIGN_LANGUAGE},
        people,
        [WHEELCHAIRS],
        Calendar(today=TODAY, lead_days=14),
        **kwargs,
    )


def request(*dates, programmes=(2,), classes=1, **kwargs):
    values = {"school": 1, "district": 1, "grade": 4}
    values.update(kwargs)
    return Request(
        1, programmes=programmes, classes=classes, options=tuple(Option(d) for d in dates), **values
    )


def codes(verdict):
    return {person: (reason.code if reason else None) for person, reason in verdict.lecturers}


def test_each_lecturer_is_out_at_the_first_rule_they_fail():
    people = [
        Person(1, programmes=frozenset({2}), busy=frozenset({MAY_10})),
        Person(2, programmes=frozenset({2}), weekdays=frozenset({2, 3})),
        Person(3, programmes=frozenset({2}), away=((MAY_10, MAY_11),)),
        Person(4, programmes=frozenset({2}), districts=frozenset({9})),
        Person(5, programmes=frozenset({2}), needs_step_free=True),
        Person(6, programmes=frozenset({2}), monthly_max=2, month_load={(2027, 5): 2}),
        Person(7, programmes=frozenset({2}), needs_escort=GUIDE),
        Person(8, programmes=frozenset({1})),  # teaches something else: not a candidate
        Person(9, kind=SUPPORTER, escorts=frozenset({GUIDE}), busy=frozenset({MAY_10})),
    ]
    p = problem(request(MAY_10, dt.date(2027, 5, 15), step_free=False), people)
    assert batch(p).bookings == []
    why = explain(p)
    assert why.reason is None
    on_the_10th, saturday = why.dates
    assert codes(on_the_10th) == {
        1: "booked",
        2: "weekday",
        3: "away",
        4: "district",
        5: "step_free",
        6: "monthly_limit",
        7: "escort",
    }
    weekday = dict(on_the_10th.lecturers)[2]
    assert weekday.kwargs == {"weekday": 0}
    assert dict(on_the_10th.lecturers)[6].kwargs == {"limit": 2}
    assert dict(on_the_10th.lecturers)[7].kwargs == {"escort": GUIDE}
    # A Saturday is out as a whole, before anyone is looked at.
    assert [r.code for r in saturday.reasons] == ["weekend"] and saturday.lecturers == []
    # The funnel counts the (date, lecturer) candidates left after each rule.
    funnel = dict(why.funnel)
    assert funnel["day"] == 7 and funnel["step_free"] == 6 and funnel["escort"] == 0
    assert why.empty_reason.code == "nobody_escort"


def test_equipment_lent_for_other_classes_rules_the_date_out():
    lecturer = Person(1, programmes=frozenset({1}))
    helper = Person(2, kind=SUPPORTER)
    # Two classes take 10 wheelchairs; 6 are out on the 10th for a class on the 11th.
    p = problem(
        request(MAY_10, MAY_11, programmes=(1,), classes=2),
        [lecturer, helper],
        equipment_out={(1, MAY_10): 6, (1, MAY_11): 6, (1, dt.date(2027, 5, 12)): 6},
    )
    assert batch(p).bookings == []
    why = explain(p)
    for verdict in why.dates:
        (reason,) = verdict.reasons
        assert reason.code == "equipment"
        assert reason.kwargs == {"item": 1, "needed": 10, "free": 4}
        assert verdict.lecturers == []
    assert why.empty_reason.code == "nobody_equipment"


def test_supporters_and_the_visits_other_programme_are_named():
    lecturer = Person(1, programmes=frozenset({1, 2}))
    # The wheelchair class needs a supporter; the only one is booked.
    busy_helper = Person(2, kind=SUPPORTER, busy=frozenset({MAY_10}))
    why = explain(problem(request(MAY_10, programmes=(1,)), [lecturer, busy_helper]))
    (reason,) = [reason for _person, reason in why.dates[0].lecturers]
    assert reason.code == "supporters" and reason.kwargs == {"needed": 1, "free": 0}
    # A talk and sign language in one visit: nobody teaches sign language.
    why = explain(problem(request(MAY_10, programmes=(2, 3)), [lecturer]))
    (reason,) = [reason for _person, reason in why.dates[0].lecturers]
    assert reason.code == "other_programme"
    assert reason.kwargs == {"programme": 3, "why": "no_lecturer"}
    assert why.empty_reason.code == "nobody_other_programme"


def test_nobody_teaching_the_programme_or_the_wrong_grade_is_said_once():
    why = explain(problem(request(MAY_10), [Person(1, programmes=frozenset({1}))]))
    assert why.reason.code == "nobody_teaches" and why.reason.kwargs == {"programme": 2}
    assert why.dates == []
    young = explain(problem(request(MAY_10, programmes=(1,), grade=12), [Person(1)]))
    assert young.reason.code == "grade"


def test_a_possible_candidate_is_not_explained_away():
    why = explain(problem(request(MAY_10), [Person(1, programmes=frozenset({2}))]))
    assert codes(why.dates[0]) == {1: None}
    assert dict(why.funnel)["other_programme"] == 1 and why.empty_reason is None


def class_request(world, programme, day, classes=1, n=0):
    request = ClassRequest.objects.create(
        school=world.school,
        teacher_name=f"先生{n}",
        teacher_email=f"t{n}@example.jp",
        grade=4,
        classes=classes,
        pupils=30 * classes,
    )
    request.programme_rows.create(programme=programme, rank=1)
    request.dates.create(rank=1, date=day, first_period=3, last_period=4)
    return request


@pytest.mark.django_db
def test_the_coordinator_sees_why_booked_people_and_lent_equipment_leave_no_option(
    coordinator, world
):
    """Aoki, both supporters and 5 of the 20 wheelchairs go to a wheelchair class on a day;
    then a talk and a four-class wheelchair experience are asked for the same day."""
    day = school_day(70)
    first = class_request(world, world.wheelchair, day)
    plans, _hopeless = services.suggest(first)
    booking = services.propose(first, plans[0])
    assert {b.lecturer for b in booking.people.all()} == {world.lecturer, *world.supporters}

    # The talk: Aoki is booked; Ishida needs a guide and the supporter who guides is booked.
    talk = class_request(world, world.talk, day, n=1)
    plans, hopeless, why = services.suggest_explained(talk)
    assert plans == [] and hopeless is None
    assert codes(why.dates[0]) == {world.lecturer.pk: "booked", world.blind.pk: "escort"}
    page = coordinator.get(reverse("education_board:request", args=[talk.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "候補がない理由" in html
    assert f"{world.lecturer}</a>: その日はほかの授業が入っています。" in html
    assert (
        f"{world.blind}</a>: ガイドヘルパーが必要ですが、その日に都合のつく人がいません。" in html
    )
    assert "来られる講師に同行できるガイドヘルパー・手話通訳者の都合がつきません。" in html

    # Four classes take all 20 wheelchairs; 5 are lent from the day before to the day after.
    wheelchairs = class_request(world, world.wheelchair, day, classes=4, n=2)
    plans, hopeless, why = services.suggest_explained(wheelchairs)
    assert plans == []
    (reason,) = why.dates[0].reasons
    assert reason.kwargs == {"item": world.wheelchairs.pk, "needed": 20, "free": 15}
    html = coordinator.get(
        reverse("education_board:request", args=[wheelchairs.pk])
    ).content.decode()
    assert "車いす:20必要ですが、搬入から返却までに空いているのは15だけです" in html
    # The other day is free again: the same request there has its suggestions.
    wheelchairs.dates.update(date=school_day(75))
    plans, _hopeless, why = services.suggest_explained(wheelchairs)
    assert plans and why is None
    assert (
        "候補がない理由"
        not in coordinator.get(
            reverse("education_board:request", args=[wheelchairs.pk])
        ).content.decode()
    )
