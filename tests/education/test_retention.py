"""Welfare education's daily retention job: a class request finished long enough ago keeps
no teacher's name, address, number or notes; the statistics stay; a second run changes
nothing."""

import datetime as dt

from django.utils import timezone

import pytest

from education import retention, services
from education.models import ClassRequest
from kokoron.core.setup import sync_schedules

pytestmark = pytest.mark.django_db


def request(world, state, days_ago, **fields):
    made = ClassRequest.objects.create(
        school=world.school,
        teacher_name="鈴木 先生",
        teacher_email="suzuki@school.example.jp",
        teacher_phone="052-000-1111",
        grade=4,
        pupils=30,
        notes="体育館で",
        state=state,
        **fields,
    )
    ClassRequest.objects.filter(pk=made.pk).update(
        updated_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return made


def test_finished_requests_lose_the_teachers_data(world, settings):
    settings.RETENTION_CLASS_REQUESTS_DAYS = 365
    done = request(world, ClassRequest.State.DONE, 400)
    cancelled = request(world, ClassRequest.State.CANCELLED, 800)
    recent = request(world, ClassRequest.State.DONE, 30)
    open_one = request(world, ClassRequest.State.ARRANGING, 400)
    year = timezone.localdate().year
    report = services.report(year)

    assert retention.anonymise_finished_requests() == {"class_requests": 2}
    for erased in (done, cancelled):
        row = ClassRequest.objects.get(pk=erased.pk)
        assert (row.teacher_name, row.teacher_phone, row.notes) == ("", "", "")
        assert row.teacher_email == f"erased-{row.pk}@erased.invalid"
        assert (row.school_id, row.grade, row.pupils, row.state) == (
            world.school.pk,
            4,
            30,
            erased.state,
        )
    for kept in (recent, open_one):
        assert ClassRequest.objects.get(pk=kept.pk).teacher_email == "suzuki@school.example.jp"
    assert services.report(year) == report

    before = list(ClassRequest.objects.order_by("pk").values())
    assert retention.anonymise_finished_requests() == {"class_requests": 0}
    assert list(ClassRequest.objects.order_by("pk").values()) == before
    assert "kokoron.education.retention" in sync_schedules()
