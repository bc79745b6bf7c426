"""Starting an import from an upload page, and running it in a Celery worker.

The page only checks that the file looks like what it claims to be (a docket report's heading,
an e-mail's NEF lines, a certified index's UTF-8 text), stores it on a queued `ImportJob` and
queues `run_import_job` after the commit; the worker parses it (juriscraper, or the index's CSV)
and writes it in batches (docket.ingest.batches, docket.ingest.record_index), moving the job's
progress; the job's page shows it and, at the end, the summary line and the
review of what changed. A broker that is down leaves the job queued; the stale-jobs sweep
sends it again."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casetracker.audit import attribute_to
from casetracker.jobs import enqueue_on_commit
from docket.ingest import apply, batches, imports, record_index
from docket.ingest.importers import ImportFailed
from docket.models import DocketEntry, ImportJob, ImportRun

log = logging.getLogger(__name__)
Source = DocketEntry.Source
RUN_TASK = "docket.ingest.tasks.run_import_job"  # by name: tasks.py imports this module
BUSY = "busy"  # another import of the case is running: try again shortly
RECORD = ImportRun.RECORD_INDEX
PARSED = 10  # progress once the file is parsed; the batches move it from there to 95


def queue_import(*, case, source, payload, by, origin="", params=None):
    """Check the file, keep it on a queued job and queue the job. Returns (job, Enqueued);
    raises ValidationError for a file that is not what it should be (nothing is saved).
    `source`: pacer (a district court's or a court of appeals' docket report), nef, or record
    (a certified index of the administrative record, with its `params`: volume...)."""
    try:
        _sniff(source, payload)
    except ImportFailed as exc:
        raise ValidationError(str(exc)) from None
    if source == RECORD:
        record_index.check_volume(case, params or {})
    with transaction.atomic():
        job = attribute_to(
            ImportJob(
                case=case,
                source=source,
                requested_by=by,
                origin=origin[:300],
                payload=payload,
                params=params or {},
            ),
            by,
        )
        job.save()
        enqueued = enqueue_on_commit(RUN_TASK, job.pk)
    return job, enqueued


def _sniff(source, payload):
    if source == Source.PACER:
        from docket.ingest.importers.appellate import is_appellate_report
        from docket.ingest.importers.pacer import sniff_docket_report

        if not is_appellate_report(payload):  # a court of appeals' "General Docket" is one too
            sniff_docket_report(payload)
    elif source == Source.NEF:
        from docket.ingest.importers.nef import sniff_nef

        sniff_nef(payload)
    elif source == RECORD:
        from docket.record.index_import import sniff_index

        sniff_index(payload)  # RecordIndexError is a ValidationError


def parse(job):
    """The job's file, parsed (no database writes)."""
    case = job.case
    payload = bytes(job.payload)
    if job.source == Source.NEF:
        from docket.ingest.importers.nef import parse_nef

        return parse_nef(payload, docket_number=case.docket_number, court_id=case.court.cmecf_code)
    from docket.ingest.importers.pacer import parse_docket_report

    return parse_docket_report(payload, court_id=case.court.cmecf_code)


def run_now(job):
    """Parse, then write in batches; the job ends done or failed (never raises for a bad file
    or a refused row: the job says why). Returns the job's final status. A certified record
    index runs in docket.ingest.record_index; a court of appeals report first finds (or makes)
    the appeal's case (docket.ingest.imports.import_appellate_report)."""
    from docket.ingest.importers.appellate import is_appellate_report

    if job.source == RECORD:
        return record_index.run_job(job)

    def progress(percent):
        ImportJob.objects.filter(pk=job.pk).update(progress=percent)

    progress(2)
    if job.source == Source.PACER and is_appellate_report(bytes(job.payload)):
        return _run_appellate(job, progress)
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


def _run_appellate(job, progress):
    try:
        imports.import_appellate_report(
            html=bytes(job.payload),
            by=job.requested_by,
            case=job.case,
            job=job,
            progress=progress,
            requeue_if_busy=True,
        )
    except batches.ImportBusy:
        return BUSY
    except ValidationError as exc:
        if job.status != ImportJob.Status.FAILED:  # refused before its batches began
            batches.fail(job, " ".join(exc.messages), by=job.requested_by)
        return ImportJob.Status.FAILED
    except Exception:  # the job holds the reason, and nothing of the import was kept
        log.exception("Import job %s failed", job.pk)
        return ImportJob.Status.FAILED
    return ImportJob.Status.DONE


def jobs_of(case):
    """The case's import jobs, with those of its appeals (a court of appeals report uploaded on
    the district case's page moves to the appeal's case when it runs)."""
    return ImportJob.objects.filter(Q(case=case) | Q(case__lower_court_link__case=case))


def jobs_for(case, limit=10):
    return list(jobs_of(case).select_related("requested_by", "run")[:limit])


def status(job, *, url):
    """What the job page's script polls (the shape filings.js reads)."""
    done = job.status not in ImportJob.ACTIVE
    detail = job.summary if job.status == ImportJob.Status.DONE else ""
    if job.status == ImportJob.Status.RUNNING and job.total:
        detail = f"{job.written:,} of {job.total:,} {job.rows_word} written"
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
