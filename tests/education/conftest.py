import datetime as dt

from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.utils import timezone, translation

from wagtail.models import Locale, Page, Site

import pytest

from education import demo as education_demo
from education.engine import national_holiday
from education.models import (
    EducationSettings,
    Equipment,
    Lecturer,
    ProgrammePage,
    School,
)
from kokoron.core.demo import DemoContext
from kokoron.core.setup import ensure_locales
from kokoron.geography.factories import SchoolDistrictFactory
from kokoron.pages.factories import HomePageFactory


class World:
    """Two districts, a home page with the programme pages in every language, two schools,
    equipment, three lecturers and two supporters."""


@pytest.fixture
def world(db):
    ensure_locales()
    w = World()
    w.gokiso = SchoolDistrictFactory(
        name="御器所", name_kana="ごきそ", name_romaji="Gokiso", slug="gokiso"
    )
    w.yagoto = SchoolDistrictFactory(
        name="八事", name_kana="やごと", name_romaji="Yagoto", slug="yagoto"
    )
    # A Japanese home page and the education pages under it; `translated` adds the others.
    japanese = Locale.get_default()
    root = Page.get_first_root_node()
    w.home = HomePageFactory(parent=root, locale=japanese, slug="kokoron")
    site = Site.objects.filter(is_default_site=True).first() or Site(
        hostname="localhost", port=80, is_default_site=True
    )
    site.root_page = w.home
    site.save()
    education_demo.build_pages(DemoContext(), languages=())
    w.programmes = {p.slug: p for p in ProgrammePage.objects.filter(locale__language_code="ja")}
    w.talk = w.programmes["talk"]
    w.wheelchair = w.programmes["wheelchair"]
    w.wheelchairs = Equipment.objects.get(name="車いす")
    w.school = School.objects.create(
        name="御器所小学校",
        name_kana="ごきそしょうがっこう",
        name_romaji="Gokiso Elementary School",
        kind=School.Kind.ELEMENTARY,
        district=w.gokiso,
        step_free=True,
    )
    w.stepped = School.objects.create(
        name="八事小学校",
        name_kana="やごとしょうがっこう",
        name_romaji="Yagoto Elementary School",
        kind=School.Kind.ELEMENTARY,
        district=w.yagoto,
    )
    settings = EducationSettings.load()
    settings.lead_days = 60
    settings.coordinator_email = "coordinator@example.jp"
    settings.save()
    every_day = [0, 1, 2, 3, 4]
    w.lecturer = Lecturer.objects.create(
        name="青木 みどり", name_kana="あおき みどり", email="aoki@example.jp", weekdays=every_day
    )
    w.lecturer.programmes.set([w.talk, w.wheelchair])
    w.blind = Lecturer.objects.create(
        name="石田 健一",
        email="ishida@example.jp",
        weekdays=every_day,
        needs_escort=Lecturer.Escort.GUIDE,
    )
    w.blind.programmes.set([w.talk])
    w.supporters = [
        Lecturer.objects.create(
            kind=Lecturer.Kind.SUPPORTER,
            name=f"サポーター{n}",
            email=f"s{n}@example.jp",
            weekdays=every_day,
            escorts=["guide"] if n == 1 else [],
        )
        for n in range(1, 3)
    ]
    return w


def school_day(days_ahead):
    """The first weekday that is not a national holiday at least `days_ahead` days from
    today."""
    day = timezone.localdate() + dt.timedelta(days=days_ahead)
    while day.weekday() >= 5 or national_holiday(day):
        day += dt.timedelta(days=1)
    return day


@pytest.fixture
def coordinator(client, django_user_model):
    user = django_user_model.objects.create_user("coordinator", "c@example.jp", "pw", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="education"),
    )
    Group.objects.get_or_create(name="Coordinators")
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def fresh_request_state():
    """Each test starts in Japanese (reverse() follows the language an earlier test's request
    left active) and with no form counted against its address (the rate limit's cache)."""
    translation.activate("ja")
    cache.clear()


@pytest.fixture
def translated(world):
    """The home page and the education pages in English and easy Japanese too."""
    for code in ("en", "ja-easy"):
        home = world.home.copy_for_translation(Locale.objects.get(language_code=code)).specific
        home.save_revision().publish()
    education_demo.build_pages(DemoContext())
    return world
