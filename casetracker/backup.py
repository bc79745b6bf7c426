"""Backup and restore of everything the tracker holds: the database (as a Django JSON dump, so a
backup taken on SQLite restores on PostgreSQL and back) and the uploaded files under MEDIA_ROOT.

A backup is one .tar.gz: `database.json`, `media/...`, `manifest.json` (the sha256 of every
member) and `manifest.sig`, an HMAC-SHA256 of the manifest with the signing key
(BACKUP_SIGNING_KEY, by default derived from SECRET_KEY). A checksum alone proves nothing — anyone
can recompute it after editing `database.json` (say, to make a client a superuser) — so restore
refuses an archive whose signature is missing or wrong unless told `allow_unsigned`.

Restore cannot half-apply:
1. every member is validated before anything is touched: regular files only (no links,
   directories or devices), names `database.json`, `manifest.json`, `manifest.sig` or
   `media/<path>` without `.`/`..`/empty parts, absolute paths or backslashes, no duplicates, no
   file that is also another member's folder; the manifest, its signature and every hash;
2. the media files are written to a staging folder beside MEDIA_ROOT;
3. the database is replaced in one transaction, and inside it the staged files are swapped in
   (the old ones moved aside, not deleted). Any failure rolls the database back and moves the
   old files back; only after the commit are the old files removed.

A restore is a risky action (issue 11 §5): it needs a reason, and it leaves a `RestoreRecord`
(who, when, which archive and its sha256, why). That log is not part of any archive: the rows
that exist are carried over the restore and the new one is written after the archive is loaded,
inside the same transaction, so the restore cannot erase its own record."""

import hashlib
import hmac
import io
import json
import logging
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

FORMAT = "casetracker-backup/2"
READABLE_FORMATS = {"casetracker-backup/1", FORMAT}
# Sent inside the restore's transaction once the dump is loaded: apps rebuild their derived data
# (docket.search rebuilds its index; it is excluded from the archive). casetracker never imports
# the apps above it, so they connect here. A receiver that fails rolls the restore back.
restored = Signal()

# The search index is derived data: rebuilt after a restore rather than carried in the archive.
# The restore log belongs to the installation, not to the data (carried over every restore).
EXCLUDE = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "axes",
    "search",
    "casetracker.restorerecord",
]
MANIFEST, SIGNATURE, DATABASE = "manifest.json", "manifest.sig", "database.json"
STAGING_PREFIX, OLD_PREFIX = ".restore-staging-", ".restore-old-"
logger = logging.getLogger("casetracker.audit")


class BackupError(ValueError):
    """The archive cannot be restored; the message says why."""


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def signing_key():
    """BACKUP_SIGNING_KEY, or a key derived from SECRET_KEY (so a backup made on one installation
    restores on another only if they share the key)."""
    explicit = getattr(settings, "BACKUP_SIGNING_KEY", "")
    if explicit:
        return explicit.encode()
    return hmac.new(
        settings.SECRET_KEY.encode(), b"casetracker backup manifest signing", hashlib.sha256
    ).digest()


def sign(manifest_bytes):
    return hmac.new(signing_key(), manifest_bytes, hashlib.sha256).hexdigest()


def dump_database():
    out = io.StringIO()
    call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=EXCLUDE,
        use_base_manager=True,  # every row, e.g. withdrawn documents (not in Document.objects)
        indent=1,
        stdout=out,
    )
    return out.getvalue().encode()


def media_files():
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def write_backup(path):
    """Write the archive to `path`; returns the manifest."""
    root = Path(settings.MEDIA_ROOT)
    members = {DATABASE: dump_database()}
    for file in media_files():
        members[f"media/{file.relative_to(root).as_posix()}"] = file.read_bytes()
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "files": {name: sha256(data) for name, data in members.items()},
    }
    members[MANIFEST] = json.dumps(manifest, indent=1).encode()
    members[SIGNATURE] = sign(members[MANIFEST]).encode()
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
    return manifest


# --------------------------------------------------------------------------- reading


def check_member_name(name):
    """Why `name` may not be in a backup, or None. Pure."""
    if not name or name.startswith("/") or "\\" in name or "\x00" in name:
        return "absolute or malformed path"
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "empty, '.' or '..' path component"
    if name in (DATABASE, MANIFEST, SIGNATURE):
        return None
    if parts[0] != "media" or len(parts) < 2:
        return "not a database, manifest or media file"
    return None


def check_tree(names):
    """Why these member names cannot all be files, or None: a name that is also the folder of
    another (`media/aaa` and `media/aaa/child`). Pure."""
    files = set(names)
    for name in names:
        for parent in PurePosixPath(name).parents:
            if str(parent) in files:
                return f"{parent} is both a file and the folder of {name}"
    return None


@dataclass
class Archive:
    manifest: dict
    members: dict  # name -> bytes (database.json and media/...)
    signed: bool
    signature_problem: str = ""
    sha256: str = ""  # of the archive file itself


def read_backup(path, *, allow_unsigned=False):
    """Every member of a verified archive (nothing is written), or BackupError."""
    members, seen = {}, set()
    try:
        with tarfile.open(path, "r:gz") as archive:
            for info in archive.getmembers():
                problem = check_member_name(info.name)
                if problem:
                    raise BackupError(f"{path}: unsafe path in archive: {info.name!r} ({problem})")
                extracted = archive.extractfile(info) if info.isfile() else None
                if extracted is None:
                    raise BackupError(
                        f"{path}: {info.name} is not a regular file (links, folders and special "
                        "files are not allowed in a backup)"
                    )
                if info.name in seen:
                    raise BackupError(f"{path}: {info.name} appears twice in the archive")
                seen.add(info.name)
                members[info.name] = extracted.read()
    except BackupError:
        raise
    except (OSError, tarfile.TarError, EOFError, ValueError) as exc:
        raise BackupError(f"{path}: not a readable backup archive ({exc})") from None
    tree = check_tree(list(members))
    if tree:
        raise BackupError(f"{path}: {tree}")
    raw_manifest = members.pop(MANIFEST, b"")
    signature = members.pop(SIGNATURE, None)
    try:
        manifest = json.loads(raw_manifest)
        files = manifest["files"]
        assert isinstance(files, dict)
    except (TypeError, ValueError, KeyError, AssertionError):
        raise BackupError(f"{path}: no valid manifest.json; not a case tracker backup") from None
    if manifest.get("format") not in READABLE_FORMATS:
        raise BackupError(f"{path}: unknown backup format {manifest.get('format')!r}")
    signed, problem = _check_signature(raw_manifest, signature)
    if not signed and not allow_unsigned:
        raise BackupError(
            f"{path}: {problem}. Restore it only if you know where it came from, with "
            "--allow-unsigned."
        )
    if set(members) != set(files):
        raise BackupError(f"{path}: the archive's files do not match its manifest")
    for name, data in members.items():
        if sha256(data) != files[name]:
            raise BackupError(f"{path}: {name} is damaged (sha256 does not match the manifest)")
    if DATABASE not in members:
        raise BackupError(f"{path}: no database.json")
    try:
        rows = json.loads(members[DATABASE])
        assert isinstance(rows, list)
    except (ValueError, AssertionError):
        raise BackupError(f"{path}: database.json is not a database dump") from None
    return Archive(manifest, members, signed, problem, sha256=_file_sha256(path))


def _file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _check_signature(raw_manifest, signature):
    if signature is None:
        return False, "the archive is not signed (no manifest.sig)"
    expected = sign(raw_manifest)
    if not hmac.compare_digest(expected.encode(), signature.strip()):
        return False, (
            "the manifest's signature does not match: the archive was altered, or made with "
            "another signing key (BACKUP_SIGNING_KEY / SECRET_KEY)"
        )
    return True, ""


# --------------------------------------------------------------------------- restoring


def _stage(members, root):
    """Write the media files into a new staging folder beside MEDIA_ROOT; returns it."""
    root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root.parent))
    try:
        for name, data in members.items():
            if name == DATABASE:
                continue
            target = staging.joinpath(*PurePosixPath(name).parts[1:])
            if staging.resolve() not in target.resolve().parents:
                raise BackupError(f"unsafe path in archive: {name}")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BackupError(
            f"could not stage the uploaded files ({exc}); nothing was changed"
        ) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _move_children(source, target):
    """Move every entry of `source` into `target` (same filesystem: renames). Returns the names
    moved, so a failure can be undone."""
    moved = []
    for child in sorted(source.iterdir()):
        os.rename(child, target / child.name)
        moved.append(child.name)
    return moved


def _swap_in(staging, root):
    """MEDIA_ROOT's current files go to an 'old' folder, the staged ones take their place.
    Returns the old folder (deleted by the caller after the commit). On failure, undoes itself."""
    root.mkdir(parents=True, exist_ok=True)
    old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=root.parent))
    moved_out, moved_in = [], []
    try:
        moved_out = _move_children(root, old)
        moved_in = _move_children(staging, root)
    except BaseException:
        for name in moved_in:
            os.rename(root / name, staging / name)
        for name in moved_out:
            os.rename(old / name, root / name)
        shutil.rmtree(old, ignore_errors=True)
        raise
    return old, moved_out, moved_in


def _swap_back(staging, root, old, moved_out, moved_in):
    for name in moved_in:
        os.rename(root / name, staging / name)
    for name in moved_out:
        os.rename(old / name, root / name)


def restore_backup(
    path, *, reason, restored_by, allow_unsigned=False, before_commit=None, now=None
):
    """Replace the database and the uploaded files with the archive's, all or nothing, and log it
    (`RestoreRecord`: `restored_by`, when, the archive, `reason`). Returns counts, whether the
    archive was signed and the record. `before_commit` (tests) runs after the swap, inside the
    transaction."""
    reason = (reason or "").strip()
    if not reason:
        raise BackupError(
            'say why you are restoring (--reason "..."): a restore replaces all case data, '
            "and the reason is kept in the restore log"
        )
    if not (restored_by or "").strip():
        raise BackupError("say who is restoring: the restore log records it")
    archive = read_backup(path, allow_unsigned=allow_unsigned)
    database = archive.members[DATABASE]
    root = Path(settings.MEDIA_ROOT)
    staging = _stage(archive.members, root)
    swapped = None
    try:
        with tempfile.NamedTemporaryFile(suffix=".json") as dump:
            dump.write(database)
            dump.flush()
            with transaction.atomic():
                try:
                    carried = _restore_log()
                    call_command("flush", interactive=False, verbosity=0)
                    call_command("loaddata", dump.name, verbosity=0)
                    restored.send(sender=None)  # derived data (the search index) rebuilt
                except Exception as exc:  # noqa: BLE001 - any loader error: the old data stays
                    raise BackupError(
                        f"{path}: the database dump could not be loaded "
                        f"({type(exc).__name__}: {str(exc)[:300]})"
                    ) from exc
                swapped = _swap_in(staging, root)
                record = _log_restore(
                    carried,
                    path=path,
                    archive=archive,
                    reason=reason,
                    restored_by=restored_by.strip(),
                    now=now,
                )
                if before_commit is not None:
                    before_commit()
    except BaseException:
        if swapped is not None:
            _swap_back(staging, root, *swapped)
            shutil.rmtree(swapped[0], ignore_errors=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(swapped[0], ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)
    cache.clear()  # cached docket pages are keyed by versions the restore may have rewound
    logger.warning(
        "Backup restored by %s from %s (sha256 %s): %s",
        record.restored_by,
        record.archive,
        record.archive_sha256,
        record.reason,
    )
    return {
        "objects": record.objects_restored,
        "files": record.files_restored,
        "signed": archive.signed,
        "record": record,
    }


def _restore_log():
    """The restore log as it is before the tables are replaced (oldest first)."""
    from .models import RestoreRecord

    fields = [f.name for f in RestoreRecord._meta.concrete_fields if f.name != "id"]
    return list(RestoreRecord.objects.order_by("restored_at", "pk").values(*fields))


def _log_restore(carried, *, path, archive, reason, restored_by, now):
    """Write the carried-over log back, then this restore's row (after the load: it survives)."""
    from .models import RestoreRecord

    RestoreRecord.objects.bulk_create(RestoreRecord(**row) for row in carried)
    return RestoreRecord.objects.create(
        restored_at=now or timezone.now(),
        restored_by=restored_by[:150],
        archive=str(path)[:500],
        archive_sha256=archive.sha256,
        backup_created_at=str(archive.manifest.get("created_at", ""))[:40],
        signed=archive.signed,
        reason=reason,
        objects_restored=len(json.loads(archive.members[DATABASE])),
        files_restored=len(archive.members) - 1,
    )
