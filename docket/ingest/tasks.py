"""Celery tasks for the docket's inflow. They take no objects, are safe to run twice (a poll
claims its feed; imports are idempotent) and call services."""

from celery import shared_task

from docket.ingest import feeds, inbound


@shared_task(acks_late=True, ignore_result=True, name="ingest.tasks.poll_rss_feeds")
def poll_rss_feeds():
    """Beat, every minute: poll each court feed whose next poll is due (every RSS_POLL_MINUTES,
    later after errors)."""
    return feeds.poll_due_feeds()


@shared_task(acks_late=True, ignore_result=True, name="ingest.tasks.retry_inbound_mail")
def retry_inbound_mail():
    """Beat: import NEF e-mails that were stored but never processed (receiver died, a bug)."""
    return inbound.retry_pending()
