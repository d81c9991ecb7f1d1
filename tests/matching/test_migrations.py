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


BEFORE_SIGNUPS_APP = ("signups", None)
SIGNUP_MODELS = (
    "opportunityindexpage",
    "opportunitypage",
    "session",
    "sessionmessage",
    "signup",
    "certificate",
)


def old_page(apps, model, path, title, **fields):
    """A page of one of matching's page models, made with the historical models."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    locale, _created = apps.get_model("wagtailcore", "Locale").objects.get_or_create(
        language_code="ja"
    )
    content_type, _created = ContentType.objects.get_or_create(
        app_label="matching", model=model.lower()
    )
    return apps.get_model("matching", model).objects.create(
        title=title,
        draft_title=title,
        slug=title,
        path=path,
        depth=len(path) // 4,
        url_path=f"/{title}/",
        locale=locale,
        content_type=content_type,
        live=True,
        **fields,
    )


def sign_up_rows(apps, label):
    """Every sign-up row, by model, as (id, a field that tells it) pairs."""
    return {
        "pages": list(
            apps.get_model(label, "OpportunityPage").objects.values_list("pk", "summary")
        ),
        "sessions": list(
            apps.get_model(label, "Session").objects.values_list("pk", "opportunity_id")
        ),
        "signups": list(apps.get_model(label, "Signup").objects.values_list("pk", "session_id")),
        "messages": list(
            apps.get_model(label, "SessionMessage").objects.values_list("pk", "session_id")
        ),
        "certificates": list(
            apps.get_model(label, "Certificate").objects.values_list("pk", "signups")
        ),
    }


def sign_up_types(apps):
    """{model: (id, app label)} of the sign-ups' content types, and whether any is doubled."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    rows = ContentType.objects.filter(
        model__in=SIGNUP_MODELS, app_label__in=["matching", "signups"]
    )
    types = {row.model: (row.pk, row.app_label) for row in rows}
    pairs = list(ContentType.objects.values_list("app_label", "model"))
    return types, len(pairs) != len(set(pairs))


@pytest.mark.django_db(transaction=True)
def test_the_sign_ups_become_their_own_app_and_back_with_their_rows_types_and_permissions(
    back_to_latest,
):
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from wagtail.models import Page, Revision

    from matching.signups.models import Certificate, OpportunityPage, Signup

    apps = migrate(BEFORE_SIGNUPS_APP)
    tables = connection.introspection.table_names()
    assert "matching_signup" in tables and "signups_signup" not in tables
    index = old_page(apps, "OpportunityIndexPage", "00090001", "experiences")
    page = old_page(apps, "OpportunityPage", "000900010001", "care-home", summary="夏の体験")
    Session = apps.get_model("matching", "Session")
    start = dt.datetime(2027, 8, 1, 9, tzinfo=dt.UTC)
    session = Session.objects.create(
        opportunity=page,
        start=start,
        end=start + dt.timedelta(hours=3),
        place_name="白金荘",
        capacity=5,
    )
    signup = apps.get_model("matching", "Signup").objects.create(
        session=session,
        state="confirmed",
        name="青木 はな",
        name_kana="あおき はな",
        grade=8,
        age=13,
        email="hana@example.jp",
        emergency_contact="090-0000-0000",
    )
    apps.get_model("matching", "SessionMessage").objects.create(
        session=session, subject="持ち物", body="上履き"
    )
    certificate = apps.get_model("matching", "Certificate").objects.create(
        number=rules.certificate_number(2027, 1),
        name="青木 はな",
        email="hana@example.jp",
        date_from=start.date(),
        date_to=start.date(),
        total_hours=3,
    )
    certificate.signups.add(signup)
    page_type = page.content_type
    apps.get_model("wagtailcore", "Revision").objects.create(
        content_type=page_type,
        base_content_type=page_type,
        object_id=str(page.pk),
        created_at=start,
        content={"pk": page.pk, "title": page.title, "summary": page.summary},
    )
    # Staff who edit the experiences: a page permission on the index, and seeing sessions.
    Permission = apps.get_model("auth", "Permission")
    group = apps.get_model("auth", "Group").objects.create(name="Experience editors")
    apps.get_model("wagtailcore", "GroupPagePermission").objects.create(
        group=group,
        page=index,
        permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename="change_page"
        ),
    )
    group.permissions.add(
        Permission.objects.get(content_type__app_label="matching", codename="view_session")
    )
    editor = apps.get_model("users", "User").objects.create(username="editor")
    editor.groups.add(group)
    before = sign_up_rows(apps, "matching")
    types, doubled = sign_up_types(apps)
    assert {label for _pk, label in types.values()} == {"matching"} and not doubled

    apps = migrate(("signups", "0002_signups_tables"))
    assert sign_up_rows(apps, "signups") == before
    tables = connection.introspection.table_names()
    assert "signups_certificate_signups" in tables and "matching_signup" not in tables
    moved, doubled = sign_up_types(apps)
    assert moved == {model: (pk, "signups") for model, (pk, _label) in types.items()}
    assert not doubled
    # Today's models read them: the page is still the specific page, its revision too.
    assert ContentType.objects.get_for_model(OpportunityPage).pk == types["opportunitypage"][0]
    specific = Page.objects.get(pk=page.pk).specific
    assert isinstance(specific, OpportunityPage)
    assert [s.pk for s in specific.sessions.all()] == [session.pk]
    assert Revision.objects.get(object_id=str(page.pk)).as_object().summary == "夏の体験"
    assert list(Certificate.objects.get(pk=certificate.pk).signups.all()) == [
        Signup.objects.get(pk=signup.pk)
    ]
    editor = get_user_model().objects.get(pk=editor.pk)
    assert editor.has_perm("signups.view_session") and not editor.has_perm("signups.view_signup")
    assert specific.permissions_for_user(editor).can_edit()

    apps = migrate(BEFORE_SIGNUPS_APP)
    assert sign_up_rows(apps, "matching") == before
    assert sign_up_types(apps) == (types, False)
    tables = connection.introspection.table_names()
    assert "matching_signup" in tables and "signups_signup" not in tables
    group = apps.get_model("auth", "Group").objects.get(name="Experience editors")
    assert list(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("matching", "view_session")
    ]
    assert group.page_permissions.get().page_id == index.pk
    assert (
        apps.get_model("wagtailcore", "Page").objects.get(pk=page.pk).content_type_id
        == (types["opportunitypage"][0])
    )


@pytest.mark.django_db(transaction=True)
def test_types_made_twice_on_a_database_left_half_way_are_made_one_again(back_to_latest):
    # `migrate matching 0016` leaves signups 0001 applied, and post_migrate then makes the
    # sign-ups' types (and permissions) afresh beside matching's, which carry the pages.
    apps = migrate(("matching", "0016_goes_to_district_volunteer_index"))
    ContentType = apps.get_model("contenttypes", "ContentType")
    types, _doubled = sign_up_types(apps)
    assert {label for _pk, label in types.values()} == {"matching"}
    made_twice = ContentType.objects.create(app_label="signups", model="signup")
    apps.get_model("auth", "Permission").objects.create(
        content_type=made_twice, codename="view_signup", name="Can view sign-up"
    )

    apps = migrate(("signups", "0002_signups_tables"))
    moved, doubled = sign_up_types(apps)
    assert moved == {model: (pk, "signups") for model, (pk, _label) in types.items()}
    assert not doubled
    assert not apps.get_model("auth", "Permission").objects.filter(content_type=made_twice.pk)
