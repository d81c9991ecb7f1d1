"""The HSDS API: envelope, paging, AND-combined filters, schema validity, and bad parameters."""

import json
import uuid
from pathlib import Path

import jsonschema
import pytest

from directory.factories import ServiceFactory
from directory.models import Taxonomy

pytestmark = pytest.mark.django_db
HSDS = Path(__file__).resolve().parent / "hsds"
API = "/api/hsds"


def load(name):
    return json.loads((HSDS / name).read_text(encoding="utf-8"))


SERVICE = load("service_with_definitions.json")
DEFINITIONS = SERVICE["definitions"]


def definition(name):
    return {**DEFINITIONS[name], "definitions": DEFINITIONS}


ORGANIZATION_FULL = {
    **DEFINITIONS["organization"],
    "properties": {
        **DEFINITIONS["organization"]["properties"],
        "services": {"type": "array", "items": {"$ref": "#/definitions/service"}},
    },
    "definitions": {
        **DEFINITIONS,
        "service": {k: v for k, v in SERVICE.items() if k != "definitions"},
    },
}


def validate(instance, schema):
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


def get(client, path, **params):
    response = client.get(f"{API}{path}", params)
    return response, response.json()


def check_page(body, item_schema):
    for key, kind in [
        ("total_items", int),
        ("total_pages", int),
        ("page_number", int),
        ("size", int),
        ("first_page", bool),
        ("last_page", bool),
        ("empty", bool),
        ("contents", list),
    ]:
        assert isinstance(body[key], kind), key
    assert body["size"] == len(body["contents"])
    for item in body["contents"]:
        validate(item, item_schema)


def test_root_describes_the_api(client, db):
    response, body = get(client, "/")
    assert response.status_code == 200
    assert body["version"] == "3.0"
    assert body["openapi_url"].endswith("/api/hsds/openapi.json")
    openapi = client.get("/api/hsds/openapi.json").json()
    assert openapi["openapi"].startswith("3.")
    assert "/services" in openapi["paths"]
    assert openapi["servers"][0]["url"].endswith("/api/hsds")


def test_services_list_and_detail_are_valid_hsds(client, small_directory):
    response, body = get(client, "/services")
    assert response.status_code == 200
    assert body["total_items"] == 3 and body["first_page"] and body["last_page"]
    check_page(body, load("service_list.json"))
    assert [s["name"] for s in body["contents"]] == [
        "川名こども食堂",
        "御器所いきいきサロン",
        "昭和区西部いきいき支援センター",
    ]
    salon = small_directory["salon"]
    response, detail = get(client, f"/services/{salon.pk}")
    assert response.status_code == 200
    validate(detail, SERVICE)
    assert detail["schedules"][0]["byday"] == "2TU,4TU"
    assert detail["schedules"][0]["freq"] == "MONTHLY"
    assert detail["schedules"][0]["opens_at"] == "10:00:00"  # HSDS time: HH:MM:SS
    assert "毎月第2・第4火曜" in detail["schedules"][0]["notes"]
    terms = {a["taxonomy_term"]["code"] for a in detail["attributes"]}
    assert terms == {"gathering-place", "older-people"}
    location = detail["service_at_locations"][0]["location"]
    assert location["addresses"][0]["address_1"] == "御器所町1-2-3"
    assert location["accessibility"][0]["description"]


def test_full_services_are_valid(client, small_directory):
    _response, body = get(client, "/services", full="true")
    check_page(body, SERVICE)


def test_paging(client, small_directory):
    for n in range(5):
        ServiceFactory(name=f"追加{n}", name_kana=f"ん{n}")
    _response, body = get(client, "/services", per_page=3, page=2)
    assert body["total_items"] == 8 and body["total_pages"] == 3
    assert body["page_number"] == 2 and body["size"] == 3
    assert not body["first_page"] and not body["last_page"]
    _, last = get(client, "/services", per_page=3, page=3)
    assert last["size"] == 2 and last["last_page"]
    _, beyond = get(client, "/services", per_page=3, page=9)
    assert beyond["contents"] == [] and beyond["size"] == 0


def test_search_finds_notation_variants(client, small_directory):
    ServiceFactory(name="車椅子貸し出し", name_kana="くるまいすかしだし", description="無料です。")
    for query in ("車いす", "くるまいす", "車椅子"):
        _, body = get(client, "/services", search=query)
        assert [s["name"] for s in body["contents"]] == ["車椅子貸し出し"], query


def test_filters_combine_with_and(client, small_directory, terms):
    gathering = terms[("kind", "gathering-place")]
    older = terms[("field", "older-people")]
    _, body = get(client, "/services", taxonomy_term_id=str(gathering.pk))
    assert {s["name"] for s in body["contents"]} == {"川名こども食堂", "御器所いきいきサロン"}
    _, body = get(client, "/services", taxonomy_term_id=str(gathering.pk), search="ごきそ")
    assert [s["name"] for s in body["contents"]] == ["御器所いきいきサロン"]
    council = small_directory["council"]
    _, body = get(
        client, "/services", organization_id=str(council.pk), taxonomy_term_id=str(older.pk)
    )
    assert [s["name"] for s in body["contents"]] == ["御器所いきいきサロン"]
    kinds = Taxonomy.objects.get(slug="kind")
    _, body = get(client, "/services", taxonomy_id=str(kinds.pk))
    assert body["total_items"] == 3
    _, body = get(client, "/services", modified_after="2999-01-01")
    assert body["empty"]
    _, minimal = get(client, "/services", minimal="true")
    assert set(minimal["contents"][0]) == {"id", "last_modified"}


def test_organizations(client, small_directory):
    _response, body = get(client, "/organizations")
    check_page(body, load("organization_list.json"))
    council = small_directory["council"]
    _, org = get(client, f"/organizations/{council.pk}")
    validate(org, ORGANIZATION_FULL)
    assert {s["name"] for s in org["services"]} == {"御器所いきいきサロン", "川名こども食堂"}
    _, full = get(client, f"/organizations/{council.pk}", full_service="true")
    validate(full, ORGANIZATION_FULL)
    assert all("schedules" in s for s in full["services"])
    _, listing = get(client, "/organizations", full_service="true")
    check_page(listing, ORGANIZATION_FULL)


def test_taxonomies_and_terms(client, small_directory, terms):
    _, body = get(client, "/taxonomies")
    check_page(body, definition("taxonomy"))
    assert {t["name"] for t in body["contents"]} == {"分野", "種別"}
    kinds = Taxonomy.objects.get(slug="kind")
    _, body = get(client, "/taxonomy_terms", taxonomy_id=str(kinds.pk), per_page=100)
    check_page(body, definition("taxonomy_term"))
    assert {t["code"] for t in body["contents"]} >= {"consultation", "gathering-place", "pharmacy"}
    assert all(t["taxonomy_id"] == str(kinds.pk) for t in body["contents"])
    term = terms[("kind", "clinic")]
    _, one = get(client, f"/taxonomy_terms/{term.pk}")
    validate(one, definition("taxonomy_term"))
    _, one = get(client, f"/taxonomies/{kinds.pk}")
    validate(one, definition("taxonomy"))


def test_service_at_locations(client, small_directory):
    _, body = get(client, "/service_at_locations")
    check_page(body, load("service_at_location_list.json"))
    assert body["total_items"] == 3
    _, body = get(client, "/service_at_locations", full="true", postcode="466-0051")
    check_page(body, load("service_at_location_list.json"))
    assert {row["service"]["name"] for row in body["contents"]} == {
        "御器所いきいきサロン",
        "昭和区西部いきいき支援センター",
    }
    one = body["contents"][0]["id"]
    response, detail = get(client, f"/service_at_locations/{one}")
    assert response.status_code == 200
    validate(detail, load("service_at_location_list.json"))


def test_ndjson_streams_every_result(client, small_directory):
    response = client.get(f"{API}/services", {"format": "ndjson"})
    assert response["Content-Type"] == "application/x-ndjson"
    # Served whole from the cache (directory.api.kept_export), or streamed when filtered.
    lines = response.getvalue().decode().splitlines()
    assert len(lines) == 3
    for line in lines:
        validate(json.loads(line), load("service_list.json"))


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/services", {"page": "-1"}, "page"),
        ("/services", {"page": "0"}, "page"),
        ("/services", {"page": "two"}, "page"),
        ("/services", {"per_page": "1000000000"}, "per_page"),
        ("/services", {"per_page": "0"}, "per_page"),
        ("/services", {"per_page": "1e3"}, "per_page"),
        ("/services", {"full": "maybe"}, "full"),
        ("/services", {"minimal": "2"}, "minimal"),
        ("/services", {"taxonomy_term_id": "not-a-uuid"}, "taxonomy_term_id"),
        ("/services", {"taxonomy_term_id": str(uuid.UUID(int=1))}, "taxonomy_term_id"),
        ("/services", {"organization_id": str(uuid.UUID(int=2))}, "organization_id"),
        ("/services", {"taxonomy_id": "42"}, "taxonomy_id"),
        ("/services", {"modified_after": "yesterday"}, "modified_after"),
        ("/services", {"modified_after": "2026-13-45"}, "modified_after"),
        ("/services", {"format": "xml"}, "format"),
        ("/services", {"search": "x" * 500}, "search"),
        ("/services/not-a-uuid", {}, "id"),
        ("/organizations", {"full_service": "yes please"}, "full_service"),
        ("/taxonomy_terms", {"parent_id": str(uuid.UUID(int=3))}, "parent_id"),
        ("/taxonomy_terms", {"top_only": "perhaps"}, "top_only"),
        ("/service_at_locations", {"proximity": "500"}, "proximity"),
    ],
)
def test_bad_parameters_get_a_400_naming_them(client, small_directory, path, params, parameter):
    response = client.get(f"{API}{path}", params)
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["parameter"] == parameter
    assert body["error"]["message"]


def test_repeated_parameter_is_refused(client, small_directory):
    response = client.get(f"{API}/services?page=1&page=2")
    assert response.status_code == 400


@pytest.mark.parametrize(
    "kind", ["services", "organizations", "taxonomies", "taxonomy_terms", "service_at_locations"]
)
def test_unknown_ids_get_a_404_in_json(client, db, kind):
    response = client.get(f"{API}/{kind}/{uuid.UUID(int=7)}")
    assert response.status_code == 404
    assert "no" in response.json()["error"]["message"]


def test_only_get_is_allowed(client, db):
    assert client.post(f"{API}/services").status_code == 405
