"""What an import may not bring in: links that are not http(s) (a javascript: link would become
a script on the public service page) and ZIP files that unpack into far more than they weigh.
Each is refused with a problem for its row or file, and nothing is written."""

import csv
import importlib
import io
import zipfile

from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

import pytest

from directory import importer, sheet
from directory.export import build_zip
from directory.models import Accessibility, Organization, Service
from tests.directory.test_import import HEADER, ROWS, _csv_bytes, _empty_directory

URL_MESSAGE = "ホームページのアドレスは http:// または https:// から書いてください。"
UNSAFE = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://example.jp/\"onmouseover='alert(1)'",
    "ftp://example.jp/",
    "//evil.example/",
]


def _package_with(changes):
    """The directory's own package with some cells changed: {(file, column): value}."""
    archive = zipfile.ZipFile(io.BytesIO(build_zip()))
    files = {name: archive.read(name) for name in archive.namelist()}
    for (name, column), value in changes.items():
        rows = list(csv.DictReader(io.StringIO(files[name].decode("utf-8"))))
        rows[0][column] = value
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        files[name] = text.getvalue().encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, content in files.items():
            out.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("link", UNSAFE)
def test_a_package_with_a_link_that_is_not_http_is_refused_row_by_row(small_directory, link):
    data = _package_with(
        {
            ("services.csv", "url"): link,
            ("organizations.csv", "website"): link,
            ("accessibility.csv", "url"): link,
        }
    )
    _empty_directory()
    result = importer.import_file(data, "export.zip")
    assert {(p.file, p.row, p.column, p.code) for p in result.problems} == {
        ("services.csv", 2, "url", "url"),
        ("organizations.csv", 2, "website", "url"),
        ("accessibility.csv", 2, "url", "url"),
    }
    assert not Service.objects.exists()
    assert not Organization.objects.exists()
    with translation.override("ja"):
        assert importer.message(result.problems[0]) == URL_MESSAGE


def test_a_package_with_web_links_imports_them(small_directory):
    data = _package_with(
        {
            ("services.csv", "url"): "https://salon.example.jp/",
            ("organizations.csv", "website"): "http://kyogikai.example.jp/about?id=1",
            ("accessibility.csv", "url"): "https://example.jp/バリアフリー",
        }
    )
    _empty_directory()
    result = importer.import_file(data, "export.zip")
    assert not result.problems, [importer.message(p) for p in result.problems]
    assert "https://salon.example.jp/" in Service.objects.values_list("url", flat=True)
    assert Organization.objects.filter(website="http://kyogikai.example.jp/about?id=1").exists()
    assert Accessibility.objects.filter(url="https://example.jp/バリアフリー").exists()


@pytest.mark.parametrize("link", UNSAFE)
def test_the_councils_sheet_refuses_a_link_that_is_not_http(terms, districts, link):
    header = [*HEADER, "ホームページ"]
    rows = [[*ROWS[0], link]]
    result = importer.import_file(_csv_bytes(rows, header=header), "sheet.csv")
    assert [(p.row, p.column, p.code) for p in result.problems] == [(2, "ホームページ", "url")]
    assert not Service.objects.exists()


def test_the_models_refuse_a_link_that_is_not_http(small_directory):
    service = small_directory["salon"]
    for link in UNSAFE:
        service.url = link.strip()
        with pytest.raises(ValidationError) as error:
            service.full_clean()
        assert "url" in error.value.message_dict
    service.url = "https://salon.example.jp/"
    service.full_clean()


def test_the_admin_form_refuses_a_javascript_link(staff_client, small_directory):
    service = small_directory["salon"]
    page = staff_client.get(reverse("directory_services:edit", args=[service.pk]))
    field = page.context["form"].fields["url"]
    # A form completes an address without a scheme with https://, as Django does.
    assert field.clean("//elsewhere.example/") == "https://elsewhere.example/"
    for link in [link for link in UNSAFE if not link.startswith("//")]:
        with pytest.raises(ValidationError) as error:
            field.clean(link)
        assert error.value.messages == [
            "http:// または https:// で始まるウェブアドレスを入力してください。"
        ]
    assert field.clean("https://salon.example.jp/") == "https://salon.example.jp/"


def test_the_public_service_page_links_only_to_web_addresses(small_directory):
    service = small_directory["salon"]
    service.url = "https://salon.example.jp/"
    service.save()
    page = Client().get(reverse("directory:service", args=[service.pk]))
    assert 'href="https://salon.example.jp/"' in page.content.decode()


# ZIP files that unpack into far more than they weigh ----------------------------------------


def _zip(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, content in members.items():
            out.writestr(name, content)
    return buffer.getvalue()


def test_a_zip_that_unpacks_past_the_limit_is_refused_unread(db, monkeypatch):
    monkeypatch.setattr(sheet, "MAX_UNPACKED_BYTES", 1024 * 1024)
    bomb = _zip({"datapackage.json": b"{}", "services.csv": b"0" * (2 * 1024 * 1024)})
    assert len(bomb) < 10_000  # small to upload, two megabytes unpacked
    result = importer.import_file(bomb, "export.zip")
    assert [p.code for p in result.problems] == ["archive_too_large"]
    with translation.override("ja"):
        assert "1 MB" in importer.message(result.problems[0])


def test_a_zip_with_too_many_files_is_refused(db):
    crowd = _zip({"datapackage.json": b"{}", **{f"f{n}.csv": b"" for n in range(300)}})
    result = importer.import_file(crowd, "export.zip")
    assert [p.code for p in result.problems] == ["archive_too_large"]


def test_a_member_is_read_no_further_than_the_limit(db):
    archive = zipfile.ZipFile(io.BytesIO(_zip({"services.csv": b"0" * 5000})))
    assert sheet.read_member(archive, "services.csv", limit=5000) == b"0" * 5000
    with pytest.raises(sheet.FileProblem):
        sheet.read_member(archive, "services.csv", limit=4999)


def test_an_excel_workbook_that_unpacks_past_the_limit_is_refused(db, monkeypatch):
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.append(HEADER)
    for _ in range(200):
        worksheet.append(["あ" * 1000] * len(HEADER))
    buffer = io.BytesIO()
    workbook.save(buffer)
    monkeypatch.setattr(sheet, "MAX_UNPACKED_BYTES", 256 * 1024)
    result = importer.import_file(buffer.getvalue(), "sheet.xlsx")
    assert [p.code for p in result.problems] == ["archive_too_large"]


def test_the_migration_drops_links_an_earlier_import_stored_unchecked(small_directory):
    from django.apps import apps

    migration = importlib.import_module("directory.migrations.0005_web_addresses_only")
    service = small_directory["salon"]
    Service.objects.filter(pk=service.pk).update(url="javascript:alert(1)")
    Organization.objects.filter(pk=service.organization_id).update(website="https://ok.example.jp/")
    migration.clear_links_that_are_not_web_addresses(apps, None)
    service.refresh_from_db()
    assert service.url == ""
    assert Organization.objects.get(pk=service.organization_id).website == "https://ok.example.jp/"
