"""Backup and restore (kokoron.core.backup): one archive with the database and the media,
made while the site runs; restored, the data and the files are as they were. Runs on the
database the tests use (SQLite's online backup API, or pg_dump/pg_restore on PostgreSQL)."""

import datetime as dt
import io
import json
import tarfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest

from kokoron.core import backup
from kokoron.core.setup import sync_schedules
from kokoron.geography.models import SchoolDistrict
from kokoron.newsletters.models import Subscriber
from kokoron.notifications.models import Notification
from kokoron.notifications.service import notify


@pytest.fixture
def backup_dir(tmp_path, settings):
    settings.KOKORON_BACKUP_DIR = tmp_path / "backups"
    for name in backup.media_files():
        default_storage.delete(name)
    yield settings.KOKORON_BACKUP_DIR
    for name in backup.media_files():
        default_storage.delete(name)


def media():
    return {name: default_storage.open(name).read() for name in backup.media_files()}


def snapshot():
    return {
        "subscribers": list(Subscriber.objects.order_by("pk").values("pk", "email", "news")),
        "districts": list(SchoolDistrict.objects.order_by("pk").values("pk", "name")),
        "emails": list(Notification.objects.order_by("pk").values("key", "recipient", "context")),
        "media": media(),
    }


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def test_backup_then_change_then_restore_gives_back_the_data_and_the_media(
    transactional_db, backup_dir
):
    Subscriber.objects.create(email="a@example.jp", language="ja")
    Subscriber.objects.create(email="b@example.jp", language="en", news=True)
    district = SchoolDistrict.objects.create(
        name="御器所", name_kana="ごきそ", name_romaji="Gokiso", slug="gokiso"
    )
    notify(
        key="welcome-1",
        template="welcome",
        to="a@example.jp",
        language="ja",
        context={"name": "山田"},
    )
    default_storage.save("documents/kouhou.pdf", ContentFile(b"%PDF-1.7 issue 42"))
    default_storage.save("original_images/salon.jpg", ContentFile(b"\xff\xd8 salon"))
    before = snapshot()

    path = Path(run("backup"))
    assert path.parent == backup_dir and path.name.startswith("kokoron-backup-")
    assert path.stat().st_mode & 0o077 == 0  # the archive holds personal data
    with tarfile.open(path) as archive:
        names = set(archive.getnames())
        manifest = json.load(archive.extractfile("manifest.json"))
    assert {"manifest.json", manifest["database"], "media/documents/kouhou.pdf"} <= names
    assert manifest["media_files"] == 2

    # Everything changes after the backup.
    Subscriber.objects.filter(email="a@example.jp").delete()
    Subscriber.objects.create(email="c@example.jp", language="ja")
    SchoolDistrict.objects.filter(pk=district.pk).update(name="書き換え")
    default_storage.delete("documents/kouhou.pdf")
    default_storage.delete("original_images/salon.jpg")
    default_storage.save("original_images/salon.jpg", ContentFile(b"changed"))
    default_storage.save("documents/new.pdf", ContentFile(b"new"))
    assert snapshot() != before

    message = run("restore", str(path), "--noinput")
    assert "2 media files" in message
    assert snapshot() == before
    # The restored database takes new rows (tables and sequences are whole).
    Subscriber.objects.create(email="d@example.jp", language="ja")
    assert Subscriber.objects.count() == 3


def test_a_file_that_is_not_a_backup_changes_nothing(transactional_db, backup_dir, tmp_path):
    Subscriber.objects.create(email="a@example.jp", language="ja")
    before = snapshot()
    not_ours = tmp_path / "notes.tar.gz"
    not_ours.write_bytes(b"not an archive")
    other_engine = tmp_path / "kokoron-backup-20260101-000000.tar.gz"
    engine = "postgresql" if backup.engine() == "sqlite" else "sqlite"
    with tarfile.open(other_engine, "w:gz") as archive:
        data = json.dumps({"format": 1, "engine": engine, "database": "db", "media_files": 0})
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data.encode())
        archive.addfile(info, io.BytesIO(data.encode()))
        info = tarfile.TarInfo("db")
        archive.addfile(info, io.BytesIO(b""))
    for path, reason in (
        (tmp_path / "missing.tar.gz", "There is no file"),
        (not_ours, "is not a Kokoron backup"),
        (other_engine, f"is a backup of a {engine} database"),
    ):
        with pytest.raises(CommandError, match=reason):
            call_command("restore", str(path), "--noinput")
    assert snapshot() == before


def test_members_outside_the_media_folder_are_never_written():
    assert backup._safe_member("media/documents/a.pdf") == "documents/a.pdf"
    for name in ("media/../../etc/passwd", "/etc/passwd", "database.sqlite3", "media"):
        assert backup._safe_member(name) is None


def test_old_backups_are_deleted_and_the_newest_kept(tmp_path, settings):
    settings.KOKORON_BACKUP_KEEP_DAYS = 14
    now = timezone.now()
    for day in (1, 10, 20, 40):
        stamp = (now - timezone.timedelta(days=day)).astimezone(dt.UTC)
        (tmp_path / f"kokoron-backup-{stamp:%Y%m%d-%H%M%S}.tar.gz").write_bytes(b"x")
    (tmp_path / "kokoron-backup-mine.tar.gz").write_bytes(b"x")  # not named by us
    assert backup.prune(directory=tmp_path, now=now) == 2
    assert len(backup.backups(tmp_path)) == 2
    assert backup.prune(directory=tmp_path, now=now) == 0
    # However old, the newest archive stays; a file not named by us is never touched.
    later = now + timezone.timedelta(days=99)
    assert backup.prune(keep_days=0, directory=tmp_path, now=later) == 1
    assert len(backup.backups(tmp_path)) == 1
    assert (tmp_path / "kokoron-backup-mine.tar.gz").exists()


def test_the_daily_job_backs_up_and_prunes(transactional_db, backup_dir):
    assert "kokoron.core.backup" in sync_schedules()
    result = backup.scheduled_backup()
    assert (backup_dir / result["backup"]).is_file() and result["deleted"] == 0


def test_a_tool_that_fails_says_why_without_the_data_it_quotes():
    script = "echo 'DETAIL:  Key (email)=(hanako@example.jp) already exists.' >&2; exit 1"
    with pytest.raises(backup.BackupError) as failure:
        backup._run(["sh", "-c", script], {})
    assert "sh failed" in str(failure.value) and "Key (email)=(…)" in str(failure.value)
    assert "hanako" not in str(failure.value)
