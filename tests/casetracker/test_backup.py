"""Backup and restore round-trip: the database and the uploaded files come back identical."""

import hashlib
import io
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from docket.models import DocketEntry
from tests.dumps import database_fingerprint
from tests.factories import DocumentFactory, EntryFactory

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

    call_command("restore", str(archive), yes=True)
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
        call_command("restore", str(damaged), yes=True)
    assert database_fingerprint() == before


def test_not_an_archive_is_refused(tmp_path, db):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tarball")
    with pytest.raises(CommandError, match="not a readable backup archive"):
        call_command("restore", str(junk), yes=True)
