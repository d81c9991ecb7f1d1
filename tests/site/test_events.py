# ruff: noqa: F811 - pytest fixtures imported from tests.site.outreach
import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail import hooks
from wagtail.models import Locale

import icalendar
import pytest

from kokoron.events.factories import EventCategoryFactory, EventDateFactory, EventPageFactory
from kokoron.events.models import EventPage
from kokoron.events.signup import EVENT_SIGNUP_HOOK, SignupProvider
from kokoron.geography.models import SchoolDistrict
from tests.site.outreach import sections, ward  # noqa: F401

pytestmark = pytest.mark.django_db
TOKYO = ZoneInfo("Asia/Tokyo")


def event(index, title, *starts, **kwargs):
    page = EventPageFactory(parent=index, title=title, **kwargs)
    for start in starts:
        EventDateFactory(page=page, start=start, end=start + datetime.timedelta(hours=2))
    return page


def in_days(days, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TOKYO)


def titles(response):
    assert response.status_code == 200
    return [page.title for page in response.context["results"].object_list]


def test_upcoming_and_past_listings(client, sections):
    index = sections["events"]
    event(index, "来週のサロン", in_days(7))
    event(index, "明日の講座", in_days(1), in_days(30))
    event(index, "先月の講座", in_days(-30))
    assert titles(client.get("/events/")) == ["明日の講座", "来週のサロン"]
    assert titles(client.get("/events/past/")) == ["先月の講座"]


def test_filters_by_month_district_and_category(client, sections):
    index = sections["events"]
    gokiso = SchoolDistrict.objects.get(name="御器所")
    yagoto = SchoolDistrict.objects.get(name="八事")
    lecture = EventCategoryFactory(slug="lecture", locale=Locale.get_default())
    soon, later = in_days(3), in_days(70)
    event(index, "御器所の講座", soon, district=gokiso, category=lecture)
    event(index, "八事のサロン", later, district=yagoto)
    assert titles(client.get("/events/?district=gokiso")) == ["御器所の講座"]
    assert titles(client.get("/events/?category=lecture")) == ["御器所の講座"]
    assert titles(client.get(f"/events/?month={later:%Y-%m}")) == ["八事のサロン"]


@pytest.mark.parametrize(
    "query",
    ["month=2026-13", "month=tomorrow", "district=atlantis", "category=%27%3B--", "month=99999-01"],
)
def test_nonsense_filters_give_the_listing_and_a_message(client, sections, query):
    event(sections["events"], "サロン", in_days(5))
    for path in ("/events/", "/events/past/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 200
        assert response.context["filter_messages"]
    assert titles(client.get(f"/events/?{query}")) == ["サロン"]


def test_event_page_and_its_ics_in_tokyo_time(client, sections):
    gokiso = SchoolDistrict.objects.get(name="御器所")
    start = datetime.datetime(2030, 5, 10, 13, 30, tzinfo=TOKYO)
    page = event(
        sections["events"],
        "認知症サポーター養成講座",
        start,
        start + datetime.timedelta(days=7),
        district=gokiso,
        venue_address="昭和区御器所1-1",
        step_free=True,
        fee="300円",
        join_method=EventPage.JoinMethod.CONTACT,
        contact="電話 052-000-0001",
    )
    html = client.get(page.url).content.decode()
    assert "300円" in html and "052-000-0001" in html and "御器所" in html
    response = client.get(page.url + "calendar/")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    first = min(events, key=lambda item: item.decoded("dtstart"))
    assert first.decoded("dtstart") == start
    assert "TZID=Asia/Tokyo" in response.content.decode()
    assert list(calendar.walk("VTIMEZONE"))


def test_one_calendar_for_all_events(client, sections):
    index = sections["events"]
    event(index, "講座A", in_days(3))
    event(index, "講座B", in_days(-3), in_days(4))
    html = client.get("/events/").content.decode()
    assert '<link rel="alternate" type="text/calendar"' in html
    calendar = icalendar.Calendar.from_ical(client.get("/events/calendar/").content)
    assert sorted(str(item["summary"]) for item in calendar.walk("VEVENT")) == [
        "講座A",
        "講座B",
        "講座B",
    ]
    # The same events under another address the site answers at: the same UIDs.
    again = icalendar.Calendar.from_ical(
        client.get("/events/calendar/", HTTP_HOST="127.0.0.1:8080").content
    )
    assert sorted(str(item["uid"]) for item in calendar.walk("VEVENT")) == sorted(
        str(item["uid"]) for item in again.walk("VEVENT")
    )


def test_signup_needs_a_provider_registered_through_the_hook(sections):
    page = EventPageFactory(parent=sections["events"])
    page.join_method = EventPage.JoinMethod.SIGNUP
    with pytest.raises(ValidationError):
        page.full_clean()

    def provider():
        return SignupProvider(
            name="test", label="Test", url_for=lambda event, ref: f"/signup/{ref}/"
        )

    with hooks.register_temporarily(EVENT_SIGNUP_HOOK, provider):
        page.signup_provider, page.signup_reference = "test", "42"
        page.full_clean()
        assert page.signup_url == "/signup/42/"
    assert page.signup_url is None  # the plugin went off: no dead link


def test_an_end_before_the_start_is_refused(sections):
    page = EventPageFactory(parent=sections["events"])
    date = EventDateFactory.build(page=page, start=in_days(2), end=in_days(1))
    with pytest.raises(ValidationError):
        date.full_clean()
