"""Celery tasks for papers: render a filing to PDF, render the docket sheet to PDF.

Both take an id, are idempotent and safe to retry (acks_late: a worker that dies mid-render
leaves the message to be redelivered, and the row in `rendering` is picked up again). The row is
the source of truth: each task claims it, renders outside any transaction, then stores the result
only if nobody changed the row meanwhile (an edited draft discards a stale PDF)."""

import hashlib
import logging
import math
from datetime import timedelta

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casetracker import courttime

from .exports import ENTRIES_PER_PAGE, docket_sheet_context, export_entries
from .models import DocketExport, Filing
from .pdf.context import filing_context
from .pdf.render import render, render_docket_sheet_html, render_filing_html

log = logging.getLogger(__name__)
# WeasyPrint steps before layout take seconds on a long docket: 3 applying CSS, 4 building boxes.
STEP_PROGRESS = {3: 7, 4: 9}

FAILED_FILING = (
    "The PDF could not be rendered ({detail}). Check the text and press Render again; "
    "if it fails again, ask the operator to run `manage.py render_filing {pk}` and read the error."
)


def court_today(case, now=None):
    return courttime.court_today(case, now or timezone.now())


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
        filing.save(update_fields=["status", "error", "updated_at"])
    return filing


def render_filing_now(filing, *, now=None):
    """Render one claimed filing and store the PDF; the body of the task (and of the
    `render_filing` management command). Returns the final status."""
    try:
        if filing.signing_attorney is None:
            raise ValueError("no signing attorney")
        html = render_filing_html(filing_context(filing, today=court_today(filing.case, now)))
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


@shared_task(acks_late=True)
def render_filing(filing_id):
    """queued → rendering → rendered (or failed, with a message a paralegal can act on)."""
    filing = _claim_filing(filing_id)
    if filing is None:
        return "skipped"
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
        export.save(update_fields=["status", "progress", "error"])
    return export


@shared_task(acks_late=True)
def export_docket_sheet(export_id):
    """Render the docket sheet; progress: 5 entries read, 6 HTML built, 7 styles applied, 9 boxes
    built, 10–90 pages laid out (estimated from the entry count), 95 PDF written, 100 stored."""
    export = _claim_export(export_id)
    if export is None:
        return "skipped"
    progress = _Progress(export.pk)
    try:
        entries = list(export_entries(export))
        DocketExport.objects.filter(pk=export.pk).update(entry_count=len(entries))
        progress(5)
        context = docket_sheet_context(
            export.case,
            entries,
            generated_at=timezone.now(),
            visibilities=export.visibilities.split(","),
            requested_by=export.requested_by.get_full_name() or export.requested_by.username,
        )
        html = render_docket_sheet_html(context)
        progress(6)
        estimate = max(1, math.ceil(len(entries) / ENTRIES_PER_PAGE) + 1)

        def on_page(number):
            progress(10 + 80 * min(number, estimate) / estimate)

        def on_step(step):
            if step in STEP_PROGRESS:
                progress(STEP_PROGRESS[step])

        result = render(
            html,
            title=f"Docket sheet, {export.case.docket_number}",
            author="Case tracker",
            on_page=on_page,
            on_step=on_step,
        )
        progress(95)
    except Exception as exc:
        log.exception("Docket sheet export %s failed", export.pk)
        DocketExport.objects.filter(pk=export.pk).update(
            status=DocketExport.Status.FAILED,
            error=f"The docket sheet could not be prepared ({type(exc).__name__}). "
            "Try again; if it fails again, tell the operator.",
            finished_at=timezone.now(),
        )
        return "failed"
    with transaction.atomic():
        current = DocketExport.objects.select_for_update().get(pk=export.pk)
        if current.status != DocketExport.Status.RENDERING:
            return current.status
        if current.pdf:
            current.pdf.delete(save=False)
        current.pdf.save(f"docket-sheet-{current.pk}.pdf", ContentFile(result.data), save=False)
        current.page_count = result.page_count
        current.status = DocketExport.Status.READY
        current.progress = 100
        current.finished_at = timezone.now()
        current.save()
    return current.status


# --------------------------------------------------------------------------- stale jobs

QUEUED_GRACE = timedelta(minutes=1)
RENDERING_LEASE = timedelta(minutes=10)


def stale_jobs(now=None):
    """Filings and docket exports whose task was lost: queued while Redis was down (the page
    said so and left them queued), or claimed by a worker that died mid-render. Returns
    (filing ids, export ids)."""
    now = now or timezone.now()
    filings = Filing.objects.filter(
        Q(status=Filing.Status.QUEUED, updated_at__lt=now - QUEUED_GRACE)
        | Q(status=Filing.Status.RENDERING, updated_at__lt=now - RENDERING_LEASE)
    )
    exports = DocketExport.objects.filter(
        Q(status=DocketExport.Status.QUEUED, created_at__lt=now - QUEUED_GRACE)
        | Q(status=DocketExport.Status.RENDERING, created_at__lt=now - RENDERING_LEASE)
    )
    return list(filings.values_list("pk", flat=True)), list(exports.values_list("pk", flat=True))


@shared_task
def requeue_stale_jobs():
    """Beat, every minute: send lost render/export jobs again. Safe to repeat: the tasks claim
    their row and do nothing for one that is no longer queued or rendering."""
    filing_ids, export_ids = stale_jobs()
    for pk in filing_ids:
        render_filing.delay(pk)
    for pk in export_ids:
        export_docket_sheet.delay(pk)
    return {"filings": filing_ids, "exports": export_ids}
