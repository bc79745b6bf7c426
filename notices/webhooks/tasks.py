"""Celery tasks (registered as `notices.tasks.*`). They take IDs and are safe to run twice
(notices.webhooks.sending claims the delivery first)."""

from celery import shared_task

from notices.webhooks import sending


@shared_task(acks_late=True, ignore_result=True, name="notices.tasks.deliver_webhook")
def deliver_webhook(delivery_id):
    """One attempt at one delivery; a failure schedules the next try itself."""
    return sending.deliver(delivery_id)


@shared_task(acks_late=True, ignore_result=True, name="notices.tasks.retry_webhooks")
def retry_webhooks():
    """Beat: re-queue deliveries whose task was lost."""
    return sending.sweep()
