"""The public directory: filters, 五十音 order, pages per service, gathering places, bad input."""

import datetime as dt
import zoneinfo

import pytest

from directory.factories import ServiceFactory
from directory.filters import DirectoryFilterSet
from directory.models import Service

pytestmark = pytest.mark.django_db
TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def names(response):
    return [service.name for service in response.context["services"]]


def test_listing_is_in_gojuon_order(client, small_directory):
    response = client.get("/directory/")
    assert response.status_code == 200
    assert names(response) == [
        "川名こども食堂",
        "御器所いきいきサロン",
        "昭和区西部いきいき支援センター",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"field": "older-people"}, ["御器所いきいきサロン", "昭和区西部いきいき支援センター"]),
        ({"kind": "gathering-place"}, ["川名こども食堂", "御器所いきいきサロン"]),
        ({"district": "kawana"}, ["川名こども食堂"]),
        ({"day": "sa"}, ["川名こども食堂"]),
        ({"day": "tu"}, ["御器所いきいきサロン", "昭和区西部いきいき支援センター"]),
        ({"language": "en"}, ["昭和区西部いきいき支援センター"]),
        ({"step_free": "on"}, ["御器所いきいきサロン", "昭和区西部いきいき支援センター"]),
        ({"free": "on"}, ["御器所いきいきサロン", "昭和区西部いきいき支援センター"]),
        ({"q": "サロン"}, ["御器所いきいきサロン"]),
        ({"q": "しょくどう"}, ["川名こども食堂"]),
        ({"q": "Lively"}, ["御器所いきいきサロン"]),
        (
            {"kind": "gathering-place", "field": "older-people", "district": "gokiso"},
            ["御器所いきいきサロン"],
        ),
    ],
)
def test_each_filter_narrows_the_list(client, small_directory, params, expected):
    response = client.get("/directory/", params)
    assert response.status_code == 200
    assert names(response) == expected


def test_open_now_follows_the_schedule_rules(small_directory):
    second_tuesday = dt.datetime(2026, 11, 10, 10, 30, tzinfo=TOKYO)
    third_tuesday = dt.datetime(2026, 11, 17, 10, 30, tzinfo=TOKYO)
    lunch = dt.datetime(2026, 11, 17, 12, 30, tzinfo=TOKYO)
    holiday = dt.datetime(2026, 11, 23, 10, 30, tzinfo=TOKYO)  # 勤労感謝の日, a Monday

    def open_at(moment):
        filterset = DirectoryFilterSet(
            {"open_now": "on"}, queryset=Service.objects.all(), now=moment
        )
        return sorted(filterset.qs.values_list("name", flat=True))

    assert open_at(second_tuesday) == ["御器所いきいきサロン", "昭和区西部いきいき支援センター"]
    assert open_at(third_tuesday) == ["昭和区西部いきいき支援センター"]
    assert open_at(lunch) == []
    assert open_at(holiday) == []


@pytest.mark.parametrize(
    "params",
    [
        {"field": "nonsense"},
        {"district": "atlantis"},
        {"day": "someday"},
        {"language": "klingon"},
        {"q": "x" * 500},
        {"field": "\x00"},
    ],
)
def test_nonsense_filters_show_the_list_with_a_message(client, small_directory, params):
    response = client.get("/directory/", params)
    assert response.status_code == 200
    assert len(names(response)) == 3
    assert response.context["filter_errors"]
    assert 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("page", ["-1", "abc", "99999", "0", "1e10"])
def test_bad_page_numbers_show_a_page_with_a_message(client, small_directory, page):
    response = client.get("/directory/", {"page": page})
    assert response.status_code == 200
    assert response.context["page_message"]


def test_listing_is_paginated(client, small_directory, terms):
    for n in range(25):
        ServiceFactory(name=f"追加{n}", name_kana=f"ん{n:02d}")
    first = client.get("/directory/")
    assert len(first.context["services"]) == 20
    second = client.get("/directory/", {"page": 2})
    assert len(second.context["services"]) == 8
    assert names(second)[-1] == "追加24"


def test_schedule_in_words_follows_the_readers_language(client, small_directory):
    salon = small_directory["salon"]
    ja = client.get(f"/directory/services/{salon.pk}/").content.decode()
    assert "毎月第2・第4火曜 10:00〜12:00" in ja
    assert "祝日休み" in ja
    en = client.get(f"/en/directory/services/{salon.pk}/").content.decode()
    assert "Gokiso Lively Salon" in en
    assert "2nd and 4th Tuesday of each month, 10:00\u201312:00" in en
    easy = client.get(f"/ja-easy/directory/services/{salon.pk}/").content.decode()
    assert "まいつき だい2・だい4 かようび" in easy


def test_service_page_has_contacts_access_and_map_link(client, small_directory):
    salon = small_directory["salon"]
    html = client.get(f"/directory/services/{salon.pk}/").content.decode()
    assert 'href="tel:052-000-1111"' in html
    assert "御器所町1-2-3" in html
    assert "https://www.openstreetmap.org/?mlat=" in html
    assert "leaflet" not in html.lower()  # a plain link: no map script needed


def test_unknown_service_is_404(client, db):
    assert (
        client.get("/directory/services/00000000-0000-0000-0000-000000000000/").status_code == 404
    )
    assert client.get("/directory/services/not-a-uuid/").status_code == 404


def test_gathering_places_grouped_by_district(client, small_directory):
    response = client.get("/directory/gathering-places/")
    assert response.status_code == 200
    groups = [
        (d.name, [row.service.name for row in rows]) for d, rows in response.context["districts"]
    ]
    assert sorted(groups) == sorted(
        [("御器所", ["御器所いきいきサロン"]), ("川名", ["川名こども食堂"])]
    )
