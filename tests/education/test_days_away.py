"""A lecturer's days away (不在期間): a period whose last day comes before its first is refused."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

import pytest

from education.models import LecturerAbsence


def test_a_period_that_ends_before_it_starts_is_refused(world):
    absence = LecturerAbsence(
        lecturer=world.lecturer, first=dt.date(2027, 1, 20), last=dt.date(2027, 1, 19)
    )
    with pytest.raises(ValidationError) as refused:
        absence.full_clean()
    assert list(refused.value.message_dict) == ["last"]
    one_day = LecturerAbsence(
        lecturer=world.lecturer, first=dt.date(2027, 1, 20), last=dt.date(2027, 1, 20)
    )
    one_day.full_clean()


@pytest.mark.parametrize(
    ("last", "stored"), [(dt.date(2027, 1, 19), False), (dt.date(2027, 1, 22), True)]
)
def test_the_admin_form_refuses_it_in_japanese_and_stores_nothing(
    world, staff_client, last, stored
):
    with translation.override("ja"):
        response = staff_client.post(
            reverse("education_absences:add"),
            {"lecturer": world.lecturer.pk, "first": "2027-01-20", "last": last.isoformat()},
            HTTP_ACCEPT_LANGUAGE="ja",
        )
    assert LecturerAbsence.objects.exists() is stored
    if stored:
        assert response.status_code == 302
    else:
        assert response.status_code == 200
        assert "最終日を初日より前にはできません。" in response.content.decode()
