from django.core.management import call_command

import pytest

from directory.models import Service, ServiceAtLocation, Taxonomy

pytestmark = pytest.mark.django_db


def test_demo_builds_about_150_entries_with_30_gathering_places_across_districts():
    call_command("load_demo", verbosity=0)
    assert 140 <= Service.objects.count() <= 160
    gathering = Service.objects.filter(
        terms__taxonomy__slug=Taxonomy.KIND, terms__code="gathering-place"
    )
    assert gathering.count() == 30
    districts = set(
        ServiceAtLocation.objects.filter(service__in=gathering).values_list(
            "location__school_district__slug", flat=True
        )
    )
    assert len(districts) == 12
    for code in ["consultation", "clinic", "pharmacy", "care-provider", "volunteer-group"]:
        assert Service.objects.filter(terms__code=code).exists(), code
    center = Service.objects.get(name="昭和区東部いきいき支援センター")
    assert center.schedule().describe("ja").startswith("月〜土曜 9:00〜17:00")
    first = Service.objects.values_list("id", flat=True).order_by("id")
    ids = list(first)
    call_command("load_demo", verbosity=0)
    assert list(Service.objects.values_list("id", flat=True).order_by("id")) == ids
