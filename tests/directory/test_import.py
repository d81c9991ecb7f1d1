# ruff: noqa: RUF001 - full-width digits and signs are what these tests feed in
"""Import: the HSDS package round trip, the council's sheet (CSV in UTF-8 or Shift_JIS, Excel),
all-or-nothing with row errors, and re-import that changes nothing."""

import csv
import datetime as dt
import io
import zipfile

import pytest

from directory import importer, sheet
from directory.export import build_zip
from directory.models import (
    Accessibility,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)
from directory.search import find_services

# Pure reading -------------------------------------------------------------------------------


def test_decode_tells_utf8_bom_and_shift_jis():
    text = "名称,よみがな\n御器所サロン,ごきそさろん\n"
    assert sheet.decode(text.encode("utf-8")) == text
    assert sheet.decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert sheet.decode(text.encode("shift_jis")) == text
    assert sheet.decode("髙橋".encode("cp932")) == "髙橋"
    with pytest.raises(sheet.FileProblem):
        sheet.decode(b"\xff\xfe\x00\xd8\x81")


def test_normalise_folds_full_width_digits_and_spaces_only():
    assert sheet.normalise("　御器所　１丁目　") == "御器所 1丁目"
    assert sheet.normalise("①㈱") == "①㈱"
    assert sheet.normalise_code("０５２－１２３－４５６７") == "052-123-4567"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("月〜金 9:00〜17:00", [("WEEKLY", "MO,TU,WE,TH,FR", "09:00", "17:00")]),
        ("毎月第2・第4火曜 10:00〜12:00", [("MONTHLY", "2TU,4TU", "10:00", "12:00")]),
        ("第２・４火曜日　１０時～１２時", [("MONTHLY", "2TU,4TU", "10:00", "12:00")]),
        (
            "月・水・金 9:00〜12:00、13:00〜17:00",
            [
                ("WEEKLY", "MO,WE,FR", "09:00", "12:00"),
                ("WEEKLY", "MO,WE,FR", "13:00", "17:00"),
            ],
        ),
        (
            "平日 9時〜12時／土曜 10:00-12:00",
            [("WEEKLY", "MO,TU,WE,TH,FR", "09:00", "12:00"), ("WEEKLY", "SA", "10:00", "12:00")],
        ),
        ("最終金曜 13時半〜15時半", [("MONTHLY", "-1FR", "13:30", "15:30")]),
    ],
)
def test_schedule_in_words(words, expected):
    rows = sheet.parse_schedule(words)
    assert [
        (r.freq, r.byday, r.opens_at.strftime("%H:%M"), r.closes_at.strftime("%H:%M")) for r in rows
    ] == expected


@pytest.mark.parametrize(
    "words", ["いつでも", "月 17:00〜9:00", "第7火曜 10:00〜12:00", "月 25:00〜26:00"]
)
def test_schedule_in_words_rejects_nonsense(words):
    with pytest.raises(ValueError):
        sheet.parse_schedule(words)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("08:30", dt.time(8, 30)),
        ("08:30:00", dt.time(8, 30)),
        ("8:30:15", dt.time(8, 30, 15)),
        ("０８：３０：００", dt.time(8, 30)),
        ("9時半", dt.time(9, 30)),
        ("24:00:00", dt.time(23, 59)),
    ],
)
def test_times_in_the_hsds_and_the_sheets_forms(value, expected):
    assert sheet.parse_time(value) == expected


@pytest.mark.parametrize("value", ["25:99", "08:30:60", "08:30:0", "0830", "08:30+09:00"])
def test_times_that_are_not_times(value):
    with pytest.raises(ValueError):
        sheet.parse_time(value)


def test_sheet_row_problems_name_row_and_column():
    columns = sheet.column_map(["名称", "よみがな", "運営団体", "種別", "電話", "開所日時", "料金"])
    row = sheet.parse_sheet_row(
        7,
        {
            "名称": "",
            "よみがな": "Salon",
            "運営団体": "団体",
            "種別": "たまり場",
            "電話": "でんわ",
            "開所日時": "ときどき",
            "料金": "たぶん",
        },
        columns,
    )
    assert {(p.row, p.column, p.code) for p in row.problems} == {
        (7, "名称", "required"),
        (7, "よみがな", "kana"),
        (7, "電話", "phone"),
        (7, "開所日時", "schedule"),
        (7, "料金", "choice"),
    }


# The HSDS package ---------------------------------------------------------------------------


def _files(zip_bytes):
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes))
    files = {}
    for name in archive.namelist():
        if name == "datapackage.json":
            continue
        rows = list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))
        for row in rows:
            row.pop("last_modified", None)
        files[name] = sorted(rows, key=lambda r: (r.get("table", ""), r["id"]))
    return files


def _empty_directory():
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organization.objects.all().delete()
    TaxonomyTerm.objects.all().delete()


def test_package_round_trip_into_an_empty_directory(small_directory):
    first = build_zip()
    _empty_directory()
    result = importer.import_file(first, "export.zip")
    assert not result.problems, [importer.message(p) for p in result.problems]
    assert result.counts["service"]["created"] == 3
    assert _files(build_zip()) == _files(first)
    salon = Service.objects.get(name="御器所いきいきサロン")
    assert salon.name_kana == "ごきそいきいきさろん"
    assert salon.schedule_in_words("ja") == small_directory["salon"].schedule_in_words("ja")
    again = importer.import_file(first, "export.zip")
    assert not again.changed
    assert again.counts["service"] == {"created": 0, "updated": 0, "unchanged": 3, "deleted": 0}


def _with_schedule_times(zip_bytes, change):
    """The package with each schedule's opens_at and closes_at changed by change(text)."""
    archive = zipfile.ZipFile(io.BytesIO(zip_bytes))
    files = {name: archive.read(name) for name in archive.namelist()}
    text = files["schedules.csv"].decode("utf-8")
    header = next(csv.reader(io.StringIO(text)))
    rows = list(csv.DictReader(io.StringIO(text)))
    for row in rows:
        row["opens_at"], row["closes_at"] = change(row["opens_at"]), change(row["closes_at"])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    files["schedules.csv"] = out.getvalue().encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive_out:
        for name, content in files.items():
            archive_out.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("form", "change"),
    [
        ("HH:MM:SS, as exported now", lambda value: value),
        ("HH:MM, as exported before", lambda value: value[:5]),
        ("H:MM:SS", lambda value: value.removeprefix("0")),
    ],
)
def test_package_times_in_either_form_round_trip(small_directory, form, change):
    """Issue 16: the export writes HSDS 3.0's HH:MM:SS; packages written before with 08:30
    still import, to the same opening hours, and export again as HH:MM:SS."""
    first = build_zip()
    assert b"10:00:00" in zipfile.ZipFile(io.BytesIO(first)).read("schedules.csv")
    hours = {s.name: s.schedule_in_words("ja") for s in Service.objects.all()}
    assert len(hours) == 3 and all(hours.values())
    _empty_directory()
    result = importer.import_file(_with_schedule_times(first, change), "export.zip")
    assert not result.problems, (form, [importer.message(p) for p in result.problems])
    assert {s.name: s.schedule_in_words("ja") for s in Service.objects.all()} == hours
    assert _files(build_zip()) == _files(first)


def test_package_with_a_broken_row_imports_nothing(small_directory):
    archive = zipfile.ZipFile(io.BytesIO(build_zip()))
    files = {name: archive.read(name) for name in archive.namelist()}
    rows = list(csv.DictReader(io.StringIO(files["schedules.csv"].decode("utf-8"))))
    rows[0]["opens_at"] = "25:99"
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    files["schedules.csv"] = text.getvalue().encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for name, content in files.items():
            out.writestr(name, content)
    _empty_directory()
    result = importer.import_file(buffer.getvalue(), "export.zip")
    assert [(p.file, p.row, p.column, p.code) for p in result.problems] == [
        ("schedules.csv", 2, "opens_at", "time")
    ]
    assert not Service.objects.exists()
    assert not Organization.objects.exists()


# The council's sheet ------------------------------------------------------------------------

HEADER = [
    "名称",
    "よみがな",
    "運営団体",
    "団体よみがな",
    "分野",
    "種別",
    "学区",
    "会場",
    "郵便番号",
    "住所",
    "電話",
    "開所日時",
    "祝日休み",
    "料金",
    "段差なし",
    "対応言語",
    "最終確認日",
]
ROWS = [
    [
        "御器所ふれあいサロン",
        "ごきそふれあいさろん",
        "御器所学区福祉推進協議会",
        "ごきそがっくふくしすいしんきょうぎかい",
        "高齢者、地域活動",
        "たまり場",
        "御器所",
        "御器所コミュニティセンター",
        "４６６－００５１",
        "御器所町１－２－３",
        "０５２－１１１－２２２２",
        "毎月第１・第３水曜　１３：３０〜１５：３０",
        "はい",
        "無料",
        "○",
        "日本語・英語",
        "２０２６/４/１",
    ],
    [
        "川名子育てひろば",
        "カワナコソダテヒロバ",
        "川名子育ての会",
        "かわなこそだてのかい",
        "子育て",
        "たまり場",
        "kawana",
        "",
        "",
        "",
        "",
        "月〜金 10:00〜12:00",
        "",
        "有料",
        "",
        "",
        "",
    ],
]


def _csv_bytes(rows, encoding="utf-8-sig", header=HEADER):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def test_sheet_in_shift_jis_imports_and_re_import_changes_nothing(terms, districts):
    data = _csv_bytes(ROWS, "cp932")
    result = importer.import_file(data, "sheet.csv")
    assert not result.problems, [importer.message(p) for p in result.problems]
    assert result.counts["service"]["created"] == 2
    salon = Service.objects.get(name="御器所ふれあいサロン")
    assert salon.assured_date == dt.date(2026, 4, 1)
    assert {t.code for t in salon.terms.all()} == {"older-people", "community", "gathering-place"}
    assert [(s.byday, s.opens_at) for s in salon.schedules.all()] == [("1WE,3WE", dt.time(13, 30))]
    place = ServiceAtLocation.objects.get(service=salon).location
    assert place.school_district == districts["gokiso"]
    assert place.addresses.get().postal_code == "466-0051"
    assert Accessibility.objects.filter(location=place, code="step_free").exists()
    assert Phone.objects.get(service=salon).number == "052-111-2222"
    assert sorted(salon.languages.values_list("code", flat=True)) == ["en", "ja"]
    hiroba = Service.objects.get(name="川名子育てひろば")
    assert hiroba.name_kana == "かわなこそだてひろば"
    assert hiroba.fee_kind == "paid"

    # Imported rows are found by keyword at once (their search words are written with them).
    assert [hit.title for hit in find_services("こそだて", "ja")] == ["川名子育てひろば"]
    words = dict(Service.objects.values_list("name", "search_text"))

    counts = {m: m.objects.count() for m in (Service, Schedule, Location, Phone, Organization)}
    again = importer.import_file(_csv_bytes(ROWS, "utf-8"), "sheet.csv")
    assert dict(Service.objects.values_list("name", "search_text")) == words
    assert not again.problems
    assert not again.changed
    assert {m: m.objects.count() for m in counts} == counts

    changed = [row[:] for row in ROWS]
    changed[1][11] = "月〜金 10:00〜13:00"
    third = importer.import_file(_csv_bytes(changed), "sheet.csv")
    assert third.counts["service"]["updated"] == 0
    assert third.counts["schedule"]["updated"] == 1
    assert Schedule.objects.get(service=hiroba).closes_at == dt.time(13)


def test_sheet_with_errors_imports_nothing_and_says_where(terms, districts, settings):
    rows = [ROWS[0], [*ROWS[1][:6], "どこか", *ROWS[1][7:11], "月 25:00〜26:00", *ROWS[1][12:]]]
    result = importer.import_file(_csv_bytes(rows), "sheet.csv")
    assert {(p.row, p.column, p.code) for p in result.problems} == {
        (3, "学区", "unknown_district"),
        (3, "開所日時", "schedule"),
    }
    assert not Service.objects.exists()
    from django.utils import translation

    with translation.override("ja"):
        text = importer.message(result.problems[0])
    assert "どこか" in text

    missing = importer.import_file(_csv_bytes(ROWS, header=["名前", *HEADER[1:]]), "sheet.csv")
    assert [(p.row, p.column, p.code) for p in missing.problems] == [(1, "名称", "missing_column")]


def test_excel_sheet(terms, districts):
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.append(HEADER)
    row = list(ROWS[1])
    row[16] = dt.datetime(2026, 5, 1)
    worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = importer.import_file(buffer.getvalue(), "sheet.xlsx")
    assert not result.problems, [importer.message(p) for p in result.problems]
    assert Service.objects.get().assured_date == dt.date(2026, 5, 1)


def test_unreadable_file_is_a_clear_problem(db):
    result = importer.import_file(b"\x00\x01garbage\xff\xfe\xfd", "x.csv")
    assert [p.code for p in result.problems] == ["encoding"]


# Through the admin and the command ----------------------------------------------------------


def test_admin_upload_check_preview_and_confirm(staff_client, terms, districts, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from directory import tasks
    from directory.models import ImportJob

    page = staff_client.get("/admin/directory/import/")
    assert "開所日時" in page.content.decode()
    template = staff_client.get("/admin/directory/import/template.csv")
    assert template.content.startswith("\ufeff".encode())
    empty = staff_client.post("/admin/directory/import/", {})
    assert empty.status_code == 400

    upload = SimpleUploadedFile("sheet.csv", _csv_bytes(ROWS, "cp932"), "text/csv")
    response = staff_client.post("/admin/directory/import/", {"file": upload})
    job = ImportJob.objects.get()
    assert response.url == f"/admin/directory/import/{job.pk}/"
    assert tasks.check_import(job.pk) == ImportJob.Status.CHECKED
    assert not Service.objects.exists()
    preview = staff_client.get(response.url).content.decode()
    assert "御器所ふれあいサロン" in preview and 'name="confirm"' in preview
    staff_client.post(response.url)
    assert tasks.run_import(job.pk) == ImportJob.Status.DONE
    assert tasks.run_import(job.pk) == "skipped"
    assert Service.objects.count() == 2

    bad = [[*ROWS[1][:6], "どこか", *ROWS[1][7:]]]
    staff_client.post(
        "/admin/directory/import/",
        {"file": SimpleUploadedFile("bad.csv", _csv_bytes(bad), "text/csv")},
    )
    bad_job = ImportJob.objects.latest("created_at")
    assert tasks.check_import(bad_job.pk) == ImportJob.Status.INVALID
    report = staff_client.get(f"/admin/directory/import/{bad_job.pk}/").content.decode()
    assert "どこか" in report and 'name="confirm"' not in report
    staff_client.post(f"/admin/directory/import/{bad_job.pk}/")
    assert ImportJob.objects.get(pk=bad_job.pk).status == ImportJob.Status.INVALID

    client.logout()
    assert client.get("/admin/directory/import/").status_code == 302


def test_management_command(tmp_path, terms, districts):
    from django.core.management import CommandError, call_command

    path = tmp_path / "sheet.csv"
    path.write_bytes(_csv_bytes(ROWS))
    call_command("import_directory", str(path), "--dry-run")
    assert not Service.objects.exists()
    call_command("import_directory", str(path))
    assert Service.objects.count() == 2
    path.write_bytes(_csv_bytes([[*ROWS[1][:6], "どこか", *ROWS[1][7:]]]))
    with pytest.raises(CommandError):
        call_command("import_directory", str(path))


def test_an_upload_over_the_size_limit_is_refused(staff_client, terms, districts, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from directory import admin_views
    from directory.models import ImportJob

    monkeypatch.setattr(admin_views, "MAX_UPLOAD", 10)
    upload = SimpleUploadedFile("sheet.csv", _csv_bytes(ROWS), "text/csv")
    response = staff_client.post("/admin/directory/import/", {"file": upload})
    assert response.status_code == 400
    assert "20 MB" in response.content.decode() or "20MB" in response.content.decode()
    assert not ImportJob.objects.exists()
