"""The weekly availability grid and days away: pure conversion, the register form, the admin."""

import datetime as dt

from django.utils import timezone

import pytest

from matching import weekgrid
from matching.models import Volunteer, VolunteerAbsence

# Pure: cells <-> stored slots


def test_ticked_periods_that_follow_each_other_become_one_slot():
    cells = {(0, "morning"), (0, "afternoon"), (2, "evening"), (4, "morning"), (4, "evening")}
    assert weekgrid.slots_from_cells(cells) == [
        {"weekday": 0, "start": "09:00", "end": "17:00"},
        {"weekday": 2, "start": "17:00", "end": "20:00"},
        {"weekday": 4, "start": "09:00", "end": "12:00"},
        {"weekday": 4, "start": "17:00", "end": "20:00"},
    ]
    assert weekgrid.cells_from_slots(weekgrid.slots_from_cells(cells)) == cells


def test_the_grid_shows_only_periods_a_slot_covers_whole():
    recorded = [{"weekday": 1, "start": "10:00", "end": "16:00"}, {"weekday": "x"}]
    assert weekgrid.cells_from_slots(recorded) == set()
    assert not weekgrid.fits_grid(recorded)
    assert weekgrid.fits_grid([{"weekday": 1, "start": "09:00", "end": "20:00"}])
    assert weekgrid.cells_from_slots([{"weekday": 1, "start": "08:00", "end": "12:30"}]) == {
        (1, "morning")
    }


def test_an_untouched_grid_keeps_times_it_cannot_show():
    recorded = [
        {"weekday": 1, "start": "08:30", "end": "12:30"},
        {"weekday": 3, "start": "10:00", "end": "11:00"},
    ]
    shown = weekgrid.slots_from_cells(weekgrid.cells_from_slots(recorded))
    assert weekgrid.keep_recorded(recorded, shown) == recorded
    changed = weekgrid.slots_from_cells({(1, "morning"), (5, "evening")})
    assert weekgrid.keep_recorded(recorded, changed) == changed


@pytest.mark.parametrize("value", ["7-morning", "0-night", "morning", "", "0-", "-1-morning"])
def test_forged_cell_values_are_not_read(value):
    assert weekgrid.parse_cell(value) is None


# The register form


def register_data(world, **overrides):
    data = {
        "name": "鈴木 花子",
        "name_kana": "すずき はなこ",
        "email": "hanako@example.jp",
        "district": world.gokiso.pk,
        "activities": [world.shopping.pk],
        "availability": ["1-morning", "1-afternoon", "3-evening"],
        "days_away_first": ["", ""],
        "days_away_last": ["", ""],
        "languages": ["ja"],
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_register_page_draws_a_labelled_grid_and_days_away(client, world):
    html = client.get("/en/volunteer/register/").content.decode()
    assert '<table class="matching-grid__table">' in html
    assert 'name="availability" value="6-evening" id="id_availability_6-evening"' in html
    assert "Sunday Evening (17:00-20:00)" in html  # each box's name for screen readers
    assert '<th scope="row">Monday</th>' in html
    assert 'id="id_days_away_first_1"' in html and 'id="id_days_away_last_2"' in html
    assert "matching/widgets.css" in html


def test_register_saves_the_grid_and_days_away(client, world):
    first = timezone.localdate() + dt.timedelta(days=10)
    data = register_data(
        world,
        days_away_first=[first.strftime("%Y/%m/%d"), ""],
        days_away_last=[(first + dt.timedelta(days=4)).isoformat(), ""],
    )
    response = client.post("/volunteer/register/", data)
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert volunteer.availability == [
        {"weekday": 1, "start": "09:00", "end": "17:00"},
        {"weekday": 3, "start": "17:00", "end": "20:00"},
    ]
    assert volunteer.free_mask.count("1") == 16 + 6
    absence = VolunteerAbsence.objects.get(volunteer=volunteer)
    assert (absence.first_day, absence.last_day) == (first, first + dt.timedelta(days=4))


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"availability": []}, "id_availability_0-morning", "Tick at least one time"),
        ({"availability": ["9-morning"]}, "id_availability_0-morning", "could not be read"),
        (
            {"days_away_first": ["2099-01-05", ""], "days_away_last": ["", ""]},
            "id_days_away_first_1",
            "Period 1: give both the first and the last day.",
        ),
        (
            {"days_away_first": ["", "5月1日"], "days_away_last": ["", "2099-05-03"]},
            "id_days_away_first_1",
            "Period 2: write the dates as year-month-day",
        ),
        (
            {"days_away_first": ["2099-05-03", ""], "days_away_last": ["2099-05-01", ""]},
            "id_days_away_first_1",
            "Period 1: the last day cannot be before the first.",
        ),
        (
            {"days_away_first": ["2001-05-01", ""], "days_away_last": ["2001-05-03", ""]},
            "id_days_away_first_1",
            "Period 1: these days are already over.",
        ),
    ],
)
def test_register_explains_what_is_wrong_and_saves_nothing(
    client, world, overrides, field, message
):
    response = client.post("/en/volunteer/register/", register_data(world, **overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'href="#{field}"' in html  # the error summary leads to the field
    assert not Volunteer.objects.exists()


# The admin


def admin_data(volunteer, **overrides):
    data = {
        "person": volunteer.person_id,
        "status": volunteer.status,
        "activities": [a.pk for a in volunteer.activities.all()],
        "availability": ["5-morning"],
        "days_away_first": ["", ""],
        "days_away_last": ["", ""],
        "languages": '["ja"]',
        "gender": "",
        "max_needs": 2,
        "consent": "on",
        "consented_at_0": "",
    }
    data.update(overrides)
    return data


def test_staff_edit_availability_on_the_grid_and_days_away(client, world, admin_user):
    client.force_login(admin_user)
    volunteer = world.volunteer(availability=[{"weekday": 1, "start": "10:00", "end": "16:00"}])
    past = VolunteerAbsence.objects.create(
        volunteer=volunteer,
        first_day=world.today - dt.timedelta(days=30),
        last_day=world.today - dt.timedelta(days=20),
    )
    VolunteerAbsence.objects.create(
        volunteer=volunteer,
        first_day=world.today + dt.timedelta(days=3),
        last_day=world.today + dt.timedelta(days=5),
    )
    url = f"/admin/matching/volunteers/edit/{volunteer.pk}/"
    page = client.get(url).content.decode()
    assert "10:00-16:00" in page  # listed as times the grid cannot show
    assert (world.today + dt.timedelta(days=3)).isoformat() in page
    # Ticks left as shown: the recorded 10:00-16:00 stays.
    unchanged = admin_data(
        volunteer,
        availability=[],
        days_away_first=[(world.today + dt.timedelta(days=3)).isoformat(), ""],
        days_away_last=[(world.today + dt.timedelta(days=5)).isoformat(), ""],
    )
    assert client.post(url, unchanged).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.availability == [{"weekday": 1, "start": "10:00", "end": "16:00"}]
    # New ticks and a new period replace them; the past period stays in the record.
    later = world.today + dt.timedelta(days=40)
    changed = admin_data(
        volunteer,
        days_away_first=[later.isoformat(), ""],
        days_away_last=[later.isoformat(), ""],
    )
    assert client.post(url, changed).status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.availability == [{"weekday": 5, "start": "09:00", "end": "12:00"}]
    assert set(volunteer.absences.values_list("first_day", "last_day")) == {
        (past.first_day, past.last_day),
        (later, later),
    }
    wrong = admin_data(volunteer, days_away_first=["2099-02-01", ""])
    response = client.post(url, wrong)
    assert response.status_code == 200
    assert "初日と最終日の両方を書いてください" in response.content.decode()  # admin in Japanese
