"""Celery tasks for papers: render a filing to PDF, prepare an export (docket or privilege log,
CSV or PDF).

Both take an id, are idempotent and safe to retry (acks_late: a worker that dies mid-render
leaves the message to be redelivered, and the row in `rendering` is picked up again). The row is
the source of truth: each task claims it, renders outside any transaction, then stores the result
only if nobody changed the row meanwhile (an edited draft discards a stale PDF)."""

import hashlib
import itertools
import logging
import tempfile
from datetime import timedelta

from celery import shared_task
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from casetracker import courttime
from casetracker.jobs import Heartbeat
from docket.models import DocketExport, Filing
from docket.papers.exports import (
    ENTRIES_PER_PAGE,
    LOG_COLUMNS,
    LOG_ROWS_PER_PAGE,
    docket_csv_rows,
    docket_sheet_context,
    export_entries,
    privilege_log_csv_rows,
    privilege_log_rows,
    write_csv,
)
from docket.papers.pdf.context import filing_context
from docket.papers.pdf.parts import FIRST_PART_SIZE, PART_SIZE, render_in_parts
from docket.papers.pdf.render import render, render_docket_sheet_html, render_filing_html
from docket.record.selectors import privilege_log

log = logging.getLogger(__name__)

FAILED_FILING = (
    "The PDF could not be rendered ({detail}). Check the text and press Render again; "
    "if it fails again, ask the operator to run `manage.py render_filing {pk}` and read the error."
)


def _claim_filing(filing_id):
    with transaction.atomic():
        filing = (
            Filing.objects.select_for_update(of=("self",))
            .select_related("case__court", "signing_attorney")
            .filter(pk=filing_id)
            .first()
        )
        if filing is None or filing.status not in (Filing.Status.QUEUED, Filing.Status.RENDERING):
            return None  # deleted, edited back to draft, already rendered or filed: nothing to do
        filing.status = Filing.Status.RENDERING
        filing.error = ""
        filing.heartbeat_at = timezone.now()
        filing.save(update_fields=["status", "error", "updated_at", "heartbeat_at"])
    return filing


def render_filing_now(filing, *, now=None):
    """Render one claimed filing and store the PDF; the body of the task (and of the
    `render_filing` management command). Returns the final status."""
    try:
        if filing.signing_attorney is None:
            raise ValueError("no signing attorney")
        html = render_filing_html(
            filing_context(filing, today=courttime.court_today(filing.case, now or timezone.now()))
        )
        result = render(html, title=filing.title, author=filing.signing_attorney.name)
    except Exception as exc:
        log.exception("Rendering filing %s failed", filing.pk)
        detail = f"{type(exc).__name__}: {exc}"[:300]
        with transaction.atomic():
            current = Filing.objects.select_for_update().filter(pk=filing.pk).first()
            if current is None:
                return None
            if current.status == Filing.Status.RENDERING:
                current.status = Filing.Status.FAILED
                current.error = FAILED_FILING.format(detail=detail, pk=filing.pk)
                current.save(update_fields=["status", "error", "updated_at"])
            return current.status
    digest = hashlib.sha256(result.data).hexdigest()
    with transaction.atomic():
        current = Filing.objects.select_for_update().filter(pk=filing.pk).first()
        if current is None or current.status != Filing.Status.RENDERING:
            # deleted, edited, or rendered by a duplicate delivery: keep what is there
            return current.status if current else None
        if current.pdf:
            current.pdf.delete(save=False)
        current.pdf.save(f"{digest[:2]}/{digest}.pdf", ContentFile(result.data), save=False)
        current.pdf_sha256 = digest
        current.page_count = result.page_count
        current.rendered_at = now or timezone.now()
        current.status = Filing.Status.RENDERED
        current.error = ""
        current.save()
    return current.status


RENDERING_LEASE = timedelta(seconds=30)  # no sign of life for this long: the worker is dead


@shared_task(acks_late=True, name="docket.tasks.render_filing")
def render_filing(filing_id):
    """queued → rendering → rendered (or failed, with a message a paralegal can act on)."""
    filing = _claim_filing(filing_id)
    if filing is None:
        return "skipped"
    with Heartbeat(Filing, filing.pk):
        return render_filing_now(filing)


class _Progress:
    """Writes an export's progress, at most once per whole percent."""

    def __init__(self, export_id):
        self.export_id, self.last = export_id, -1

    def __call__(self, percent):
        percent = max(0, min(100, int(percent)))
        if percent != self.last:
            DocketExport.objects.filter(pk=self.export_id).update(progress=percent)
            self.last = percent


def _claim_export(export_id):
    with transaction.atomic():
        export = (
            DocketExport.objects.select_for_update(of=("self",))
            .select_related("case__court", "requested_by")
            .filter(pk=export_id)
            .first()
        )
        if export is None or export.status not in (
            DocketExport.Status.QUEUED,
            DocketExport.Status.RENDERING,
        ):
            return None
        export.status = DocketExport.Status.RENDERING
        export.progress, export.error = 1, ""
        export.heartbeat_at = timezone.now()
        export.save(update_fields=["status", "progress", "error", "heartbeat_at"])
    return export


def _parts(queryset, total, size):
    """(first?, last?, rows) of `queryset` in slices: FIRST_PART_SIZE rows, then `size` at a
    time (at least one slice, maybe empty), each read only when its part is rendered."""
    first = min(size, FIRST_PART_SIZE)
    bounds = [0, *range(first, max(total, 1), size), max(total, 1)] if total > first else [0, total]
    for index, (start, stop) in enumerate(itertools.pairwise(bounds)):
        yield index == 0, stop >= total, list(queryset[start:stop])


def _docket_sheet_parts(export, total, generated_at):
    context = docket_sheet_context(
        export.case,
        [],
        generated_at=generated_at,
        visibilities=export.visibilities.split(","),
        requested_by=export.requested_by.get_full_name() or export.requested_by.username,
    )
    for first, last, entries in _parts(export_entries(export), total, PART_SIZE):
        context.update(entries=entries, first_part=first, last_part=last)
        yield render_docket_sheet_html(context), len(entries)


def _privilege_log_parts(export, total, generated_at):
    context = {
        "case": export.case,
        "columns": LOG_COLUMNS,
        "generated": generated_at,
        "total": total,
    }
    for first, last, documents in _parts(privilege_log(export.case), total, PART_SIZE):
        rows = list(privilege_log_rows(documents))
        context.update(rows=rows, first_part=first, last_part=last)
        yield render_to_string("docket/pdf/privilege_log.html", context), len(rows)


def _rows_to_export(export):
    """(row count, queryset, CSV rows maker) of what the export holds."""
    if export.kind in DocketExport.PRIVILEGE_KINDS:
        documents = privilege_log(export.case)
        return documents.count(), documents, privilege_log_csv_rows
    entries = export_entries(export)
    return entries.count(), entries, docket_csv_rows


def _write_csv_export(queryset, total, make_rows, progress):
    """Stream the rows into a temporary file (flat memory at any size); returns the file."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the caller

    def counted(rows):
        for n, row in enumerate(rows):
            if n % 1000 == 0:
                progress(3 + 92 * n / max(1, total))
            yield row

    write_csv(counted(make_rows(queryset)), handle)
    handle.seek(0)
    return handle


def _render_pdf_export(export, total, progress):
    generated_at = timezone.now()
    if export.kind in DocketExport.PRIVILEGE_KINDS:
        parts = _privilege_log_parts(export, total, generated_at)
        title, per_page = f"Privilege log — {export.case.short_name}", LOG_ROWS_PER_PAGE
    else:
        parts = _docket_sheet_parts(export, total, generated_at)
        title, per_page = f"Docket sheet, {export.case.docket_number}", ENTRIES_PER_PAGE
    return render_in_parts(
        parts,
        total_rows=total,
        rows_per_page=per_page,
        title=title,
        author="Case tracker",
        on_progress=lambda fraction: progress(3 + 92 * fraction),
    )


@shared_task(acks_late=True, name="docket.tasks.prepare_export")
def prepare_export(export_id):
    """Prepare one export (docket.papers.exports): CSVs row by row into a temporary file, PDFs in
    parts of PART_SIZE rows. Progress: 1 claimed, 2 counted, 3–95 rows written or pages laid
    out, 100 stored."""
    export = _claim_export(export_id)
    if export is None:
        return "skipped"
    with Heartbeat(DocketExport, export.pk):
        return _export_now(export)


def _export_now(export):
    progress = _Progress(export.pk)
    handle = result = None
    try:
        total, queryset, make_rows = _rows_to_export(export)
        DocketExport.objects.filter(pk=export.pk).update(entry_count=total)
        progress(2)
        if export.is_csv:
            handle = _write_csv_export(queryset, total, make_rows, progress)
        else:
            result = _render_pdf_export(export, total, progress)
        progress(95)
    except Exception as exc:
        log.exception("Export %s failed", export.pk)
        if handle is not None:
            handle.close()
        DocketExport.objects.filter(pk=export.pk).update(
            status=DocketExport.Status.FAILED,
            error=f"The {export.get_kind_display()} could not be prepared "
            f"({type(exc).__name__}). Try again; if it fails again, tell the operator.",
            finished_at=timezone.now(),
        )
        return "failed"
    try:
        with transaction.atomic():
            current = DocketExport.objects.select_for_update().get(pk=export.pk)
            if current.status != DocketExport.Status.RENDERING:
                return current.status
            if current.pdf:
                current.pdf.delete(save=False)
            ext = "csv" if export.is_csv else "pdf"
            content = File(handle) if result is None else ContentFile(result.data)
            current.pdf.save(f"{export.kind}-{current.pk}.{ext}", content, save=False)
            current.page_count = None if result is None else result.page_count
            current.status = DocketExport.Status.READY
            current.progress = 100
            current.finished_at = timezone.now()
            current.save()
    finally:
        if handle is not None:
            handle.close()
    return current.status


# --------------------------------------------------------------------------- stale jobs

QUEUED_GRACE = timedelta(minutes=1)


def stale_jobs(now=None):
    """Filings and docket exports whose task was lost: queued while Redis was down (the page
    said so and left them queued), or claimed by a worker that died mid-render. Returns
    (filing ids, export ids)."""
    now = now or timezone.now()
    quiet = now - RENDERING_LEASE
    filings = Filing.objects.filter(
        Q(status=Filing.Status.QUEUED, updated_at__lt=now - QUEUED_GRACE)
        | Q(status=Filing.Status.RENDERING, heartbeat_at__lt=quiet)
        | Q(status=Filing.Status.RENDERING, heartbeat_at__isnull=True, updated_at__lt=quiet)
    )
    exports = DocketExport.objects.filter(
        Q(status=DocketExport.Status.QUEUED, created_at__lt=now - QUEUED_GRACE)
        | Q(status=DocketExport.Status.RENDERING, heartbeat_at__lt=quiet)
        | Q(status=DocketExport.Status.RENDERING, heartbeat_at__isnull=True, created_at__lt=quiet)
    )
    return list(filings.values_list("pk", flat=True)), list(exports.values_list("pk", flat=True))


@shared_task(name="docket.tasks.requeue_stale_jobs")
def requeue_stale_jobs():
    """Beat, every minute: send lost render/export jobs again. Safe to repeat: the tasks claim
    their row and do nothing for one that is no longer queued or rendering."""
    filing_ids, export_ids = stale_jobs()
    for pk in filing_ids:
        render_filing.delay(pk)
    for pk in export_ids:
        prepare_export.delay(pk)
    return {"filings": filing_ids, "exports": export_ids}
