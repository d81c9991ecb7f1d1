"""The teacher's request, its status page, lecturers' answers, feedback and the admin."""

import datetime as dt

from django.conf import settings as django_settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

import icalendar
import pytest

from education import services
from education.models import (
    BatchRun,
    BookedPerson,
    Booking,
    ClassRequest,
    Feedback,
    SchoolHoliday,
)
from kokoron.notifications.models import Notification

from .conftest import school_day


def form_data(world, **overrides):
    data = {
        "school": world.school.pk,
        "teacher_name": "鈴木 先生",
        "email": "suzuki@school.example.jp",
        "phone": "052-000-1111",
        "grade": 4,
        "classes": 1,
        "pupils": 30,
        "programme": world.talk.pk,
        "date_1": school_day(70).strftime("%Y/%m/%d"),
        "first_period_1": 3,
        "last_period_1": 4,
        "step_free": "on",
        "notes": "",
        "website": "",
    }
    # A second date with its periods, unless the test leaves it out (date_2=""): then its
    # periods are left empty too, as the form shows them.
    if overrides.get("date_2") != "":
        data.update({"date_2": school_day(75).isoformat(), "first_period_2": 1, "last_period_2": 2})
    data.update(overrides)
    return data


def send(client, world, **overrides):
    return client.post(reverse("education:request"), form_data(world, **overrides))


@pytest.mark.django_db
def test_a_teacher_asks_gets_a_reference_and_a_signed_status_link(client, world):
    response = send(client, world)
    assert response.status_code == 302
    request = ClassRequest.objects.get()
    assert request.reference.startswith("E-")
    assert [d.rank for d in request.dates.all()] == [1, 2]
    page = client.get(response["Location"]).content.decode()
    assert request.reference in page
    note = Notification.objects.get(template="education_received")
    assert note.recipient == "suzuki@school.example.jp"
    status = client.get(note.context["link"].removeprefix("http://testserver"))
    assert status.status_code == 200
    assert "受付" in status.content.decode()


@pytest.mark.django_db
def test_requests_are_limited_per_client_and_per_email_address(client, world):
    url = reverse("education:request")
    for n in range(3):
        assert client.post(url, form_data(world), REMOTE_ADDR=f"198.51.100.{n}").status_code == 302
    # The fourth to the same teacher's address is refused, from wherever it comes.
    refused = client.post(url, form_data(world), REMOTE_ADDR="198.51.100.9")
    assert refused.status_code == 429 and "多すぎます" in refused.content.decode()
    assert ClassRequest.objects.count() == 3
    assert Notification.objects.filter(template="education_received").count() == 3
    # Five from one client address, whatever the addresses, then no more.
    for n in range(5):
        assert client.post(url, form_data(world, email=f"t{n}@example.jp")).status_code == 302
    assert client.post(url, form_data(world, email="t9@example.jp")).status_code == 429
    assert ClassRequest.objects.count() == 8


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("date", "message"),
    [
        (lambda: school_day(-3), "This date has passed."),
        (lambda: school_day(10), "at least 60 days ahead"),
        (lambda: school_day(70) + dt.timedelta(days=(5 - school_day(70).weekday())), "weekend"),
    ],
)
def test_bad_dates_get_a_clear_message_and_change_nothing(client, world, date, message):
    response = client.post(
        "/en/education/request/", form_data(world, date_1=date().isoformat(), date_2="")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_date_1"' in html
    assert message in html
    assert not ClassRequest.objects.exists()


@pytest.mark.django_db
def test_a_school_holiday_and_a_programme_for_other_grades_are_refused(client, world):
    day = school_day(70)
    SchoolHoliday.objects.create(name="夏休み", first=day, last=day + dt.timedelta(days=30))
    response = send(client, world, date_2="")
    assert response.status_code == 400
    assert "学校の休業日" in response.content.decode()
    # The wheelchair experience is from the third grade.
    response = send(
        client,
        world,
        date_1=school_day(40 + 60).isoformat(),
        grade=1,
        programme=world.wheelchair.pk,
    )
    assert response.status_code == 400
    assert 'href="#id_programme"' in response.content.decode()
    assert not ClassRequest.objects.exists()


@pytest.mark.django_db
def test_the_form_speaks_japanese(client, world):
    response = send(client, world, date_1=school_day(3).isoformat())
    assert response.status_code == 400
    assert "日前までに" in response.content.decode()


@pytest.mark.django_db
def test_forged_and_expired_links_are_refused(client, world, monkeypatch):
    send(client, world)
    request = ClassRequest.objects.get()
    token = services.request_token(request)
    assert client.get(reverse("education:status", args=[token[:-2] + "xx"])).status_code == 400
    assert client.get(reverse("education:answer", args=[token])).status_code == 400  # wrong salt
    monkeypatch.setattr(services.REQUEST_LINK, "max_age", dt.timedelta(days=-1))
    response = client.post(reverse("education:status", args=[token]), {"action": "cancel"})
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.state == ClassRequest.State.RECEIVED
    assert signing.loads(token, salt=services.REQUEST_LINK.purpose)["i"] == request.pk


@pytest.mark.django_db
def test_the_teacher_changes_dates_then_cancels(client, world):
    send(client, world)
    request = ClassRequest.objects.get()
    url = reverse("education:status", args=[services.request_token(request)])
    bad = client.post(url, {"action": "change", "change-date_1": school_day(5).isoformat()})
    assert bad.status_code == 400
    assert [d.date for d in request.dates.all()] == [school_day(70), school_day(75)]
    new = school_day(90)
    response = client.post(
        url,
        {
            "action": "change",
            "change-date_1": new.isoformat(),
            "change-first_period_1": 2,
            "change-last_period_1": 3,
        },
    )
    assert response.status_code == 302
    assert [(d.date, d.first_period) for d in request.dates.all()] == [(new, 2)]
    client.post(url, {"action": "cancel"})
    request.refresh_from_db()
    assert request.state == ClassRequest.State.CANCELLED
    # Cancelling again (a second click) is the same cancellation: coordinators told once.
    assert client.post(url, {"action": "cancel"}).status_code == 302
    assert Notification.objects.filter(key=f"education-cancel-{request.pk}").count() == 1
    # Cancelled: nothing more can change.
    changed = {"action": "change", "change-date_1": new.isoformat()}
    assert client.post(url, changed).status_code == 400
    assert [(d.date, d.first_period) for d in request.dates.all()] == [(new, 2)]


@pytest.mark.django_db
def test_coordinator_proposes_lecturers_accept_and_the_teacher_gets_an_ics(
    client, coordinator, world
):
    send(coordinator, world, programme=world.talk.pk)
    request = ClassRequest.objects.get()
    page = coordinator.get(reverse("education_board:request", args=[request.pk]))
    assert page.status_code == 200
    assert "青木" in page.content.decode()
    response = coordinator.post(
        reverse("education_board:request", args=[request.pk]), {"action": "propose", "choice": "0"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.state == ClassRequest.State.PROPOSED
    booking = request.booking
    people = list(booking.people.all())
    assert people
    for booked in people:
        url = reverse("education:answer", args=[services.person_token(booked)])
        assert client.post(url, {"answer": "maybe"}).status_code == 400
        assert client.post(url, {"answer": "accept"}).status_code == 302
    booking.refresh_from_db()
    assert booking.state == Booking.State.CONFIRMED
    assert Notification.objects.filter(template="education_confirmed").exists()
    ics = client.get(reverse("education:calendar", args=[services.request_token(request)]))
    assert ics.status_code == 200
    assert b"BEGIN:VEVENT" in ics.content and b"TZID=Asia/Tokyo" in ics.content
    # Answering again changes nothing.
    url = reverse("education:answer", args=[services.person_token(people[0])])
    assert client.post(url, {"answer": "decline"}).status_code == 400


@pytest.mark.django_db
def test_a_decline_calls_the_booking_off_and_tells_the_coordinator(client, world):
    send(client, world)
    request = ClassRequest.objects.get()
    plans, _ = services.suggest(request)
    booking = services.propose(request, plans[0])
    booked = booking.people.first()
    client.post(
        reverse("education:answer", args=[services.person_token(booked)]), {"answer": "decline"}
    )
    booking.refresh_from_db()
    request.refresh_from_db()
    assert booking.state == Booking.State.CANCELLED
    assert request.state == ClassRequest.State.ARRANGING
    told = Notification.objects.get(template="education_declined")
    # The coordinators' link opens this request's own admin page, on the site's address.
    edit = reverse("education_requests:edit", args=[request.pk])
    assert told.context["request_url"] == f"{django_settings.WAGTAILADMIN_BASE_URL}{edit}"

    # Asked again, nobody answers within the answer time: called off, coordinators told.
    booking = services.propose(request, services.suggest(request)[0][0])
    assert services.expire_unanswered(on=timezone.localdate() + dt.timedelta(days=3)) == 0
    assert services.expire_unanswered(on=timezone.localdate() + dt.timedelta(days=30)) == 1
    booking.refresh_from_db()
    assert booking.state == Booking.State.CANCELLED
    assert Notification.objects.filter(key=f"education-no-answer-{booking.pk}").exists()


@pytest.mark.django_db
def test_the_coordinator_confirms_a_class_agreed_by_phone(client, coordinator, world):
    send(client, world)
    request = ClassRequest.objects.get()
    plans, _ = services.suggest(request)
    booking = services.propose(request, plans[0])
    url = reverse("education_board:request", args=[request.pk])
    page = coordinator.get(url).content.decode()
    assert reverse("education_bookings:edit", args=[booking.pk]) in page
    coordinator.post(url, {"action": "confirm"})
    booking.refresh_from_db()
    assert booking.state == Booking.State.CONFIRMED
    assert not booking.people.exclude(answer=BookedPerson.Answer.ACCEPTED).exists()
    assert Notification.objects.filter(template="education_confirmed").count() == 1


@pytest.mark.django_db
def test_batch_report_and_feedback(client, coordinator, world):
    for n in range(3):
        send(
            client, world, teacher_name=f"先生{n}", date_1=school_day(70 + n).isoformat(), date_2=""
        )
    run = BatchRun.objects.create()
    services.run_batch(run)
    run.refresh_from_db()
    assert run.status == BatchRun.Status.DONE and run.requests_count == 3
    assert run.fulfilled >= 2  # the lecturer who needs a guide brings the one supporter who is one
    page = coordinator.get(reverse("education_board:batch_run", args=[run.pk]))
    assert page.status_code == 200
    coordinator.post(reverse("education_board:batch_run", args=[run.pk]), {"action": "apply_all"})
    bookings = list(Booking.objects.all())
    assert len(bookings) == run.fulfilled
    for booking in bookings:
        for booked in booking.people.all():
            services.respond(booked, accept=True)
    # The classes take place: feedback links go out; the teacher rates the lecturer.
    finished = services.finish_classes(on=school_day(80))
    assert finished == run.fulfilled
    booking = Booking.objects.filter(state=Booking.State.DONE).first()
    url = reverse("education:feedback", args=[services.request_token(booking.request)])
    assert client.post(url, {"rating": "9", "pupils_reached": "30"}).status_code == 400
    assert (
        client.post(
            url, {"rating": "5", "pupils_reached": "30", "comments": "よかった"}
        ).status_code
        == 302
    )
    assert (
        client.post(url, {"rating": "1", "pupils_reached": "1"}).status_code == 200
    )  # kept as it was
    assert Feedback.objects.get().rating == 5
    lecturer_id = booking.people.get(role=BookedPerson.Role.LECTURER).lecturer_id
    assert services.ratings_by_school()[world.school.pk][lecturer_id] == 5.0
    year = booking.date.year if booking.date.month >= 4 else booking.date.year - 1
    report = coordinator.get(reverse("education_board:report"), {"year": year})
    assert report.status_code == 200
    assert "<svg" in report.content.decode()
    csv = coordinator.get(reverse("education_board:report"), {"year": year, "export": "schools"})
    assert "御器所小学校" in csv.content.decode("utf-8-sig")
    assert ",30" in csv.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_the_coordinator_edits_a_lecturers_week_with_checkboxes(coordinator, world):
    url = reverse("education_lecturers:edit", args=[world.blind.pk])
    form = coordinator.get(url).content.decode()
    assert 'type="checkbox" name="weekdays"' in form
    data = {
        "kind": "lecturer",
        "name": world.blind.name,
        "name_kana": "",
        "email": world.blind.email,
        "phone": "",
        "language": "ja",
        "programmes": [world.talk.pk],
        "weekdays": ["1", "3"],
        "monthly_max": "3",
        "needs_escort": "guide",
        "notes": "",
        "active": "on",
    }
    response = coordinator.post(url, data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    world.blind.refresh_from_db()
    assert world.blind.weekdays == [1, 3] and world.blind.escorts == []


@pytest.mark.django_db
def test_admin_listings_with_filters(coordinator, world):
    for url in [
        "/admin/education/",
        "/admin/education/requests/?state=received",
        "/admin/education/lecturers/?kind=lecturer",
        "/admin/education/bookings/",
        "/admin/education/equipment/",
        "/admin/education/schools/",
        "/admin/education/holidays/",
        "/admin/education/days-away/",
        "/admin/education/loans/?out_on=2027-05-10",
    ]:
        assert coordinator.get(url).status_code == 200, url


@pytest.mark.django_db
def test_programme_pages_in_every_language(client, translated):
    for prefix in ["", "/en", "/ja-easy"]:
        assert client.get(f"{prefix}/education/").status_code == 200
        assert client.get(f"{prefix}/education/programs/").status_code == 200
        assert client.get(f"{prefix}/education/programs/wheelchair/").status_code == 200
        assert client.get(f"{prefix}/education/student-welfare-school/").status_code == 200
    assert "Wheelchair experience" in client.get("/en/education/programs/").content.decode()
    # The student welfare school's page says where applications will be taken.
    html = client.get("/education/student-welfare-school/").content.decode()
    assert "学生福祉塾" in html and "日程" in html


@pytest.mark.django_db
def test_the_student_welfare_school_takes_applications_through_sign_ups(client, translated):
    from education.models import WelfareClassOpportunity, WelfareClassPage
    from matching.signups.factories import OpportunityPageFactory, SessionFactory, opportunity_index

    course = OpportunityPageFactory(parent=opportunity_index(), title="学生福祉塾 第1回")
    session = SessionFactory(opportunity=course, place_name="区社協 会議室")
    school = WelfareClassPage.objects.get(slug="student-welfare-school", locale__language_code="ja")
    school.opportunities = [WelfareClassOpportunity(opportunity=course)]
    school.save_revision().publish()
    for prefix in ["", "/en"]:
        html = client.get(f"{prefix}/education/student-welfare-school/").content.decode()
        assert "区社協 会議室" in html
        apply = f"{prefix}/volunteer/experiences/session/{session.pk}/"
        assert f'href="{apply}"' in html
    assert client.get(apply).status_code == 200


# Requests for several programmes in one visit


@pytest.mark.django_db
def test_a_programme_not_for_the_grade_or_chosen_twice_is_refused_on_its_own_field(client, world):
    response = send(client, world, grade=1, programme_2=world.wheelchair.pk)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_programme_2"' in html
    assert "車いす体験" in html  # the message names the programme that does not suit
    response = send(client, world, programme_2=world.talk.pk)
    assert response.status_code == 400
    assert 'href="#id_programme_2"' in response.content.decode()
    assert not ClassRequest.objects.exists()


@pytest.mark.django_db
def test_two_programmes_one_visit_a_lecturer_each_from_form_to_calendar(client, coordinator, world):
    from education.models import Lecturer

    Lecturer.objects.create(
        kind=Lecturer.Kind.SUPPORTER,
        name="サポーター3",
        email="s3@example.jp",
        weekdays=[0, 1, 2, 3, 4],
    )
    response = send(client, world, programme=world.talk.pk, programme_2=world.wheelchair.pk)
    assert response.status_code == 302
    request = ClassRequest.objects.get()
    assert [p.slug for p in request.programme_list()] == ["talk", "wheelchair"]
    status_url = reverse("education:status", args=[services.request_token(request)])
    status = client.get(status_url).content.decode()
    assert "当事者講師のお話" in status and "車いす体験" in status

    # Aoki is the only one for the wheelchair experience, so the blind lecturer gives the
    # talk (with the supporter who guides) and Aoki the wheelchairs, with two supporters.
    plans, hopeless = services.suggest(request)
    assert hopeless is None and plans
    plan = plans[0]
    assert [(part.programme, part.lecturer) for part in plan.parts] == [
        (world.talk.pk, world.blind.pk),
        (world.wheelchair.pk, world.lecturer.pk),
    ]
    assert len(set(plan.people)) == len(plan.people) == 5
    assert plan.equipment == ((world.wheelchairs.pk, 5),)
    page = coordinator.get(reverse("education_board:request", args=[request.pk])).content.decode()
    assert "石田" in page and "青木" in page
    coordinator.post(
        reverse("education_board:request", args=[request.pk]), {"action": "propose", "choice": "0"}
    )
    booking = ClassRequest.objects.get().booking
    assert {(b.lecturer_id, b.programme_id) for b in booking.people.all()} >= {
        (world.blind.pk, world.talk.pk),
        (world.lecturer.pk, world.wheelchair.pk),
    }
    ask = Notification.objects.get(template="education_ask", recipient="aoki@example.jp")
    assert ask.context["your_programme"] == "車いす体験"
    for booked in booking.people.all():
        services.respond(booked, accept=True)
    confirmed = Notification.objects.get(template="education_confirmed")
    assert confirmed.context["programme"] == "当事者講師のお話, 車いす体験"
    assert {"name": "青木 みどり", "role": "講師", "programme": "車いす体験"} in confirmed.context[
        "people"
    ]
    status = client.get(status_url).content.decode()
    assert (
        status.index("当事者講師のお話") < status.index("石田 健一") < status.index("青木 みどり")
    )
    ics = client.get(reverse("education:calendar", args=[services.request_token(request)]))
    (event,) = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert str(event["summary"]) == f"当事者講師のお話, 車いす体験 ({request.reference})"
    assert "車いす体験: 青木 みどり" in str(event["description"])

    # The yearly report counts the visit once for the school and once per programme.
    services.finish_classes(on=booking.date + dt.timedelta(days=1))
    year = booking.date.year if booking.date.month >= 4 else booking.date.year - 1
    report = services.report(year)
    assert [row["classes"] for row in report["schools"]] == [1]
    assert {row["name"]: row["classes"] for row in report["programmes"]} == {
        "当事者講師のお話": 1,
        "車いす体験": 1,
    }
    csv = coordinator.get(reverse("education_board:report"), {"year": year, "export": "programmes"})
    assert "車いす体験,1,0" in csv.content.decode("utf-8-sig")


@pytest.mark.django_db
def test_a_batch_plan_stored_before_several_programmes_still_applies(world):
    from education.models import BatchItem

    request = ClassRequest.objects.create(
        school=world.school, teacher_name="先生", teacher_email="t@example.jp", grade=4
    )
    request.programme_rows.create(programme=world.talk, rank=1)
    request.dates.create(rank=1, date=school_day(70))
    run = BatchRun.objects.create(status=BatchRun.Status.DONE)
    old = {"date": school_day(70).isoformat(), "option": 0, "lecturer": world.lecturer.pk}
    item = BatchItem.objects.create(run=run, request=request, plan={**old, "supporters": []})
    assert services.apply_items(BatchItem.objects.filter(pk=item.pk)) == (1, 0)
    booked = ClassRequest.objects.get().booking.people.get()
    assert (booked.lecturer_id, booked.programme_id) == (world.lecturer.pk, world.talk.pk)
