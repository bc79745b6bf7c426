"""Sending reminders exactly once.

The Reminder row is the source of truth. A sender first *claims* a row with one conditional
UPDATE (only if it is unsent, not cancelled, and unclaimed or its claim's lease has expired), so
two sweeps or a task that runs twice can never both own it. After delivery it sets `sent_at`
(again conditionally). A worker that dies between claim and `sent_at` leaves a claim that
expires after the lease, and the next sweep sends the reminder.

In-app delivery is idempotent by construction (one Notification per Reminder); e-mail carries a
Message-ID derived from the reminder key, so even the one unavoidable duplicate — a crash after
the mail server accepted the message but before `sent_at` was saved — is recognisable as the
same message by mail clients."""

import hashlib
import logging
import os
import socket
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django.utils import timezone

from docket.models import ImportJob
from notices.models import Deadline, NoticeWindow, Notification, Reminder
from notices.visibility import TEAM_ROLES, current_membership

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
SWEEP_BATCH = 500
HIDDEN_FROM_RECIPIENT = "Not sent: the recipient may no longer see its source."


def lease():
    return timedelta(seconds=getattr(settings, "REMINDER_CLAIM_LEASE_SECONDS", 120))


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}"


def _claimable(now):
    """Unsent, not cancelled, not claimed by a live sender — and not about a deadline of a case
    an import is being written into: what the import's batches derived (deadlines started,
    met, moved) is not final until the whole import has succeeded, and a failed import takes it
    back (docket.ingest.batches). Like the import's new-entry alerts, those reminders are held;
    the first sweep after the import sends the ones still due."""
    importing = ImportJob.objects.filter(status=ImportJob.Status.RUNNING).values("case_id")
    return (
        Reminder.objects.filter(sent_at__isnull=True, cancelled=False)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease()))
        .exclude(deadline__case__in=importing)
    )


def due_ids(now, limit=SWEEP_BATCH):
    return list(_claimable(now).filter(due_at__lte=now).values_list("pk", flat=True)[:limit])


def claim(reminder_id, *, now, worker):
    """True if this caller now owns the reminder (one atomic conditional UPDATE)."""
    updated = (
        _claimable(now)
        .filter(pk=reminder_id)
        .update(claimed_at=now, claimed_by=worker[:100], attempts=F("attempts") + 1)
    )
    return updated == 1


def _still_relevant(reminder):
    """A reminder about a deadline that was met or vacated is cancelled, not sent; an alert about
    a docket entry the person may no longer see likewise (notices.reminders.alerts)."""
    if reminder.entry_id:
        from notices.reminders.alerts import still_relevant

        return still_relevant(reminder)
    deadline = reminder.deadline
    if deadline is None:
        return True
    if reminder.kind == Reminder.Kind.OVERDUE:
        return deadline.status in (Deadline.Status.OPEN, Deadline.Status.MISSED)
    return deadline.status == Deadline.Status.OPEN


def _refresh_words(reminder, now):
    """Say what every page says at the moment of sending (the status may have changed since the
    reminder was scheduled, e.g. the deadline was marked missed)."""
    from notices.deadlines.services import deadline_alert

    label = reminder.key.split(":")[2] if reminder.key.count(":") >= 2 else ""
    subject, body = deadline_alert(reminder.deadline, label=label, at=now)
    if (subject, body) != (reminder.subject, reminder.body):
        reminder.subject, reminder.body = subject, body
        Reminder.objects.filter(pk=reminder.pk).update(subject=subject, body=body)


def message_id(reminder):
    digest = hashlib.sha256(reminder.key.encode()).hexdigest()[:32]
    return f"<reminder-{digest}@casetracker>"


def _deliver(reminder):
    case = reminder.case
    if reminder.entry_id:
        from notices.reminders.alerts import refresh

        refresh(reminder)  # composed from the entry as it is now
    if reminder.deadline_id:
        case = reminder.deadline.case
    elif reminder.window_id:
        case = reminder.window.case
    if reminder.channel == Reminder.Channel.IN_APP:
        Notification.objects.get_or_create(
            reminder=reminder,
            defaults={
                "user": reminder.recipient,
                "case": case,
                "subject": reminder.subject,
                "body": reminder.body,
                "url": _link(reminder, case),
                "entry": reminder.entry,
                "audience": (
                    Notification.Audience.EVERYONE
                    if reminder.kind == Reminder.Kind.CLIENT_ORDER
                    else Notification.Audience.TEAM
                ),
            },
        )
        return
    address = reminder.recipient.email
    if not address:
        raise ValueError(f"{reminder.recipient} has no e-mail address")
    EmailMessage(
        subject=reminder.subject,
        body=reminder.body,
        to=[address],
        headers={"Message-ID": message_id(reminder), "X-Reminder-Key": reminder.key},
    ).send()


def _link(reminder, case):
    from django.urls import NoReverseMatch, reverse

    try:
        if reminder.entry_id:
            return reminder.entry.get_absolute_url()
        if reminder.kind == Reminder.Kind.DIGEST and case is not None:
            return reverse("docket_list", args=[case.slug])
        if reminder.deadline_id:
            return reverse("deadline_detail", args=[case.slug, reminder.deadline_id])
        if case is not None:
            return reverse("compliance_ledger", args=[case.slug])
    except NoReverseMatch:
        pass
    return ""


def process(reminder_id, *, now=None, worker=None):
    """Claim, deliver and mark one reminder. Returns "sent", "skipped" (someone else owns it or
    it is already sent), "cancelled" or "failed"."""
    now = now or timezone.now()
    worker = worker or worker_name()
    if not claim(reminder_id, now=now, worker=worker):
        return "skipped"
    reminder = Reminder.objects.select_related(
        "recipient", "deadline__case", "window__case", "entry__case__court", "case"
    ).get(pk=reminder_id)
    if not _still_relevant(reminder):
        Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(cancelled=True)
        return "cancelled"
    if not reminder_may_reach(reminder):
        # The recipient left the team, or the deadline now comes from a sealed entry: the
        # e-mail/notification would tell them what they may no longer see.
        Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(
            cancelled=True, last_error=HIDDEN_FROM_RECIPIENT
        )
        return "cancelled"
    if reminder.deadline_id:
        _refresh_words(reminder, now)
    try:
        _deliver(reminder)
    except Exception as error:  # noqa: BLE001 - record, release the claim, retry next sweep
        logger.exception("Reminder %s failed", reminder.key)
        give_up = reminder.attempts >= MAX_ATTEMPTS or isinstance(error, ValueError)
        Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(
            claimed_at=None, last_error=str(error)[:2000], cancelled=give_up
        )
        return "failed"
    Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(sent_at=timezone.now())
    return "sent"


def sweep(*, now=None, worker=None, limit=SWEEP_BATCH):
    """Send every due reminder nobody else is sending. Returns counts by outcome."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    for reminder_id in due_ids(now, limit):
        outcome = process(reminder_id, now=now, worker=worker)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def send_for_window(window_id, *, now=None, worker=None, kinds=None):
    """Send the due alerts of one notice window now (the "window opened" alert)."""
    now = now or timezone.now()
    kinds = kinds or (Reminder.Kind.WINDOW_OPENED,)
    ids = _claimable(now).filter(window_id=window_id, kind__in=kinds, due_at__lte=now)
    counts: dict[str, int] = {}
    for reminder_id in list(ids.values_list("pk", flat=True)):
        outcome = process(reminder_id, now=now, worker=worker)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def send_for_entry(entry_id, *, now=None, worker=None):
    """Send the due alerts about one new docket entry now (the "at once" alerts)."""
    now = now or timezone.now()
    ids = _claimable(now).filter(entry_id=entry_id, due_at__lte=now)
    counts: dict[str, int] = {}
    for reminder_id in list(ids.values_list("pk", flat=True)):
        outcome = process(reminder_id, now=now, worker=worker)
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts


def reminder_may_reach(reminder: Reminder) -> bool:
    """Whether a reminder may still be delivered to its recipient: they are on the case's team
    now, and its deadline or window is still visible to them (not sealed since it was made)."""
    target = reminder.deadline or reminder.window
    if target is None:
        return True
    membership = current_membership(reminder.recipient, target.case_id)
    if membership is None or membership.role not in TEAM_ROLES:
        return False
    model = Deadline if reminder.deadline_id else NoticeWindow
    return model.objects.visible_to(membership).filter(pk=target.pk).exists()


def rearm_hidden_reminders(case_id: int) -> int:
    """A docket entry of the case changed visibility (unsealed, made public): the deadline and
    window reminders that were cancelled because their recipient could not see the source go
    back in the queue. The next sweep sends those still relevant and visible (late, with words
    refreshed to the moment of sending) and cancels the rest again, for the same reason.
    Returns how many were re-armed."""
    return (
        Reminder.objects.filter(
            cancelled=True, sent_at__isnull=True, last_error=HIDDEN_FROM_RECIPIENT
        )
        .filter(Q(deadline__case_id=case_id) | Q(window__case_id=case_id))
        .update(cancelled=False, claimed_at=None, last_error="")
    )
