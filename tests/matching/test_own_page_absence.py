"""'I cannot come' from the volunteer's own page: the absence, the cover asked for the weekly
needs they help with (through services.cancel_date, as the coordinator's cover action), the
coordinators told, and withdrawing it before it begins."""

import datetime as dt

from django.test import Client

import pytest

from kokoron.notifications.models import Notification
from matching import own_page, services
from matching.models import Need, Proposal, VolunteerAbsence
from tests.concurrency import in_parallel, raised

# Full-width digits, as Japanese keyboards often type them.
FULL_WIDTH = str.maketrans("0123456789", "".join(chr(0xFF10 + n) for n in range(10)))


def weekly_pair(world):
    """A weekly need with its regular volunteer, and a second volunteer who can cover."""
    regular = world.volunteer()
    cover = world.volunteer(town=world.town2)
    need = world.need(repeats_weekly=True)
    services.respond(services.propose(need, regular), accept=True)
    need.refresh_from_db()
    assert need.state == Need.State.ACCEPTED
    return need, regular, cover


def url_of(volunteer, language="en"):
    return f"/{language}/volunteer/me/{own_page.token_for(volunteer)}/"


def away(client, volunteer, first, last="", reason="", language="en"):
    return client.post(
        url_of(volunteer, language),
        {
            "action": "away",
            "first_day": first if isinstance(first, str) else first.isoformat(),
            "last_day": last if isinstance(last, str) else last.isoformat(),
            "reason": reason,
        },
    )


def test_one_date_asks_cover_and_tells_the_coordinator(client, world):
    need, regular, cover = weekly_pair(world)
    date = need.date + dt.timedelta(days=7)
    response = away(client, regular, date, reason="通院のため")
    assert response.status_code == 302 and response["Location"].endswith("?done=away")
    absence = VolunteerAbsence.objects.get(volunteer=regular)
    assert (absence.first_day, absence.last_day, absence.reason) == (date, date, "通院のため")
    asked = Proposal.objects.get(need=need, for_date=date)
    assert asked.volunteer == cover and asked.state == Proposal.State.PENDING
    told = Notification.objects.get(template="matching_volunteer_away")
    assert told.recipient == world.coordinator.email
    assert told.context["first"] == [f"{need.reference} {date.isoformat()}"]
    assert "通院" not in str(told.context)  # the reason stays in the admin
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "We are asking another volunteer to cover for you" in html
    assert "通院のため" in html and 'name="absence"' in html
    assert "no-store" in page["Cache-Control"]


def test_a_period_asks_cover_for_each_date_in_it(client, world):
    need, regular, _cover = weekly_pair(world)
    first = need.date + dt.timedelta(days=6)
    last = need.date + dt.timedelta(days=15)  # takes in the 2nd and 3rd dates
    assert away(client, regular, first, last).status_code == 302
    dates = set(Proposal.objects.exclude(for_date=None).values_list("for_date", flat=True))
    assert dates == {need.date + dt.timedelta(days=7), need.date + dt.timedelta(days=14)}
    # Nobody else left for another need's date: the coordinator hears that too.
    assert Notification.objects.filter(template="matching_volunteer_away").count() == 1


def test_a_one_off_activity_in_the_period_is_left_to_the_coordinator(client, world):
    volunteer = world.volunteer()
    need = world.need()
    services.respond(services.propose(need, volunteer), accept=True)
    assert away(client, volunteer, need.date).status_code == 302
    told = Notification.objects.get(template="matching_volunteer_away")
    assert told.context["others"] == [need.reference] and told.context["first"] == []
    assert not Proposal.objects.exclude(for_date=None).exists()


def test_no_activity_on_those_days_records_the_absence_quietly(client, world):
    volunteer = world.volunteer()
    assert away(client, volunteer, world.today).status_code == 302
    assert VolunteerAbsence.objects.filter(volunteer=volunteer).count() == 1
    assert not Notification.objects.filter(template="matching_volunteer_away").exists()


@pytest.mark.parametrize(
    ("first", "last", "reason", "message"),
    [
        ("", "", "", "Give the date you cannot come."),
        ("yesterday", "", "", "This date has passed"),
        ("2099-13-01", "", "", "Write the date as year-month-day"),
        ("in3", "in1", "", "The last day cannot be before the first."),
        ("in1", "in100", "", "For more than three months"),
        ("in1", "", "x" * 201, "Write at most 200 characters."),
        ("in1", "", "a\x00b", "Null characters are not allowed."),
    ],
)
def test_bad_dates_are_refused_and_change_nothing(client, world, first, last, reason, message):
    volunteer = world.volunteer()

    def written(text):
        if text == "yesterday":
            return (world.today - dt.timedelta(days=1)).isoformat()
        if text.startswith("in"):
            return (world.today + dt.timedelta(days=int(text[2:]))).isoformat()
        return text

    response = away(client, volunteer, written(first), written(last), reason)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not VolunteerAbsence.objects.exists()


def test_messages_in_japanese_and_easy_japanese(client, world):
    volunteer = world.volunteer()
    past = (world.today - dt.timedelta(days=1)).isoformat()
    for language in ("ja", "ja-easy"):
        prefix = "" if language == "ja" else "/ja-easy"
        response = client.post(
            f"{prefix}/volunteer/me/{own_page.token_for(volunteer)}/",
            {"action": "away", "first_day": past, "last_day": "", "reason": ""},
        )
        assert response.status_code == 400
        assert "This date has passed" not in response.content.decode()
    page = client.get(f"/ja-easy/volunteer/me/{own_page.token_for(volunteer)}/")
    assert "This date has passed" not in page.content.decode()


def test_full_width_and_japanese_dates_are_understood(client, world):
    volunteer = world.volunteer()
    day = world.today + dt.timedelta(days=3)
    typed = day.strftime("%Y年%m月%d日").translate(FULL_WIDTH)
    assert away(client, volunteer, typed).status_code == 302
    assert VolunteerAbsence.objects.get().first_day == day


def test_withdrawing_before_it_begins_withdraws_the_cover_still_asked(client, world):
    need, regular, _cover = weekly_pair(world)
    date = need.date + dt.timedelta(days=7)
    away(client, regular, date)
    absence = VolunteerAbsence.objects.get()
    response = client.post(url_of(regular), {"action": "back", "absence": absence.pk})
    assert response.status_code == 302 and response["Location"].endswith("?done=back")
    assert not VolunteerAbsence.objects.exists()
    assert Proposal.objects.get(for_date=date).state == Proposal.State.WITHDRAWN
    told = Notification.objects.get(template="matching_volunteer_back")
    assert told.context["first"] == [f"{need.reference} {date.isoformat()}"]
    # Gone already (a second click), or another volunteer's: refused, nothing changes.
    again = client.post(url_of(regular), {"action": "back", "absence": absence.pk})
    assert again.status_code == 400


def test_cover_already_agreed_stays_and_the_coordinator_is_told(client, world):
    need, regular, _cover = weekly_pair(world)
    date = need.date + dt.timedelta(days=7)
    away(client, regular, date)
    services.respond(Proposal.objects.get(for_date=date), accept=True)
    absence = VolunteerAbsence.objects.get()
    assert (
        client.post(url_of(regular), {"action": "back", "absence": absence.pk}).status_code == 302
    )
    assert Proposal.objects.get(for_date=date).state == Proposal.State.ACCEPTED
    told = Notification.objects.get(template="matching_volunteer_back")
    assert told.context["second"] == [f"{need.reference} {date.isoformat()}"]


def test_an_absence_that_has_begun_or_someone_elses_cannot_be_withdrawn(client, world):
    volunteer = world.volunteer()
    other = world.volunteer()
    begun = VolunteerAbsence.objects.create(
        volunteer=volunteer, first_day=world.today, last_day=world.today + dt.timedelta(days=2)
    )
    theirs = VolunteerAbsence.objects.create(
        volunteer=other,
        first_day=world.today + dt.timedelta(days=5),
        last_day=world.today + dt.timedelta(days=5),
    )
    html = client.get(url_of(volunteer)).content.decode()
    assert "Already begun" in html and f'value="{begun.pk}"' not in html
    for absence in (begun, theirs):
        response = client.post(url_of(volunteer), {"action": "back", "absence": absence.pk})
        assert response.status_code == 400
    assert VolunteerAbsence.objects.count() == 2


def test_post_only_with_csrf_and_a_valid_link(world):
    volunteer = world.volunteer()
    day = (world.today + dt.timedelta(days=2)).isoformat()
    client = Client(enforce_csrf_checks=True)
    data = {"action": "away", "first_day": day, "last_day": "", "reason": ""}
    assert client.post(url_of(volunteer), data).status_code == 403
    assert client.get(url_of(volunteer), data).status_code == 200  # a GET changes nothing
    token = own_page.token_for(volunteer)
    forged = Client().post(f"/en/volunteer/me/{token[:-3]}xyz/", data)
    assert forged.status_code == 400
    assert not VolunteerAbsence.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_reports_at_once_record_one_absence_and_ask_once(world):
    need, regular, _cover = weekly_pair(world)
    date = need.date + dt.timedelta(days=7)
    results = in_parallel(*[lambda: away(Client(), regular, date).status_code] * 2)
    assert not raised(results) and results == [302, 302]
    assert VolunteerAbsence.objects.count() == 1
    assert Proposal.objects.filter(for_date=date).count() == 1
    assert Notification.objects.filter(template="matching_volunteer_away").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_withdrawals_at_once_withdraw_once(world):
    need, regular, _cover = weekly_pair(world)
    date = need.date + dt.timedelta(days=7)
    away(Client(), regular, date)
    absence = VolunteerAbsence.objects.get()

    def withdraw():
        return Client().post(url_of(regular), {"action": "back", "absence": absence.pk}).status_code

    results = in_parallel(withdraw, withdraw)
    assert not raised(results) and sorted(results) == [302, 400]
    assert not VolunteerAbsence.objects.exists()
    assert Notification.objects.filter(template="matching_volunteer_back").count() == 1


def test_the_service_refuses_what_the_model_refuses(world):
    volunteer = world.volunteer()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.report_absence(volunteer, world.today, world.today - dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        yesterday = world.today - dt.timedelta(days=1)
        services.report_absence(volunteer, yesterday, yesterday)
    assert not VolunteerAbsence.objects.exists()


def test_saving_the_days_away_grid_keeps_the_reason_of_a_period_kept(world):
    from matching.fields import save_days_away

    volunteer = world.volunteer()
    first = world.today + dt.timedelta(days=4)
    told = services.report_absence(volunteer, first, first, "法事")
    later = (world.today + dt.timedelta(days=30), world.today + dt.timedelta(days=31))
    save_days_away(volunteer, [(first, first), later], world.today)
    assert VolunteerAbsence.objects.get(pk=told.pk).reason == "法事"
    assert set(volunteer.absences.values_list("first_day", "last_day")) == {(first, first), later}
    save_days_away(volunteer, [later], world.today)
    assert list(volunteer.absences.values_list("first_day", "last_day")) == [later]
