"""Volunteers' trainings: the expiry worked out from the training's years of validity, staff's
screens, the volunteer's own page, and the reminder before a training runs out."""

import datetime as dt

from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.utils import translation

import pytest

from kokoron.core.choices import COORDINATORS_GROUP
from kokoron.core.models import AuditEntry
from kokoron.notifications.models import Notification
from matching import own_page, tasks
from matching.dashboard import work_items
from matching.engine.dates import expiry_date, weekly_dates
from matching.factories import TrainingFactory, VolunteerTrainingFactory
from matching.models import (
    Volunteer,
    VolunteerTraining,
)
from tests.concurrency import in_parallel, raised
from tests.conftest import migrate, wait_for

# The date maths, directly ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("completed", "years", "expected"),
    [
        (dt.date(2025, 4, 10), 3, dt.date(2028, 4, 10)),
        (dt.date(2024, 2, 29), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 4, dt.date(2028, 2, 29)),
        (dt.date(2023, 12, 31), 1, dt.date(2024, 12, 31)),
        (dt.date(2025, 4, 10), None, None),
        (dt.date(2025, 4, 10), 0, None),
        (None, 3, None),
    ],
)
def test_expiry_date(completed, years, expected):
    assert expiry_date(completed, years) == expected


def test_weekly_dates_within_a_period():
    start = dt.date(2026, 6, 6)  # a Saturday
    assert weekly_dates(start, None, dt.date(2026, 6, 1), dt.date(2026, 6, 20)) == [
        dt.date(2026, 6, 6),
        dt.date(2026, 6, 13),
        dt.date(2026, 6, 20),
    ]
    assert weekly_dates(start, dt.date(2026, 6, 13), dt.date(2026, 6, 7), dt.date(2026, 7, 1)) == [
        dt.date(2026, 6, 13)
    ]
    assert weekly_dates(start, None, dt.date(2026, 6, 7), dt.date(2026, 6, 12)) == []


# The model ---------------------------------------------------------------------------------


def test_saving_derives_an_empty_expiry_and_keeps_a_given_one(world):
    three_years = TrainingFactory(valid_years=3)
    forever = TrainingFactory(valid_years=None)
    done = VolunteerTrainingFactory(training=three_years, completed_on=dt.date(2024, 2, 29))
    assert done.expires_on == dt.date(2027, 2, 28)
    given = VolunteerTrainingFactory(
        training=three_years, completed_on=dt.date(2024, 5, 1), expires_on=dt.date(2025, 5, 1)
    )
    given.refresh_from_db()
    assert given.expires_on == dt.date(2025, 5, 1)
    assert VolunteerTrainingFactory(training=forever).expires_on is None
    # A change of the completion date alone, with the expiry emptied, works it out again.
    done.completed_on, done.expires_on = dt.date(2025, 1, 15), None
    done.save(update_fields=["completed_on"])
    done.refresh_from_db()
    assert done.expires_on == dt.date(2028, 1, 15)


def test_clean_derives_and_refuses_an_expiry_before_completion(world):
    from django.core.exceptions import ValidationError

    row = VolunteerTraining(
        volunteer=world.volunteer(),
        training=TrainingFactory(valid_years=2),
        completed_on=dt.date(2025, 3, 1),
    )
    row.full_clean()
    assert row.expires_on == dt.date(2027, 3, 1)
    row.expires_on = dt.date(2025, 2, 1)
    with pytest.raises(ValidationError) as error:
        row.full_clean()
    assert "expires_on" in error.value.message_dict


# The data migration ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_fills_empty_expiries_from_valid_years(world, back_to_latest):
    volunteer = world.volunteer()
    apps = migrate(("matching", "0011_absence_reason_training_reminder"))
    Training = apps.get_model("matching", "Training")
    Row = apps.get_model("matching", "VolunteerTraining")
    from wagtail.models import Locale

    locale_id = Locale.get_default().pk
    five = Training.objects.create(name="五年", slug="five", valid_years=5, locale_id=locale_id)
    never = Training.objects.create(name="無期限", slug="never", locale_id=locale_id)
    leap = Row.objects.create(
        volunteer_id=volunteer.pk, training=five, completed_on=dt.date(2024, 2, 29)
    )
    kept = Row.objects.create(
        volunteer_id=volunteer.pk,
        training=five,
        completed_on=dt.date(2024, 1, 1),
        expires_on=dt.date(2026, 1, 1),
    )
    forever = Row.objects.create(
        volunteer_id=volunteer.pk, training=never, completed_on=dt.date(2024, 1, 1)
    )
    migrate(("matching", "0012_fill_training_expiry"))
    expiries = dict(VolunteerTraining.objects.values_list("pk", "expires_on"))
    assert expiries[leap.pk] == dt.date(2029, 2, 28)
    assert expiries[kept.pk] == dt.date(2026, 1, 1)
    assert expiries[forever.pk] is None


# Staff's screens -----------------------------------------------------------------------------


def test_coordinators_may_add_change_delete_and_view_trainings(world):
    group = Group.objects.get(name=COORDINATORS_GROUP)
    codenames = set(
        group.permissions.filter(content_type__model="volunteertraining").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {
        "add_volunteertraining",
        "change_volunteertraining",
        "delete_volunteertraining",
        "view_volunteertraining",
    }


def rows_listed(client, **query):
    response = client.get("/admin/matching/trainings/", query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def three_rows(world):
    training, other = world.trainings["first-aid"], world.trainings["escort"]
    soon = VolunteerTrainingFactory(
        volunteer=world.volunteer(),
        training=training,
        completed_on=world.today - dt.timedelta(days=300),
        expires_on=world.today + dt.timedelta(days=10),
    )
    later = VolunteerTrainingFactory(
        volunteer=world.volunteer(),
        training=other,
        completed_on=world.today - dt.timedelta(days=30),
        expires_on=world.today + dt.timedelta(days=200),
    )
    gone = VolunteerTrainingFactory(
        volunteer=world.volunteer(),
        training=training,
        completed_on=world.today - dt.timedelta(days=800),
        expires_on=world.today - dt.timedelta(days=1),
    )
    return training, soon, later, gone


def test_the_list_filters_by_training_expiring_soon_and_expired(client, world, three_rows):
    training, soon, later, gone = three_rows
    client.force_login(world.coordinator)
    names = {row: row.volunteer.person.name for row in (soon, later, gone)}

    def shown(**query):
        html = rows_listed(client, **query)
        return {row for row, name in names.items() if name in html}

    assert shown() == {soon, later, gone}
    assert shown(training=training.pk) == {soon, gone}
    assert shown(expiring_within=30) == {soon}
    assert shown(expiring_within=365) == {soon, later}
    assert shown(expired="true") == {gone}
    assert shown(expired="false") == {soon, later}
    # A number that is not one is refused by the filter, never a server error.
    assert client.get("/admin/matching/trainings/", {"expiring_within": "x"}).status_code == 200


def test_a_coordinator_adds_edits_and_deletes_a_training(client, world):
    client.force_login(world.coordinator)
    volunteer = world.volunteer()
    training = TrainingFactory(valid_years=3)
    form = client.get(f"/admin/matching/trainings/new/?volunteer={volunteer.pk}")
    assert form.status_code == 200
    assert f'<option value="{volunteer.pk}" selected>' in form.content.decode()
    response = client.post(
        "/admin/matching/trainings/new/",
        {
            "volunteer": volunteer.pk,
            "training": training.pk,
            "completed_on": "2024-02-29",
            "expires_on": "",
        },
    )
    assert response.status_code == 302
    row = VolunteerTraining.objects.get(volunteer=volunteer)
    assert row.expires_on == dt.date(2027, 2, 28)
    assert AuditEntry.objects.filter(
        object_type="volunteertraining", object_id=row.pk, actor=world.coordinator
    ).exists()
    bad = client.post(
        f"/admin/matching/trainings/edit/{row.pk}/",
        {
            "volunteer": volunteer.pk,
            "training": training.pk,
            "completed_on": "2024-02-29",
            "expires_on": "2023-01-01",
        },
    )
    with translation.override("ja"):
        message = translation.gettext("A training cannot expire before it is done.")
    assert bad.status_code == 200 and message in bad.content.decode()
    row.refresh_from_db()
    assert row.expires_on == dt.date(2027, 2, 28)
    assert (
        client.post(
            f"/admin/matching/trainings/edit/{row.pk}/",
            {
                "volunteer": volunteer.pk,
                "training": training.pk,
                "completed_on": "2024-02-29",
                "expires_on": "2026-12-31",
            },
        ).status_code
        == 302
    )
    row.refresh_from_db()
    assert row.expires_on == dt.date(2026, 12, 31)
    # The volunteer's own screen shows it, with a link to edit and one to add another.
    html = client.get(f"/admin/matching/volunteers/edit/{volunteer.pk}/").content.decode()
    assert "受講した研修" in html
    assert f"/admin/matching/trainings/edit/{row.pk}/" in html
    assert f"/admin/matching/trainings/new/?volunteer={volunteer.pk}" in html
    assert client.post(f"/admin/matching/trainings/delete/{row.pk}/").status_code == 302
    assert not VolunteerTraining.objects.exists()


def test_the_superuser_and_a_viewer_and_staff_without_the_permission(
    client, world, django_user_model, three_rows
):
    _training, soon, _later, _gone = three_rows
    admin = django_user_model.objects.create_superuser("root", "root@example.jp", "pw")
    client.force_login(admin)
    assert client.get("/admin/matching/trainings/").status_code == 200
    assert client.get(f"/admin/matching/trainings/edit/{soon.pk}/").status_code == 200
    access = Permission.objects.get(codename="access_admin")
    view = Permission.objects.get(codename="view_volunteertraining")
    viewer = django_user_model.objects.create_user("viewer", "viewer@example.jp", "pw")
    viewer.user_permissions.add(access, view)
    as_viewer = Client()
    as_viewer.force_login(viewer)
    assert as_viewer.get("/admin/matching/trainings/").status_code == 200
    assert as_viewer.get("/admin/matching/trainings/new/").status_code in (302, 403)
    stranger = django_user_model.objects.create_user("stranger", "stranger@example.jp", "pw")
    stranger.user_permissions.add(access)
    as_stranger = Client()
    as_stranger.force_login(stranger)
    assert as_stranger.get("/admin/matching/trainings/").status_code in (302, 403)
    names = [item.label for item in work_items(stranger)]
    assert not any("training" in str(name).lower() for name in names)


def test_the_work_panel_counts_trainings_running_out(world, three_rows):
    item = next(i for i in work_items(world.coordinator) if "/matching/trainings/" in i.url)
    assert item.count == 1 and f"expiring_within={tasks.REMINDER_DAYS}" in item.url


# The volunteer's own page --------------------------------------------------------------------


def test_the_volunteer_sees_their_trainings_and_dates(client, world):
    volunteer = world.volunteer()
    row = VolunteerTrainingFactory(
        volunteer=volunteer,
        training=TrainingFactory(name="認知症サポーター養成講座", valid_years=None),
        completed_on=dt.date(2025, 6, 1),
        expires_on=dt.date(2026, 6, 1),
    )
    VolunteerTrainingFactory(volunteer=world.volunteer(), training=row.training)
    token = own_page.token_for(volunteer)
    for prefix in ("/en", "", "/ja-easy"):
        html = client.get(f"{prefix}/volunteer/me/{token}/").content.decode()
        assert "認知症サポーター養成講座" in html
        assert "2025-06-01" in html and "2026-06-01" in html
        assert html.count("認知症サポーター養成講座") == 1  # not another volunteer's


# The reminder --------------------------------------------------------------------------------


def soon_row(world, days=20, language="ja", **kw):
    volunteer = world.volunteer(**kw)
    volunteer.person.language = language
    volunteer.person.save()
    return VolunteerTrainingFactory(
        volunteer=volunteer,
        training=TrainingFactory(valid_years=3),
        completed_on=world.today - dt.timedelta(days=1000),
        expires_on=world.today + dt.timedelta(days=days),
    )


def test_the_reminder_goes_once_per_expiry_in_the_volunteers_language(world):
    english = soon_row(world, language="en")
    japanese = soon_row(world, days=tasks.REMINDER_DAYS)
    soon_row(world, days=tasks.REMINDER_DAYS + 1)  # not yet
    soon_row(world, days=-1)  # run out already
    soon_row(world, status=Volunteer.Status.RETIRED)  # no longer a volunteer
    assert tasks.remind_training_expiry() == 2
    sent = Notification.objects.filter(template="matching_training_expiry")
    assert {n.recipient for n in sent} == {
        english.volunteer.person.email,
        japanese.volunteer.person.email,
    }
    mail = sent.get(recipient=english.volunteer.person.email)
    assert mail.language == "en"
    assert mail.context["expires_on"] == english.expires_on.isoformat()
    assert "/volunteer/me/" in mail.context["link"]
    token = mail.context["link"].rstrip("/").split("/")[-1]
    assert own_page.volunteer_from_token(token) == english.volunteer
    # The next day's run sends nothing again.
    assert tasks.remind_training_expiry() == 0
    assert Notification.objects.filter(template="matching_training_expiry").count() == 2
    # Renewed with a new expiry that is soon again: reminded for that one.
    english.expires_on = world.today + dt.timedelta(days=5)
    english.save()
    assert tasks.remind_training_expiry() == 1
    assert Notification.objects.filter(template="matching_training_expiry").count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_reminder_once(world):
    rows = [soon_row(world) for _ in range(3)]
    results = in_parallel(tasks.remind_training_expiry, tasks.remind_training_expiry)
    assert not raised(results) and sum(results) == 3
    assert Notification.objects.filter(template="matching_training_expiry").count() == 3
    assert all(
        row.expires_on == reminded
        for row, reminded in zip(
            rows,
            VolunteerTraining.objects.order_by("pk").values_list("reminded_for", flat=True),
            strict=True,
        )
    )


def test_the_reminder_is_scheduled_daily(db):
    from django_q.models import Schedule

    from kokoron.core.setup import sync_schedules

    assert "kokoron.matching.training_reminders" in sync_schedules()
    schedule = Schedule.objects.get(name="kokoron.matching.training_reminders")
    assert schedule.func == "matching.tasks.remind_training_expiry"
    assert schedule.schedule_type == Schedule.DAILY


@pytest.mark.cluster
def test_the_schedule_reminds_through_a_real_cluster_once(q_cluster, world):
    from email import message_from_string
    from email.header import decode_header, make_header

    from django.utils import timezone

    from django_q.brokers import get_broker
    from django_q.models import Schedule, Task
    from django_q.scheduler import scheduler

    from kokoron.core.setup import sync_schedules

    row = soon_row(world, language="en")
    ours = "kokoron.matching.training_reminders"
    assert ours in sync_schedules()
    Schedule.objects.exclude(name=ours).update(next_run=timezone.now() + dt.timedelta(days=1))

    def run_schedule():
        Schedule.objects.filter(name=ours).update(next_run=timezone.now())
        scheduler(broker=get_broker())

    def subjects():
        return [
            (message["To"], str(make_header(decode_header(message["Subject"]))))
            for message in map(message_from_string, q_cluster.sent_messages())
        ]

    run_schedule()
    sent = wait_for(lambda: subjects(), message="the reminder")
    assert sent == [
        (
            row.volunteer.person.email,
            f"Your training runs out on {row.expires_on.isoformat()}",
        )
    ]
    run_schedule()
    wait_for(
        lambda: Task.objects.filter(func="matching.tasks.remind_training_expiry").count() == 2,
        message="the second run",
    )
    assert len(subjects()) == 1
