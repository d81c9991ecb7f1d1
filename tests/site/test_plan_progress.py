"""The plan's progress report at /admin/plan-progress/ (issue 16): who may see it, what the
core counts itself (goal 6), bad parameters, the CSV against the tables, and a query count
that does not grow with the records."""

import csv
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from wagtail.models import Locale

import pytest
from bs4 import BeautifulSoup

from kokoron.core.demo import DemoContext, demo_staff
from kokoron.core.plan_progress import (
    current_fiscal_year,
    indicators,
    new_subscribers,
    newsletter_issues,
)
from kokoron.geography.factories import SchoolDistrictFactory
from kokoron.news.editorial import MANAGERS, PR_STAFF
from kokoron.news.factories import NewsIndexPageFactory, NewsPageFactory
from kokoron.newsletters.factories import NewsletterIndexPageFactory, NewsletterIssuePageFactory
from kokoron.newsletters.models import NewsletterIndexPage, Subscriber
from tests.conftest import page_tree_root

pytestmark = pytest.mark.django_db

URL = "/admin/plan-progress/"
TOKYO = ZoneInfo("Asia/Tokyo")
SUBSCRIBERS_NOW = "メール配信の登録者数（現在）"  # noqa: RUF001 - as the catalogue writes it


@pytest.fixture
def ward(db):
    page_tree_root()
    return {
        "gokiso": SchoolDistrictFactory(name="御器所", name_romaji="Gokiso", slug="gokiso"),
        "yagoto": SchoolDistrictFactory(name="八事", name_romaji="Yagoto", slug="yagoto"),
    }


def role(django_user_model, settings, username):
    """A user of one demo role, made as the demo makes it."""
    settings.KOKORON_DEMO_SUPERUSER = True
    groups = {
        "manager": (MANAGERS, None),
        "pr": (PR_STAFF, None),
        "coordinator": ("Coordinators", ["wagtailadmin.access_admin", "matching", "signups"]),
        "education": ("Education coordinators", ["wagtailadmin.access_admin", "education"]),
        "directory": ("Directory staff", ["wagtailadmin.access_admin", "directory"]),
    }
    if username == "superuser":
        return django_user_model.objects.create_superuser("root", "root@example.jp", "pw")
    if username == "viewer":
        user = django_user_model.objects.create_user("viewer", "viewer@example.jp", "pw")
        for app_label, codename in [
            ("wagtailadmin", "access_admin"),
            ("matching", "view_need"),
            ("signups", "view_signup"),
            ("education", "view_classrequest"),
        ]:
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        return user
    group, permissions = groups[username]
    return demo_staff(DemoContext(), username, group, permissions)


def client_of(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("username", ["manager", "superuser"])
def test_managers_and_the_superuser_see_the_report_in_the_menu(
    username, ward, django_user_model, settings
):
    client = client_of(role(django_user_model, settings, username))
    home = client.get("/admin/")
    assert URL in home.content.decode()
    response = client.get(URL)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    headings = [h2.get_text(strip=True) for h2 in page.find_all("h2")]
    assert "①認め合い、支えあう福祉意識づくり" in headings
    assert "⑥情報の収集と発信" in headings
    assert client.get(URL, {"format": "csv"}).status_code == 200


@pytest.mark.parametrize("username", ["pr", "coordinator", "education", "directory", "viewer"])
def test_every_other_role_is_refused_and_not_shown_the_menu_item(
    username, ward, django_user_model, settings
):
    client = client_of(role(django_user_model, settings, username))
    assert URL not in client.get("/admin/").content.decode()
    for query in ({}, {"format": "csv"}):
        response = client.get(URL, query)
        # Wagtail's refusal of a screen: back to the admin's home with a message.
        assert response.status_code == 302
        assert response["Location"] == "/admin/"


def test_the_managers_group_has_the_permission_from_its_migration():
    managers = Group.objects.get(name=MANAGERS)
    assert managers.permissions.filter(
        content_type__app_label="core", codename="view_plan_progress"
    ).exists()


@pytest.fixture
def manager(ward, django_user_model, settings):
    return client_of(role(django_user_model, settings, "manager"))


def tables(response):
    """{(goal, indicator, year, district): text} of every figure of the screen's tables."""
    page = BeautifulSoup(response.content, "html.parser")
    figures = {}
    for section in page.select("section.plan-goal"):
        goal = section.find("h2").get_text(strip=True)
        for table in section.select("table[data-table]"):
            head = [th.get_text(strip=True) for th in table.select("thead th")][1:]
            caption = table.find("caption").get_text(strip=True).split(":")[0]
            for tr in table.select("tbody tr"):
                name = tr.find("th").get_text(strip=True)
                for column, td in zip(head, tr.find_all("td"), strict=True):
                    if table["data-table"] == "years":  # indicator by year, for one place
                        key = (goal, name, column, caption)
                    else:  # district by indicator, for the chosen year
                        key = (goal, column, caption, name)
                    figures[key] = td.get_text(strip=True)
    return figures


def csv_figures(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    return rows[0], {tuple(row[:4]): row[4] for row in rows[1:]}


def publish_outreach(ward):
    """Two issues in FY2026 (one on 31 March 2027), one in FY2027, an English translation
    that is not another issue; news in Gokiso and for the whole ward."""
    root = page_tree_root()
    letters = NewsletterIndexPageFactory(parent=root)
    NewsletterIssuePageFactory(parent=letters, publication_date=dt.date(2026, 4, 1))
    last = NewsletterIssuePageFactory(parent=letters, publication_date=dt.date(2027, 3, 31))
    NewsletterIssuePageFactory(parent=letters, publication_date=dt.date(2027, 4, 1))
    english, _created = Locale.objects.get_or_create(language_code="en")
    last.copy_for_translation(english, copy_parents=True).save_revision().publish()
    news = NewsIndexPageFactory(parent=root)
    NewsPageFactory(parent=news, date=dt.date(2026, 5, 1), district=ward["gokiso"])
    NewsPageFactory(parent=news, date=dt.date(2026, 6, 1), district=ward["gokiso"])
    NewsPageFactory(parent=news, date=dt.date(2026, 7, 1))


def test_the_core_counts_its_issues_news_and_subscribers_and_says_page_views_are_not_collected(
    manager, ward
):
    publish_outreach(ward)
    confirmed = [
        dt.datetime(2026, 4, 1, 0, 5, tzinfo=TOKYO),
        dt.datetime(2027, 3, 31, 23, 55, tzinfo=TOKYO),
        dt.datetime(2027, 4, 1, 0, 5, tzinfo=TOKYO),  # still 31 March in UTC: FY2027
    ]
    for n, at in enumerate(confirmed):
        Subscriber.objects.create(email=f"s{n}@example.jp", language="ja", confirmed_at=at)
    Subscriber.objects.create(email="unconfirmed@example.jp", language="ja")
    with translation.override("ja"):
        figures = tables(manager.get(URL, {"year": 2026}))
    goal = "⑥情報の収集と発信"
    assert figures[(goal, "広報紙の発行号数", "2026年度", "全区")] == "2"
    assert figures[(goal, "広報紙の発行号数", "2025年度", "全区")] == "0"
    assert figures[(goal, "新しいメール配信の登録者数", "2026年度", "全区")] == "2"
    assert figures[(goal, "お知らせの掲載件数", "2026年度", "御器所")] == "2"
    assert figures[(goal, "お知らせの掲載件数", "2026年度", "学区の記録なし")] == "1"
    assert figures[(goal, "お知らせの掲載件数", "2026年度", "全区")] == "3"
    assert figures[(goal, "お知らせのページ閲覧数", "2026年度", "全区")] == "未収集"
    assert figures[(goal, "お知らせのページ閲覧数", "2026年度", "八事")] == "未収集"
    # A snapshot (subscribers now) is known for this fiscal year only.
    now = manager.get(URL, {"year": current_fiscal_year()})
    this_year = f"{current_fiscal_year()}年度"
    assert tables(now)[(goal, SUBSCRIBERS_NOW, this_year, "全区")] == "3"
    assert figures[(goal, SUBSCRIBERS_NOW, "2025年度", "全区")] == "記録なし"
    # A year after this one is not offered; the counts split on 1 April (Tokyo time).
    assert newsletter_issues(range(2026, 2028)) == {(2026, None): 2, (2027, None): 1}
    assert new_subscribers(range(2026, 2028)) == {(2026, None): 2, (2027, None): 1}


def test_a_district_chosen_shows_its_own_figures_by_year(manager, ward):
    publish_outreach(ward)
    figures = tables(manager.get(URL, {"year": 2026, "district": "yagoto"}))
    goal = "⑥情報の収集と発信"
    assert figures[(goal, "お知らせの掲載件数", "2026年度", "八事")] == "0"
    assert figures[(goal, "お知らせの掲載件数", "2026年度", "御器所")] == "2"


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"year": "1900"},
        {"year": ""},
        {"district": "no-such-district"},
        {"district": "<script>"},
        {"year": "abc", "district": "nowhere", "format": "csv"},
        {"year": ["2026", "2025"]},
    ],
)
def test_bad_parameters_are_set_aside_with_a_message_never_a_server_error(manager, query):
    response = manager.get(URL, query)
    assert response.status_code == 200
    if query.get("format") == "csv":
        assert response["Content-Type"].startswith("text/csv")
        return
    page = BeautifulSoup(response.content, "html.parser")
    bad = {key for key, value in query.items() if value not in ("", ["2026", "2025"])}
    errors = page.select(".plan-errors")
    assert bool(errors) == bool(bad)
    shown_year = page.select_one("table[data-table=districts] caption").get_text()
    if "year" in bad:
        assert shown_year.startswith(f"{current_fiscal_year()}年度")


def test_the_csv_holds_exactly_the_figures_of_the_tables(manager, ward):
    publish_outreach(ward)
    for query in ({"year": 2026}, {"year": 2026, "district": "gokiso"}):
        with translation.override("ja"):
            shown = tables(manager.get(URL, query))
            header, downloaded = csv_figures(manager.get(URL, {**query, "format": "csv"}))
        assert header == ["基本目標", "指標", "年度", "学区", "値"]
        assert downloaded == shown
        # Each indicator of the modules that are on is in both.
        assert {key[1] for key in shown} == {str(indicator.label) for indicator in indicators()}


def test_the_csv_is_named_after_the_year_and_district(manager, ward):
    response = manager.get(URL, {"year": 2025, "district": "gokiso", "format": "csv"})
    assert 'filename="plan-progress-2025-gokiso.csv"' in response["Content-Disposition"]


def test_the_screen_in_english(manager, ward):
    manager.get("/admin/")  # the admin follows the user's language preference
    user = manager.session.get("_auth_user_id")
    from django.contrib.auth import get_user_model

    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(get_user_model().objects.get(pk=user))
    profile.preferred_language = "en"
    profile.save()
    page = BeautifulSoup(manager.get(URL, {"year": 2026}).content, "html.parser")
    headings = [h2.get_text(strip=True) for h2 in page.find_all("h2")]
    assert "⑥Collecting and sharing information" in headings
    assert "FY2026" in page.get_text()
    assert "not collected" in page.get_text()


def test_charts_are_labelled_images_beside_their_tables(manager, ward):
    publish_outreach(ward)
    page = BeautifulSoup(manager.get(URL, {"year": 2026}).content, "html.parser")
    charts = page.select("figure.plan-chart")
    assert charts
    for figure in charts:
        svg = figure.find("svg")
        assert svg["role"] == "img"
        assert figure.find("figcaption").get_text(strip=True)
        assert svg["aria-label"].startswith(figure.find("figcaption").get_text(strip=True))
    issues = page.select_one("#chart-newsletters-issues svg")
    assert "2026年度 2" in issues["aria-label"]
    assert len(issues.find_all("rect")) == 5  # one bar a year, a zero bar included
    # By district: the first indicator counted per district (an issue is for the whole ward).
    by_district = page.select_one("#chart-6-districts")
    assert by_district.figcaption.get_text(strip=True) == "お知らせの掲載件数 (2026年度)"
    assert "御器所 2" in by_district.svg["aria-label"]


def test_the_query_count_does_not_grow_with_the_records(manager, ward):
    manager.get(URL)  # the session and the user's profile, read once

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert manager.get(URL, {"year": 2026}).status_code == 200
        return len(captured)

    publish_outreach(ward)
    queries()  # what a publish left to fill again (the kept fragments) is filled here
    before = queries()
    letters = NewsletterIndexPage.objects.get(locale__language_code="ja")
    for n in range(5):
        NewsletterIssuePageFactory(parent=letters, publication_date=dt.date(2025, 6, n + 1))
    for n in range(20):
        Subscriber.objects.create(
            email=f"many{n}@example.jp",
            language="ja",
            confirmed_at=dt.datetime(2026, 5, 1, tzinfo=TOKYO),
        )
    queries()
    assert queries() == before


SWITCHED_OFF = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from kokoron.core.plan_progress import indicators
setup_test_environment()
# The tables of a template migrated once per set of migrations (tests/database_template.py).
from django.db import connection
from tests.database_template import migrate_from_template
migrate_from_template(connection)
from django.contrib.auth import get_user_model
client = Client()
client.force_login(get_user_model().objects.create_superuser("root", "root@example.jp", "pw"))
response = client.get("/admin/plan-progress/", {"format": "csv"})
print("STATUS", response.status_code)
print("KEYS", ",".join(sorted({indicator.key.split(".")[0] for indicator in indicators()})))
"""


@pytest.mark.configurations
@pytest.mark.parametrize(
    ("plugins", "modules"),
    [("", "news,newsletters"), ("directory", "directory,news,newsletters")],
    ids=["core-only", "directory-alone"],
)
def test_a_plugin_switched_off_leaves_no_indicator(plugins, modules):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kokoron.settings.test",
        "KOKORON_PLUGINS": plugins,
        "DATABASE_URL": "sqlite://:memory:",
    }
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", SWITCHED_OFF],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "STATUS 200" in result.stdout
    assert f"KEYS {modules}" in result.stdout
