"""The capacity guarantee under real parallel connections: threads, each with its own database
connection, sign up for one session at the same moment (SQLite and PostgreSQL); and one person
signing up for two sessions at the same time, from many tabs at once, gets only one."""

import datetime as dt
import threading
from collections import Counter

from django.db import connection

import pytest

from matching.signups import services
from matching.signups.factories import SessionFactory, signup_data
from matching.signups.models import Signup
from matching.signups.rules import ACTIVE, TAKING_A_PLACE, State
from tests.matching.signups_fixtures import build_experiences

CLIENTS = 24
CAPACITY = 5


def in_parallel(count, work):
    """Run work(i) in `count` threads released together; return what each returned."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except services.SignupError as error:
            results[i] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.mark.django_db(transaction=True)
def test_simultaneous_signups_never_exceed_capacity_and_nobody_is_lost():
    experiences = build_experiences()
    session = experiences.session
    session.capacity = CAPACITY
    session.save()

    results = in_parallel(
        CLIENTS,
        lambda i: (
            services.sign_up(
                session.pk, signup_data(email=f"p{i}@example.jp", name=f"学生{i}")
            ).state
        ),
    )
    states = Counter(results)
    assert states == {State.CONFIRMED: CAPACITY, State.WAITLISTED: CLIENTS - CAPACITY}
    assert session.signups.filter(state__in=TAKING_A_PLACE).count() == CAPACITY
    positions = sorted(
        s.waitlist_position() for s in session.signups.filter(state=State.WAITLISTED)
    )
    assert positions == list(range(1, CLIENTS - CAPACITY + 1))

    # A double (or tenfold) click with one address: one sign-up, the others refused.
    results = in_parallel(
        10, lambda i: services.sign_up(session.pk, signup_data(email="same@example.jp")).state
    )
    assert Counter(results) == {State.WAITLISTED: 1, "duplicate": 9}

    # Cancellations and new sign-ups at once: still never more than the capacity, and every
    # freed place goes to someone already waiting.
    confirmed = list(session.signups.filter(state=State.CONFIRMED))

    def cancel_or_join(i):
        if i < len(confirmed):
            return services.cancel(confirmed[i]).state
        return services.sign_up(session.pk, signup_data(email=f"late{i}@example.jp")).state

    results = in_parallel(len(confirmed) + 6, cancel_or_join)
    assert Counter(results)[State.CANCELLED] == len(confirmed)
    assert Counter(results)[State.WAITLISTED] == 6
    taken = Counter(session.signups.values_list("state", flat=True))
    assert taken[State.OFFERED] == CAPACITY
    assert sum(taken[state] for state in TAKING_A_PLACE) == CAPACITY
    assert Signup.objects.filter(email__startswith="late", state=State.WAITLISTED).count() == 6


@pytest.mark.django_db(transaction=True)
def test_one_person_signing_up_for_two_overlapping_sessions_at_once_gets_one():
    experiences = build_experiences()
    sessions = [
        experiences.session,
        SessionFactory(
            opportunity=experiences.care,
            start=experiences.start + dt.timedelta(hours=1),
            capacity=5,
        ),
    ]
    emails = ("same@example.jp", " Same@Example.JP ")  # one address, as typed differently

    results = in_parallel(
        12,
        lambda i: services.sign_up(sessions[i % 2].pk, signup_data(email=emails[i // 2 % 2])).state,
    )
    refused = {"overlap", "duplicate"}
    assert sum(1 for result in results if result not in refused) == 1
    assert Signup.objects.filter(email="same@example.jp", state__in=ACTIVE).count() == 1
