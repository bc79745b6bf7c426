"""The import page's jobs run by a real Celery worker against a real redis-server
(tests/live.py): the upload is queued on commit, the worker parses and writes in batches, the
job's page reports progress and the summary; a file the database refuses half-way leaves
nothing and the job says why."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from docket.models import ImportJob
from tests.docket.ingest.test_import_batches import big_report, snapshot
from tests.live import wait_until

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def _upload(web, case, html, name):
    response = web.post(
        reverse("import_pacer", args=[case.slug]),
        {"file": SimpleUploadedFile(name, html.encode(), "text/html")},
    )
    assert response.status_code == 302
    return ImportJob.objects.get(case=case, origin=name)


def _follow(web, case, job):
    """Poll the job's status as its page does; returns every answer."""
    url = reverse("import_job_status", args=[case.slug, job.pk])
    seen = []

    def finished():
        seen.append(web.get(url).json())
        return seen[-1]["done"]

    wait_until(finished, timeout=300, interval=0.2, message=f"import job {job.pk}")
    return seen


def test_a_worker_imports_an_uploaded_report_in_batches(
    real_case, users, client_for, celery_worker
):
    web = client_for(users["paralegal"])
    job = _upload(web, real_case, big_report(700), "big.html")
    seen = _follow(web, real_case, job)
    progress = [s["progress"] for s in seen]
    assert progress == sorted(progress) and progress[-1] == 100  # only ever moves forward
    assert seen[-1]["ready"] and seen[-1]["detail"] == "added 702, updated 3, unchanged 0"
    job.refresh_from_db()
    assert (job.status, job.written, job.total, bytes(job.payload)) == ("done", 705, 705, b"")
    assert real_case.entries.filter(number__gte=100).count() == 700
    page = web.get(reverse("import_job", args=[real_case.slug, job.pk])).content.decode()
    assert "added 702, updated 3, unchanged 0" in page and job.run.get_absolute_url() in page


def test_a_file_refused_half_way_leaves_nothing(real_case, users, client_for, celery_worker):
    web = client_for(users["paralegal"])
    before = snapshot(real_case)
    job = _upload(web, real_case, big_report(700, bad=(650, 101)), "bad.html")
    seen = _follow(web, real_case, job)
    assert not seen[-1]["ready"] and "ECF No. 101 is already on this docket" in seen[-1]["error"]
    assert snapshot(real_case) == before  # the first batch (500 rows) had committed
    assert ImportJob.objects.get(pk=job.pk).history.first().status == "failed"
