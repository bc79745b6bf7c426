"""Issue 14 §1: a court of appeals docket report uploaded on the import page runs as an import job
like a district report (it was imported inside the request): queued, parsed by the worker, the
appeal's case found or made in one short transaction, the entries written in batches; all or
nothing for the result — a failure after committed batches leaves neither entries nor the
appeal's case, link or court it made, and the job (back on the district case) says why."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from casetracker.models import Case, Court, RelatedCase
from docket.ingest import batches
from docket.ingest.importers.synthetic import SyntheticAppellateEntry, appellate_docket_html
from docket.ingest.tasks import run_import_job
from docket.models import DocketEntry, ImportJob
from tests.docket.ingest.test_appeal import appeal_html
from tests.docket.ingest.test_import_batches import snapshot

pytestmark = pytest.mark.django_db


def numbered_appeal(count, *, duplicate_at=None, docket_number="26-5006", origin="1:25-cv-00457"):
    """An appeal's report of `count` numbered entries; with `duplicate_at`, that row repeats
    ECF No. 1 (the write path refuses it when its batch comes)."""
    entries = [
        SyntheticAppellateEntry(
            dt.date(2026, 1, 9) + dt.timedelta(days=i // 4),
            f"Entry {i + 1} of the appeal.",
            number=1 if i == duplicate_at else i + 1,
        )
        for i in range(count)
    ]
    return appellate_docket_html(
        docket_number=docket_number,
        case_name="Center for Taxpayer Rights, et al v. IRS, et al",
        docketed=dt.date(2026, 1, 9),
        origin_docket_number=origin,
        trial_judge="Colleen Kollar-Kotelly",
        origin_filed=dt.date(2025, 2, 17),
        judgment_date=dt.date(2025, 11, 21),
        noa_date=dt.date(2026, 1, 8),
        parties=[("Internal Revenue Service", "Appellant")],
        entries=entries,
    )


def world(case):
    return {
        "district": snapshot(case),
        "cases": sorted(Case.objects.values_list("pk", "docket_number")),
        "links": sorted(RelatedCase.objects.values_list("pk", "case_id", "tracked_case_id")),
        "courts": sorted(Court.objects.values_list("pk", "cmecf_code")),
        "entries": DocketEntry.objects.count(),
    }


def upload(web, case, html, name="cadc.html"):
    return web.post(
        reverse("import_pacer", args=[case.slug]),
        {"file": SimpleUploadedFile(name, html.encode(), "text/html")},
    )


def test_an_appeal_uploaded_on_the_district_page_is_queued_then_imported_into_the_appeal(
    real_case, users, client_for
):
    web = client_for(users["paralegal"])
    response = upload(web, real_case, appeal_html())
    job = ImportJob.objects.get(origin="cadc.html")
    assert response.status_code == 302
    assert response["Location"] == reverse("import_job", args=[real_case.slug, job.pk])
    link = RelatedCase.objects.get(case=real_case)
    assert (job.status, job.case, link.tracked_case) == ("queued", real_case, None)  # not yet
    assert run_import_job(job.pk) == "done"
    assert run_import_job(job.pk) == "skipped"
    link.refresh_from_db()
    appeal = link.tracked_case
    job.refresh_from_db()
    assert job.case == appeal and appeal.docket_number == "26-5006"
    assert appeal.entries.count() == 2
    assert appeal.entries.first().history.first().history_user == users["paralegal"]
    # The page it was uploaded on still shows it (and the appeal's own page does too).
    status = web.get(reverse("import_job_status", args=[real_case.slug, job.pk])).json()
    assert (status["done"], status["ready"], status["detail"]) == (
        True,
        True,
        "added 2, updated 0, unchanged 0",
    )
    page = web.get(reverse("import_job", args=[real_case.slug, job.pk])).content.decode()
    assert "added 2, updated 0, unchanged 0" in page and "the appeal of" in page
    assert reverse("docket_list", args=[appeal.slug]) in page
    assert web.get(job.get_absolute_url()).status_code == 200
    listing = web.get(reverse("import_pacer", args=[real_case.slug])).content.decode()
    assert "cadc.html" in listing
    client = client_for(users["client"])
    assert client.get(reverse("import_job", args=[real_case.slug, job.pk])).status_code == 403
    outsider = client_for(users["outsider"])
    assert outsider.get(reverse("import_job", args=[real_case.slug, job.pk])).status_code == 404


@pytest.mark.parametrize("door", ["page", "command"])
def test_a_failure_after_committed_batches_leaves_no_trace_of_the_appeal(
    real_case, users, client_for, monkeypatch, tmp_path, door
):
    """Batches of 4: entries 1-8 commit, the third batch holds a second ECF No. 1 and is
    refused. No entry, no appeal's case, the link untouched; the job is failed, audited."""
    before = world(real_case)
    monkeypatch.setattr(batches, "BATCH_SIZE", 4)
    html = numbered_appeal(12, duplicate_at=9)
    if door == "page":
        web = client_for(users["paralegal"])
        upload(web, real_case, html)
        job = ImportJob.objects.get(origin="cadc.html")
        assert run_import_job(job.pk) == "failed"
        status = web.get(reverse("import_job_status", args=[real_case.slug, job.pk])).json()
        assert "ECF No. 1" in status["error"] and not status["ready"]
    else:
        path = tmp_path / "cadc.html"
        path.write_text(html)
        with pytest.raises(CommandError, match="Nothing was saved. .*ECF No. 1"):
            call_command("import_pacer", str(path), "--user", "paralegal", stdout=io.StringIO())
        job = ImportJob.objects.get(source="pacer", status="failed")
    job.refresh_from_db()
    assert (job.status, job.case, job.undo) == ("failed", real_case, {})  # back home
    assert job.history.first().status == "failed"
    assert world(real_case) == before
    assert not Case.objects.filter(docket_number="26-5006").exists()


def test_an_appeal_of_an_unknown_case_that_fails_leaves_no_case_or_court(db, tmp_path, monkeypatch):
    before = (Case.objects.count(), Court.objects.count(), DocketEntry.objects.count())
    monkeypatch.setattr(batches, "BATCH_SIZE", 3)
    path = tmp_path / "cadc.html"
    path.write_text(numbered_appeal(8, duplicate_at=5, docket_number="26-7777", origin=""))
    with pytest.raises(CommandError, match="Nothing was saved."):
        call_command("import_pacer", str(path), stdout=io.StringIO())
    assert (Case.objects.count(), Court.objects.count(), DocketEntry.objects.count()) == before


def test_a_good_appeal_still_ends_with_the_summary_line(real_case, tmp_path, monkeypatch):
    monkeypatch.setattr(batches, "BATCH_SIZE", 4)
    path = tmp_path / "cadc.html"
    path.write_text(numbered_appeal(10))
    out = io.StringIO()
    call_command("import_pacer", str(path), stdout=out)
    assert out.getvalue().splitlines()[-1] == "added 10, updated 0, unchanged 0"
    appeal = RelatedCase.objects.get(case=real_case).tracked_case
    job = ImportJob.objects.get(case=appeal)
    assert (job.status, job.written, job.total) == ("done", 10, 10)


def test_an_appeal_of_another_case_fails_on_its_page_and_makes_nothing(
    real_case, users, client_for
):
    from tests.docket.ingest.test_appeal import REAL_CADC

    before = world(real_case)
    web = client_for(users["paralegal"])
    upload(web, real_case, REAL_CADC.read_text(encoding="utf-8"))
    job = ImportJob.objects.get(origin="cadc.html")
    assert run_import_job(job.pk) == "failed"
    status = web.get(reverse("import_job_status", args=[real_case.slug, job.pk])).json()
    assert (
        "which is not an appeal of" in status["error"]
        and "Nothing was imported" in (status["error"])
    )
    assert world(real_case) == before
