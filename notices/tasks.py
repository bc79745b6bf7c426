"""Celery tasks. They take IDs, are idempotent (see notices.reminders) and use acks_late, so a
task lost with its worker is redelivered — and even if it is not, the beat sweep finds the
unsent Reminder rows again."""

from celery import shared_task

from . import alerts, reminders, services


@shared_task(acks_late=True, ignore_result=True)
def sweep_reminders():
    """Beat, every minute: claim and send every due reminder."""
    return reminders.sweep()


@shared_task(acks_late=True, ignore_result=True)
def send_window_alerts(window_id):
    """Right after a notice is saved: alert every attorney that a window opened."""
    return reminders.send_for_window(window_id)


@shared_task(acks_late=True, ignore_result=True)
def mark_overdue():
    """Beat: open deadlines past due become missed, then the overdue escalations go out."""
    missed = services.mark_missed_deadlines()
    return {"missed": missed, **reminders.sweep()}


@shared_task(acks_late=True, ignore_result=True)
def send_entry_alerts(entry_id):
    """Right after a new docket entry is saved: send its at-once alerts."""
    return reminders.send_for_entry(entry_id)


@shared_task(acks_late=True, ignore_result=True)
def send_digests():
    """Beat: make each person's daily digest of new entries once DIGEST_HOUR has come, then send."""
    made = alerts.schedule_digests()
    return {"digests": made, **reminders.sweep()}
