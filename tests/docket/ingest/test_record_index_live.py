"""The record page's certified-index upload run by a real Celery worker against a real
redis-server (tests/live.py): queued on commit, parsed and written in batches by the worker,
progress and the summary on the job's page; a bad index fails there with every bad line and
leaves nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from docket.models import ImportJob, RecordDocument, RecordProduction
from tests.docket.ingest.test_record_index_jobs import index_csv
from tests.live import wait_until

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def _upload(web, case, data, name, **fields):
    response = web.post(
        reverse("record_import_index", args=[case.slug]),
        {"index": SimpleUploadedFile(name, data, "text/csv"), **fields},
    )
    assert response.status_code == 302
    return ImportJob.objects.get(case=case, origin=name)


def _follow(web, case, job):
    url = reverse("import_job_status", args=[case.slug, job.pk])
    seen = []

    def finished():
        seen.append(web.get(url).json())
        return seen[-1]["done"]

    wait_until(finished, timeout=300, interval=0.2, message=f"index job {job.pk}")
    return seen


def test_a_worker_imports_an_uploaded_index_in_batches(real_case, users, client_for, celery_worker):
    web = client_for(users["paralegal"])
    job = _upload(
        web, real_case, index_csv(range(1200)), "big.csv", volume="1", produced_on="2025-10-24"
    )
    seen = _follow(web, real_case, job)
    progress = [s["progress"] for s in seen]
    assert progress == sorted(progress) and progress[-1] == 100  # only ever moves forward
    assert seen[-1]["ready"] and seen[-1]["detail"] == (
        "1200 rows: created 1200, updated 0, unchanged 0"
    )
    job.refresh_from_db()
    assert (job.status, job.written, job.total, bytes(job.payload)) == ("done", 1200, 1200, b"")
    assert RecordDocument.objects.filter(case=real_case, production__volume="1").count() == 1200
    page = web.get(reverse("import_job", args=[real_case.slug, job.pk])).content.decode()
    assert "1200 rows: created 1200" in page and job.run.get_absolute_url() in page


def test_a_bad_index_fails_in_the_worker_with_every_bad_line(
    real_case, users, client_for, celery_worker
):
    web = client_for(users["paralegal"])
    data = index_csv(range(3)) + b"IRS-AR-000900,,Late,2025-13-01,,,,maybe,no,\n"
    job = _upload(web, real_case, data, "bad.csv", volume="2", produced_on="2025-11-03")
    seen = _follow(web, real_case, job)
    assert not seen[-1]["ready"]
    assert seen[-1]["error"].splitlines() == [
        "The index has 2 errors; nothing was imported. Correct the file and upload it again:",
        "line 5, date: '2025-13-01' is not a date (YYYY-MM-DD)",
        "line 5, withheld: 'maybe' is not yes or no",
    ]
    assert not RecordDocument.objects.exists() and not RecordProduction.objects.exists()
    assert ImportJob.objects.get(pk=job.pk).history.first().status == "failed"
