"""A teacher's request from the form to feedback, with the work done by a real django-q2
cluster: emails, the batch, reminders and the feedback links."""

import datetime as dt
import re

import pytest
from django_q.tasks import async_task

from education.models import BatchRun, Booking, ClassRequest, Feedback
from tests.conftest import wait_for

from .conftest import school_day

pytestmark = pytest.mark.cluster


def test_from_the_teachers_form_to_feedback(q_cluster, world, client, coordinator):
    teacher = client.__class__()
    first, second = school_day(70), school_day(75)
    response = teacher.post(
        "/education/request/",
        {
            "school": world.school.pk,
            "teacher_name": "鈴木 先生",
            "email": "suzuki@school.example.jp",
            "grade": 4,
            "classes": 1,
            "pupils": 32,
            "programme": world.talk.pk,
            "date_1": first.strftime("%Y/%m/%d"),
            "first_period_1": 3,
            "last_period_1": 4,
            "date_2": second.isoformat(),
            "first_period_2": 3,
            "last_period_2": 4,
            "step_free": "on",
            "website": "",
        },
    )
    assert response.status_code == 302
    request = ClassRequest.objects.get()

    def link(pattern, address):
        for message in q_cluster.sent_messages():
            found = re.search(pattern, message)
            if found and address in message:
                return found.group(0)
        return None

    def mail(pattern, address, what):
        return wait_for(lambda: link(pattern, address), message=what)

    # The cluster delivers the reference number and the signed status link.
    status = mail(r"/education/status/[^/\s]+/", "suzuki@school.example.jp", "received email")
    assert request.reference in teacher.get(status).content.decode()

    # The coordinator runs the batch from the admin; the cluster computes the plan.
    coordinator.post("/admin/education/board/batch/", {"action": "run"})
    run = BatchRun.objects.get()
    wait_for(
        lambda: BatchRun.objects.filter(pk=run.pk, status=BatchRun.Status.DONE).exists(),
        message="batch run",
    )
    run.refresh_from_db()
    assert (run.fulfilled, run.requests_count, run.progress) == (1, 1, 100)
    coordinator.post(f"/admin/education/board/batch/{run.pk}/", {"action": "apply_all"})
    booking = Booking.objects.get()
    assert booking.date in (first, second)

    # Everyone booked answers yes through the link in their email.
    for booked in booking.people.select_related("lecturer"):
        answer = mail(r"/education/answer/[^/\s]+/", booked.lecturer.email, "proposal email")
        assert teacher.post(answer, {"answer": "accept"}).status_code == 302
    booking.refresh_from_db()
    assert booking.state == Booking.State.CONFIRMED

    # The teacher gets the details and the calendar file.
    ics = mail(r"/education/status/[^/\s]+/calendar\.ics", "suzuki@school.example.jp", "ics")
    assert b"BEGIN:VEVENT" in teacher.get(ics).content

    # Before the class, the schedule's task reminds the teacher; after it, asks for feedback.
    async_task("education.tasks.daily", (booking.date - dt.timedelta(days=2)).isoformat())
    wait_for(
        lambda: any("Reminder" in m or "お知らせ" in m for m in q_cluster.sent_messages()),
        message="reminder",
    )
    async_task("education.tasks.daily", (booking.date + dt.timedelta(days=1)).isoformat())
    feedback = mail(r"/education/feedback/[^/\s]+/", "suzuki@school.example.jp", "feedback email")
    request.refresh_from_db()
    assert request.state == ClassRequest.State.DONE
    response = teacher.post(feedback, {"rating": "5", "pupils_reached": "32", "comments": "好評"})
    assert response.status_code == 302
    assert Feedback.objects.get().pupils_reached == 32

    # The year's report counts the class and its pupils.
    year = booking.date.year if booking.date.month >= 4 else booking.date.year - 1
    csv = coordinator.get("/admin/education/board/report/", {"year": year, "export": "schools"})
    assert "御器所小学校" in csv.content.decode("utf-8-sig")
