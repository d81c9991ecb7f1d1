"""The HSDS Tabular Data Package export, validated against the official tabular schema."""

import csv
import io
import json
import zipfile
from pathlib import Path

import jsonschema
import pytest

pytestmark = pytest.mark.django_db
TABULAR = json.loads((Path(__file__).resolve().parent / "hsds" / "tabular.json").read_text())


def typed(table, row):
    """A CSV row as the tabular schema's types: numbers as numbers, empty cells left out."""
    properties = TABULAR["properties"][table]["items"]["properties"]
    result = {}
    for name, value in row.items():
        if value == "":
            continue
        kind = properties[name]["type"]
        result[name] = float(value) if kind == "number" else value
    return result


def test_export_is_a_valid_tabular_data_package(client, small_directory):
    response = client.get("/api/hsds/export.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    package = json.loads(archive.read("datapackage.json"))
    assert package["profile"] == "tabular-data-package"
    document = {}
    for resource in package["resources"]:
        text = archive.read(resource["path"]).decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        header = next(csv.reader(io.StringIO(text)))
        assert header == [field["name"] for field in resource["schema"]["fields"]]
        if resource["name"].startswith("x_"):
            # Kokoron's own fields beyond HSDS (readings, closures), for a lossless re-import.
            assert {row["table"] for row in rows} == {"organization", "location", "service"}
            continue
        document[resource["name"]] = [typed(resource["name"], row) for row in rows]
    validator = jsonschema.Draft7Validator(TABULAR, format_checker=jsonschema.FormatChecker())
    errors = list(validator.iter_errors(document))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert len(document["service"]) == 3
    assert len(document["schedule"]) == 4
    assert {row["byday"] for row in document["schedule"]} == {"2TU,4TU", "SA", "MO,TU,WE,TH,FR"}
    salon = next(row for row in document["service"] if row["name"] == "御器所いきいきサロン")
    links = [a for a in document["attribute"] if a["link_id"] == salon["id"]]
    assert len(links) == 2
    assert {a["taxonomy_term_id"] for a in links} <= {t["id"] for t in document["taxonomy_term"]}
