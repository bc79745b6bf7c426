"""Celery tasks (registered as `notices.tasks.*`, the names queued jobs and the beat schedule use).
They take IDs, are idempotent (see notices.reminders.sending) and use acks_late, so a
task lost with its worker is redelivered — and even if it is not, the beat sweep finds the
unsent Reminder rows again."""

from celery import shared_task

from notices.deadlines import services
from notices.reminders import alerts
from notices.reminders import sending as reminders


@shared_task(acks_late=True, ignore_result=True, name="notices.tasks.sweep_reminders")
def sweep_reminders():
    """Beat, every minute: claim and send every due reminder."""
    return reminders.sweep()


@shared_task(acks_late=True, ignore_result=True, name="notices.tasks.send_window_alerts")
def send_window_alerts(window_id):
    """Right after a notice is saved: alert every attorney that a window opened."""
    return reminders.send_for_window(window_id)


@shared_task(acks_late=True, ignore_result=True, name="notices.tasks.mark_overdue")
def mark_overdue():
    """Beat: open deadlines past due become missed, then the overdue escalations go out."""
    missed = services.mark_missed_deadlines()
    return {"missed": missed, **reminders.sweep()}


@shared_task(acks_late=True, ignore_result=True, name="notices.tasks.send_entry_alerts")
def send_entry_alerts(entry_id):
    """Right after a new docket entry is saved: send its at-once alerts."""
    return reminders.send_for_entry(entry_id)


@shared_task(acks_late=True, ignore_result=True, name="notices.tasks.send_digests")
def send_digests():
    """Beat: make each person's daily digest of new entries once DIGEST_HOUR has come, then send."""
    made = alerts.schedule_digests()
    return {"digests": made, **reminders.sweep()}
