from django.apps import apps
from django.core.management import call_command

from wagtail.models import Site

import pytest

from kokoron.core.demo import ESSENTIAL_STEPS, build_superuser, load_demo
from kokoron.geography.models import Neighbourhood, SchoolDistrict
from kokoron.pages.models import HomePage

pytestmark = pytest.mark.django_db


def row_counts():
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy
    }


def test_demo_builds_the_ward_and_a_home_page_in_every_language_and_a_second_load_adds_nothing(
    whole_demo, settings
):
    first = row_counts()
    assert SchoolDistrict.objects.count() == 12
    assert Neighbourhood.objects.count() >= 24
    gokiso = SchoolDistrict.objects.get(name="御器所")
    assert set(gokiso.adjacent.values_list("name", flat=True)) == {
        "白金",
        "吹上",
        "村雲",
        "松栄",
        "川名",
    }
    assert sorted(HomePage.objects.values_list("locale__language_code", flat=True)) == [
        "en",
        "ja",
        "ja-easy",
    ]
    # As the whole demo was loaded: its superuser too.
    settings.KOKORON_DEMO_SUPERUSER = True
    call_command("load_demo", verbosity=0)
    assert row_counts() == first


def test_the_demo_site_is_at_the_address_the_demo_is_served_at(settings, client):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    load_demo(core_steps=ESSENTIAL_STEPS)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    assert site.root_page.full_url == "http://127.0.0.1:8123/"


def test_demo_superuser_exists_only_where_settings_allow(settings, django_user_model):
    # The step alone: the rest of the demo is the other tests' (a whole load takes seconds).
    settings.KOKORON_DEMO_SUPERUSER = False
    load_demo(core_steps=[build_superuser])
    assert not django_user_model.objects.filter(is_superuser=True).exists()
    settings.KOKORON_DEMO_SUPERUSER = True
    load_demo(core_steps=[build_superuser])
    admin = django_user_model.objects.get(is_superuser=True)
    assert admin.check_password("kokoron-demo")
