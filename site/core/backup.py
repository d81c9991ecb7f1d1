"""Backup and restore: the database and the media in one archive, and back.

`manage.py backup` writes `kokoron-backup-<UTC time>.tar.gz` into `KOKORON_BACKUP_DIR`:

- manifest.json: format, time, database engine, the number of media files;
- the database, consistent at one moment while the site keeps running: SQLite through its
  online backup API (`sqlite3.Connection.backup`, a snapshot taken under SQLite's own read
  lock, WAL included), PostgreSQL with `pg_dump -Fc` (one transaction's snapshot);
- media/: every file of the default storage (the file system or an object store), read
  through Django's storage API.

`manage.py restore <archive>` checks the archive first (ours, whole, the same engine) and
changes nothing if it is not; then puts the database back (SQLite: the backup API again,
copying into the live file under SQLite's lock, so open connections see the restored data;
PostgreSQL: `pg_restore --clean --if-exists --single-transaction`), makes the media equal to
the archive's and empties the cache. A scheduled job makes a backup every day and deletes those older than
`KOKORON_BACKUP_KEEP_DAYS` (the newest is always kept).

Archives hold personal data: keep KOKORON_BACKUP_DIR readable by the site's user alone, and
copy the archives off the machine.
"""

import datetime as dt
import io
import json
import os
import re
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections
from django.utils import timezone

FORMAT = 1
PREFIX = "kokoron-backup-"
SUFFIX = ".tar.gz"
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
QUOTED_VALUES = re.compile(r"=\(.*?\)")
ADDRESS = re.compile(r"[\w.+-]+@[\w.-]+")


class BackupError(Exception):
    """A backup that cannot be made or read; the message says why, in plain words."""


def backup_dir():
    return Path(settings.KOKORON_BACKUP_DIR)


def engine(alias="default"):
    vendor = connections[alias].vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


# Database


def _pg_env(database):
    env = {**os.environ}
    for setting, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(setting):
            env[variable] = str(database[setting])
    return env


def _run(command, database):
    result = subprocess.run(command, env=_pg_env(database), capture_output=True, check=False)
    if result.returncode != 0:
        # The tool's own last words (a connection or permission problem), without the values
        # a constraint error quotes ("Key (email)=(…)") or any address: they may be personal.
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        message = lines[-1] if lines else str(result.returncode)
        message = QUOTED_VALUES.sub("=(…)", ADDRESS.sub("…", message))
        raise BackupError(f"{command[0]} failed: {message}")


def dump_database(path, alias="default"):
    database = connections[alias].settings_dict
    if engine(alias) == "sqlite":
        source = sqlite3.connect(str(database["NAME"]))
        target = sqlite3.connect(str(path))
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
    else:
        _run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={path}", database["NAME"]],
            database,
        )


def load_database(path, alias="default"):
    database = connections[alias].settings_dict
    connections[alias].close()  # nothing of ours holds a lock or a stale view
    if engine(alias) == "sqlite":
        source = sqlite3.connect(str(path))
        target = sqlite3.connect(str(database["NAME"]), timeout=60)
        try:
            source.backup(target)  # SQLite locks the live file while it copies into it
        finally:
            target.close()
            source.close()
    else:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={database['NAME']}",
                str(path),
            ],
            database,
        )


# Media


def media_files(storage=default_storage, folder=""):
    """Every file's name in the storage, walking its folders."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # the media folder was never made: no media yet
        return []
    names = [str(PurePosixPath(folder, name)) if folder else name for name in files]
    for sub in folders:
        names.extend(media_files(storage, str(PurePosixPath(folder, sub)) if folder else sub))
    return sorted(names)


def _safe_member(name):
    """The media path of an archive member, or None for anything that could escape."""
    path = PurePosixPath(name)
    if path.parts[:1] != (MEDIA,) or ".." in path.parts or path.is_absolute():
        return None
    return str(PurePosixPath(*path.parts[1:])) if len(path.parts) > 1 else None


# The archive


def _add_bytes(archive, name, data, mtime):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = mtime
    archive.addfile(info, io.BytesIO(data))


def make_backup(directory=None, alias="default", now=None):
    """Write one archive; returns its path."""
    directory = Path(directory or backup_dir())
    directory.mkdir(parents=True, exist_ok=True)
    now = now or timezone.now()
    name = f"{PREFIX}{now.astimezone(dt.UTC):%Y%m%d-%H%M%S}{SUFFIX}"
    final = directory / name
    partial = directory / f".{name}.partial"
    vendor = engine(alias)
    with tempfile.TemporaryDirectory(dir=directory) as scratch:
        dump = Path(scratch) / DUMP_NAMES[vendor]
        dump_database(dump, alias)
        files = media_files()
        manifest = {
            "format": FORMAT,
            "created": now.isoformat(),
            "engine": vendor,
            "database": DUMP_NAMES[vendor],
            "media_files": len(files),
        }
        with tarfile.open(partial, "w:gz") as archive:
            _add_bytes(
                archive, MANIFEST, json.dumps(manifest, indent=1).encode(), int(now.timestamp())
            )
            archive.add(dump, arcname=DUMP_NAMES[vendor])
            for file_name in files:
                info = tarfile.TarInfo(f"{MEDIA}/{file_name}")
                info.size = default_storage.size(file_name)
                info.mtime = int(now.timestamp())
                with default_storage.open(file_name, "rb") as handle:
                    archive.addfile(info, handle)
    partial.chmod(0o600)
    partial.replace(final)  # a half-written archive never has a backup's name
    return final


def read_manifest(archive_path, alias="default"):
    """The manifest of a readable archive of this site's engine; BackupError otherwise."""
    path = Path(archive_path)
    if not path.is_file():
        raise BackupError(f"There is no file {path}.")
    try:
        with tarfile.open(path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            manifest = json.load(member)
            names = set(archive.getnames())
    except (tarfile.TarError, KeyError, OSError, ValueError) as error:
        raise BackupError(
            f"{path.name} is not a Kokoron backup ({type(error).__name__})."
        ) from error
    if manifest.get("format") != FORMAT or manifest.get("engine") not in DUMP_NAMES:
        raise BackupError(f"{path.name} is not a Kokoron backup this version can read.")
    if manifest["database"] not in names:
        raise BackupError(f"{path.name} has no database in it.")
    vendor = engine(alias)
    if manifest["engine"] != vendor:
        raise BackupError(
            f"{path.name} is a backup of a {manifest['engine']} database; this site uses {vendor}."
        )
    return manifest


def restore_backup(archive_path, alias="default"):
    """Put the database and the media back as the archive has them; returns its manifest."""
    manifest = read_manifest(archive_path, alias)
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(archive_path, "r:gz") as archive:
        dump = Path(scratch) / manifest["database"]
        with archive.extractfile(manifest["database"]) as source, dump.open("wb") as target:
            while chunk := source.read(1 << 20):
                target.write(chunk)
        load_database(dump, alias)
        kept = set()
        for member in archive.getmembers():
            name = _safe_member(member.name)
            if name is None or not member.isfile():
                continue
            if default_storage.exists(name):
                default_storage.delete(name)
            with archive.extractfile(member) as source:
                saved = default_storage.save(name, File(source, name=name))
            kept.add(saved)
        for name in media_files():
            if name not in kept:
                default_storage.delete(name)
    # Cached pages and counters describe the data as it was before the restore.
    cache.clear()
    return manifest


def _made_at(path):
    stamp = path.name[len(PREFIX) : -len(SUFFIX)]
    try:
        return dt.datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return None  # not named by us


def backups(directory=None):
    """The archives `make_backup` wrote in the folder, oldest first (other files are left
    alone)."""
    directory = Path(directory or backup_dir())
    if not directory.is_dir():
        return []
    found = [(_made_at(path), path) for path in directory.glob(f"{PREFIX}*{SUFFIX}")]
    return [path for made, path in sorted(item for item in found if item[0] is not None)]


def prune(keep_days=None, directory=None, now=None):
    """Delete archives older than `keep_days`, always keeping the newest; returns how many."""
    keep_days = settings.KOKORON_BACKUP_KEEP_DAYS if keep_days is None else keep_days
    cutoff = (now or timezone.now()) - dt.timedelta(days=keep_days)
    deleted = 0
    for path in backups(directory)[:-1]:
        if _made_at(path) < cutoff:
            path.unlink()
            deleted += 1
    return deleted


def scheduled_backup():
    """The daily job: a new archive, then the old ones go."""
    path = make_backup()
    return {"backup": path.name, "deleted": prune()}
