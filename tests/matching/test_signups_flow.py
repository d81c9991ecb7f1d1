"""Signing up, the waiting list, the guardian's consent, cancelling and expiry (services)."""

import datetime as dt

from django.utils import timezone

import pytest

from kokoron.notifications.models import Notification
from matching.signups import services
from matching.signups.factories import SessionFactory, signup_data
from matching.signups.models import Signup
from matching.signups.rules import State
from tests.matching.signups_fixtures import build_experiences


@pytest.fixture
def experiences(db):
    return build_experiences()


def emails(template):
    return list(
        Notification.objects.filter(template=f"matching_signup_{template}").values_list(
            "recipient", flat=True
        )
    )


def sign(experiences, n, **overrides):
    data = signup_data(email=f"student{n}@example.jp", name=f"学生{n}", **overrides)
    return services.sign_up(experiences.session.pk, data)


def test_places_then_an_ordered_waiting_list_then_refusals(experiences):
    first = sign(experiences, 1)
    second = sign(experiences, 2, grade=8, age=18)
    assert [first.state, second.state] == [State.CONFIRMED, State.CONFIRMED]
    assert first.reference == f"S-{first.pk:06d}"
    third = sign(experiences, 3)
    fourth = sign(experiences, 4)
    assert (third.state, third.waitlist_position()) == (State.WAITLISTED, 1)
    assert fourth.waitlist_position() == 2
    assert emails("confirmed") == ["student1@example.jp", "student2@example.jp"] or set(
        emails("confirmed")
    ) == {"student1@example.jp", "student2@example.jp"}
    waiting_mail = Notification.objects.get(
        template="matching_signup_waitlisted", recipient="student4@example.jp"
    )
    assert waiting_mail.context["position"] == 2
    assert "/volunteer/experiences/signup/" in waiting_mail.context["link"]

    # The same address again, in any case: refused kindly, nothing created.
    with pytest.raises(services.SignupError) as error:
        services.sign_up(experiences.session.pk, signup_data(email=" Student1@Example.JP "))
    assert error.value.code == "duplicate"
    # A session at the same time elsewhere: refused.
    other = SessionFactory(
        opportunity=experiences.care,
        start=experiences.start + dt.timedelta(hours=1),
        capacity=5,
    )
    with pytest.raises(services.SignupError) as error:
        services.sign_up(other.pk, signup_data(email="student1@example.jp"))
    assert error.value.code == "overlap"
    # An adult (this experience is for students) and a primary-school age: refused.
    for grade, age, code in ((0, 30, "adults"), (6, 12, "grade")):
        with pytest.raises(services.SignupError) as error:
            services.sign_up(other.pk, signup_data(email="x@example.jp", grade=grade, age=age))
        assert error.value.code == code
    assert Signup.objects.count() == 4


def test_closed_not_yet_and_past_sessions(experiences):
    now = timezone.now()
    session = experiences.session
    session.signup_closes = now - dt.timedelta(minutes=1)
    session.save()
    with pytest.raises(services.SignupError) as error:
        sign(experiences, 1)
    assert error.value.code == "closed"
    session.signup_closes = None
    session.signup_opens = now + dt.timedelta(days=1)
    session.save()
    with pytest.raises(services.SignupError) as error:
        sign(experiences, 1)
    assert error.value.code == "not_yet"
    with pytest.raises(services.SignupError) as error:
        services.sign_up(session.pk, signup_data(), now=session.start)
    assert error.value.code == "past"
    assert not Signup.objects.exists()


def test_cancellation_promotes_the_first_in_line_who_must_reconfirm(experiences):
    first, _second = sign(experiences, 1), sign(experiences, 2)
    third, fourth = sign(experiences, 3), sign(experiences, 4)
    services.cancel(first)
    third.refresh_from_db()
    assert third.state == State.OFFERED
    assert third.expires_at == pytest.approx(
        timezone.now() + dt.timedelta(hours=services.reconfirm_hours()),
        abs=dt.timedelta(minutes=1),
    )
    assert emails("offered") == ["student3@example.jp"]
    assert emails("cancelled") == ["student1@example.jp"]
    # Cancelling twice changes nothing more.
    services.cancel(first)
    assert Signup.objects.filter(state=State.OFFERED).count() == 1

    # Not reconfirmed in time: it lapses and the next is offered the place.
    later = third.expires_at + dt.timedelta(seconds=1)
    assert services.expire_overdue(now=later) == 1
    assert services.expire_overdue(now=later) == 0  # idempotent
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert (third.state, fourth.state) == (State.LAPSED, State.OFFERED)
    with pytest.raises(services.SignupError) as error:
        services.reconfirm(third)
    assert error.value.code == "not_offered"
    fourth = services.reconfirm(fourth)
    assert fourth.state == State.CONFIRMED
    assert experiences.session.signups.filter(state__in=(State.CONFIRMED,)).count() == 2


def test_a_minor_is_held_until_the_guardian_agrees_or_released(experiences):
    minor = sign(
        experiences, 1, grade=8, age=14, guardian_name="山田 太郎", guardian_email="taro@example.jp"
    )
    assert minor.state == State.HELD and minor.expires_at
    assert emails("held") == ["student1@example.jp"]
    guardian_mail = Notification.objects.get(template="matching_signup_guardian")
    assert guardian_mail.recipient == "taro@example.jp"
    token = guardian_mail.context["link"].rstrip("/").rsplit("/", 1)[1]
    assert services.signup_from_token(token, "guardian") == minor
    with pytest.raises(services.SignupError):
        services.signup_from_token(token)  # a guardian link is not a manage link
    minor = services.confirm_guardian(minor)
    assert minor.state == State.CONFIRMED and minor.guardian_confirmed_at
    assert services.confirm_guardian(minor).state == State.CONFIRMED  # twice: the same

    # A second minor whose guardian never answers: released, the next in line offered.
    late = sign(
        experiences, 2, grade=9, age=15, guardian_name="保護者", guardian_email="p2@example.jp"
    )
    waiting = sign(experiences, 3)
    assert waiting.state == State.WAITLISTED
    services.expire_overdue(now=late.expires_at)
    late.refresh_from_db()
    waiting.refresh_from_db()
    assert (late.state, waiting.state) == (State.RELEASED, State.OFFERED)
    assert emails("released") == ["student2@example.jp"]
    with pytest.raises(services.SignupError) as error:
        services.confirm_guardian(late)
    assert error.value.code == "ended"


def test_a_waitlisted_minor_with_consent_is_confirmed_on_reconfirming(experiences):
    sign(experiences, 1)
    second = sign(experiences, 2)
    minor = sign(
        experiences, 3, grade=9, age=15, guardian_name="保護者", guardian_email="g@example.jp"
    )
    assert minor.state == State.WAITLISTED
    services.confirm_guardian(minor)
    minor.refresh_from_db()
    assert minor.state == State.WAITLISTED and minor.guardian_confirmed_at
    services.cancel(second)
    minor.refresh_from_db()
    assert services.reconfirm(minor).state == State.CONFIRMED


def test_reminders_two_days_before_once(experiences):
    soon = SessionFactory(
        opportunity=experiences.care,
        start=timezone.now() + dt.timedelta(days=1, hours=20),
        capacity=3,
    )
    services.sign_up(soon.pk, signup_data(email="soon@example.jp"))
    sign(experiences, 1)  # ten days ahead: not yet
    assert services.send_reminders() == 1
    services.send_reminders()
    assert emails("reminder") == ["soon@example.jp"]


def test_forged_and_expired_links(experiences, settings):
    signup = sign(experiences, 1)
    token = services.token_for(signup)
    assert services.signup_from_token(token) == signup
    for bad in (token[:-2] + "xx", "nonsense", ""):
        with pytest.raises(services.SignupError) as error:
            services.signup_from_token(bad)
        assert error.value.code == "invalid"
    signup.nonce = "changed"
    signup.save()
    with pytest.raises(services.SignupError):
        services.signup_from_token(token)
    mine = services.mine_token("Student1@example.jp")
    assert services.email_from_mine_token(mine) == "student1@example.jp"
    assert services.mine_token("nobody@example.jp") is None
    settings.SECRET_KEY = "another-key"
    with pytest.raises(services.SignupError):
        services.email_from_mine_token(mine)
