"""Private pages (Wagtail's view restrictions): out of every listing, feed, search, sitemap and
district page, and no longer served from the page cache once a page turns private."""

# ruff: noqa: F811 - pytest fixtures imported from tests.site.outreach
import datetime

from django.core.cache import cache
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from kokoron.districts.factories import DistrictIndexPageFactory, DistrictPageFactory
from kokoron.events.factories import EventDateFactory, EventPageFactory
from kokoron.geography.models import SchoolDistrict
from kokoron.news.factories import NewsPageFactory
from kokoron.newsletters.factories import NewsletterIssuePageFactory
from kokoron.newsletters.models import Announcement
from kokoron.search import pages as search_pages
from tests.site.outreach import sections, ward  # noqa: F401

pytestmark = pytest.mark.django_db

SECRET_NEWS = "内部連絡のお知らせ"
SECRET_EVENT = "職員研修会"
SECRET_ISSUE = "広報紙 校正版"
OPEN_NEWS = "みんなのお知らせ"


@pytest.fixture
def site(sections):
    search_pages.summaries.clear()
    gokiso = SchoolDistrict.objects.get(name="御器所")
    districts = DistrictIndexPageFactory(parent=sections["home"])
    district = DistrictPageFactory(parent=districts, district=gokiso)
    soon = timezone.now() + datetime.timedelta(days=3)
    pages = {
        "open": NewsPageFactory(parent=sections["news"], title=OPEN_NEWS, district=gokiso),
        "news": NewsPageFactory(parent=sections["news"], title=SECRET_NEWS, district=gokiso),
        "event": EventPageFactory(parent=sections["events"], title=SECRET_EVENT, district=gokiso),
        "issue": NewsletterIssuePageFactory(parent=sections["newsletters"], title=SECRET_ISSUE),
    }
    EventDateFactory(page=pages["event"], start=soon)
    yield {**sections, **pages, "district": district}
    search_pages.summaries.clear()


def make_private(page):
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


def text(response):
    assert response.status_code == 200
    return response.content.decode()


LISTINGS = [
    "/",
    "/news/",
    "/news/feed/",
    "/events/",
    "/events/calendar/",
    "/newsletters/",
    "/newsletters/feed/",
    "/sitemap.xml",
]
# The search page repeats the query: there, what must not show is the page's address.
SEARCHES = [f"/search/?q={title}" for title in (SECRET_NEWS, SECRET_EVENT, SECRET_ISSUE)]


def test_private_pages_are_listed_nowhere(client, site):
    listings = [*LISTINGS, site["district"].url]
    secret = ("news", "event", "issue")
    seen = "".join(text(client.get(path)) for path in listings)
    found = "".join(text(client.get(path)) for path in SEARCHES)
    for name in secret:
        assert site[name].title in seen and site[name].url in found  # shown while public

    for name in secret:
        make_private(site[name])
    for path in [*listings, *SEARCHES]:
        html = text(client.get(path))
        for name in secret:
            assert site[name].url not in html, (path, name)
            if path not in SEARCHES:
                assert site[name].title not in html, (path, name)
    for path in ("/", "/news/", "/sitemap.xml", site["district"].url):
        assert site["open"].url in text(client.get(path)), path


def test_a_private_section_hides_everything_under_it(client, site):
    make_private(site["news"].get_parent())
    for path in ("/", "/sitemap.xml", site["district"].url, f"/search/?q={OPEN_NEWS}"):
        html = text(client.get(path))
        assert site["open"].url not in html and site["news"].url not in html, path
    assert client.get("/news/").status_code == 302  # to the login page


def test_making_a_page_private_clears_its_cached_copies(client, site, settings):
    settings.KOKORON_PAGE_CACHE_SECONDS = 300
    cache.clear()
    watched = ["/", "/news/", "/news/feed/", site["district"].url]
    for path in watched:
        assert SECRET_NEWS in text(client.get(path))
    assert SECRET_NEWS in text(client.get(site["news"].url))  # now stored for anonymous views

    restriction = make_private(site["news"])
    page = client.get(site["news"].url)
    assert page.status_code == 302 and "/login/" in page["Location"]
    assert SECRET_NEWS not in page.content.decode()
    for path in watched:
        assert SECRET_NEWS not in text(client.get(path)), path
    assert client.get(site["news"].url).status_code == 302  # the redirect is not stored

    restriction.delete()  # public again: shown again at once
    assert SECRET_NEWS in text(client.get(site["news"].url))
    for path in watched:
        assert SECRET_NEWS in text(client.get(path)), path


def test_a_password_restriction_is_private_too(client, site):
    PageViewRestriction.objects.create(
        page=site["news"], restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert SECRET_NEWS not in text(client.get("/news/"))
    form = text(client.get(site["news"].url))  # the password form, not the page
    assert 'name="password"' in form and "地域の皆さまへのお知らせです" not in form


def test_subscribers_are_not_told_of_a_private_page(site):
    news = NewsPageFactory(
        parent=site["news"], title="非公開の新着", date=timezone.localdate(), live=False
    )
    make_private(news)
    news.save_revision().publish()
    assert not Announcement.objects.filter(translation_key=news.translation_key).exists()
    public_news = NewsPageFactory(
        parent=site["news"], title="公開の新着", date=timezone.localdate(), live=False
    )
    public_news.save_revision().publish()
    assert Announcement.objects.filter(translation_key=public_news.translation_key).exists()
