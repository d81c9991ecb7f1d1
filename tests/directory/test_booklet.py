"""The booklet: grouped by field then district, table of contents, 五十音 index, the list's filter."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from directory.models import Service

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_booklet_groups_by_field_then_district(client, small_directory):
    page = soup(client.get("/directory/booklet/"))
    chapters = [h2.get_text(strip=True) for h2 in page.select(".booklet-chapter > h2")]
    assert chapters == ["子ども", "高齢者"]  # the fields' order, each service in its first field
    older = page.select_one("#field-older-people").find_parent("section")
    assert [h3.get_text(strip=True) for h3 in older.select("h3")] == ["御器所"]
    names = [h4.get_text(" ", strip=True) for h4 in older.select("h4")]
    assert names == ["御器所いきいきサロン", "昭和区西部いきいき支援センター"]
    # every table of contents link points at a heading on the page
    for link in page.select(".booklet-toc a"):
        assert page.select_one(link["href"]) is not None, link["href"]
    # the 五十音 index links every entry
    index = page.select_one(".booklet-index")
    assert [h3.get_text() for h3 in index.select("h3")] == ["か", "さ"]
    assert len(index.select("a")) == 3
    for link in index.select("a"):
        assert page.select_one(link["href"]) is not None


def test_booklet_follows_the_filter_and_flags_old_entries(client, small_directory):
    Service.objects.filter(pk=small_directory["dining"].pk).update(
        assured_date=dt.date.today() - dt.timedelta(days=400)
    )
    page = soup(client.get("/directory/booklet/", {"kind": "gathering-place"}))
    entries = page.select(".booklet-entry h4")
    assert len(entries) == 2
    flagged = [h4 for h4 in entries if h4.select_one(".booklet-entry__unverified")]
    assert len(flagged) == 1 and "川名こども食堂" in flagged[0].get_text()
    assert "たまり場" in page.select_one(".booklet-cover").get_text()
    assert "052-000-1111" in page.get_text()


def test_booklet_in_english_and_with_nonsense_filters(client, small_directory):
    page = soup(client.get("/en/directory/booklet/"))
    assert "Gokiso Lively Salon" in page.get_text()
    page = soup(client.get("/directory/booklet/", {"district": "nowhere", "page": "x"}))
    assert len(page.select(".booklet-entry")) == 3
    assert page.select_one('[role="alert"]') is not None
