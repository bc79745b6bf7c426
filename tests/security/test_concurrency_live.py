"""Issue 9 §3 against a real gunicorn (4 workers): parallel edits of one entry each adding
attachment 1, and parallel PACER imports. Target: one winner and clear errors for the rest (edits),
every import run once, one at a time (imports), no
500, no overwritten document, no orphaned file, no duplicate entry."""

import threading
from pathlib import Path

import pytest
from django.conf import settings

from casetracker.media import find_orphans
from docket.ingest.importers.synthetic import SyntheticEntry, docket_report_html
from docket.models import DocketEntry, Document
from tests.conftest import PASSWORD
from tests.docket.factories import EntryFactory
from tests.docket.pdfmaker import text_pdf

from .live_web import Browser, start_gunicorn, usable_password

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def parallel(count, action):
    results = [None] * count
    barrier = threading.Barrier(count)

    def run(i):
        barrier.wait()
        try:
            results[i] = action(i)
        except Exception as error:  # noqa: BLE001 - reported as a failure below
            results[i] = ("error", repr(error))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


@pytest.fixture
def web(users, redis_server, tmp_path, settings):
    usable_password(users["paralegal"], PASSWORD)
    settings.MEDIA_ROOT = str(tmp_path / "media")  # only this test's files: orphans are counted
    cache_url = redis_server.url.rsplit("/", 1)[0] + "/4"
    server = start_gunicorn(
        tmp_path, env={"CACHE_URL": cache_url, "MEDIA_ROOT": settings.MEDIA_ROOT}, workers=4
    )
    yield server
    server.stop()


def edit_form(entry, number, pdf_name):
    return {
        "number": str(entry.number),
        "date_filed": entry.date_filed.isoformat(),
        "date_entered": "",
        "kind": entry.kind,
        "text": entry.text,
        "visibility": entry.visibility,
        "plain_summary": "",
        "internal_note": "",
        "att-TOTAL_FORMS": "1",
        "att-INITIAL_FORMS": "0",
        "att-MIN_NUM_FORMS": "0",
        "att-MAX_NUM_FORMS": "1000",
        "att-0-attachment_number": str(number),
        "att-0-description": pdf_name,
    }


def test_twenty_parallel_edits_adding_attachment_1_leave_one_document(real_case, web):
    entry = EntryFactory(case=real_case, number=77, kind="motion", text="MOTION to compel")
    # PACER listed attachment 1 without a file: the form offers it to every editor at once.
    Document.objects.create(entry=entry, attachment_number=1, description="Exhibit A")
    browsers = [Browser(web.url).sign_in("paralegal", PASSWORD) for _ in range(20)]
    path = f"/cases/{real_case.slug}/docket/77/edit/"
    tokens = [b.csrf(path) for b in browsers]

    def edit(i):
        data = {**edit_form(entry, 1, f"exhibit-{i}.pdf"), "csrfmiddlewaretoken": tokens[i]}
        pdf = text_pdf(f"Exhibit version {i}")
        status, text, _ = browsers[i].request(path, data, files={"att-0-file": (f"x{i}.pdf", pdf)})
        return status, text

    results = parallel(20, edit)
    statuses = [r[0] for r in results]
    assert statuses.count(302) == 1, statuses
    assert statuses.count(400) == 19, statuses
    assert all("already has a file" in text for status, text in results if status == 400)
    document = Document.objects.get(entry=entry, attachment_number=1)
    assert document.history.exclude(file="").count() == 1  # never overwritten
    assert document.file and Path(settings.MEDIA_ROOT, document.file.name).exists()
    orphans = [o.name for o in find_orphans(grace_minutes=0)]
    assert orphans == []


def test_parallel_imports_of_one_case_never_500_nor_duplicate(
    real_case, web, celery_worker_factory, live_broker
):
    """Twelve uploads of one report at once: every upload is accepted as a job (no 500); two
    real workers then run the twelve jobs, one import of the case at a time (the others wait
    and are retried), and the entries exist once."""
    import datetime as dt

    from docket.ingest.tasks import run_import_job
    from docket.models import ImportJob
    from tests.live import wait_until

    entries = [
        SyntheticEntry(
            dt.date(2025, 9, 1) + dt.timedelta(days=n % 60), f"NOTICE number {n}", 400 + n
        )
        for n in range(120)
    ]
    html = docket_report_html(
        court_id="dcd",
        docket_number="1:25-cv-00457-CKK",
        case_name="Center for Taxpayer Rights et al v. Internal Revenue Service et al",
        entries=entries,
    ).encode()
    browsers = [Browser(web.url).sign_in("paralegal", PASSWORD) for _ in range(12)]
    path = f"/cases/{real_case.slug}/import/pacer/"
    tokens = [b.csrf(path) for b in browsers]

    def upload(i):
        data = {"csrfmiddlewaretoken": tokens[i]}
        status, text, _ = browsers[i].request(path, data, files={"file": ("report.html", html)})
        return status, text

    results = parallel(12, upload)
    statuses = [r[0] for r in results]
    assert statuses == [302] * 12, statuses  # each sent on to its job's page
    jobs = ImportJob.objects.filter(case=real_case)
    assert jobs.count() == 12
    for _ in range(2):
        celery_worker_factory()
    for pk in jobs.values_list("pk", flat=True):  # the web's broker is not this test's
        run_import_job.delay(pk)
    wait_until(
        lambda: not jobs.filter(status__in=ImportJob.ACTIVE).exists(),
        timeout=600,
        message="all twelve imports",
    )
    summaries = sorted(jobs.values_list("status", "summary"))
    assert summaries == sorted(
        [("done", "added 120, updated 0, unchanged 0")]
        + [("done", "added 0, updated 0, unchanged 120")] * 11
    )
    numbers = list(
        DocketEntry.objects.filter(case=real_case, number__gte=400).values_list("number", flat=True)
    )
    assert sorted(numbers) == list(range(400, 520))
