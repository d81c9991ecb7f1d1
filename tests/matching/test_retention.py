"""The Volunteer Center's daily retention job (matching.retention): finished sign-ups lose the
details of the day after RETENTION_SIGNUP_DETAILS_DAYS and the name and address after
RETENTION_SIGNUPS_DAYS; closed needs lose their texts and notes, and the people who asked or
were helped their contacts, after RETENTION_NEEDS_DAYS. Counts, states and hours stay; a
second run changes nothing."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

import pytest

from kokoron.core.models import AuditEntry
from kokoron.core.setup import sync_schedules
from matching import retention
from matching.factories import NeedFactory, PersonFactory, VolunteerFactory
from matching.models import Assignment, Need, NeedNote, Person
from matching.signups.factories import SessionFactory, SignupFactory
from matching.signups.models import Signup

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - dt.timedelta(days=days)


def session_ended(days):
    start = days_ago(days) - dt.timedelta(hours=3)
    return SessionFactory(start=start, end=start + dt.timedelta(hours=3))


def minor(session, **fields):
    return SignupFactory(
        session=session,
        name="青木 はな",
        email="hana@example.jp",
        age=13,
        grade=8,
        phone="052-111-2222",
        emergency_contact="母 052-111-3333",
        allergies="卵",
        assistance="車いすを使います",
        guardian_name="青木 母",
        guardian_email="parent@example.jp",
        attended=True,
        hours=Decimal("3"),
        **fields,
    )


def snapshot():
    return (
        list(Signup.objects.order_by("pk").values())
        + list(Need.objects.order_by("pk").values())
        + list(Person.objects.order_by("pk").values())
        + list(NeedNote.objects.values())
    )


def test_finished_signups_lose_their_details_then_their_names(settings):
    settings.RETENTION_SIGNUP_DETAILS_DAYS = 30
    settings.RETENTION_SIGNUPS_DAYS = 365
    recent = minor(session_ended(5))
    month = minor(session_ended(40))
    years = minor(session_ended(400), state=Signup.State.CANCELLED)
    upcoming = minor(SessionFactory(), state=Signup.State.CONFIRMED)

    counts = retention.anonymise_finished_signups()
    assert counts == {"signup_details": 2, "signups": 1}
    for kept in (recent, upcoming):
        row = Signup.objects.get(pk=kept.pk)
        assert (row.allergies, row.guardian_email, row.name) == (
            "卵",
            "parent@example.jp",
            "青木 はな",
        )
    row = Signup.objects.get(pk=month.pk)
    assert (row.phone, row.emergency_contact, row.allergies, row.assistance) == ("", "", "", "")
    assert (row.guardian_name, row.guardian_email) == ("", "")
    assert (row.name, row.email) == ("青木 はな", "hana@example.jp")  # for a certificate
    old = Signup.objects.get(pk=years.pk)
    assert (old.name, old.name_kana, old.school, old.allergies) == ("", "", "", "")
    assert old.email == f"erased-{old.pk}@erased.invalid" and old.nonce != years.nonce
    # What the reports count stays.
    assert (old.state, old.attended, old.hours, old.age, old.grade) == (
        Signup.State.CANCELLED,
        True,
        Decimal("3"),
        13,
        8,
    )
    before = snapshot()
    assert retention.anonymise_finished_signups() == {"signup_details": 0, "signups": 0}
    assert snapshot() == before


def test_closed_needs_lose_their_texts_and_people_their_contacts(settings):
    settings.RETENTION_NEEDS_DAYS = 365
    old_closed = NeedFactory(
        description="通院の付き添い", state=Need.State.DONE, closed_at=days_ago(400)
    )
    NeedNote.objects.create(need=old_closed, text="娘さんの電話は夜だけ")
    helper = VolunteerFactory()
    Assignment.objects.create(
        need=old_closed, volunteer=helper, hours_given=Decimal("2"), outcome="good"
    )
    unmet = NeedFactory(
        state=Need.State.UNMET,
        closed_reason="家族が対応",
        closed_at=days_ago(500),
        recipient=PersonFactory(name="受ける 人"),
    )
    # Someone with an old need and one still open keeps their contacts; so does a volunteer.
    regular = PersonFactory()
    NeedFactory(requester=regular, state=Need.State.DONE, closed_at=days_ago(400))
    NeedFactory(requester=regular, state=Need.State.MATCHING)
    volunteer = VolunteerFactory()
    NeedFactory(requester=volunteer.person, state=Need.State.DONE, closed_at=days_ago(400))
    recent = NeedFactory(description="買い物", state=Need.State.DONE, closed_at=days_ago(10))

    counts = retention.anonymise_closed_needs()
    assert counts == {"needs": 4, "notes": 1, "people": 3}  # the four old needs
    need = Need.objects.get(pk=old_closed.pk)
    assert (need.description, need.state, need.category_id) == (
        "",
        Need.State.DONE,
        old_closed.category_id,
    )
    assert Need.objects.get(pk=unmet.pk).closed_reason == ""
    assert NeedNote.objects.get(need=old_closed).text == ""
    assert Assignment.objects.get(need=old_closed).hours_given == Decimal("2")
    for person in (old_closed.requester, unmet.requester, unmet.recipient):
        row = Person.objects.get(pk=person.pk)
        assert (row.email, row.phone, row.address, row.name_kana) == ("", "", "", "")
        assert row.name != person.name and row.reference == person.reference
    for kept in (regular, volunteer.person, recent.requester):
        assert Person.objects.get(pk=kept.pk).email == kept.email
    assert Need.objects.get(pk=recent.pk).description == "買い物"
    assert AuditEntry.objects.filter(actor_label="system: retention").exists()

    before = snapshot()
    assert retention.anonymise_closed_needs() == {"needs": 0, "notes": 0, "people": 0}
    assert snapshot() == before


def test_the_daily_job_is_scheduled(settings):
    assert "kokoron.matching.retention" in sync_schedules()
    assert retention.daily() == {
        "signup_details": 0,
        "signups": 0,
        "needs": 0,
        "notes": 0,
        "people": 0,
    }
