"""Data migrations of matching keep what is there: run on rows made at the older schema."""

import datetime as dt

import pytest

from matching.signups import rules
from tests.conftest import migrate

BEFORE_CODES = ("matching", "0007_referral_to_directory_organisation")
WITH_CODES = ("matching", "0009_certificate_verification_code_unique")


@pytest.mark.django_db(transaction=True)
def test_certificates_issued_before_codes_each_get_their_own(back_to_latest):
    apps = migrate(BEFORE_CODES)
    Certificate = apps.get_model("matching", "Certificate")
    for n in range(3):
        Certificate.objects.create(
            number=rules.certificate_number(2025, n + 1),
            name=f"生徒 {n}",
            email=f"pupil{n}@example.jp",
            date_from=dt.date(2025, 8, 1),
            date_to=dt.date(2025, 8, 1),
            lines=[],
            total_hours=3,
        )
    apps = migrate(WITH_CODES)
    codes = list(
        apps.get_model("matching", "Certificate").objects.values_list(
            "verification_code", flat=True
        )
    )
    assert len(codes) == 3 and len(set(codes)) == 3
    assert all(rules.normalize_verification_code(code) == code for code in codes)


BEFORE_PRIMARY = ("matching", "0012_fill_training_expiry")
WITH_PRIMARY = ("matching", "0013_grades_from_primary_to_university")


@pytest.mark.django_db(transaction=True)
def test_university_years_become_university_and_every_other_grade_keeps_its_meaning(
    back_to_latest,
):
    from matching.signups.factories import (
        OpportunityPageFactory,
        SessionFactory,
        SignupFactory,
        opportunity_index,
    )
    from tests.conftest import page_tree_root

    page_tree_root()
    page = OpportunityPageFactory(parent=opportunity_index(), grade_from=7, grade_to=13)
    page.save_revision()
    session = SessionFactory(opportunity=page)
    grades = {"adult": 0, "junior": 8, "high": 12, "first": 13, "third": 15, "fourth": 16}
    for name in grades:
        SignupFactory(session=session, name=name)
    # As it was stored before primary years came in.
    apps = migrate(BEFORE_PRIMARY)
    for name, grade in grades.items():
        apps.get_model("matching", "Signup").objects.filter(name=name).update(grade=grade)
    apps.get_model("matching", "OpportunityPage").objects.filter(pk=page.pk).update(
        grade_from=14, grade_to=16
    )
    Revision = apps.get_model("wagtailcore", "Revision")
    revision = Revision.objects.filter(object_id=str(page.pk)).latest("pk")
    revision.content = {**revision.content, "grade_from": 14, "grade_to": 16}
    revision.save()

    apps = migrate(WITH_PRIMARY)
    stored = dict(apps.get_model("matching", "Signup").objects.values_list("name", "grade"))
    assert stored == {"adult": 0, "junior": 8, "high": 12, "first": 13, "third": 13, "fourth": 13}
    migrated = apps.get_model("matching", "OpportunityPage").objects.get(pk=page.pk)
    assert (migrated.grade_from, migrated.grade_to) == (13, 13)
    content = apps.get_model("wagtailcore", "Revision").objects.get(pk=revision.pk).content
    assert (content["grade_from"], content["grade_to"]) == (13, 13)
    assert content["title"] == page.title


BEFORE_CORE_AUDIT = ("matching", "0013_grades_from_primary_to_university")
WITH_CORE_AUDIT = ("matching", "0014_auditentry_to_core")


@pytest.mark.django_db(transaction=True)
def test_the_audit_log_moves_to_the_core_and_back_with_its_rows_and_permissions(back_to_latest):
    from django.contrib.auth import get_user_model

    from kokoron.core.choices import COORDINATORS_GROUP
    from kokoron.core.models import AuditEntry

    apps = migrate(BEFORE_CORE_AUDIT)
    Entry = apps.get_model("matching", "AuditEntry")
    Permission = apps.get_model("auth", "Permission")
    user = apps.get_model("users", "User").objects.create(username="auditor")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="matching", codename="change_auditentry")
    )
    when = dt.datetime(2026, 5, 1, 9, 30, tzinfo=dt.UTC)
    for n in range(3):
        Entry.objects.create(
            at=when + dt.timedelta(minutes=n),
            actor_id=user.pk if n else None,
            actor_label="" if n else "system",
            action="change",
            object_type="need",
            object_id=10 + n,
            detail=f"state {n}",
        )
    Entry.objects.filter(object_id=10).delete()  # ids need not be consecutive
    fields = ("id", "at", "actor_id", "actor_label", "action", "object_type", "object_id", "detail")
    before = list(Entry.objects.order_by("pk").values_list(*fields))

    apps = migrate(WITH_CORE_AUDIT)
    Moved = apps.get_model("core", "AuditEntry")
    assert list(Moved.objects.order_by("pk").values_list(*fields)) == before
    assert Moved.objects.create(action="create", object_type="need", object_id=1).pk > before[-1][0]
    Permission = apps.get_model("auth", "Permission")
    assert not Permission.objects.filter(content_type__model="auditentry").exclude(
        content_type__app_label="core"
    )
    coordinators = apps.get_model("auth", "Group").objects.get(name=COORDINATORS_GROUP)
    log = {"content_type__model": "auditentry"}
    assert set(coordinators.permissions.filter(**log).values_list("codename", flat=True)) == {
        "view_auditentry"
    }
    moved_user = apps.get_model("users", "User").objects.get(pk=user.pk)
    assert list(
        moved_user.user_permissions.filter(**log).values_list("content_type__app_label", "codename")
    ) == [("core", "change_auditentry")]

    Moved.objects.filter(object_type="need", object_id=1).delete()
    apps = migrate(BEFORE_CORE_AUDIT)
    back = apps.get_model("matching", "AuditEntry")
    assert list(back.objects.order_by("pk").values_list(*fields)) == before
    assert not AuditEntry.objects.exists()  # the core's table stays, empty
    coordinators = apps.get_model("auth", "Group").objects.get(name=COORDINATORS_GROUP)
    assert list(
        coordinators.permissions.filter(**log).values_list("content_type__app_label", "codename")
    ) == [("matching", "view_auditentry")]
    assert get_user_model().objects.filter(pk=user.pk).exists()
