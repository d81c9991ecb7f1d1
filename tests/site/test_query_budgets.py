"""Warm SQL queries per public page type: within a budget, and the same with more items.

A warm view is the second one (the first makes image renditions and fills the per-process
caches); the page cache is off, so every view is rendered, as for an editor. The Django cache
is the tests' local memory: reads of the menus, language links and site (kokoron.pages.cache)
are not queries here, as with Redis in production. Budgets are the most a page type may cost.
"""

import datetime

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.images.tests.utils import get_test_image_file

import pytest

from kokoron.core.demo import ESSENTIAL_STEPS, load_demo
from kokoron.districts.factories import DistrictIndexPageFactory, DistrictPageFactory
from kokoron.events.factories import EventDateFactory, EventIndexPageFactory, EventPageFactory
from kokoron.geography.models import SchoolDistrict
from kokoron.images.models import CustomImage
from kokoron.news.factories import NewsIndexPageFactory, NewsPageFactory, image_stream
from kokoron.newsletters.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory
from tests.site.outreach import translate

pytestmark = pytest.mark.django_db

# At most 10 each. Where the queries go on the pages with the most:
# - district: the page (its route is kept: kokoron.pages.cache.route) and its district (2),
#   news and events (2), the neighbours and their pages, neighbourhoods (3), the experiences
#   (the locale, sessions, their pages: 3); the section index pages and the directory's
#   sections are kept fragments;
# - directory: the count and page of services, their load (6); the filter's choices are kept;
# - news_index: the page, the years, the listing's count and page, the cards' images (2).
BUDGETS = {
    "home": 10,
    "news_page": 10,
    "news_index": 6,
    "event_page": 10,
    "events": 10,
    "newsletters": 10,
    "district": 10,
    "search": 10,
    "experiences": 10,
    "directory": 8,
}


@pytest.fixture
def site():
    """The essential demo ward (menus, footer, languages) with every section, still empty."""
    context = load_demo(core_steps=ESSENTIAL_STEPS)
    home = context.home_pages["ja"]
    gokiso = SchoolDistrict.objects.get(name="御器所")
    districts = DistrictIndexPageFactory(parent=home)
    pages = {
        "home": home,
        "gokiso": gokiso,
        "news": NewsIndexPageFactory(parent=home),
        "events": EventIndexPageFactory(parent=home),
        "newsletters": NewsletterIndexPageFactory(parent=home),
        "district": DistrictPageFactory(parent=districts, district=gokiso),
        "image": CustomImage.objects.create(title="サロン", file=get_test_image_file()),
        "count": 0,
    }
    if apps.is_installed("matching"):
        from matching.signups.factories import opportunity_index

        pages["experiences"] = opportunity_index(home)
    return pages


def add_items(site, count):
    """`count` more of every kind of item: news, events, issues, sessions, services."""
    for _ in range(count):
        n = site["count"] = site["count"] + 1
        site["news_page"] = NewsPageFactory(
            parent=site["news"],
            title=f"サロンのお知らせ{n}",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=n),
            district=site["gokiso"],
            image=image_stream(site["image"], "サロン"),
        )
        site["event_page"] = event = EventPageFactory(
            parent=site["events"],
            title=f"サロンの集い{n}",
            district=site["gokiso"],
            image=image_stream(site["image"], "会場"),
        )
        EventDateFactory(page=event, start=timezone.now() + datetime.timedelta(days=n))
        NewsletterIssuePageFactory(
            parent=site["newsletters"],
            number=n,
            publication_date=datetime.date(2025, 1, 1) + datetime.timedelta(days=30 * n),
            image=image_stream(site["image"], "表紙"),
        )
        if "experiences" in site:
            from matching.signups.factories import OpportunityPageFactory, SessionFactory

            opportunity = OpportunityPageFactory(parent=site["experiences"])
            SessionFactory(opportunity=opportunity, district=site["gokiso"])
        if apps.is_installed("directory"):
            from directory.factories import (
                AccessibilityFactory,
                LocationFactory,
                ScheduleFactory,
                ServiceAtLocationFactory,
                TaxonomyFactory,
                TaxonomyTermFactory,
            )
            from directory.models import Taxonomy

            kind = TaxonomyTermFactory(
                taxonomy=TaxonomyFactory(slug=Taxonomy.KIND), code="salon", name="サロン"
            )

            # Found by the search below beside the pages, with its kind, place and schedule.
            location = LocationFactory(school_district=site["gokiso"])
            place = ServiceAtLocationFactory(
                location=location, service__name=f"ふれあいサロン{n}", service__terms=[kind]
            )
            ScheduleFactory(service=place.service)
            AccessibilityFactory(location=location)


def paths(site):
    found = {
        "home": "/",
        "news_page": site["news_page"].url,
        "news_index": site["news"].url,
        "event_page": site["event_page"].url,
        "events": site["events"].url,
        "newsletters": site["newsletters"].url,
        "district": site["district"].url,
        "search": "/search/?q=サロン",
    }
    if "experiences" in site:
        found["experiences"] = "/volunteer/experiences/"
    if apps.is_installed("directory"):
        found["directory"] = "/directory/"
    return found


def warm_queries(client, path):
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries)


def test_every_page_type_keeps_its_budget_whatever_it_lists(client, site):
    add_items(site, 2)
    few = {name: warm_queries(client, path) for name, path in paths(site).items()}
    add_items(site, 4)
    more = {name: warm_queries(client, path) for name, path in paths(site).items()}
    assert more == few, f"queries grow with the number of items: {few} then {more}"
    over = {name: count for name, count in few.items() if count > BUDGETS[name]}
    assert not over, f"over budget: {over} (budgets {BUDGETS})"
    # The search counted finds pages and, with the directory on, its entries.
    found = {group.key for group in client.get(paths(site)["search"]).context["groups"]}
    assert any(key.startswith("pages.") for key in found), found
    assert "directory" in found or not apps.is_installed("directory"), found


def test_translated_pages_keep_the_budget(client, site):
    add_items(site, 2)
    translate(site["news"], "en", title="News")
    translate(site["district"].get_parent().specific, "en", title="School districts")
    translate(site["district"], "en", title="Gokiso")
    for name in ("home", "news_index", "district"):
        path = "/en" + paths(site)[name]
        # One more under a language prefix: Wagtail looks up the home page's translation.
        assert warm_queries(client, path) <= BUDGETS[name] + 1, path
