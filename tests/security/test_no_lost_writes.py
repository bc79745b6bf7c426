"""Issue 9 §3 (in-process parts): SQLite WAL + busy timeout + BEGIN IMMEDIATE, `check_media`,
imports serialised per case, Bates prefix/width validation that saves nothing and leaves no
file. The parallel requests against a real gunicorn are in test_concurrency_live.py."""

import os
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse

from casetracker.locks import BUSY_MESSAGE, busy_as_validation_error
from docket.models import RecordDocument
from docket.record.bates import BatesError, parse, range_for_pages
from docket.record.services import attach_record_file
from tests.docket.factories import DocumentFactory, EntryFactory
from tests.docket.pdfmaker import text_pdf

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"), reason="SQLite settings"
)


@sqlite_only
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20_000
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_busy_database_is_a_message_not_a_500():
    from django.db import OperationalError

    with pytest.raises(ValidationError) as caught, busy_as_validation_error():
        raise OperationalError("database is locked")
    assert caught.value.messages == [BUSY_MESSAGE]
    with pytest.raises(OperationalError), busy_as_validation_error():
        raise OperationalError("no such table: x")  # other errors are not hidden


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL advisory locks")
@pytest.mark.django_db(transaction=True)
def test_postgresql_import_lock_is_per_case(real_case, other_case):
    import threading

    from casetracker.locks import CaseBusy, lock_case

    held, release, outcome = threading.Event(), threading.Event(), {}

    def holder():
        with transaction.atomic():
            lock_case(real_case)
            held.set()
            release.wait(20)
        connection.close()

    thread = threading.Thread(target=holder)
    thread.start()
    held.wait(10)
    try:
        with transaction.atomic():
            lock_case(other_case, wait=1)  # another case: free
        with pytest.raises(CaseBusy), transaction.atomic():
            lock_case(real_case, wait=1)
        outcome["ok"] = True
    finally:
        release.set()
        thread.join()
    assert outcome["ok"]


def write_orphan(name, age_minutes=120):
    path = Path(settings.MEDIA_ROOT, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.4 orphan")
    old = time.time() - age_minutes * 60
    os.utime(path, (old, old))
    return path


def test_check_media_lists_and_removes_orphans_only(real_case):
    from django.core.files.base import ContentFile

    document = DocumentFactory(entry=EntryFactory(case=real_case), sha256="b" * 64)
    document.file.save("kept.pdf", ContentFile(b"%PDF-1.4 kept"), save=True)
    kept = Path(settings.MEDIA_ROOT, document.file.name)
    os.utime(kept, (time.time() - 7200, time.time() - 7200))
    orphan = write_orphan("documents/zz/zz/orphan-check-media.pdf")
    fresh = write_orphan("documents/zz/zz/just-uploading.pdf", age_minutes=1)

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("check_media", stdout=out)
    lines = out.getvalue().splitlines()
    assert "orphan: documents/zz/zz/orphan-check-media.pdf (15\xa0bytes)" in lines
    assert not any("kept" in line or "just-uploading" in line for line in lines)

    out = StringIO()
    call_command("check_media", "--delete", stdout=out)
    assert not orphan.exists() and kept.exists() and fresh.exists()
    assert "Removed" in out.getvalue()
    fresh.unlink()


@pytest.mark.parametrize(
    ("start", "pages", "end"),
    [
        ("IRS-AR-000001", 57, "IRS-AR-000057"),
        ("IRS-AR-999", 1, "IRS-AR-999"),
        ("IRS-AR-990", 10, "IRS-AR-999"),
        ("IRS-AR-000999", 20_000, "IRS-AR-020998"),
    ],
)
def test_a_range_keeps_its_width(start, pages, end):
    assert str(range_for_pages(parse(start), pages)) == end


@pytest.mark.parametrize(
    ("start", "pages", "says"),
    [
        ("IRS-AR-999", 20_000, "needs more than the 3 digits"),
        ("IRS-AR-990", 11, "needs more than the 3 digits"),
        ("P" * 35 + "-00001", 1, "at most 40"),
        ("P" * 34 + "-99999", 2, "needs more than the 5 digits"),
    ],
)
def test_a_range_that_cannot_be_written_is_refused(start, pages, says):
    with pytest.raises(BatesError, match=says):
        range_for_pages(parse(start), pages)


def test_attaching_a_file_whose_range_overflows_saves_nothing_and_leaves_no_file(real_case):
    before = {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}
    with pytest.raises(ValidationError, match="needs more than the 3 digits"):
        attach_record_file(case=real_case, bates_start="IRS-AR-999", data=text_pdf("x", pages=2))
    with pytest.raises(ValidationError, match="at most 40"):
        attach_record_file(case=real_case, bates_start="A" * 38 + "-000001", data=text_pdf("y"))
    assert not RecordDocument.objects.filter(case=real_case, in_index=False).exists()
    assert {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()} == before


def test_the_record_page_says_why(real_case, users, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    web = client_for(users["paralegal"])
    response = web.post(
        reverse("record_attach_file", args=[real_case.slug]),
        {
            "bates_start": "IRS-AR-999",
            "file": SimpleUploadedFile("p.pdf", text_pdf("z", pages=3), "application/pdf"),
        },
        follow=True,
    )
    assert "needs more than the 3 digits of IRS-AR-999" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "limit"), [("import_pacer", "Up to 30 MB."), ("import_nef", "Up to 5 MB.")]
)
def test_upload_forms_state_their_size_cap(real_case, users, client_for, name, limit):
    page = client_for(users["paralegal"]).get(reverse(name, args=[real_case.slug]))
    assert limit in page.content.decode()
