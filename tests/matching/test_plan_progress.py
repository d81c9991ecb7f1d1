"""The Volunteer Center's figures for the plan's progress report (issue 16): volunteers
registered, trained and helping (goal 3), needs received, matched and referred (goal 4), per
fiscal year (split on 1 April, Tokyo time) and school district."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import translation

import pytest
from bs4 import BeautifulSoup

from matching import plan_progress
from matching.factories import AssignmentFactory, TrainingFactory, VolunteerTrainingFactory
from matching.models import Assignment, Need

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")
YEARS = range(2025, 2028)


def at(*args):
    return dt.datetime(*args, tzinfo=TOKYO)


def test_volunteers_registered_trained_and_helping(world):
    first = world.volunteer(registered_at=at(2026, 4, 1, 0, 0))
    second = world.volunteer(registered_at=at(2027, 3, 31, 23, 59))
    far = world.volunteer(town=world.far_town, registered_at=at(2027, 4, 1, 0, 0))
    old = world.volunteer(registered_at=at(2026, 3, 31, 23, 59))
    assert plan_progress.volunteers_registered(YEARS) == {
        (2025, world.gokiso.pk): 1,
        (2026, world.gokiso.pk): 2,
        (2027, world.yagoto.pk): 1,
    }
    # Two trainings in a year are one volunteer trained.
    for training in (TrainingFactory(), TrainingFactory()):
        VolunteerTrainingFactory(
            volunteer=first, training=training, completed_on=dt.date(2026, 5, 1)
        )
    VolunteerTrainingFactory(volunteer=second, completed_on=dt.date(2027, 3, 31))
    VolunteerTrainingFactory(volunteer=far, completed_on=dt.date(2027, 4, 1))
    assert plan_progress.volunteers_trained(YEARS) == {
        (2026, world.gokiso.pk): 2,
        (2027, world.yagoto.pk): 1,
    }
    # Helping twice is one volunteer; a cancelled assignment is not help given.
    AssignmentFactory(volunteer=first, need=world.need(), started_at=at(2026, 6, 1, 10))
    AssignmentFactory(volunteer=first, need=world.need(), started_at=at(2026, 7, 1, 10))
    AssignmentFactory(
        volunteer=old,
        need=world.need(),
        started_at=at(2026, 7, 1, 10),
        outcome=Assignment.Outcome.CANCELLED,
    )
    assert plan_progress.volunteers_active(YEARS) == {(2026, world.gokiso.pk): 1}


def test_needs_received_matched_and_referred(world):
    received = [
        world.need(created_at=at(2026, 4, 1, 9)),
        world.need(created_at=at(2026, 10, 1, 9)),
        world.need(town=world.far_town, created_at=at(2027, 1, 5, 9)),
        world.need(created_at=at(2027, 4, 1, 0, 30)),  # 31 March in UTC
    ]
    assert plan_progress.needs_received(YEARS) == {
        (2026, world.gokiso.pk): 2,
        (2026, world.yagoto.pk): 1,
        (2027, world.gokiso.pk): 1,
    }
    # A matched need counts as matched once, however many volunteers took it on.
    matched = received[0]
    matched.state = Need.State.ACCEPTED
    matched.save()
    AssignmentFactory(need=matched, volunteer=world.volunteer(), started_at=at(2026, 4, 20, 9))
    AssignmentFactory(need=matched, volunteer=world.volunteer(), started_at=at(2026, 5, 20, 9))
    AssignmentFactory(need=received[2], volunteer=world.volunteer(), started_at=at(2027, 4, 2, 9))
    assert plan_progress.needs_matched(YEARS) == {
        (2026, world.gokiso.pk): 1,
        (2027, world.yagoto.pk): 1,
    }
    referred = received[1]
    referred.state = Need.State.REFERRED
    referred.closed_at = at(2027, 3, 31, 17)
    referred.save()
    unmet = received[3]
    unmet.state = Need.State.UNMET
    unmet.closed_at = at(2027, 5, 1, 17)
    unmet.save()
    assert plan_progress.needs_referred(YEARS) == {(2026, world.gokiso.pk): 1}


def test_the_figures_on_the_screen(world, staff_client):
    for day in (1, 2, 3):
        world.need(created_at=at(2026, 6, day, 9))
    with translation.override("ja"):
        response = staff_client.get("/admin/plan-progress/", {"year": 2026})
    page = BeautifulSoup(response.content, "html.parser")
    goal = next(s for s in page.select("section.plan-goal") if "地域の福祉課題" in s.h2.text)
    row = next(
        tr
        for tr in goal.select("table[data-table=years] tbody tr")
        if "受け付けた困りごと" in tr.th.text
    )
    assert [td.get_text(strip=True) for td in row.find_all("td")] == ["0", "0", "0", "0", "3"]
