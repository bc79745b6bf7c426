"""Backup and restore of everything the tracker holds: the database (as a Django JSON dump, so a
backup taken on SQLite restores on PostgreSQL and back) and the uploaded files under MEDIA_ROOT.

A backup is one .tar.gz with `manifest.json` listing the sha256 of every member. Restore checks
every hash before touching anything, then replaces the data in one transaction; a damaged or
foreign archive is refused and nothing changes."""

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

FORMAT = "casetracker-backup/1"
EXCLUDE = ["contenttypes", "auth.permission", "sessions", "axes"]


class BackupError(ValueError):
    """The archive cannot be restored; the message says why."""


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def dump_database():
    out = io.StringIO()
    call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=EXCLUDE,
        indent=1,
        stdout=out,
    )
    return out.getvalue().encode()


def media_files():
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def write_backup(path):
    """Write the archive to `path`; returns the manifest."""
    root = Path(settings.MEDIA_ROOT)
    members = {"database.json": dump_database()}
    for file in media_files():
        members[f"media/{file.relative_to(root).as_posix()}"] = file.read_bytes()
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "files": {name: sha256(data) for name, data in members.items()},
    }
    members["manifest.json"] = json.dumps(manifest, indent=1).encode()
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return manifest


def read_backup(path):
    """All members of a verified archive, or BackupError."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = {
                m.name: archive.extractfile(m).read() for m in archive.getmembers() if m.isfile()
            }
    except (OSError, tarfile.TarError, EOFError) as exc:
        raise BackupError(f"{path}: not a readable backup archive ({exc})") from None
    try:
        manifest = json.loads(members.pop("manifest.json"))
    except (KeyError, ValueError):
        raise BackupError(f"{path}: no valid manifest.json; not a case tracker backup") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: unknown backup format {manifest.get('format')!r}")
    if set(members) != set(manifest["files"]):
        raise BackupError(f"{path}: the archive's files do not match its manifest")
    for name, data in members.items():
        if sha256(data) != manifest["files"][name]:
            raise BackupError(f"{path}: {name} is damaged (sha256 does not match the manifest)")
        if not _safe_member(name):
            raise BackupError(f"{path}: unsafe path in archive: {name}")
    return members


def _safe_member(name):
    parts = Path(name).parts
    return name == "database.json" or (
        parts[0] == "media" and ".." not in parts and not Path(name).is_absolute()
    )


def restore_backup(path):
    """Replace the database and the uploaded files with the archive's. Returns counts."""
    members = read_backup(path)
    database = members.pop("database.json")
    with tempfile.NamedTemporaryFile(suffix=".json") as dump:
        dump.write(database)
        dump.flush()
        with transaction.atomic():
            call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", dump.name, verbosity=0)
    root = Path(settings.MEDIA_ROOT)
    for file in media_files():
        file.unlink()
    for name, data in members.items():
        target = root / Path(name).relative_to("media")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    cache.clear()  # cached docket pages are keyed by versions the restore may have rewound
    return {"objects": len(json.loads(database)), "files": len(members)}
