"""Keep deadlines in step with the docket. Receivers live here (notices depends on docket, never
the reverse) and listen to the docket's own announcements (docket.signals), which its write
services send explicitly — never to post_save of docket models: an obligation written by the
loader or the admin gets its Deadline; a docket entry written by any path (form, PACER, NEF,
Record as filed, loader, admin) starts or meets response deadlines, and one whose date changes
moves the deadlines that run from it (chained deadlines). Audited by django-simple-history."""

from datetime import date

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from casetracker.models import CaseMembership
from docket.models import DocketEntry, RecordProduction
from docket.signals import entries_discarded as docket_entries_discarded
from docket.signals import entries_published as docket_entries_published
from docket.signals import entries_restored as docket_entries_restored
from docket.signals import entry_saved as docket_entry_saved
from docket.signals import facts_loaded, record_produced
from docket.signals import obligation_saved as docket_obligation_saved
from notices.compliance import services as compliance_services
from notices.deadlines import (
    appeal_deadlines,
    court_dates,
    obligations,
    response_deadlines,
    services,
)
from notices.deadlines.events import deadline_changed, deadline_created
from notices.reminders import alerts, sending
from notices.webhooks import events as webhook_events

from .models import Deadline, NoticeWindow


@receiver(facts_loaded, dispatch_uid="notices_facts_loaded")
def facts_file_loaded(sender, case, facts, report, **kwargs):
    """Disclosures known from the public record (the fact file): history for the compliance
    ledger, judged against the order's period like any other (the 7 Aug 2025 one came before
    the order)."""
    for row in facts.get("disclosures", []):
        outcome = compliance_services.load_known_disclosure(
            case=case,
            on=date.fromisoformat(row["date"]),
            data_description=row["data"],
            recipient=row["recipient"],
            source=row.get("source", ""),
            note=row.get("note", ""),
        )
        setattr(report, outcome, getattr(report, outcome) + 1)


@receiver(docket_obligation_saved, dispatch_uid="notices_obligation_saved")
def obligation_saved(sender, obligation, user=None, now=None, **kwargs):
    obligations.sync_deadline(obligation=obligation, user=user, now=now)
    if obligation.standing_notice_hours is not None:
        # An advance-notice term changed (e.g. its end event): every disclosure is judged again.
        compliance_services.rejudge(case=obligation.order.case, user=user)


@receiver(post_save, sender=CaseMembership, dispatch_uid="notices_member_saved")
def member_saved(sender, instance, raw=False, **kwargs):
    """An attorney who joins a case gets the reminders of its open deadlines and windows."""
    if raw or instance.role not in services.ALERTED_ROLES:
        return
    now = timezone.now()
    for deadline in Deadline.objects.filter(case=instance.case_id, status=Deadline.Status.OPEN):
        services.schedule_deadline_reminders(deadline=deadline, now=now)
    for window in NoticeWindow.objects.filter(case=instance.case_id, closes_at__gt=now):
        compliance_services.schedule_window_reminders(window=window, now=now)


@receiver(docket_entry_saved, dispatch_uid="notices_response_deadlines")
def entry_docketed(sender, entry, created=False, user=None, changed=frozenset(), **kwargs):
    """A docketed motion starts an opposition period and an opposition a reply period (Local
    Rules); a docketed response meets the deadline it answers; a changed filing date moves the
    deadlines that run from the entry; a docketed administrative record meets the production
    deadline. Runs inside the writer's transaction, so a failure here rolls the whole write back.
    A batch write passes `batch`, a scratch dict: what is the same for all its entries (the
    court's calendar, the case's parties) is read once per batch."""
    with services.batch_memo(kwargs.get("batch")), webhook_events.holding(bool(kwargs.get("held"))):
        if not created and "date_filed" in changed:
            obligations.recompute_for_entry(entry=entry, user=user)
        if created or changed & {"kind", "responds_to"}:
            response_deadlines.meet_answered_deadlines(entry=entry, user=user)
        if entry.kind == DocketEntry.Kind.RECORD and (created or "kind" in changed):
            services.meet_record_deadline(case=entry.case, user=user, entry=entry)
        if created or "kind" in changed:
            response_deadlines.add_response_deadline(entry=entry, user=user)
        if created or "text" in changed:
            court_dates.suggest_court_dates(entry=entry, user=user)
            appeal_deadlines.add_notice_of_appeal_deadline(entry=entry, user=user)
        if created or changed & {"kind", "text", "responds_to"}:
            appeal_deadlines.meet_notice_of_appeal_deadlines(entry=entry, user=user)
        if not created and "visibility" in changed:
            # Unsealed: reminders held back while it was hidden go out again (the sweep checks),
            # and so do the webhook events withheld from those who may now see it (once).
            sending.rearm_hidden_reminders(entry.case_id)
            webhook_events.entry_unsealed(entry=entry)


@receiver(docket_entries_published, dispatch_uid="notices_entry_alerts")
def entries_published(sender, entries, user=None, source=None, **kwargs):
    """New entries are final (after their deadlines were derived, so the alert can show the
    dates an entry starts). Only a new entry is news: the same entry arriving again by another
    route is matched, not created; an import publishes only when it has succeeded, so nobody is
    told of an entry a failed import takes back. An import also says which entries it changed
    and when it began (`changed`, `since`): webhooks then announce the deadlines it made or
    changed."""
    for entry in entries:
        alerts.entry_created(entry=entry, source=source or entry.source, user=user)
    webhook_events.entries_published(
        entries=entries,
        source=source,
        changed=kwargs.get("changed", ()),
        since=kwargs.get("since"),
    )


@receiver(deadline_created, sender=Deadline, dispatch_uid="notices_webhook_deadline")
def deadline_was_created(sender, deadline, user=None, **kwargs):
    """Webhooks: `deadline.created` (held while its import has not finished)."""
    webhook_events.deadline_created(deadline=deadline)


@receiver(deadline_changed, sender=Deadline, dispatch_uid="notices_webhook_deadline_changed")
def deadline_was_changed(sender, deadline, user=None, **kwargs):
    """Webhooks: `deadline.changed` (held while its import has not finished)."""
    webhook_events.deadline_changed(deadline=deadline)


@receiver(docket_entries_discarded, dispatch_uid="notices_entries_discarded")
def entries_discarded(sender, entries, user=None, **kwargs):
    """A failed import takes back the entries it created: the deadlines they started go, and
    the deadlines they met are as they were before."""
    services.forget_entries(entry_ids=[e.pk for e in entries], user=user)


@receiver(docket_entries_restored, dispatch_uid="notices_entries_restored")
def entries_restored(sender, entries, since, user=None, **kwargs):
    """A failed import's changes to existing entries were taken back: the deadlines those
    changes started go, and the deadlines they met are as they were."""
    services.forget_changes(entry_ids=[e.pk for e in entries], since=since, user=user)


@receiver(record_produced, sender=RecordProduction, dispatch_uid="notices_record_produced")
def record_was_produced(sender, case, user=None, **kwargs):
    """A production of the record meets the production obligation's deadline, on every page."""
    services.meet_record_deadline(case=case, user=user)
