"""The directory's demo step. (Running load_demo twice leaves the same rows in every table:
tests/site/test_demo.py checks that for all plugins, so it is not repeated here.)"""

import json
from pathlib import Path

from wagtail.models import ReferenceIndex

import jsonschema
import pytest

from directory.models import Location, Service, ServiceAtLocation, Taxonomy

pytestmark = pytest.mark.django_db
SERVICE_SCHEMA = json.loads(
    (Path(__file__).resolve().parent / "hsds" / "service_with_definitions.json").read_text()
)


def test_demo_builds_about_150_valid_entries_with_30_gathering_places(whole_demo, client):
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
    assert client.get("/directory/gathering-places/").status_code == 200
    english = client.get("/en/directory/", {"kind": "gathering-place"}).content.decode()
    assert "Lively Salon" in english

    body = client.get("/api/hsds/services", {"full": "true", "per_page": 200}).json()
    assert body["total_items"] == Service.objects.count()
    validator = jsonschema.Draft7Validator(
        SERVICE_SCHEMA, format_checker=jsonschema.FormatChecker()
    )
    for service in body["contents"]:
        errors = list(validator.iter_errors(service))
        assert not errors, (service["name"], [e.message for e in errors[:3]])


def test_the_demo_locations_are_in_the_reference_index_as_if_saved_through_the_site(whole_demo):
    # Wagtail registers a viewset's model for "Usage" when the URLconf loads; load_demo loads
    # it first, so the demo's rows are indexed even when it runs as a command.
    location = Location.objects.filter(school_district__isnull=False).first()
    usage = ReferenceIndex.get_references_to(location.school_district)
    assert usage.filter(object_id=str(location.pk)).exists()
