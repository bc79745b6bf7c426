"""A certified index of the administrative record, imported as a job like a docket report.

1. parse and check every line first (docket.record.index_import: all errors at once, no
   database work);
2. claim the job (one import per case at a time, docket.ingest.batches.start);
3. the production the index certifies (`volume`), one transaction — recorded, not yet
   announced;
4. the documents, BATCH_SIZE at a time, each batch its own short transaction through the
   record's batch write path (docket.record.services.write_record_documents: bulk rows, bulk
   audit rows, search rows), with what it wrote recorded on the job (`undo`);
5. one transaction: the review record, the index file kept on its production, the production
   announced (its deadline met) and the job done.

A failure at any step (a bad line, a volume not recorded, a row the database refuses, a worker
killed) takes back what the committed steps wrote (docket.ingest.batches.fail →
docket.ingest.takeback.record_index): nothing of the file stays, and the job says why. The
upload page queues the job (docket.ingest.jobs.queue_import); `manage.py import_record_index`
runs it in the process and keeps its synchronous form and last line."""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casetracker.audit import attribute_to
from casetracker.locks import LOCK_WAIT_SECONDS, busy_as_validation_error
from docket.ingest import batches
from docket.ingest import review as import_review
from docket.models import ImportJob, ImportRun, RecordProduction
from docket.record import services as record_services
from docket.record.index_import import (
    ImportReport,
    IndexRow,
    RecordIndexError,
    check_productions,
    parse_index,
    plan_index,
)

log = logging.getLogger(__name__)
RECORD = ImportRun.RECORD_INDEX
BATCH_SIZE = batches.BATCH_SIZE
REASON = "import: record index"
MAX_ERROR_LINES = 100


def import_record_index(
    *,
    case,
    data,
    user=None,
    volume=None,
    produced_on=None,
    certification=None,
    file_name="index.csv",
) -> ImportReport:
    """Import a certified index now, in this process (the command line), in batches; with
    `volume`, record that production too and keep the index file as filed on it. All or
    nothing; raises ValidationError (RecordIndexError listing every bad line). A file with bad
    lines leaves nothing at all, not even a job."""
    params = job_params(volume=volume, produced_on=produced_on, certification=certification)
    rows = parse_index(data)
    check_volume(case, params)
    job = attribute_to(
        ImportJob(
            case=case,
            source=RECORD,
            requested_by=user,
            origin=(file_name or "index.csv")[:300],
            params=params,
        ),
        user,
    )
    job.save()
    return run(job, rows, data=data, by=user)


def job_params(*, volume=None, produced_on=None, certification=None):
    """The options of an index import, as the job keeps them (JSON)."""
    params = {}
    if volume:
        params["volume"] = volume.strip()
    if produced_on is not None:
        params["produced_on"] = produced_on.isoformat()
    if certification is not None:
        params["certification"] = certification
    return params


def check_volume(case, params):
    """A volume not recorded yet needs the date it was produced."""
    volume = params.get("volume")
    if volume and not params.get("produced_on"):
        if not RecordProduction.objects.filter(case=case, volume=volume).exists():
            raise ValidationError(
                f"Volume {volume} is not recorded yet: give the date it was produced "
                "(--produced-on YYYY-MM-DD)."
            )


def run_job(job):
    """The worker's body: parse, then write in batches. The job ends done or failed (with the
    reason); returns its status, or batches' BUSY marker when another import of the case is
    running (the job is queued again)."""
    ImportJob.objects.filter(pk=job.pk).update(progress=2)
    try:
        rows = parse_index(bytes(job.payload))
        check_volume(job.case, job.params)
    except ValidationError as exc:
        batches.fail(job, failure_message(exc), by=job.requested_by)
        return ImportJob.Status.FAILED
    ImportJob.objects.filter(pk=job.pk).update(progress=10)
    try:
        run(job, rows, data=bytes(job.payload), by=job.requested_by, requeue_if_busy=True)
    except batches.ImportBusy:
        return "busy"
    except Exception:  # the job holds the reason, and nothing of the import was kept
        log.exception("Record index job %s failed", job.pk)
        return ImportJob.Status.FAILED
    return ImportJob.Status.DONE


def run(job, rows, *, data, by=None, wait=LOCK_WAIT_SECONDS, requeue_if_busy=False):
    """Write parsed `rows` for the job's case in batches. Returns the ImportReport; on any
    failure takes back what was written, marks the job failed and raises."""
    try:
        batches.start(job, wait=wait, requeue_if_busy=requeue_if_busy)
        report = _apply(job, rows, data=data, by=by)
    except batches.ImportBusy:
        raise
    except BaseException as exc:
        batches.fail(job, failure_message(exc), by=by)
        raise
    return report


def failure_message(exc):
    """What the job page (and the command line) says about a failed index import."""
    if isinstance(exc, RecordIndexError):
        lines = exc.messages
        head = (
            f"The index has {len(lines)} error{'s' if len(lines) != 1 else ''}; nothing was "
            "imported. Correct the file and upload it again:"
        )
        shown = lines[:MAX_ERROR_LINES]
        more = [f"… and {len(lines) - len(shown)} more"] if len(lines) > len(shown) else []
        return "\n".join([head, *shown, *more])
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages) + " Nothing was imported."
    return batches._reason(exc)


def _apply(job, rows: list[IndexRow], *, data, by) -> ImportReport:
    case = job.case
    report = ImportReport(rows=len(rows))
    job.undo = {"record": {"created": [], "updated": {}, "production": None}}
    production = _production(job, case, by=by)
    productions = check_productions(case, rows, production)
    plan = plan_index(case, rows, productions, production, report)
    job.total = len(plan.writes)
    ImportJob.objects.filter(pk=job.pk).update(total=job.total)
    undo = job.undo["record"]
    for start in range(0, len(plan.writes), BATCH_SIZE):
        batch = plan.writes[start : start + BATCH_SIZE]
        with busy_as_validation_error(), transaction.atomic():
            create = [document for document, new in batch if new]
            update = [document for document, new in batch if not new]
            record_services.write_record_documents(
                case=case,
                create=create,
                update=update,
                fields=plan.updated_fields,
                user=by,
                reason=REASON,
            )
            undo["created"] += [document.pk for document in create]
            for document in update:
                undo["updated"][str(document.pk)] = batches._jsonable(plan.before[document.pk])
            batches._beat(job, start + len(batch), len(plan.writes))
    report.created, report.updated = plan.created, plan.updated
    _finish(job, case, report, plan, production, data=data, by=by)
    return report


def _production(job, case, *, by):
    """Step 3: the production the index certifies (`volume`), recorded (not announced yet) in
    one transaction with what it changed on the job's `undo`; None without a volume."""
    params = job.params or {}
    volume = params.get("volume")
    if not volume:
        return None
    with busy_as_validation_error(), transaction.atomic():
        existing = RecordProduction.objects.filter(case=case, volume=volume).first()
        produced_on = params.get("produced_on")
        certification = params.get("certification")
        before = {}
        if existing is not None:
            before = {
                "produced_on": existing.produced_on.isoformat() if existing.produced_on else None,
                "certification": existing.certification,
            }
        production = record_services.record_production(
            case=case,
            volume=volume,
            produced_on=date.fromisoformat(produced_on)
            if produced_on
            else (existing.produced_on if existing else None),
            certification=certification
            if certification is not None
            else (existing.certification if existing else ""),
            user=by,
            announce=False,
        )
        after = {
            "produced_on": production.produced_on.isoformat() if production.produced_on else None,
            "certification": production.certification,
        }
        if existing is None or after != before:
            job.undo["record"]["production"] = {
                "pk": production.pk,
                "created": existing is None,
                "before": before,
            }
        batches._beat(job, 0, 1)
    return production


def _finish(job, case, report, plan, production, *, data, by):
    """Step 5, one transaction: the review record, the index file on its production, the
    production announced, and the job done (its file and `undo` cleared)."""
    with busy_as_validation_error(), transaction.atomic():
        report.run = import_review.record_index_run(
            case=case,
            by=by,
            report=report,
            changes=[import_review.record_row(*change) for change in plan.changes],
        )
        if production is not None:
            record_services.keep_certified_index(
                production=production, data=data, file_name=job.origin or "index.csv", user=by
            )
            if job.undo["record"]["production"]:
                record_services.announce_production(case=case, user=by)
        job.status = ImportJob.Status.DONE
        job.progress = 100
        job.summary = str(report)[:200]
        job.notes = []
        job.run = report.run
        job.payload = b""
        job.undo = {}
        job.finished_at = timezone.now()
        attribute_to(job, by).save()
