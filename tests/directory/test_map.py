"""The optional map on the list: data for it, hidden until its script runs, Leaflet vendored."""

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
STATIC = Path(__file__).resolve().parents[2] / "directory" / "static" / "directory"


def test_list_carries_map_points_and_works_without_the_map(client, small_directory):
    response = client.get("/en/directory/", {"kind": "gathering-place"})
    html = response.content.decode()
    points = response.context["map_points"]
    assert {p["name"] for p in points} == {"Gokiso Lively Salon", "川名こども食堂"}
    assert all(p["url"].startswith("/en/directory/services/") for p in points)
    assert 'id="directory-map" hidden' in html  # shown only by its script
    assert json.dumps(points[0]["lat"]) in html
    assert "vendor/leaflet/leaflet.js" in html and "unpkg" not in html
    for entry in ("Gokiso Lively Salon", "川名こども食堂"):
        assert entry in html  # the list has every entry, map or not


def test_no_map_without_places(client, small_directory):
    html = client.get("/directory/", {"q": "存在しない言葉"}).content.decode()
    assert "directory-map" not in html and "leaflet" not in html


def test_leaflet_is_vendored_with_its_licence():
    vendor = STATIC / "vendor" / "leaflet"
    assert "BSD 2-Clause" in (vendor / "LICENSE").read_text()
    assert 't.version="1.9.4"' in (vendor / "leaflet.js").read_text()
    assert (vendor / "images" / "marker-icon.png").exists()
    assert (STATIC / "js" / "map.js").exists()
