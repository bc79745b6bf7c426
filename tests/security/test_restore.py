"""Issue 9 §4: restore validates and stages every member before swapping database and media (a
crafted archive used to fail *after* the database was replaced and every file deleted), and the
manifest is signed (an edited database.json with a recomputed checksum restored fine)."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from casetracker.backup import (
    FORMAT,
    BackupError,
    check_member_name,
    check_tree,
    dump_database,
    restore_backup,
    sign,
)
from casetracker.models import User
from docket.models import DocketEntry
from tests.docket.factories import DocumentFactory, EntryFactory
from tests.dumps import database_fingerprint

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def state():
    """The database and every media file, as one comparable value."""
    root = Path(settings.MEDIA_ROOT)
    files = {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }
    return database_fingerprint(), files


@pytest.fixture
def current(real_case, users):
    entry = EntryFactory(case=real_case, number=5, text="ORDER with attachment")
    body = b"%PDF-1.4 current"
    doc = DocumentFactory(entry=entry, attachment_number=0, sha256=hashlib.sha256(body).hexdigest())
    doc.file.save("x.pdf", ContentFile(body), save=True)
    before = state()
    assert before[1]
    return before


def build(path, members, *, signed=True, manifest_files=None, tar_extra=None):
    """An archive with these members (name -> bytes), a manifest listing their true hashes
    (or `manifest_files`), signed with this installation's key unless `signed` is False."""
    manifest = {
        "format": FORMAT,
        "created_at": "2026-01-01T00:00:00+00:00",
        "files": manifest_files
        if manifest_files is not None
        else {n: hashlib.sha256(d).hexdigest() for n, d in members.items()},
    }
    raw = json.dumps(manifest).encode()
    with tarfile.open(path, "w:gz") as archive:
        items = [*members.items(), ("manifest.json", raw)]
        if signed:
            items.append(("manifest.sig", sign(raw).encode()))
        for name, data in items:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for info in tar_extra or ():
            archive.addfile(info)
    return path


def good_database():
    return dump_database()


@pytest.mark.parametrize(
    "extra",
    [
        {"media/aaa": b"file", "media/aaa/child": b"child"},
        {"media/.": b"dot"},
        {"media/../escape": b"x"},
        {"media/a/./b": b"x"},
        {"/etc/passwd-copy": b"x"},
        {"other/file": b"x"},
    ],
    ids=["file-and-folder", "media-dot", "dotdot", "dot-inside", "absolute", "outside-media"],
)
def test_a_crafted_archive_changes_nothing(current, tmp_path, extra):
    archive = build(tmp_path / "crafted.tar.gz", {"database.json": good_database(), **extra})
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("restore", str(archive), yes=True, reason="test restore")
    assert state() == current


@pytest.mark.parametrize("kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.DIRTYPE])
def test_links_and_folders_are_refused(current, tmp_path, kind):
    link = tarfile.TarInfo("media/link")
    link.type = kind
    link.linkname = "/etc/passwd" if kind != tarfile.DIRTYPE else ""
    archive = build(tmp_path / "links.tar.gz", {"database.json": good_database()}, tar_extra=[link])
    with pytest.raises(CommandError, match="not a regular file"):
        call_command("restore", str(archive), yes=True, reason="test restore")
    assert state() == current


def test_a_failure_while_loading_the_database_keeps_the_old_files(current, tmp_path):
    bad_rows = json.dumps([{"model": "docket.nosuchmodel", "fields": {}}]).encode()
    archive = build(
        tmp_path / "bad-db.tar.gz",
        {"database.json": bad_rows, "media/documents/new.pdf": b"%PDF-1.4 new"},
    )
    with pytest.raises(CommandError, match="Nothing was changed.*could not be loaded"):
        call_command("restore", str(archive), yes=True, reason="test restore")
    assert state() == current
    assert not list(Path(settings.MEDIA_ROOT).parent.glob(".restore-*"))


def test_a_failure_after_the_swap_puts_the_old_files_back(current, tmp_path):
    archive = tmp_path / "good.tar.gz"
    call_command("backup", output=str(archive))
    DocketEntry.objects.filter(number=5).update(text="changed after the backup")
    Path(settings.MEDIA_ROOT, "later.pdf").write_bytes(b"%PDF-1.4 later")
    before = state()

    def crash():
        raise RuntimeError("disk full at the last moment")

    with pytest.raises(RuntimeError):
        restore_backup(archive, reason="test", restored_by="tester", before_commit=crash)
    assert state() == before


def test_a_name_the_filesystem_refuses_fails_before_anything_changes(current, tmp_path):
    archive = build(
        tmp_path / "long.tar.gz",
        {"database.json": good_database(), "media/" + "x" * 300 + ".pdf": b"%PDF-1.4"},
    )
    with pytest.raises(CommandError, match="Nothing was changed.*could not stage"):
        call_command("restore", str(archive), yes=True, reason="test restore")
    assert state() == current


def test_an_edited_database_with_a_recomputed_checksum_is_refused(current, tmp_path, users):
    """The probe: make a client a superuser by editing database.json and recomputing sha256."""
    rows = json.loads(good_database())
    for row in rows:
        if row["model"] == "casetracker.user" and row["fields"]["username"] == "client":
            row["fields"]["is_superuser"] = True
            row["fields"]["is_staff"] = True
    edited = json.dumps(rows).encode()
    forged = build(tmp_path / "forged.tar.gz", {"database.json": edited}, signed=False)
    with pytest.raises(CommandError, match="Nothing was changed.*not signed"):
        call_command("restore", str(forged), yes=True, reason="test restore")
    assert state() == current

    # A signature made with another key does not verify either.
    with tarfile.open(forged) as src:
        raw = src.extractfile("manifest.json").read()
    wrong = tmp_path / "wrong-key.tar.gz"
    with tarfile.open(forged) as src, tarfile.open(wrong, "w:gz") as dst:
        for info in src.getmembers():
            dst.addfile(info, src.extractfile(info))
        sig = tarfile.TarInfo("manifest.sig")
        fake = hashlib.sha256(b"guess" + raw).hexdigest().encode()
        sig.size = len(fake)
        dst.addfile(sig, io.BytesIO(fake))
    with pytest.raises(CommandError, match="signature does not match"):
        call_command("restore", str(wrong), yes=True, reason="test restore")
    assert not User.objects.get(username="client").is_superuser

    # The operator may still restore it on purpose.
    call_command("restore", str(forged), yes=True, reason="test restore", allow_unsigned=True)
    assert User.objects.get(username="client").is_superuser


def test_backups_are_signed_with_the_configured_key(current, tmp_path, settings):
    settings.BACKUP_SIGNING_KEY = "key-one-" + "x" * 40
    archive = tmp_path / "b.tar.gz"
    call_command("backup", output=str(archive))
    settings.BACKUP_SIGNING_KEY = "key-two-" + "y" * 40
    with pytest.raises(CommandError, match="signature does not match"):
        call_command("restore", str(archive), yes=True, reason="test restore")
    settings.BACKUP_SIGNING_KEY = "key-one-" + "x" * 40
    call_command("restore", str(archive), yes=True, reason="test restore")
    assert state() == current


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("database.json", True),
        ("media/documents/ab/cd/x.pdf", True),
        ("media/.", False),
        ("media/", False),
        ("media", False),
        ("media/a/../b", False),
        ("media\\a", False),
        ("/media/a", False),
        ("notes.txt", False),
    ],
)
def test_member_names(name, ok):
    assert (check_member_name(name) is None) == ok


def test_file_and_folder_collisions():
    assert check_tree(["media/a/b", "media/a/c"]) is None
    assert "media/aaa is both a file and the folder of media/aaa/child" in check_tree(
        ["media/aaa", "media/aaa/child"]
    )


def test_backup_error_is_a_value_error():
    assert issubclass(BackupError, ValueError)
