"""The welfare-education demo on the core's demo ward: pages in every language, the ward's
schools, lecturers and a spring rush of requests that the batch can plan."""

from django.utils import timezone

import pytest

from education import engine, services
from education.demo import build_demo
from education.engine.check import violations
from education.models import ClassRequest, Lecturer, ProgrammePage, School
from matching.signups.factories import opportunity_index
from matching.signups.models import OpportunityPage


@pytest.mark.django_db
def test_demo_builds_schools_lecturers_requests_and_pages_once(client, demo):
    opportunity_index()  # the sign-up module's demo makes it where that plugin is on
    build_demo(demo)
    counts = (School.objects.count(), Lecturer.objects.count(), ClassRequest.objects.count())
    assert School.objects.filter(kind=School.Kind.ELEMENTARY).count() >= 10
    assert School.objects.filter(kind=School.Kind.JUNIOR_HIGH).count() >= 4
    assert Lecturer.objects.count() == 25
    assert ClassRequest.objects.count() == 40
    assert ProgrammePage.objects.filter(locale__language_code="ja").count() >= 7
    for prefix in ["", "/en", "/ja-easy"]:
        assert client.get(f"{prefix}/education/").status_code == 200
        assert client.get(f"{prefix}/education/programs/wheelchair/").status_code == 200
    # The children's classes and seminars take applications through sign-up sessions.
    assert "/volunteer/experiences/session/" in client.get("/education/seminars/").content.decode()
    # The children's class takes primary-school pupils, on Saturdays of the summer holidays
    # its title names.
    children = OpportunityPage.objects.get(slug="childrens-welfare-class")
    assert children.grades_taken == [1, 2, 3, 4, 5, 6]
    assert (children.min_age, children.max_age) == (6, 12)
    starts = [timezone.localtime(session.start) for session in children.sessions.all()]
    assert len(starts) == 3
    assert all(start.month in (7, 8) and start.weekday() == 5 for start in starts)
    form = client.get(f"/volunteer/experiences/session/{children.sessions.first().pk}/")
    assert '<option value="1">小学1年</option>' in form.content.decode()

    # Every request asks for dates after the lead time; the batch plans most of the rush
    # without breaking a rule.
    problem = services.problem(services.pending_requests())
    assert all(
        problem.calendar.date_problem(option.date) is None
        for request in problem.requests
        for option in request.options
    )
    plan = engine.batch(problem)
    assert violations(problem, plan.bookings) == {}
    assert plan.fulfilled >= 20

    build_demo(demo)
    assert (
        School.objects.count(),
        Lecturer.objects.count(),
        ClassRequest.objects.count(),
    ) == counts
