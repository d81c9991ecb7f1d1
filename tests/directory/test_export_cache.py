"""The whole-directory exports (the HSDS zip, the services as ndjson) are built once per change
of the directory and served from the cache, with an ETag for conditional requests."""

import datetime as dt
import io
import time
import zipfile
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from directory.export import build_zip
from directory.models import Service

pytestmark = pytest.mark.django_db
ZIP = "/api/hsds/export.zip"
NDJSON = "/api/hsds/services"


def served(client, path, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params or {})
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content, len(queries)


def test_served_twice_is_built_once(client, small_directory):
    first, built = served(client, ZIP)
    again, queries = served(client, ZIP)
    assert built > 0 and queries == 0
    assert again == first
    lines, built = served(client, NDJSON, {"format": "ndjson", "full": "true"})
    same, queries = served(client, NDJSON, {"format": "ndjson", "full": "true"})
    assert built > 0 and queries == 0 and same == lines


def test_an_edit_shows_in_the_next_export(
    client, small_directory, django_capture_on_commit_callbacks
):
    served(client, ZIP)
    served(client, NDJSON, {"format": "ndjson", "full": "true"})
    service = Service.objects.order_by("name").first()
    with django_capture_on_commit_callbacks(execute=True):
        service.name = "新しい名前のサロン"
        service.save()
    assert (
        "新しい名前のサロン".encode()
        in served(client, NDJSON, {"format": "ndjson", "full": "true"})[0]
    )
    archive = zipfile.ZipFile(io.BytesIO(served(client, ZIP)[0]))
    assert "新しい名前のサロン" in archive.read("services.csv").decode()


def test_formats_and_parameters_do_not_collide(client, small_directory):
    variants = [
        served(client, ZIP)[0],
        served(client, NDJSON, {"format": "ndjson"})[0],
        served(client, NDJSON, {"format": "ndjson", "full": "true"})[0],
        served(client, NDJSON, {"format": "ndjson", "minimal": "true"})[0],
    ]
    assert len(set(variants)) == len(variants)
    # Narrowed lists are not kept: each answers its own question.
    found = served(client, NDJSON, {"format": "ndjson", "search": "こども食堂"})[0]
    assert found.count(b"\n") == 1


def test_the_bytes_are_those_built_without_the_cache(client, small_directory):
    # The old ndjson path: any other parameter streams the list as it always did.
    for params in ({}, {"full": "true"}, {"minimal": "true"}):
        kept = served(client, NDJSON, {"format": "ndjson", **params})[0]
        streamed = client.get(NDJSON, {"format": "ndjson", "page": "1", **params})
        assert kept == b"".join(streamed.streaming_content)
    # The zip holds its build time (file dates, datapackage.json's "created"): frozen here.
    now = timezone.now().replace(microsecond=0)
    clock = time.mktime(dt.datetime(2026, 5, 1, 10, 0).timetuple())
    with (
        mock.patch("directory.export.timezone.now", return_value=now),
        mock.patch("time.time", return_value=clock),
    ):
        assert served(client, ZIP)[0] == build_zip()


def test_a_client_with_the_export_gets_a_304(client, small_directory):
    response = client.get(ZIP)
    assert response["ETag"] and response["Last-Modified"]
    assert response["Content-Disposition"].startswith("attachment;")
    again = client.get(ZIP, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == response["ETag"]
    assert client.get(ZIP, headers={"if-none-match": '"other"'}).status_code == 200


def test_an_import_renews_the_export(client, small_directory):
    from directory import importer

    before = served(client, ZIP)[0]
    first = Service.objects.order_by("name").first()
    Service.objects.filter(pk=first.pk).update(name="一括で変わった名前")
    # A bulk write sends no signal: still the export built before.
    assert served(client, ZIP)[0] == before
    assert not importer.import_file(before, "export.zip").problems
    # The import wrote the old name back and gave a new generation: built again.
    assert served(client, ZIP)[1] > 0
    assert Service.objects.get(pk=first.pk).name == first.name
