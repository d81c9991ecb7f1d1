"""The sign-ups' demo: a dozen experiences, some full with waiting lists, made once."""

from django.db.models import F

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
