"""Backup and restore round-trip: the database and the uploaded files come back identical."""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from casetracker.backup import BackupError, restore_backup
from casetracker.models import RestoreRecord
from docket.models import DocketEntry
from tests.docket.factories import DocumentFactory, EntryFactory
from tests.dumps import database_fingerprint

pytestmark = pytest.mark.django_db(transaction=True)


def media_hashes():
    root = Path(settings.MEDIA_ROOT)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    """Other tests leave files in the session's media folder; a backup takes all of them."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def case_with_files(real_case, users):
    entry = EntryFactory(case=real_case, number=5, text="ORDER with attachment")
    for n, body in enumerate([b"%PDF-1.4 one", b"%PDF-1.4 two"]):
        doc = DocumentFactory(
            entry=entry, attachment_number=n, sha256=hashlib.sha256(body).hexdigest()
        )
        doc.file.save("x.pdf", ContentFile(body), save=True)
    return real_case


def test_round_trip_restores_identical_database_and_files(case_with_files, tmp_path):
    before_db, before_files = database_fingerprint(), media_hashes()
    assert len(before_files) == 2
    archive = tmp_path / "b.tar.gz"
    call_command("backup", output=str(archive))

    DocketEntry.objects.filter(number=5).delete()  # disaster strikes
    for path in Path(settings.MEDIA_ROOT).rglob("*.pdf"):
        path.unlink()
    EntryFactory(case=case_with_files, number=6, text="Entry made after the backup")

    call_command("restore", str(archive), yes=True, reason="test restore")
    assert database_fingerprint() == before_db
    assert media_hashes() == before_files
    assert not DocketEntry.objects.filter(number=6).exists()


def test_damaged_archive_is_refused_and_nothing_changes(case_with_files, tmp_path):
    good = tmp_path / "good.tar.gz"
    call_command("backup", output=str(good))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(good) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "database.json":
                data = data.replace(b"ORDER with attachment", b"ORDER with tampering!")
            member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    before = database_fingerprint()
    with pytest.raises(CommandError, match="Nothing was changed.*database.json is damaged"):
        call_command("restore", str(damaged), yes=True, reason="test restore")
    assert database_fingerprint() == before


def test_not_an_archive_is_refused(tmp_path, db):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tarball")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(junk), yes=True, reason="test restore")


# --------------------------------------------------------------------------- a reason, logged


def test_restore_without_a_reason_is_refused_and_nothing_changes(case_with_files, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", output=str(archive))
    EntryFactory(case=case_with_files, number=6, text="Entry made after the backup")
    before = database_fingerprint(), media_hashes()
    for reason in (None, "", "   "):
        kwargs = {} if reason is None else {"reason": reason}
        with pytest.raises(CommandError, match=r"Nothing was changed\. Say why you are restoring"):
            call_command("restore", str(archive), yes=True, **kwargs)
        with pytest.raises(BackupError, match="say why you are restoring"):
            restore_backup(archive, reason=reason, restored_by="ops")
    with pytest.raises(CommandError, match="No user 'nobody' in the tracker"):
        call_command("restore", str(archive), yes=True, reason="x", user="nobody")
    assert (database_fingerprint(), media_hashes()) == before
    assert DocketEntry.objects.filter(number=6).exists()
    assert not RestoreRecord.objects.exists()


def test_restore_is_logged_after_the_load_and_the_log_survives_later_restores(
    case_with_files, users, tmp_path
):
    archive = tmp_path / "nightly.tar.gz"
    manifest = call_command_manifest(archive)
    assert b"restorerecord" not in tarfile.open(archive).extractfile("database.json").read()
    out = io.StringIO()
    call_command(
        "restore", str(archive), yes=True, user="admin", stdout=out,
        reason="Server disk failed on 3 Dec; restoring the nightly backup",
    )  # fmt: skip
    assert out.getvalue().splitlines()[-1] == (
        "Logged: restored by admin; reason: Server disk failed on 3 Dec; restoring the nightly "
        "backup"
    )
    first = RestoreRecord.objects.get()
    assert first.restored_by == "admin"
    assert first.archive == str(archive)
    assert first.archive_sha256 == hashlib.sha256(archive.read_bytes()).hexdigest()
    assert first.backup_created_at == manifest["created_at"]
    assert first.signed is True
    assert first.reason == "Server disk failed on 3 Dec; restoring the nightly backup"
    assert first.files_restored == 2 and first.objects_restored > 0
    # The archive predates the first restore, yet restoring it again keeps the first record
    # (it is carried over the flush) and adds the second; nothing is doubled.
    call_command("restore", str(archive), yes=True, reason="Drill: restore test")
    log = list(RestoreRecord.objects.order_by("restored_at"))
    assert [r.reason for r in log] == [first.reason, "Drill: restore test"]
    assert log[1].restored_by.endswith("(system account)")
    # A backup taken now does not carry the log, and restoring it does not duplicate it.
    later = tmp_path / "later.tar.gz"
    call_command("backup", output=str(later))
    call_command("restore", str(later), yes=True, reason="Third")
    assert RestoreRecord.objects.count() == 3


def test_a_failed_restore_leaves_the_log_as_it_was(case_with_files, tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", output=str(archive))
    call_command("restore", str(archive), yes=True, reason="First")

    def crash():
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        restore_backup(archive, reason="Second", restored_by="ops", before_commit=crash)
    assert list(RestoreRecord.objects.values_list("reason", flat=True)) == ["First"]


def call_command_manifest(archive):
    call_command("backup", output=str(archive))
    with tarfile.open(archive) as opened:
        return json.loads(opened.extractfile("manifest.json").read())


def test_a_withdrawn_document_is_in_the_backup_and_comes_back_withdrawn(
    case_with_files, users, tmp_path
):
    from docket.entries.withdrawals import withdraw_document
    from docket.models import Document

    document = Document.objects.get(entry__number=5, attachment_number=1)
    withdraw_document(document=document, user=users["admin"], reason="Wrong PDF", confirmed=True)
    before = database_fingerprint(), media_hashes()
    archive = tmp_path / "b.tar.gz"
    call_command("backup", output=str(archive))
    Document.all_objects.filter(pk=document.pk).delete()
    call_command("restore", str(archive), yes=True, reason="Test: withdrawn rows survive")
    assert (database_fingerprint(), media_hashes()) == before
    kept = Document.all_objects.get(pk=document.pk)
    # Users come back by natural key (username), not necessarily under the same id.
    assert (kept.withdrawal_reason, kept.withdrawn_by.username) == ("Wrong PDF", "admin")
    assert not Document.objects.filter(pk=document.pk).exists()
