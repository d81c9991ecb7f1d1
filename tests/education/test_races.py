"""Welfare education under real parallel connections (SQLite and PostgreSQL): answers, the
daily expiry, the teacher's and the coordinator's changes racing each other, and the same POST
sent twice at once. Whatever the order, a booking ends in one consistent state and every email
goes out once."""

import datetime as dt

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

import pytest

from education import services
from education.models import (
    BatchRun,
    BookedPerson,
    Booking,
    ClassRequest,
    RequestDate,
    RequestProgramme,
)
from kokoron.notifications.models import Notification
from tests.concurrency import in_parallel, logged_in, raised, same_twice

from .conftest import school_day

pytestmark = pytest.mark.django_db(transaction=True)

BOOKINGS = 6


def asked_booking(world, n, people, *, accepted=(), made=None):
    """A request proposed to `people` (all asked, those in `accepted` having said yes)."""
    day = school_day(70 + n)
    class_request = ClassRequest.objects.create(
        school=world.school,
        teacher_name=f"先生{n}",
        teacher_email=f"teacher{n}@school.example.jp",
        grade=4,
        state=ClassRequest.State.PROPOSED,
    )
    RequestProgramme.objects.create(request=class_request, programme=world.talk, rank=1)
    RequestDate.objects.create(request=class_request, rank=1, date=day)
    booking = Booking.objects.create(
        request=class_request, date=day, created_at=made or timezone.now()
    )
    for person in people:
        BookedPerson.objects.create(
            booking=booking,
            lecturer=person,
            role=BookedPerson.Role.LECTURER
            if person.kind == person.Kind.LECTURER
            else BookedPerson.Role.SUPPORTER,
            programme=world.talk,
            answer=BookedPerson.Answer.ACCEPTED
            if person in accepted
            else BookedPerson.Answer.PENDING,
        )
    return booking


def booked(booking, person):
    return BookedPerson.objects.get(booking=booking, lecturer=person)


def emails(template, booking=None):
    rows = Notification.objects.filter(template=template)
    if booking is not None and template == "education_confirmed":
        rows = rows.filter(key=f"education-confirmed-{booking.pk}")
    return rows.count()


def states(booking):
    booking.refresh_from_db()
    return booking.state, ClassRequest.objects.get(pk=booking.request_id).state


def test_lecturers_accepting_at_once_confirm_the_class_once(world):
    """Each answer used to lock only its own row: two people saying yes at the same moment
    each saw the other still asked, and the class stayed asked until the expiry called it
    off."""
    people = [world.lecturer, *world.supporters]
    bookings = [asked_booking(world, n, people) for n in range(BOOKINGS)]
    answers = [
        lambda b=booking, p=person: services.respond(booked(b, p), accept=True)[1]
        for booking in bookings
        for person in people
    ]
    results = in_parallel(*answers)
    assert raised(results) == []
    assert all(results)
    for booking in bookings:
        assert states(booking) == (Booking.State.CONFIRMED, ClassRequest.State.CONFIRMED)
        assert emails("education_confirmed", booking) == 1
    assert emails("education_called_off") == 0
    assert services.expire_unanswered(on=timezone.localdate() + dt.timedelta(days=60)) == 0


def test_an_accept_racing_a_decline_never_confirms(world):
    """One says yes, the other no, at once: the class is called off, never confirmed."""
    yes, no = world.lecturer, world.supporters[0]
    bookings = [asked_booking(world, n, [yes, no]) for n in range(BOOKINGS)]
    answers = []
    for booking in bookings:
        answers += [
            lambda b=booking: services.respond(booked(b, yes), accept=True)[1],
            lambda b=booking: services.respond(booked(b, no), accept=False)[1],
        ]
    results = in_parallel(*answers)
    assert raised(results) == []
    for n, booking in enumerate(bookings):
        assert results[2 * n + 1] is True  # the no is always taken
        assert states(booking) == (Booking.State.CANCELLED, ClassRequest.State.ARRANGING)
        # The one who said yes (if in time) hears that the class is off; the one who said no
        # does not; the coordinators hear once.
        off = Notification.objects.filter(
            template="education_called_off", key__startswith="education-off-"
        )
        assert not off.filter(key=f"education-off-{booked(booking, no).pk}").exists()
    assert emails("education_confirmed") == 0
    assert emails("education_declined") == BOOKINGS


def test_the_last_accept_racing_the_daily_expiry(world):
    """The expiry read the bookings still asked and called them off without a lock: a class
    confirmed a moment before (the teacher told so) was then called off too."""
    first, last = world.lecturer, world.supporters[0]
    long_ago = timezone.now() - dt.timedelta(days=30)
    bookings = [
        asked_booking(world, n, [first, last], accepted=[first], made=long_ago)
        for n in range(BOOKINGS)
    ]
    works = [lambda: services.expire_unanswered()]
    works += [lambda b=b: services.respond(booked(b, last), accept=True)[1] for b in bookings]
    results = in_parallel(*works)
    assert raised(results) == []
    expired, taken = results[0], results[1:]
    for booking, accepted in zip(bookings, taken, strict=True):
        if accepted:
            assert states(booking) == (Booking.State.CONFIRMED, ClassRequest.State.CONFIRMED)
            assert emails("education_confirmed", booking) == 1
        else:
            assert states(booking) == (Booking.State.CANCELLED, ClassRequest.State.ARRANGING)
            assert emails("education_confirmed", booking) == 0
    assert expired == taken.count(False)
    # Run again (the worker restarted): nothing more happens.
    assert services.expire_unanswered() == 0


def test_the_teacher_cancelling_while_the_last_lecturer_accepts(world):
    """The status page checked the state, then cancelled without a lock: a class confirmed
    in between was cancelled behind the lecturers' backs (or the reverse)."""
    first, last = world.lecturer, world.supporters[0]
    bookings = [asked_booking(world, n, [first, last], accepted=[first]) for n in range(BOOKINGS)]
    works = []
    for booking in bookings:
        works += [
            lambda b=booking: services.cancel(b.request),
            lambda b=booking: services.respond(booked(b, last), accept=True)[1],
        ]
    results = in_parallel(*works)
    assert raised(results) == []
    for n, booking in enumerate(bookings):
        cancelled, accepted = results[2 * n], results[2 * n + 1]
        assert cancelled != accepted  # exactly one of them happened
        if cancelled:
            assert states(booking) == (Booking.State.CANCELLED, ClassRequest.State.CANCELLED)
            assert emails("education_confirmed", booking) == 0
        else:
            assert states(booking) == (Booking.State.CONFIRMED, ClassRequest.State.CONFIRMED)
            assert emails("education_confirmed", booking) == 1


def test_the_coordinator_confirming_by_phone_while_someone_declines(world):
    yes, no = world.lecturer, world.supporters[0]
    bookings = [asked_booking(world, n, [yes, no]) for n in range(BOOKINGS)]
    works = []
    for booking in bookings:
        works += [
            lambda b=booking: services.confirm_for_everyone(b),
            lambda b=booking: services.respond(booked(b, no), accept=False)[1],
        ]
    results = in_parallel(*works)
    assert raised(results) == []
    for n, booking in enumerate(bookings):
        confirmed, declined = results[2 * n], results[2 * n + 1]
        assert confirmed != declined
        if confirmed:
            assert states(booking) == (Booking.State.CONFIRMED, ClassRequest.State.CONFIRMED)
            assert booked(booking, no).answer == BookedPerson.Answer.ACCEPTED
        else:
            assert states(booking) == (Booking.State.CANCELLED, ClassRequest.State.ARRANGING)
            assert emails("education_confirmed", booking) == 0


# The same POST twice at once (a double click, a browser's retry)


@pytest.fixture
def coordinator_user(django_user_model):
    user = django_user_model.objects.create_user("coordinator", "c@example.jp", "pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="education"),
    )
    return user


def pending_request(world, n):
    class_request = ClassRequest.objects.create(
        school=world.school,
        teacher_name=f"先生{n}",
        teacher_email=f"teacher{n}@school.example.jp",
        grade=4,
    )
    RequestProgramme.objects.create(request=class_request, programme=world.talk, rank=1)
    RequestDate.objects.create(request=class_request, rank=1, date=school_day(70 + 7 * n))
    return class_request


def test_the_same_proposal_sent_twice_at_once_asks_once(world, coordinator_user):
    class_request = pending_request(world, 0)
    url = reverse("education_board:request", args=[class_request.pk])
    results = same_twice(
        2, lambda: logged_in(coordinator_user).post(url, {"action": "propose", "choice": "0"})
    )
    assert raised(results) == []
    assert [r.status_code for r in results] == [302, 302]
    booking = Booking.objects.get(request=class_request)
    asks = Notification.objects.filter(template="education_ask")
    assert asks.count() == booking.people.count() > 0
    class_request.refresh_from_db()
    assert class_request.state == ClassRequest.State.PROPOSED


def test_the_same_batch_plan_applied_twice_at_once_proposes_once(world, coordinator_user):
    requests = [pending_request(world, n) for n in range(3)]
    run = BatchRun.objects.create()
    services.run_batch(run)
    run.refresh_from_db()
    assert run.fulfilled >= 2
    url = reverse("education_board:batch_run", args=[run.pk])
    results = same_twice(2, lambda: logged_in(coordinator_user).post(url, {"action": "apply_all"}))
    assert raised(results) == []
    assert [r.status_code for r in results] == [302, 302]
    assert Booking.objects.count() == run.fulfilled
    for class_request in requests:
        assert Booking.objects.filter(request=class_request).count() <= 1
    people = BookedPerson.objects.count()
    assert Notification.objects.filter(template="education_ask").count() == people
    assert run.items.filter(applied_at__isnull=False).count() == run.fulfilled


def test_the_same_answer_sent_twice_at_once_is_taken_once(client, world):
    first, last = world.lecturer, world.supporters[0]
    booking = asked_booking(world, 0, [first, last], accepted=[first])
    url = reverse("education:answer", args=[services.person_token(booked(booking, last))])
    results = same_twice(3, lambda: client.__class__().post(url, {"answer": "accept"}))
    assert raised(results) == []
    # Each is shown the answer taken; it was taken once.
    assert [r.status_code for r in results] == [302, 302, 302]
    assert states(booking) == (Booking.State.CONFIRMED, ClassRequest.State.CONFIRMED)
    assert emails("education_confirmed", booking) == 1


def test_the_teachers_cancel_sent_twice_at_once_cancels_once(client, world):
    booking = asked_booking(world, 0, [world.lecturer, world.supporters[0]])
    url = reverse("education:status", args=[services.request_token(booking.request)])
    results = same_twice(2, lambda: client.__class__().post(url, {"action": "cancel"}))
    assert raised(results) == []
    assert [r.status_code for r in results] == [302, 302]
    assert states(booking) == (Booking.State.CANCELLED, ClassRequest.State.CANCELLED)
    assert emails("education_changed") == 1
    assert emails("education_called_off") == 2  # each person asked, once
