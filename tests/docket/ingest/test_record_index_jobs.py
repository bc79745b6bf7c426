"""Issue 14 §1: the certified index of the administrative record is imported like a docket report
— uploaded on the record page, queued as an ImportJob, parsed first, written in short batches
through the record's write path (docket.record.services.write_record_documents), with progress
on the job's page; all or nothing for the result (a failure after committed batches leaves the
record exactly as it was), audited, one import per case at a time. The worker's body
(`run_import_job`) runs here in-process; test_record_index_live.py runs it in a real worker."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from docket.ingest import batches, jobs, record_index
from docket.ingest.tasks import run_import_job
from docket.models import ImportJob, ImportRun, RecordDocument, RecordProduction
from docket.record import services as record_services
from docket.record.index_import import parse_index
from docket.search.models import SearchItem
from notices.models import Deadline

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parents[1] / "samples" / "record"
HEADER = "bates_start,bates_end,title,date,author,privilege_claim,privilege_basis,withheld,redacted,volume"


def index_csv(numbers, *, title="Document", volume=""):
    """A certified index with one two-page document per number (IRS-AR-<n*2+1>)."""
    lines = [HEADER]
    for n in numbers:
        start, end = n * 2 + 1, n * 2 + 2
        lines.append(
            f"IRS-AR-{start:06d},IRS-AR-{end:06d},{title} {n},2025-04-07,"
            f"Internal Revenue Service,,,no,no,{volume}"
        )
    return ("\n".join(lines) + "\n").encode()


def record_snapshot(case):
    fields = [f.attname for f in RecordDocument._meta.concrete_fields]
    return {
        "documents": sorted(RecordDocument.objects.filter(case=case).values_list(*fields)),
        "productions": sorted(
            RecordProduction.objects.filter(case=case).values_list(
                "pk", "volume", "produced_on", "certification", "certified_index"
            )
        ),
        "search": sorted(
            SearchItem.objects.filter(case=case, source="record").values_list(
                "record_document_id", "title", "date"
            )
        ),
        "runs": ImportRun.objects.filter(case=case).count(),
        "deadlines": sorted(
            Deadline.objects.filter(case=case).values_list("pk", "status", "due_at")
        ),
    }


def upload(web, case, data, name="index.csv", **fields):
    return web.post(
        reverse("record_import_index", args=[case.slug]),
        {"index": SimpleUploadedFile(name, data, "text/csv"), **fields},
    )


def fail_on_call(monkeypatch, call):
    """Make the database refuse the `call`-th batch, after writing its rows (the batch's
    transaction rolls back; the batches before it have committed)."""
    real = record_services.write_record_documents
    calls = []

    def write(**kwargs):
        if kwargs.get("reason") != record_index.REASON:  # taking back: not a batch
            return real(**kwargs)
        calls.append(len(kwargs.get("create", ())) + len(kwargs.get("update", ())))
        written = real(**kwargs)
        if len(calls) == call:
            raise IntegrityError("NOT NULL constraint failed: docket_recorddocument.title")
        return written

    monkeypatch.setattr(record_services, "write_record_documents", write)
    return calls


# --------------------------------------------------------------------------- the page


def test_upload_queues_a_job_whose_page_shows_progress_then_the_summary(
    real_case, users, client_for
):
    web = client_for(users["paralegal"])
    data = (SAMPLES / "clean_index.csv").read_bytes()
    response = upload(web, real_case, data, "idx.csv", volume="1", produced_on="2025-10-24")
    job = ImportJob.objects.get(case=real_case, source="record")
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert (job.status, job.origin, job.requested_by, bytes(job.payload)) == (
        "queued",
        "idx.csv",
        users["paralegal"],
        data,
    )
    assert job.params == {"volume": "1", "produced_on": "2025-10-24"}
    assert not RecordDocument.objects.exists() and not RecordProduction.objects.exists()
    status_url = reverse("import_job_status", args=[real_case.slug, job.pk])
    assert web.get(status_url).json()["done"] is False
    page = web.get(job.get_absolute_url()).content.decode()
    assert "Certified record index: idx.csv" in page and "Queued" in page
    record_page = web.get(reverse("record_page", args=[real_case.slug])).content.decode()
    assert job.get_absolute_url() in record_page  # listed under the record's recent uploads

    assert run_import_job(job.pk) == "done"
    assert run_import_job(job.pk) == "skipped"  # a duplicate delivery does nothing
    state = web.get(status_url).json()
    assert (state["done"], state["ready"], state["progress"]) == (True, True, 100)
    assert state["detail"] == "3 rows: created 3, updated 0, unchanged 0"
    job.refresh_from_db()
    assert (job.written, job.total, bytes(job.payload), job.undo) == (3, 3, b"", {})
    page = web.get(job.get_absolute_url()).content.decode()
    assert "3 rows: created 3, updated 0, unchanged 0" in page
    assert job.run.get_absolute_url() in page
    assert reverse("record_page", args=[real_case.slug]) in page  # "Open the record"
    # audited: who wrote each document, who ran the import and how it ended
    document = RecordDocument.objects.get(bates_start="IRS-AR-000058")
    assert document.history.first().history_user == users["paralegal"]
    assert document.production.volume == "1" and document.production.certified_index
    assert [(h.status, h.history_user) for h in job.history.order_by("history_id")][-1] == (
        "done",
        users["paralegal"],
    )
    assert SearchItem.objects.filter(case=real_case, source="record").count() == 3
    assert "idx.csv" in web.get(reverse("import_pacer", args=[real_case.slug])).content.decode()


def test_progress_moves_forward_a_batch_at_a_time(real_case, users, client_for, monkeypatch):
    web = client_for(users["paralegal"])
    upload(web, real_case, index_csv(range(100, 107)))
    job = ImportJob.objects.get(case=real_case, source="record")
    monkeypatch.setattr(record_index, "BATCH_SIZE", 3)
    seen = []
    real_beat = batches._beat

    def beat(job, written, total):
        real_beat(job, written, total)
        seen.append(jobs.status(ImportJob.objects.get(pk=job.pk), url="")["detail"])

    monkeypatch.setattr(batches, "_beat", beat)
    assert run_import_job(job.pk) == "done"
    assert seen == [
        "3 of 7 documents written",
        "6 of 7 documents written",
        "7 of 7 documents written",
    ]
    assert RecordDocument.objects.filter(case=real_case).count() == 7


def test_a_bad_index_fails_with_every_bad_line_and_saves_nothing(real_case, users, client_for):
    web = client_for(users["paralegal"])
    before = record_snapshot(real_case)
    upload(web, real_case, (SAMPLES / "bad_rows.csv").read_bytes(), "bad.csv")
    job = ImportJob.objects.get(case=real_case, source="record")
    assert run_import_job(job.pk) == "failed"
    state = web.get(reverse("import_job_status", args=[real_case.slug, job.pk])).json()
    expected = [str(m) for m in _errors((SAMPLES / "bad_rows.csv").read_bytes())]
    assert state["done"] and not state["ready"]
    lines = state["error"].splitlines()
    assert lines[0] == (
        f"The index has {len(expected)} errors; nothing was imported. Correct the file and "
        "upload it again:"
    )
    assert lines[1:] == expected and "line 4, date: '2025-13-01' is not a date" in state["error"]
    page = web.get(job.get_absolute_url()).content.decode()
    assert "Nothing of this file was kept." in page
    assert record_snapshot(real_case) == before
    assert job.history.first().status == "failed"


def _errors(data):
    from docket.record.index_import import RecordIndexError

    with pytest.raises(RecordIndexError) as caught:
        parse_index(data)
    return caught.value.messages


@pytest.mark.parametrize(
    ("data", "fields", "message"),
    [
        (b"\xff\xfe\x00bad", {}, "the file is not UTF-8 text"),
        (b"\n \n", {}, "the file has no rows"),
        (index_csv([1]), {"volume": "7"}, "Volume 7 is not recorded yet"),
    ],
)
def test_a_file_that_cannot_be_an_index_is_refused_at_upload(
    real_case, users, client_for, data, fields, message
):
    web = client_for(users["paralegal"])
    response = web.post(
        reverse("record_import_index", args=[real_case.slug]),
        {"index": SimpleUploadedFile("x.csv", data, "text/csv"), **fields},
        follow=True,
    )
    html = response.content.decode()
    assert "Nothing was imported." in html and message in html
    assert not ImportJob.objects.exists() and not RecordDocument.objects.exists()


@pytest.mark.parametrize("door", ["page", "command"])
def test_a_failure_after_committed_batches_leaves_the_record_as_it_was(
    real_case, users, client_for, monkeypatch, tmp_path, door
):
    """An earlier index (volume 1: three documents); the new one changes two of them, adds ten,
    and records volume 2. Batches of 3: the first three commit (new and changed documents, the
    new production), the fourth is refused. Nothing of the new index stays; the taking back is
    audited."""
    record_index.import_record_index(
        case=real_case,
        data=(SAMPLES / "clean_index.csv").read_bytes(),
        user=users["attorney"],
        volume="1",
        produced_on=timezone.localdate(),
    )
    changed = (SAMPLES / "clean_index.csv").read_text().replace("Implementation guidance", "X")
    changed = changed.replace("Transmittal e-mail to ICE", "Y")
    extra = index_csv(range(100, 110), volume="2").decode().split("\n", 1)[1]
    data = (changed + extra).encode()
    before = record_snapshot(real_case)
    monkeypatch.setattr(record_index, "BATCH_SIZE", 3)
    calls = fail_on_call(monkeypatch, 4)
    if door == "page":
        web = client_for(users["paralegal"])
        upload(web, real_case, data, volume="2", produced_on="2025-11-03")
        job = ImportJob.objects.get(case=real_case, status="queued")
        assert run_import_job(job.pk) == "failed"
        job.refresh_from_db()
        state = web.get(reverse("import_job_status", args=[real_case.slug, job.pk])).json()
        assert "The database refused a row of this file" in state["error"]
        assert "Nothing of it was kept." in state["error"]
    else:
        path = tmp_path / "index.csv"
        path.write_bytes(data)
        with pytest.raises(CommandError, match="The database refused a row of this file"):
            call_command(
                "import_record_index",
                str(path),
                "--case",
                real_case.slug,
                "--volume",
                "2",
                "--produced-on",
                "2025-11-03",
                stdout=io.StringIO(),
            )
        job = ImportJob.objects.filter(case=real_case, source="record").first()
    assert calls == [3, 3, 3, 3]  # three batches committed, the fourth refused
    assert record_snapshot(real_case) == before
    assert (job.status, job.undo, job.finished_at is not None) == ("failed", {}, True)
    assert job.history.first().status == "failed"
    restored = RecordDocument.objects.get(bates_start="IRS-AR-000060")
    assert restored.title == "Implementation guidance"
    assert restored.history.first().history_change_reason == (
        "import: record index failed, taken back"
    )


def test_one_import_per_case_a_second_one_waits_queued(real_case, users):
    running = ImportJob.objects.create(
        case=real_case, source="pacer", status="running", heartbeat_at=timezone.now()
    )
    job, _sent = jobs.queue_import(
        case=real_case, source="record", payload=index_csv([1]), by=users["paralegal"]
    )
    rows = parse_index(bytes(job.payload))
    with pytest.raises(batches.ImportBusy):
        record_index.run(job, rows, data=bytes(job.payload), wait=0, requeue_if_busy=True)
    job.refresh_from_db()
    assert job.status == "queued" and not RecordDocument.objects.exists()
    running.status = "done"
    running.save()
    assert run_import_job(job.pk) == "done"
    assert RecordDocument.objects.filter(case=real_case).count() == 1


def test_an_index_import_whose_worker_died_is_taken_back_by_the_sweep(
    real_case, users, monkeypatch
):
    before = record_snapshot(real_case)
    job, _sent = jobs.queue_import(
        case=real_case,
        source="record",
        payload=index_csv(range(10), volume="9"),
        by=users["paralegal"],
        params={"volume": "9", "produced_on": "2025-11-03"},
    )
    monkeypatch.setattr(record_index, "BATCH_SIZE", 4)
    fail_on_call(monkeypatch, 3)
    with monkeypatch.context() as killed:  # the worker dies: nothing runs after the failure
        killed.setattr(batches, "fail", lambda *args, **kwargs: None)
        assert run_import_job(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == "running" and len(job.undo["record"]["created"]) == 8
    assert RecordDocument.objects.filter(case=real_case).count() == 8
    later = timezone.now() + batches.LEASE * 2
    assert batches.sweep_stale(later) == [job.pk]
    job.refresh_from_db()
    assert job.status == "failed" and "stopped before it finished" in job.error
    assert record_snapshot(real_case) == before


@pytest.mark.parametrize(("role", "status"), [("client", 403), ("outsider", 404), (None, 302)])
def test_only_editors_may_import_an_index_or_see_its_job(
    real_case, users, client_for, role, status
):
    job, _sent = jobs.queue_import(
        case=real_case, source="record", payload=index_csv([1]), by=users["paralegal"]
    )
    web = client_for(users[role] if role else None)
    assert upload(web, real_case, index_csv([2])).status_code == status
    for name in ("import_job", "import_job_status"):
        assert web.get(reverse(name, args=[real_case.slug, job.pk])).status_code == status
    assert ImportJob.objects.count() == 1


def test_the_command_keeps_its_last_line(real_case, tmp_path, monkeypatch):
    monkeypatch.setattr(record_index, "BATCH_SIZE", 2)
    path = tmp_path / "five.csv"
    path.write_bytes(index_csv(range(5)))
    out = io.StringIO()
    call_command("import_record_index", str(path), "--case", real_case.slug, stdout=out)
    assert out.getvalue().splitlines()[-1] == (
        "Imported five.csv: 5 rows: created 5, updated 0, unchanged 0"
    )
    job = ImportJob.objects.get(case=real_case, source="record")
    assert (job.status, job.total, job.written) == ("done", 5, 5)
