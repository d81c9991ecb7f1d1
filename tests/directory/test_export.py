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


OFFICIAL = Path(__file__).resolve().parents[2] / "directory" / "hsds" / "datapackage.json"


def frictionless_errors(descriptor, folder):
    """(table, row, column, error type) of each error Frictionless finds in a package."""
    from frictionless import Package

    report = Package(descriptor, basepath=str(folder)).validate()
    return [
        (
            task.name,
            getattr(error, "row_number", None),
            getattr(error, "field_name", None),
            error.type,
        )
        for task in report.tasks
        for error in task.errors
    ] + [(None, None, None, error.type) for error in report.errors]


def rewrite_csv(path, change):
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    change(rows)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_export_validates_against_the_official_hsds_descriptor(client, small_directory, tmp_path):
    """Issue 16: Frictionless, with the standard's own datapackage.json (types, formats,
    required and unique columns, enums, primary and foreign keys), finds no error."""
    archive = zipfile.ZipFile(io.BytesIO(client.get("/api/hsds/export.zip").content))
    archive.extractall(tmp_path)
    official = json.loads(OFFICIAL.read_text(encoding="utf-8"))
    assert frictionless_errors(official, tmp_path) == []
    # The package's own descriptor carries the same types and constraints.
    own = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert frictionless_errors(own, tmp_path) == []
    for ours, theirs in zip(own["resources"], official["resources"], strict=False):
        assert ours["schema"] == theirs["schema"]
    schedules = list(csv.DictReader(io.StringIO(archive.read("schedules.csv").decode())))
    assert {(row["opens_at"], row["closes_at"]) for row in schedules} == {
        ("10:00:00", "12:00:00"),
        ("11:00:00", "14:00:00"),
        ("09:00:00", "12:00:00"),
        ("13:00:00", "17:00:00"),
    }
    assert {row["timezone"] for row in schedules} == {"9"}

    # The same check catches what the export used to write, and broken keys.
    def old_times(rows):
        rows[0]["opens_at"] = "10:00"

    def unknown_organization(rows):
        rows[0]["organization_id"] = "00000000-0000-4000-8000-000000000000"

    def no_name(rows):
        rows[0]["name"] = ""

    rewrite_csv(tmp_path / "schedules.csv", old_times)
    rewrite_csv(tmp_path / "services.csv", unknown_organization)
    rewrite_csv(tmp_path / "organizations.csv", no_name)
    assert sorted(frictionless_errors(official, tmp_path), key=str) == [
        ("organization", 2, "name", "constraint-error"),
        ("schedule", 2, "opens_at", "type-error"),
        ("service", 2, None, "foreign-key"),
    ]
