"""Welfare education's figures for the plan's progress report (issue 16): classes held and
the pupils they reached (goal 1), per fiscal year and the school's district."""

import datetime as dt

import pytest

from education import plan_progress
from education.models import Booking, ClassRequest

pytestmark = pytest.mark.django_db

YEARS = range(2025, 2028)


def held(world, school, day, pupils, state=Booking.State.DONE):
    request = ClassRequest.objects.create(
        school=school,
        teacher_name="先生",
        teacher_email="teacher@example.jp",
        grade=4,
        pupils=pupils,
        state=ClassRequest.State.DONE,
    )
    return Booking.objects.create(request=request, date=day, state=state)


def test_three_classes_held_with_seventy_pupils_in_one_district(world):
    held(world, world.school, dt.date(2026, 4, 1), 20)
    held(world, world.school, dt.date(2026, 11, 12), 25)
    held(world, world.school, dt.date(2027, 3, 31), 25)
    held(world, world.school, dt.date(2027, 4, 1), 30)  # the next fiscal year
    held(world, world.stepped, dt.date(2026, 6, 1), 12)
    # Neither a cancelled nor a confirmed class (not yet held) counts.
    held(world, world.school, dt.date(2026, 6, 2), 40, state=Booking.State.CANCELLED)
    held(world, world.school, dt.date(2026, 6, 3), 40, state=Booking.State.CONFIRMED)
    assert plan_progress.classes_held(YEARS) == {
        (2026, world.gokiso.pk): 3,
        (2026, world.yagoto.pk): 1,
        (2027, world.gokiso.pk): 1,
    }
    assert plan_progress.pupils_reached(YEARS) == {
        (2026, world.gokiso.pk): 70,
        (2026, world.yagoto.pk): 12,
        (2027, world.gokiso.pk): 30,
    }
