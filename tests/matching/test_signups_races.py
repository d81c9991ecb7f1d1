"""Sign-ups beyond capacity (see test_signups_concurrency.py): waiting-list offers and holds
racing their expiry, check-in racing a cancellation, and the same POST sent twice at once
(taking an offered place, a certificate, a message to participants), with real parallel
connections on SQLite and PostgreSQL."""

import datetime as dt

from django.contrib.auth.models import Group
from django.utils import timezone

import pytest

from kokoron.core.choices import COORDINATORS_GROUP
from kokoron.notifications.models import Notification
from matching.signups import certificates, services
from matching.signups.factories import SessionFactory, signup_data
from matching.signups.models import Certificate, SessionMessage, Signup
from matching.signups.rules import TAKING_A_PLACE, State
from tests.concurrency import in_parallel, logged_in, raised, same_twice
from tests.matching.signups_fixtures import build_experiences

pytestmark = pytest.mark.django_db(transaction=True)

LIST = "/volunteer/experiences/"
SESSIONS = 4


def attempt(work):
    """What a link does: the new state, or the code of the reason it could not."""
    try:
        return work().state
    except services.SignupError as error:
        return error.code


def with_an_offer(experiences, n):
    """A full session of one place whose holder cancelled: the next in line is offered it."""
    session = SessionFactory(
        opportunity=experiences.care,
        start=experiences.start + dt.timedelta(days=n + 1),
        capacity=1,
    )
    first = services.sign_up(session.pk, signup_data(email=f"first{n}@example.jp"))
    services.sign_up(session.pk, signup_data(email=f"second{n}@example.jp"))
    services.sign_up(session.pk, signup_data(email=f"third{n}@example.jp"))
    services.cancel(first)
    return session, Signup.objects.get(session=session, state=State.OFFERED)


def test_taking_an_offered_place_racing_its_expiry(db):
    """The person takes the place at the last moment while the expiry runs: they have it and
    the next in line is not offered it, or it lapsed and the next is offered it; never both."""
    experiences = build_experiences()
    offers = [with_an_offer(experiences, n) for n in range(SESSIONS)]
    deadline = max(offer.expires_at for _session, offer in offers)
    works = [lambda: services.expire_overdue(now=deadline + dt.timedelta(seconds=1))]
    works += [
        lambda o=offer: attempt(lambda: services.reconfirm(o, now=o.expires_at))
        for _session, offer in offers
    ]
    results = in_parallel(*works)
    assert raised(results) == []
    for (session, offer), taken in zip(offers, results[1:], strict=True):
        offer.refresh_from_db()
        states = sorted(session.signups.values_list("state", flat=True))
        if taken == State.CONFIRMED:
            assert offer.state == State.CONFIRMED
            assert states == [State.CANCELLED, State.CONFIRMED, State.WAITLISTED]
        else:
            assert taken in ("not_offered", "expired")
            assert offer.state == State.LAPSED
            assert states == [State.CANCELLED, State.LAPSED, State.OFFERED]
        assert session.signups.filter(state__in=TAKING_A_PLACE).count() == 1
    assert results[0] == [r == State.CONFIRMED for r in results[1:]].count(False)


def test_check_in_racing_a_cancellation(db):
    """Staff check someone in while they cancel: a cancelled sign-up is never marked present."""
    experiences = build_experiences()
    signups = [
        services.sign_up(
            SessionFactory(
                opportunity=experiences.care,
                start=experiences.start + dt.timedelta(days=n + 1),
                capacity=3,
            ).pk,
            signup_data(email=f"p{n}@example.jp"),
        )
        for n in range(SESSIONS)
    ]
    works = []
    for signup in signups:
        works += [
            lambda s=signup: certificates.record_attendance(s, True) is not None,
            lambda s=signup: services.cancel(s).state,
        ]
    results = in_parallel(*works)
    assert raised(results) == []
    for n, signup in enumerate(signups):
        checked_in, state = results[2 * n], results[2 * n + 1]
        signup.refresh_from_db()
        assert state == signup.state == State.CANCELLED
        if not checked_in:  # the cancellation came first
            assert signup.attended is None and signup.checked_in_at is None


# The same POST twice at once (a double click, a browser's retry)


def test_the_same_offer_taken_twice_at_once(db, client):
    experiences = build_experiences()
    _session, offer = with_an_offer(experiences, 0)
    manage = f"{LIST}signup/{services.token_for(offer)}/"
    results = same_twice(3, lambda: client.__class__().post(manage, {"action": "reconfirm"}))
    assert raised(results) == []
    assert [r.status_code for r in results] == [302, 302, 302]
    offer.refresh_from_db()
    assert offer.state == State.CONFIRMED
    assert Notification.objects.filter(key=f"signup-{offer.pk}-confirmed").count() == 1


def test_the_same_certificate_asked_twice_at_once_is_one(db, client):
    experiences = build_experiences()
    past = SessionFactory(
        opportunity=experiences.care,
        start=timezone.now() - dt.timedelta(days=3, hours=4),
        end=timezone.now() - dt.timedelta(days=3, hours=1),
    )
    done = Signup.objects.create(
        session=past,
        state=State.CONFIRMED,
        name="鈴木 一郎",
        name_kana="すずき いちろう",
        grade=13,
        age=19,
        email="ichiro@example.jp",
        emergency_contact="父",
        attended=True,
    )
    manage = f"{LIST}signup/{services.token_for(done)}/"
    results = same_twice(3, lambda: client.__class__().post(manage, {"action": "certificate"}))
    assert raised(results) == []
    assert [r.status_code for r in results] == [302, 302, 302]
    certificate = Certificate.objects.get()
    shown = {services.certificate_from_token(r.url.rstrip("/").rsplit("/", 1)[1]) for r in results}
    assert shown == {certificate}


def test_the_same_message_sent_twice_at_once_goes_out_once(db, django_user_model):
    experiences = build_experiences()
    session = experiences.session
    for n in range(2):
        services.sign_up(session.pk, signup_data(email=f"p{n}@example.jp"))
    user = django_user_model.objects.create_user("coord", "coord@example.jp", "pw")
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    url = f"/admin/matching/experiences/session/{session.pk}/"
    data = {"action": "message", "subject": "集合場所の変更", "body": "正門に9時です。"}
    results = same_twice(3, lambda: logged_in(user).post(url, data))
    assert raised(results) == []
    assert [r.status_code for r in results] == [302, 302, 302]
    message = SessionMessage.objects.get()
    assert message.recipients == 2
    assert Notification.objects.filter(template="matching_signup_message").count() == 2


def test_staff_editing_a_sign_up_while_it_is_cancelled(db, django_user_model):
    """The edit screen saved the whole row as read when the request began: a sign-up
    cancelled meanwhile came back confirmed, beside the person offered its place."""
    experiences = build_experiences()
    user = django_user_model.objects.create_user("coord", "coord@example.jp", "pw")
    user.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    pairs = []
    for n in range(SESSIONS):
        session = SessionFactory(
            opportunity=experiences.care,
            start=experiences.start + dt.timedelta(days=n + 1),
            capacity=1,
        )
        pairs.append(
            (
                services.sign_up(session.pk, signup_data(email=f"a{n}@example.jp")),
                services.sign_up(session.pk, signup_data(email=f"b{n}@example.jp")),
            )
        )
    edit = {
        "school": "名古屋大学",
        "phone": "090-0000-0000",
        "emergency_contact": "母",
        "allergies": "",
        "assistance": "",
        "photo_consent": "on",
        "attended": "unknown",
        "hours": "",
    }
    works = []
    for first, _second in pairs:
        works += [
            lambda s=first: logged_in(user).post(f"/admin/matching/signups/edit/{s.pk}/", edit),
            lambda s=first: services.cancel(s).state,
        ]
    results = in_parallel(*works)
    assert raised(results) == []
    for n, (first, second) in enumerate(pairs):
        assert results[2 * n].status_code == 302
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.state, second.state) == (State.CANCELLED, State.OFFERED)
        assert first.phone == "090-0000-0000"
