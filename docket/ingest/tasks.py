"""Celery tasks for the docket's inflow. They take no objects, are safe to run twice (a poll
claims its feed; imports are idempotent) and call services."""

import logging

from celery import shared_task

from casetracker.jobs import Heartbeat
from docket.ingest import feeds, inbound
from docket.models import ImportJob

log = logging.getLogger(__name__)
RETRY_SECONDS = 5  # another import of the case is running: look again after this


@shared_task(acks_late=True, ignore_result=True, name="ingest.tasks.poll_rss_feeds")
def poll_rss_feeds():
    """Beat, every minute: poll each court feed whose next poll is due (every RSS_POLL_MINUTES,
    later after errors)."""
    return feeds.poll_due_feeds()


@shared_task(acks_late=True, ignore_result=True, name="ingest.tasks.retry_inbound_mail")
def retry_inbound_mail():
    """Beat: import NEF e-mails that were stored but never processed (receiver died, a bug)."""
    return inbound.retry_pending()


@shared_task(acks_late=True)
def run_import_job(job_id):
    """queued -> running -> done (or failed, with the reason). Idempotent: a job that is not
    queued any more (run by a duplicate delivery, finished) is skipped. Thin: the work is
    docket.ingest.jobs.run_now."""
    from .jobs import BUSY, run_now

    job = (
        ImportJob.objects.select_related("case__court", "requested_by")
        .filter(pk=job_id, status=ImportJob.Status.QUEUED)
        .first()
    )
    if job is None:
        return "skipped"
    with Heartbeat(ImportJob, job.pk):
        outcome = run_now(job)
    if outcome == BUSY:
        run_import_job.apply_async((job_id,), countdown=RETRY_SECONDS)
    return outcome


@shared_task
def requeue_stale_imports():
    """Beat, every 15 s: send queued imports again (the broker was down when they were asked
    for) and take back running imports whose worker died (nothing of them is kept)."""
    from .jobs import requeue_stale

    return requeue_stale()
