"""Starting an import from the import page, and running it in a Celery worker.

The page only checks that the file looks like what it claims to be (a docket report's heading,
an e-mail's NEF lines), stores it on a queued `ImportJob` and queues `run_import_job` after the
commit; the worker parses it (juriscraper) and writes it in batches (docket.ingest.batches),
moving the job's progress; the job's page shows it and, at the end, the summary line and the
review of what changed. A broker that is down leaves the job queued; the stale-jobs sweep
sends it again."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casetracker.audit import attribute_to
from casetracker.jobs import enqueue_on_commit
from docket.ingest import apply, batches
from docket.ingest.importers import ImportFailed
from docket.models import DocketEntry, ImportJob

log = logging.getLogger(__name__)
Source = DocketEntry.Source
RUN_TASK = "docket.ingest.tasks.run_import_job"  # by name: tasks.py imports this module
BUSY = "busy"  # another import of the case is running: try again shortly
PARSED = 10  # progress once the file is parsed; the batches move it from there to 95


def queue_import(*, case, source, payload, by, origin=""):
    """Check the file, keep it on a queued job and queue the job. Returns (job, Enqueued);
    raises ValidationError for a file that is not what it should be (nothing is saved)."""
    try:
        _sniff(source, payload)
    except ImportFailed as exc:
        raise ValidationError(str(exc)) from None
    with transaction.atomic():
        job = attribute_to(
            ImportJob(
                case=case,
                source=source,
                requested_by=by,
                origin=origin[:300],
                payload=payload,
            ),
            by,
        )
        job.save()
        enqueued = enqueue_on_commit(RUN_TASK, job.pk)
    return job, enqueued


def _sniff(source, payload):
    if source == Source.PACER:
        from docket.ingest.importers.pacer import sniff_docket_report

        sniff_docket_report(payload)
    elif source == Source.NEF:
        from docket.ingest.importers.nef import sniff_nef

        sniff_nef(payload)


def parse(job):
    """The job's file, parsed (no database writes)."""
    case = job.case
    payload = bytes(job.payload)
    if job.source == Source.NEF:
        from docket.ingest.importers.nef import parse_nef

        return parse_nef(payload, docket_number=case.docket_number, court_id=case.court.cmecf_code)
    from docket.ingest.importers.appellate import is_appellate_report
    from docket.ingest.importers.pacer import parse_docket_report

    if is_appellate_report(payload):
        raise ImportFailed(
            "This is a court of appeals docket; import it with `manage.py import_pacer` (it "
            "finds or makes the appeal's case)."
        )
    return parse_docket_report(payload, court_id=case.court.cmecf_code)


def run_now(job):
    """Parse, then write in batches; the job ends done or failed (never raises for a bad file
    or a refused row: the job says why). Returns the job's final status."""

    def progress(percent):
        ImportJob.objects.filter(pk=job.pk).update(progress=percent)

    progress(2)
    try:
        report = parse(job)
    except ImportFailed as exc:
        batches.fail(job, str(exc), by=job.requested_by)
        return ImportJob.Status.FAILED
    progress(PARSED)
    try:
        batches.run(
            job,
            report,
            rules=apply,
            by=job.requested_by,
            progress=progress,
            requeue_if_busy=True,
        )
    except batches.ImportBusy:
        return BUSY
    except Exception:  # the job holds the reason, and nothing of the import was kept
        log.exception("Import job %s failed", job.pk)
        return ImportJob.Status.FAILED
    return ImportJob.Status.DONE


def jobs_for(case, limit=10):
    return list(ImportJob.objects.filter(case=case).select_related("requested_by", "run")[:limit])


def status(job, *, url):
    """What the job page's script polls (the shape filings.js reads)."""
    done = job.status not in ImportJob.ACTIVE
    detail = job.summary if job.status == ImportJob.Status.DONE else ""
    if job.status == ImportJob.Status.RUNNING and job.total:
        detail = f"{job.written:,} of {job.total:,} entries written"
    return {
        "status": job.status,
        "label": job.get_status_display(),
        "progress": 100 if done else job.progress,
        "done": done,
        "ready": job.status == ImportJob.Status.DONE,
        "error": job.error,
        "page_count": None,
        "detail": detail,
        "pdf_url": url if job.status == ImportJob.Status.DONE else "",
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
        "now": timezone.now().isoformat(),
    }


def requeue_stale(now=None):
    """Queued jobs older than a minute are sent again; running ones whose heartbeat stopped are
    taken back. Returns {"imports": ids sent, "imports_taken_back": ids failed}."""
    from datetime import timedelta

    from casetracker.celery import app

    now = now or timezone.now()
    import_ids = list(
        ImportJob.objects.filter(
            status=ImportJob.Status.QUEUED, created_at__lt=now - timedelta(minutes=1)
        ).values_list("pk", flat=True)
    )
    for pk in import_ids:
        app.send_task(RUN_TASK, args=(pk,))
    return {"imports": import_ids, "imports_taken_back": batches.sweep_stale(now)}
