"""One person in every role and record Kokoron has, found, exported and erased through the
core's personal-data registry: afterwards no text, email or JSON column of any model holds
their address, name or number, the export listed every place, the statistics stay, and the
erasure itself is logged without personal data.

Lives with education (which needs matching), so that every register that can be on is."""

import datetime as dt
import json
import re
from decimal import Decimal

from django.apps import apps
from django.db import models
from django.utils import timezone

from wagtail.log_actions import log

import pytest

from education.models import Booking, ClassRequest, Feedback, Lecturer
from kokoron.core import audit
from kokoron.core.models import AuditEntry
from kokoron.newsletters.models import Subscriber
from kokoron.notifications.models import Notification
from kokoron.notifications.service import notify
from kokoron.plugins import is_enabled
from kokoron.privacy import registry
from kokoron.privacy.identifiers import Subject
from kokoron.privacy.models import PersonalDataRequest
from matching.factories import NeedFactory, PersonFactory, VolunteerFactory, ensure_activities
from matching.models import Assignment, Need, NeedNote, Person, Volunteer
from matching.signups import services as signups
from matching.signups.factories import OpportunityPageFactory, SessionFactory, opportunity_index
from matching.signups.models import Certificate, SessionMessage, Signup

EMAIL = "Chiyo.Sasaki@example.jp"
NAME = "佐々木 千代"
PHONE = "052-861-4470"
# How they may be written in free text.
NAME_IN_TEXT = "佐々木千代"
PHONE_IN_TEXT = "(052)861-4470"

TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.JSONField)
IDENTIFYING = re.compile(
    "|".join(
        [
            re.escape(EMAIL),
            re.escape(NAME),
            re.escape(NAME_IN_TEXT),
            r"0\D{0,2}5\D{0,2}2\D{0,2}8\D{0,2}6\D{0,2}1\D{0,2}4\D{0,2}4\D{0,2}7\D{0,2}0",
        ]
    ),
    re.IGNORECASE,
)


def leftovers():
    """Every (model, field, pk) whose stored text still holds the person."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = [
            f for f in model._meta.concrete_fields if isinstance(f, TEXT_FIELDS) and not f.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values("pk", *[f.attname for f in fields]):
            for field in fields:
                value = row[field.attname]
                if value in (None, "", {}, []):
                    continue
                text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                if IDENTIFYING.search(text):
                    found.append((model._meta.label, field.name, row["pk"]))
    return found


@pytest.fixture
def everywhere(world, django_user_model):
    """The person in every role, and someone else's records around them."""
    activities, _trainings = ensure_activities()
    shopping = activities["shopping"]
    today = timezone.localdate()
    coordinator = django_user_model.objects.create_user("coord", "coord@kokoron.example.jp", "pw")
    r = {}
    # Volunteer Center: they ask for help, are a volunteer, and are the one helped in a need
    # their son asked for (a second record, without address: a coordinator took the call).
    person = PersonFactory(name=NAME, email=EMAIL, phone=PHONE, address="昭和区御器所1-2-3")
    person.strengths = "編み物を教えられます"
    person.save()
    r["person"] = person
    r["asked"] = NeedFactory(requester=person, category=shopping, description="買い物の付き添い")
    volunteer = VolunteerFactory(person=person, activities=[shopping])
    r["volunteer"] = volunteer
    other_need = NeedFactory(category=shopping, description="ごみ出しをお願いしたい")
    r["assignment"] = Assignment.objects.create(
        need=other_need, volunteer=volunteer, hours_given=Decimal("2.5"), outcome="good"
    )
    helped = PersonFactory(name="佐々木　千代", email="", phone="0528614470")
    son = PersonFactory(name="佐々木 一郎", email="ichiro@example.jp")
    r["helped_person"] = helped
    r["helped"] = NeedFactory(
        requester=son,
        recipient=helped,
        for_whom=Need.ForWhom.FAMILY,
        category=shopping,
        description=f"母({NAME_IN_TEXT})の通院の付き添い。連絡は {PHONE_IN_TEXT}",
    )
    r["note"] = NeedNote.objects.create(
        need=r["helped"], author=coordinator, text="ご本人は耳が遠いので大きな声で"
    )
    r["named_in_note"] = NeedNote.objects.create(
        need=other_need, author=coordinator, text=f"{NAME_IN_TEXT}さんの紹介で受付"
    )
    audit.disclosed(person, "contact")
    log(instance=person, action="wagtail.edit", user=coordinator)  # label: their name
    # Welfare education: a lecturer, and a teacher with a request and feedback.
    r["lecturer"] = Lecturer.objects.create(
        name=NAME, email=EMAIL, phone=PHONE, notes="手話通訳が必要", weekdays=[0, 1]
    )
    r["named_by_lecturer"] = Lecturer.objects.create(
        name="別の 講師", email="other@example.jp", notes=f"{NAME}さんと一緒に来ます"
    )
    request = ClassRequest.objects.create(
        school=world.school,
        teacher_name=NAME,
        teacher_email=EMAIL,
        teacher_phone=PHONE,
        grade=4,
        pupils=28,
        notes="体育館で",
        state=ClassRequest.State.DONE,
    )
    r["request"] = request
    booking = Booking.objects.create(
        request=request, date=today - dt.timedelta(days=30), state=Booking.State.DONE
    )
    r["feedback"] = Feedback.objects.create(
        booking=booking,
        author=Feedback.Author.TEACHER,
        rating=5,
        pupils_reached=28,
        comments=f"{NAME}より:ありがとうございました",
    )
    # Sign-ups: as a participant, as a child's guardian; a certificate; a message naming them.
    opportunity = OpportunityPageFactory(parent=opportunity_index(world.home), open_to_adults=True)
    session = SessionFactory(opportunity=opportunity, capacity=3)
    past = SessionFactory(
        opportunity=opportunity, start=timezone.now() - dt.timedelta(days=20), capacity=3
    )
    r["signup"] = signups_factory(
        session, name=NAME, email=EMAIL.lower(), phone=PHONE, allergies="そば"
    )
    r["attended"] = signups_factory(
        past, name=NAME, email=EMAIL.lower(), phone=PHONE, attended=True, hours=Decimal("3")
    )
    r["child"] = signups_factory(
        session,
        name="佐々木 はる",
        email="haru@example.jp",
        age=13,
        grade=8,
        guardian_name=NAME,
        guardian_email=EMAIL.lower(),
        emergency_contact=f"母 {PHONE}",
        state=Signup.State.HELD,
        expires_at=timezone.now() + dt.timedelta(hours=40),
    )
    signups.ask_guardian(r["child"])
    r["certificate"] = Certificate.objects.create(
        name=NAME,
        email=EMAIL.lower(),
        date_from=today - dt.timedelta(days=20),
        date_to=today,
        total_hours=Decimal("3"),
        lines=[{"title": "夏休み体験", "date": "2026-08-01", "place": "やごと苑", "hours": "3"}],
    )
    r["message"] = SessionMessage.objects.create(
        session=session, subject="持ち物", body=f"{NAME}さんが車で送迎します"
    )
    signups.send_my_signups_link(EMAIL, "ja")  # its key used to hold the address
    # The core: a subscriber, emails to them and to a coordinator naming them.
    r["subscriber"] = Subscriber.objects.create(email=EMAIL.lower(), language="ja")
    r["email"] = notify(
        key=f"welcome-{EMAIL}",
        template="welcome",
        to=EMAIL,
        language="ja",
        context={"name": NAME},
    )
    r["coordinator_email"] = notify(
        key="coordinator-call-1",
        template="call",
        to="coord@kokoron.example.jp",
        language="ja",
        context={"caller": NAME, "phone": PHONE},
    )
    # The directory: a correction they sent.
    if is_enabled("directory"):
        from directory.factories import ServiceFactory
        from directory.models import CorrectionSuggestion

        r["correction"] = CorrectionSuggestion.objects.create(
            service=ServiceFactory(),
            message=f"電話番号が違います。{PHONE_IN_TEXT} まで",
            name=NAME,
            email=EMAIL,
        )
    return r


def signups_factory(session, **fields):
    from matching.signups.factories import SignupFactory

    return SignupFactory(session=session, **fields)


def expected_places(r):
    """(model, pk, role) of every place the person is in."""
    expected = {
        (r["person"], "person"),
        (r["asked"], "requester"),
        (r["volunteer"], "volunteer"),
        (r["helped_person"], "person"),
        (r["helped"], "helped"),
        (r["note"], "note"),
        (r["named_in_note"], "mention"),
        (r["lecturer"], "lecturer"),
        (r["named_by_lecturer"], "mention"),
        (r["request"], "teacher"),
        (r["feedback"], "feedback"),
        (r["signup"], "participant"),
        (r["attended"], "participant"),
        (r["child"], "guardian"),
        (r["certificate"], "certificate"),
        (r["message"], "mention"),
        (r["subscriber"], "subscriber"),
        (r["email"], "email"),
        (r["coordinator_email"], "mention"),
    }
    if "correction" in r:
        expected.add((r["correction"], "corrector"))
    return {(obj._meta.label_lower, str(obj.pk), role) for obj, role in expected}


def test_one_person_in_every_role_found_exported_and_erased(everywhere, django_user_model):
    r = everywhere
    assert leftovers()  # the scan sees them before
    subject = Subject.of(email=EMAIL, name=NAME, phone=PHONE)
    person = registry.find(subject)
    found = {(p.model, p.pk, p.role) for p in person.places}
    assert expected_places(r) <= found, expected_places(r) - found
    roles = {p.role for p in person.places}
    assert {"audit", "history", "email"} <= roles
    # Nothing of anybody else.
    assert ("matching.person", str(r["helped"].requester_id), "person") not in found
    assert all(
        p.model != "signups.signup" or p.pk != str(r["child"].pk) or p.role == "guardian"
        for p in person.places
    )

    data = registry.export(person)
    exported = json.dumps(data, ensure_ascii=False, default=str)
    assert {(p["model"], p["pk"], p["role"]) for p in data["places"]} == found
    for key in {p.contributor for p in person.places}:
        assert data["data"][key], key
    for value in (EMAIL.lower(), NAME, PHONE, "そば", "編み物を教えられます", "買い物の付き添い"):
        assert value in exported, value
    assert "ichiro@example.jp" not in exported  # the son's own record is not theirs
    for place in person.places:
        assert NAME not in place.label and EMAIL.lower() not in place.label.lower()

    hours_before = Assignment.objects.get(pk=r["assignment"].pk).hours_given
    counts_before = {m: m.objects.count() for m in (Need, Signup, ClassRequest, Feedback)}
    staff = django_user_model.objects.create_user("privacy", "privacy@kokoron.example.jp", "pw")
    registry.erase(person)
    registry.log(PersonalDataRequest.Action.ERASE, person, staff, "test")

    assert leftovers() == []
    # What the reports count stays.
    assert {m: m.objects.count() for m in counts_before} == counts_before
    assert Assignment.objects.get(pk=r["assignment"].pk).hours_given == hours_before
    assert Signup.objects.get(pk=r["attended"].pk).hours == Decimal("3")
    feedback = Feedback.objects.get(pk=r["feedback"].pk)
    assert (feedback.rating, feedback.pupils_reached) == (5, 28)
    # Someone else's records are left as they were, but for the mention of them.
    assert Person.objects.get(pk=r["helped"].requester_id).email == "ichiro@example.jp"
    assert NeedNote.objects.get(pk=r["named_in_note"].pk).text.endswith("さんの紹介で受付")
    child = Signup.objects.get(pk=r["child"].pk)
    assert child.name == "佐々木 はる" and child.state == Signup.State.CANCELLED
    # The volunteer no longer takes part; nothing waits to be sent to them.
    assert Volunteer.objects.get(pk=r["volunteer"].pk).status == Volunteer.Status.RETIRED
    assert not Subscriber.objects.filter(pk=r["subscriber"].pk).exists()
    assert not Notification.objects.filter(
        status=Notification.Status.PENDING, recipient=""
    ).exists()
    assert not Notification.objects.filter(key__contains="@").exists()
    # The log of the erasure, without personal data; the audit log is kept.
    entry = PersonalDataRequest.objects.get()
    assert entry.actor == staff and entry.total == len(person.places)
    assert AuditEntry.objects.filter(object_type="person", object_id=r["person"].pk).exists()
    # Nothing is found any more.
    again = registry.find(subject)
    assert {p.role for p in again.places} <= {"audit"}
