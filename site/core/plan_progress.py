"""The plan's progress (計画の進捗): the figures of the community welfare activity plan's six
goals, per fiscal year and school district, for the managers who report to the council.

The core owns the goals, the years, the districts, the screen, its charts and its CSV. Each
module hands over its own figures as Indicators through the PLAN_PROGRESS_HOOK: a plugin
that is off has no indicators here. An indicator's `count` takes the fiscal years of the
report and answers {(fiscal year, district id or None): number} from one grouped query.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, Q, When
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kokoron.news.models import NewsPage
from kokoron.newsletters.models import NewsletterIssuePage, Subscriber
from kokoron.plugins import PLAN_PROGRESS_HOOK, registered

from .plan_figures import FIRST_MONTH, fiscal_year, fiscal_year_bounds

PERMISSION = "core.view_plan_progress"


def goals():
    """The plan's six basic goals (基本目標), numbered and named as the plan names them."""
    return {
        1: _("Building welfare awareness that recognises and supports one another"),
        2: _("Creating opportunities to meet"),
        3: _("Developing local helpers"),
        4: _("Finding and solving local welfare issues"),
        5: _("Linking health, medical care and welfare"),
        6: _("Collecting and sharing information"),
    }


@dataclass(frozen=True)
class Indicator:
    """One figure the council reports under a goal.

    `count(years)` takes a range of fiscal years and returns {(fiscal year, district id or
    None): number}; None when the product does not collect it (the screen says so instead of
    a number). A `snapshot` counts what exists today (places open now), so it is known for
    the current fiscal year only."""

    goal: int
    key: str
    label: str
    count: Callable[[range], dict] | None
    order: int = 100
    snapshot: bool = False
    note: str = ""
    # Counted for the whole ward only (a newsletter issue has no district): its figures sit
    # under "no district recorded", and it is never the goal's chart by district.
    ward_wide: bool = False

    @property
    def slug(self):
        return self.key.replace(".", "-").replace("_", "-")

    @property
    def collected(self):
        return self.count is not None


def indicators():
    """Every indicator of the modules that are on, in goal order."""
    found = [item for item in registered(PLAN_PROGRESS_HOOK) if isinstance(item, Indicator)]
    return sorted(found, key=lambda item: (item.goal, item.order, item.key))


def current_fiscal_year(now=None):
    return fiscal_year(timezone.localdate(now))


# Queries -----------------------------------------------------------------------------------


def fiscal_year_of(field):
    """The fiscal year of a date or datetime field, worked out in the database (a datetime in
    the site's time zone): the calendar year, less one from January to March."""
    year = ExtractYear(field)
    return Case(
        When(**{f"{field}__month__lt": FIRST_MONTH}, then=year - 1),
        default=year,
        output_field=IntegerField(),
    )


def within(field, years, *, is_datetime=True):
    """A filter on a date or datetime field for the fiscal years of `years` (a range)."""
    start, end = fiscal_year_bounds(years[0], years[-1])
    if is_datetime:
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
        end = dt.datetime.combine(end, dt.time.min, tzinfo=zone)
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def count_by_year(
    queryset, date_field, district_field, years, *, is_datetime=True, value=None, distinct=None
):
    """{(fiscal year, district id): number} in one query grouped by year and district (no
    district, None, when `district_field` is None: a figure for the whole ward).

    Counts rows, or distinct `distinct` (a volunteer counted once however often they
    helped), or adds up `value` (an aggregate such as Sum("pupils"))."""
    if value is None:
        value = Count(distinct, distinct=True) if distinct else Count("pk")
    queryset = queryset.filter(within(date_field, years, is_datetime=is_datetime)).annotate(
        plan_year=fiscal_year_of(date_field)
    )
    groups = ["plan_year"]
    if district_field:
        queryset = queryset.annotate(plan_district=F(district_field))
        groups.append("plan_district")
    rows = queryset.values(*groups).annotate(plan_value=value).order_by()
    return {
        (row["plan_year"], row.get("plan_district")): row["plan_value"]
        for row in rows
        if row["plan_value"]
    }


def count_now(queryset, district_field, *, now=None):
    """A snapshot {(current fiscal year, district id): number} of what exists today."""
    year = current_fiscal_year(now)
    rows = (
        queryset.annotate(plan_district=F(district_field))
        .values("plan_district")
        .annotate(plan_value=Count("pk", distinct=True))
        .order_by()
    )
    return {(year, row["plan_district"]): row["plan_value"] for row in rows}


# The core's own figures (goal 6) -----------------------------------------------------------


def _default_language(queryset):
    """Pages in the source language only: a translation is the same issue or article again."""
    return queryset.live().filter(locale__language_code=settings.LANGUAGE_CODE)


def newsletter_issues(years):
    issues = _default_language(NewsletterIssuePage.objects)
    return count_by_year(issues, "publication_date", None, years, is_datetime=False)


def news_articles(years):
    articles = _default_language(NewsPage.objects)
    return count_by_year(articles, "date", "district", years, is_datetime=False)


def new_subscribers(years):
    return count_by_year(Subscriber.objects.all(), "confirmed_at", None, years)


def subscribers_now(years):
    confirmed = Subscriber.objects.filter(confirmed_at__isnull=False)
    return {(current_fiscal_year(), None): confirmed.count()}


def core_indicators():
    return [
        Indicator(
            6,
            "newsletters.issues",
            _("Newsletter issues published"),
            newsletter_issues,
            10,
            ward_wide=True,
        ),
        Indicator(
            6,
            "newsletters.subscribers_now",
            _("Email subscribers (now)"),
            subscribers_now,
            20,
            snapshot=True,
            ward_wide=True,
        ),
        Indicator(
            6,
            "newsletters.new_subscribers",
            _("New email subscribers"),
            new_subscribers,
            30,
            ward_wide=True,
            note=_("Subscribers who have since left are not counted: their address is deleted."),
        ),
        Indicator(6, "news.articles", _("News articles published"), news_articles, 40),
        Indicator(
            6,
            "news.page_views",
            _("Page views of the news"),
            None,
            50,
            ward_wide=True,
            note=_("Kokoron does not count page views."),
        ),
    ]
