"""The sign-ups' demo: a dozen experiences, some full with waiting lists, made once."""

import re

from django.db.models import F
from django.utils import timezone

from wagtail.models import Page

from kokoron.core.demo import DemoContext, build_geography
from kokoron.core.setup import ensure_locales
from kokoron.pages.factories import HomePageFactory
from matching.signups.demo import build_demo
from matching.signups.models import OpportunityPage, Session, Signup
from matching.signups.rules import State


def test_demo_experiences(db, client):
    ensure_locales()
    context = DemoContext()
    build_geography(context)
    root = Page.get_first_root_node()
    context.home_pages["ja"] = HomePageFactory(parent=root, slug="demo-home")
    build_demo(context)
    build_demo(context)  # idempotent
    assert OpportunityPage.objects.live().count() == 12
    full = Session.objects.with_counts().filter(taken__gte=F("capacity"), waiting__gt=0)
    assert full.count() >= 3
    assert Signup.objects.filter(state=State.WAITLISTED).exists()
    assert Signup.objects.filter(attended=True).exists()
    assert not Session.objects.with_counts().filter(taken__gt=F("capacity")).exists()
    # An experience whose title names a holiday has all its dates in that holiday's months.
    months = {"夏": (7, 8), "冬": (12, 1), "春": (3,)}
    seasonal = 0
    for page in OpportunityPage.objects.filter(locale__language_code="ja"):
        named = re.search("夏|冬|春", page.title)
        if named is None:
            continue
        seasonal += 1
        starts = [timezone.localtime(s.start) for s in page.sessions.all()]
        assert starts, page.title
        assert all(start.month in months[named[0]] for start in starts), (page.title, starts)
        assert any(start > timezone.now() for start in starts), page.title
    assert seasonal >= 2
    # Who each is for, as the listing's cards say it.
    assert client.get("/volunteer/experiences/").status_code == 200
    school = OpportunityPage.objects.get(slug="welfare-school-1")
    assert (school.grade_from, school.grade_to) == (13, 13)
    assert Signup.objects.filter(grade__in=range(1, 14)).exists()
    assert not Signup.objects.exclude(grade__in=[0, *range(1, 14)]).exists()
