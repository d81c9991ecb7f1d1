"""Personal data on request (APPI): staff with the right permission download or erase a
teacher's requests and a lecturer's record; every export and erasure is in the audit log;
the statistics stay."""

import datetime as dt
import json

from django.contrib.auth.models import Permission
from django.urls import reverse

import pytest

from education import services
from education.models import BookedPerson, Booking, ClassRequest, Feedback, Lecturer
from kokoron.core.models import AuditEntry
from kokoron.notifications.models import Notification

from .conftest import school_day
from .test_views import send

TEACHER = "suzuki@school.example.jp"


def done_class(client, world, **overrides):
    """A request whose class took place, with the teacher's feedback."""
    send(client, world, **overrides)
    request = ClassRequest.objects.order_by("pk").last()
    booking = services.propose(request, services.suggest(request)[0][0])
    services.confirm_for_everyone(booking)
    services.finish_classes(on=booking.date + dt.timedelta(days=1))
    booking.refresh_from_db()
    services.record_feedback(
        booking,
        Feedback.Author.TEACHER,
        {"rating": 5, "pupils_reached": 30, "comments": "鈴木より"},
    )
    return request, booking


@pytest.fixture
def viewer(client, django_user_model):
    """Staff who see requests and lecturers but may not export or erase them."""
    user = django_user_model.objects.create_user("viewer", "v@example.jp", "pw", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_classrequest"),
        Permission.objects.get(codename="view_lecturer"),
    )
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_only_staff_with_the_right_permission_see_export_or_erase(viewer, world, client):
    send(client, world)
    teacher = f"{reverse('education_board:teacher_data')}?email={TEACHER}"
    lecturer = reverse("education_board:lecturer_data", args=[world.lecturer.pk])
    # They see the screens, without the download links or the erase form...
    for url in (teacher, lecturer):
        page = viewer.get(url)
        assert page.status_code == 200, url
        assert "format=json" not in page.content.decode() and 'value="erase"' not in (
            page.content.decode()
        )
    # ...and may not download or erase: the permission of the effect (education.permissions).
    for url in (f"{teacher}&format=json", f"{lecturer}?format=csv"):
        assert viewer.get(url).status_code == 403, url
    response = viewer.post(teacher, {"action": "erase", "confirm": TEACHER})
    assert response.status_code == 403
    assert ClassRequest.objects.get().teacher_name == "鈴木 先生"
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


@pytest.mark.django_db
def test_a_teachers_requests_as_json_and_csv_each_written_to_the_audit_log(
    client, coordinator, world
):
    request, _booking = done_class(client, world)
    url = f"{reverse('education_board:teacher_data')}?email=Suzuki@School.example.jp"
    page = coordinator.get(url)
    assert page.status_code == 200 and request.reference in page.content.decode()
    response = coordinator.get(url + "&format=json")
    assert response["Content-Disposition"] == 'attachment; filename="teacher.json"'
    data = json.loads(response.content)
    (exported,) = data["requests"]
    assert exported["teacher_name"] == "鈴木 先生"
    assert exported["teacher_phone"] == "052-000-1111"
    assert exported["programmes"] == ["当事者講師のお話"]
    assert exported["feedback"][0]["comments"] == "鈴木より"
    assert "aoki@example.jp" not in response.content.decode()  # not the lecturers' data
    csv = coordinator.get(url + "&format=csv").content.decode("utf-8-sig")
    assert f"requests.0.teacher_email,{TEACHER}" in csv
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT)
    assert [(e.object_type, e.object_id, e.actor.username) for e in entries] == [
        ("classrequest", request.pk, "coordinator"),
        ("classrequest", request.pk, "coordinator"),
    ]
    assert all(TEACHER not in e.detail and "鈴木" not in e.detail for e in entries)


@pytest.mark.django_db
def test_erasing_a_teacher_keeps_the_statistics_and_stops_the_links(client, coordinator, world):
    request, booking = done_class(client, world)
    send(client, world, date_1=school_day(90).isoformat(), date_2="")
    pending = ClassRequest.objects.order_by("pk").last()
    status = reverse("education:status", args=[services.request_token(request)])
    year = booking.date.year if booking.date.month >= 4 else booking.date.year - 1
    before = services.report(year)
    url = f"{reverse('education_board:teacher_data')}?email={TEACHER}"

    coordinator.post(url, {"action": "erase", "confirm": "someone@else.jp"})
    assert ClassRequest.objects.filter(teacher_email=TEACHER).count() == 2

    response = coordinator.post(url, {"action": "erase", "confirm": TEACHER})
    assert response.status_code == 302
    assert not ClassRequest.objects.filter(teacher_email__iexact=TEACHER).exists()
    for erased in ClassRequest.objects.all():
        assert (erased.teacher_name, erased.teacher_phone, erased.notes) == ("", "", "")
        assert erased.teacher_email.endswith("@erased.invalid")
    pending.refresh_from_db()
    assert pending.state == ClassRequest.State.CANCELLED
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.pupils_reached, feedback.comments) == (5, 30, "")
    assert services.report(year) == before  # classes and pupils reached per school
    assert client.get(status).status_code == 400  # the old link no longer works
    assert not Notification.objects.filter(recipient__iexact=TEACHER).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert (entry.object_type, entry.object_id, entry.actor.username) == (
        "classrequest",
        request.pk,
        "coordinator",
    )


@pytest.mark.django_db
def test_a_lecturers_data_exported_and_erased_classes_stay_counted(client, coordinator, world):
    _request, booking = done_class(client, world)
    lecturer = booking.people.get(role=BookedPerson.Role.LECTURER).lecturer
    # A class to come, with the same lecturer.
    send(client, world, date_1=school_day(90).isoformat(), date_2="")
    upcoming_request = ClassRequest.objects.order_by("pk").last()
    upcoming = services.propose(upcoming_request, services.suggest(upcoming_request)[0][0])
    assert upcoming.people.filter(lecturer=lecturer).exists()
    url = reverse("education_board:lecturer_data", args=[lecturer.pk])
    assert coordinator.get(url).status_code == 200
    data = json.loads(coordinator.get(url + "?format=json").content)
    assert data["lecturer"]["email"] == lecturer.email
    assert {c["date"] for c in data["classes"]} == {
        booking.date.isoformat(),
        upcoming.date.isoformat(),
    }
    csv = coordinator.get(url + "?format=csv").content.decode("utf-8-sig")
    assert f"lecturer.email,{lecturer.email}" in csv
    year = booking.date.year if booking.date.month >= 4 else booking.date.year - 1
    counted = {row["reference"]: row["classes"] for row in services.report(year)["lecturers"]}

    coordinator.post(url, {"action": "erase", "confirm": "L-999999"})
    lecturer.refresh_from_db()
    assert lecturer.email

    coordinator.post(url, {"action": "erase", "confirm": lecturer.reference})
    lecturer.refresh_from_db()
    assert (lecturer.email, lecturer.phone, lecturer.name_kana, lecturer.active) == (
        "",
        "",
        "",
        False,
    )
    assert lecturer.name not in {"青木 みどり", "石田 健一"}
    upcoming.refresh_from_db()
    upcoming_request.refresh_from_db()
    assert upcoming.state == Booking.State.CANCELLED
    assert upcoming_request.state == ClassRequest.State.ARRANGING
    after = {row["reference"]: row["classes"] for row in services.report(year)["lecturers"]}
    assert after == counted
    actions = set(
        AuditEntry.objects.filter(object_type="lecturer", object_id=lecturer.pk).values_list(
            "action", flat=True
        )
    )
    assert actions == {AuditEntry.Action.EXPORT, AuditEntry.Action.DELETE}
    assert not Lecturer.objects.filter(email=data["lecturer"]["email"]).exists()
