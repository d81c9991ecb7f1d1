"""Japan's national holidays are days without school: the calendar, the request form, the
suggestions, the batch and the independent check all know them (issue 16). The spring rush
had booked classes on 2027-02-11 (建国記念の日) and 2027-02-23 (天皇誕生日)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

import pytest

from education import engine, services
from education.engine import (
    LECTURER,
    Booking,
    Calendar,
    Option,
    Part,
    Person,
    Problem,
    Programme,
    Request,
    batch,
    candidates,
    greedy,
    national_holiday,
)
from education.engine.check import violations
from education.models import BatchRun, ClassRequest
from education.reasons import holiday_name

from .conftest import school_day
from .test_views import form_data

FOUNDATION_DAY = dt.date(2027, 2, 11)  # a Thursday
EMPERORS_BIRTHDAY = dt.date(2027, 2, 23)  # a Tuesday
TODAY = dt.date(2026, 11, 30)
TALK = Programme(1)


def calendar(**kwargs):
    return Calendar(today=TODAY, lead_days=60, **kwargs)


def spring_rush():
    """Two requests whose first choices are the holidays of February 2027, one lecturer."""
    requests = [
        Request(1, school=1, district=1, programmes=(1,), grade=4, received=1, options=(
            Option(FOUNDATION_DAY), Option(dt.date(2027, 2, 12)),
        )),
        Request(2, school=2, district=1, programmes=(1,), grade=4, received=2, options=(
            Option(EMPERORS_BIRTHDAY), Option(dt.date(2027, 2, 24)),
        )),
    ]  # fmt: skip
    people = [Person(1, kind=LECTURER, programmes=frozenset({1}))]
    return Problem(requests, {1: TALK}, people, [], calendar())


def test_the_calendar_names_the_national_holidays():
    cal = calendar()
    assert national_holiday(FOUNDATION_DAY) == "建国記念の日"
    assert national_holiday(EMPERORS_BIRTHDAY) == "天皇誕生日"
    assert cal.date_problem(FOUNDATION_DAY) == "national_holiday"
    assert cal.date_problem(EMPERORS_BIRTHDAY) == "national_holiday"
    # A substitute holiday (春分の日 falls on a Sunday in 2027) is one too.
    assert cal.date_problem(dt.date(2027, 3, 22)) == "national_holiday"
    assert national_holiday(dt.date(2027, 3, 22)) == "春分の日 振替休日"
    # The days around them are school days; the lead time still comes first.
    assert cal.date_problem(dt.date(2027, 2, 12)) is None
    assert cal.date_problem(dt.date(2027, 2, 22)) is None
    assert national_holiday(dt.date(2027, 2, 12)) is None
    assert cal.date_problem(dt.date(2027, 1, 11)) == "too_soon"  # 成人の日, within the lead time
    # A school holiday staff entered is still said to be one.
    spring = calendar(holidays=((dt.date(2027, 3, 19), dt.date(2027, 4, 6)),))
    assert spring.date_problem(dt.date(2027, 3, 22)) == "holiday"
    assert spring.is_holiday(dt.date(2027, 3, 19)) and spring.is_holiday(FOUNDATION_DAY)


def test_the_batch_and_first_come_first_served_skip_national_holidays():
    problem = spring_rush()
    for plan in (batch(problem), greedy(problem)):
        assert sorted(b.date for b in plan.bookings) == [dt.date(2027, 2, 12), dt.date(2027, 2, 24)]
        assert [b.option for b in plan.bookings] == [1, 1]
        assert violations(problem, plan.bookings) == {}
    # Asked for the holidays only, nothing is possible: the reason says the dates are not.
    only_holidays = spring_rush()
    for request in only_holidays.requests:
        request.options = request.options[:1]
    assert candidates(only_holidays).hopeless == {0: "no_date", 1: "no_date"}
    assert batch(only_holidays).unfulfilled == {1: "no_date", 2: "no_date"}


def test_the_independent_check_finds_a_class_on_a_national_holiday():
    problem = spring_rush()
    on_holiday = Booking(request=1, date=FOUNDATION_DAY, option=0, parts=(Part(1, 1),))
    found = violations(problem, [on_holiday])
    assert found == {"request": ["request 1 on a day without school"]}
    on_school_day = Booking(request=1, date=dt.date(2027, 2, 12), option=1, parts=(Part(1, 1),))
    assert violations(problem, [on_school_day]) == {}


def next_national_holiday():
    """The first national holiday on a weekday after the lead time (60 days in `world`)."""
    day = timezone.localdate() + dt.timedelta(days=61)
    while day.weekday() >= 5 or national_holiday(day) is None:
        day += dt.timedelta(days=1)
    return day


@pytest.mark.django_db
def test_the_request_form_refuses_a_national_holiday_and_names_it(client, world):
    holiday = next_national_holiday()
    name = national_holiday(holiday)  # in Japanese, as the law names it
    with translation.override("en"):
        in_english = escape(holiday_name(name))
    for prefix, message in (
        ("", f"この日は祝日・休日({name.removesuffix(' 振替休日')}"),
        ("/en", f"This day is a national holiday ({in_english}): there are no classes."),
    ):
        response = client.post(
            f"{prefix}{reverse('education:request')}",
            form_data(world, date_1=holiday.strftime("%Y/%m/%d"), date_2=""),
        )
        assert response.status_code == 400
        assert message in response.content.decode()
    assert in_english != name
    assert not ClassRequest.objects.exists()
    # The same on the teacher's own page, changing the dates.
    translation.activate("ja")  # reverse() follows the language the last request left active
    assert client.post(reverse("education:request"), form_data(world)).status_code == 302
    request = ClassRequest.objects.get()
    url = reverse("education:status", args=[services.request_token(request)])
    changed = client.post(
        url,
        {
            "action": "change",
            "change-date_1": holiday.isoformat(),
            "change-first_period_1": 3,
            "change-last_period_1": 4,
        },
    )
    assert changed.status_code == 400
    assert "この日は祝日・休日" in changed.content.decode()
    assert national_holiday(request.dates.first().date) is None


@pytest.mark.django_db
def test_requests_already_on_a_national_holiday_are_neither_suggested_nor_planned(
    client, coordinator, world
):
    """Requests taken in before the fix, like the spring rush's: the suggestions and the
    batch leave the holiday out, and a plan made for it is no longer possible."""
    holiday, after = next_national_holiday(), school_day(95)
    requests = []
    for n, dates in enumerate(([holiday, after], [holiday])):
        request = ClassRequest.objects.create(
            school=world.school, teacher_name=f"先生{n}", teacher_email=f"t{n}@example.jp", grade=4
        )
        request.programme_rows.create(programme=world.talk, rank=1)
        for rank, day in enumerate(dates, start=1):
            request.dates.create(rank=rank, date=day, first_period=3, last_period=4)
        requests.append(request)
    both, only_holiday = requests

    plans, hopeless = services.suggest(both)
    assert plans and hopeless is None
    assert {plan.date for plan in plans} == {after}
    plans, hopeless = services.suggest(only_holiday)
    assert plans == [] and hopeless == "no_date"
    page = coordinator.get(reverse("education_board:request", args=[only_holiday.pk]))
    html = page.content.decode()
    assert "希望日がどれも実施できなくなりました" in html
    assert f"祝日({national_holiday(holiday).removesuffix(' 振替休日')}" in html

    run = BatchRun.objects.create()
    services.run_batch(run)
    items = {item.request_id: item for item in run.items.all()}
    assert items[both.pk].plan["date"] == after.isoformat()
    assert items[only_holiday.pk].plan == {} and items[only_holiday.pk].reason == "no_date"

    # A plan for the holiday (as the spring batch stored) is refused when proposed.
    forged = engine.Booking(
        request=both.pk, date=holiday, option=0, parts=(Part(world.talk.pk, world.lecturer.pk),)
    )
    assert not services.still_possible(both, forged)
    assert services.propose(both, forged) is None
    assert not both.bookings.exists()
