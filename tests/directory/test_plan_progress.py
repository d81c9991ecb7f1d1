"""The directory's figures for the plan's progress report (issue 16): gathering places open
now and the districts that have one (goal 2), entries verified by fiscal year (goal 5)."""

import datetime as dt

import pytest

from directory import plan_progress
from directory.factories import LocationFactory, ServiceAtLocationFactory, ServiceFactory
from directory.models import Taxonomy
from kokoron.core.plan_progress import current_fiscal_year
from kokoron.geography.factories import SchoolDistrictFactory

pytestmark = pytest.mark.django_db

YEARS = range(2025, 2028)


def service(terms, district, *, kind="gathering-place", status="active", assured=None, more=()):
    entry = ServiceFactory(
        status=status, assured_date=assured, terms=[terms[(Taxonomy.KIND, kind)]]
    )
    for place in (district, *more):
        ServiceAtLocationFactory(service=entry, location=LocationFactory(school_district=place))
    return entry


def test_gathering_places_open_now_and_their_districts(terms, districts):
    gokiso, kawana = districts["gokiso"], districts["kawana"]
    empty = SchoolDistrictFactory(slug="empty")
    service(terms, gokiso)
    service(terms, gokiso)
    service(terms, kawana)
    service(terms, kawana, status="inactive")  # closed: not counted
    service(terms, empty, kind="consultation")  # not a gathering place
    year = current_fiscal_year()
    assert plan_progress.gathering_places(YEARS) == {(year, gokiso.pk): 2, (year, kawana.pk): 1}
    assert plan_progress.districts_with_gathering_place(YEARS) == {
        (year, gokiso.pk): 1,
        (year, kawana.pk): 1,
    }


def test_a_place_with_two_locations_is_counted_once_in_its_first_district(terms, districts):
    gokiso, kawana = districts["gokiso"], districts["kawana"]
    gokiso.sort_order, kawana.sort_order = 2, 1
    gokiso.save()
    kawana.save()
    service(terms, gokiso, more=[kawana])
    assert plan_progress.gathering_places(YEARS) == {(current_fiscal_year(), kawana.pk): 1}


def test_entries_verified_by_the_fiscal_year_of_their_last_verification(terms, districts):
    gokiso, kawana = districts["gokiso"], districts["kawana"]
    service(terms, gokiso, kind="consultation", assured=dt.date(2026, 4, 1))
    service(terms, gokiso, kind="clinic", assured=dt.date(2027, 3, 31))
    service(terms, kawana, kind="clinic", assured=dt.date(2027, 4, 1))
    service(terms, kawana, kind="clinic", assured=dt.date(2025, 3, 31))  # before the years asked
    service(terms, kawana, kind="clinic", assured=None)  # never verified
    assert plan_progress.entries_verified(YEARS) == {
        (2026, gokiso.pk): 2,
        (2027, kawana.pk): 1,
    }
