"""Factories for sign-ups: used by the tests, the demo and the benchmark."""

import datetime as dt

from django.utils import timezone

from wagtail.models import Locale, Page, Site

import factory
import wagtail_factories

from kokoron.pages.factories import HomePageFactory

from .models import OpportunityIndexPage, OpportunityPage, Session, Signup


class OpportunityIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = OpportunityIndexPage

    title = "ボランティア体験"
    slug = "experiences"


class OpportunityPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = OpportunityPage

    title = factory.Sequence(lambda n: f"夏休みボランティア体験 その{n}")
    slug = factory.Sequence(lambda n: f"experience-{n}")
    summary = "高齢者施設で利用者さんと一緒に過ごします。"
    host = "特別養護老人ホーム やごと苑"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    opportunity = factory.SubFactory(OpportunityPageFactory)
    start = factory.LazyFunction(
        lambda: (timezone.now() + dt.timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    )
    end = factory.LazyAttribute(lambda session: session.start + dt.timedelta(hours=3))
    place_name = "やごと苑"
    place_address = "名古屋市昭和区八事本町1-1"
    capacity = 5


class SignupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signup

    session = factory.SubFactory(SessionFactory)
    state = Signup.State.CONFIRMED
    name = factory.Sequence(lambda n: f"参加者{n}")
    name_kana = "さんかしゃ"
    grade = 13
    age = 19
    email = factory.Sequence(lambda n: f"student{n}@example.jp")
    emergency_contact = "母 052-000-0000"


def opportunity_index(home=None):
    """The index page under the Japanese home page (made, with a site, if needed)."""
    locale = Locale.get_default()
    index = OpportunityIndexPage.objects.filter(locale=locale).first()
    if index is not None:
        return index
    if home is None:
        site = Site.objects.filter(is_default_site=True).first()
        home = site.root_page if site else None
    if home is None:
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root", locale=locale)
        home = HomePageFactory(parent=root, slug="kokoron", locale=locale)
        site = Site.objects.filter(is_default_site=True).first() or Site(
            hostname="localhost", port=80, is_default_site=True
        )
        site.root_page = home
        site.save()
    index = OpportunityIndexPageFactory(parent=home)
    return index


def signup_data(**overrides):
    """What the sign-up form's cleaned data holds for an adult university student."""
    data = {
        "name": "山田 花子",
        "name_kana": "やまだ はなこ",
        "school": "名古屋大学",
        "grade": 13,
        "age": 19,
        "email": "hanako@example.jp",
        "phone": "",
        "emergency_contact": "母 052-000-0000",
        "allergies": "",
        "assistance": "",
        "photo_consent": True,
        "guardian_name": "",
        "guardian_email": "",
    }
    data.update(overrides)
    return data
