"""Writes for the notices app: deadlines from orders' obligations, reminders, notifications and
calendar tokens. Notices of intended disclosure and disclosures: notices/compliance/services.py.

Every function takes keyword arguments, runs in one transaction, records who did it in the audit
history (`casetracker.audit.attribute_to`), and raises ValidationError with a message a paralegal understands.
Celery is only told *after* the commit (`casetracker.jobs.enqueue_on_commit`), and a broker that is down is
logged, never raised: the Reminder rows are the source of truth and the beat sweep sends them
once Redis is back."""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Callable, Hashable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from casetracker.audit import attribute_to
from casetracker.courttime import court_datetime
from casetracker.decisions import require_decision
from casetracker.models import Case, Party, Role, User
from docket.models import DocketEntry, RecordProduction
from notices.deadlines.courts import calendar_for
from notices.deadlines.events import deadline_changed, deadline_created
from notices.deadlines.schedule import deadline_reminder_times, is_stale
from notices.models import Deadline, Reminder

if TYPE_CHECKING:
    from .rules import CourtCalendar

logger = logging.getLogger(__name__)

# Who is alerted: every attorney on the case (the people who must act on a deadline or a notice).
ALERTED_ROLES = (Role.ATTORNEY,)
CHANNELS = (Reminder.Channel.EMAIL, Reminder.Channel.IN_APP)


# --------------------------------------------------------------------------- helpers


# What is the same for every entry of one batch write (docket.entries.write.write_entries
# passes a scratch dict with its announcements): the court's calendar, the case's parties.
# Outside a batch nothing is kept.
_BATCH: contextvars.ContextVar[dict[Any, Any] | None] = contextvars.ContextVar(
    "notices_batch_memo", default=None
)


@contextlib.contextmanager
def batch_memo(scratch: dict[Any, Any] | None) -> Iterator[None]:
    """Within the block, `memo` keeps values in `scratch` (None: no memo)."""
    token = _BATCH.set(scratch)
    try:
        yield
    finally:
        _BATCH.reset(token)


def memo(key: Hashable, make: Callable[[], Any], *, batch_only: bool = False) -> Any:
    """`make()`, kept for the rest of the batch; outside a batch, `make()` (or None with
    `batch_only`)."""
    scratch = _BATCH.get()
    if scratch is None:
        return None if batch_only else make()
    if key not in scratch:
        scratch[key] = make()
    return scratch[key]


def filers_of(entry: DocketEntry) -> list[Party]:
    """`entry.filed_by.all()`; in a batch write, as the writer announced them (no query)."""
    known = _as_written("filed_by", entry)
    return list(entry.filed_by.all()) if known is None else known


def links_of(entry: DocketEntry) -> list[DocketEntry]:
    """`entry.responds_to.all()`; in a batch write, as the writer announced them (no query)."""
    known = _as_written("responds_to", entry)
    return list(entry.responds_to.all()) if known is None else known


def _as_written(name: str, entry: DocketEntry) -> Any:
    scratch = _BATCH.get()
    if scratch is None or name not in scratch:
        return None
    return scratch[name].get(entry.pk)


def calendar_for_case(case: Case) -> CourtCalendar:
    return memo(("calendar", case.court_id), lambda: calendar_for(case.court))


def _aware(moment: object, case: Case, field: str) -> datetime:
    """An aware datetime; a naive one is court time. Anything else is refused."""
    if not isinstance(moment, datetime):
        raise ValidationError({field: "Enter a date and time."})
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=calendar_for_case(case).zone)
    return moment


def _past_moment(
    value: datetime | None,
    case: Case,
    field: str,
    errors: dict[str, str],
    *,
    now: datetime,
    missing: str,
    future: str,
) -> datetime | None:
    """An aware datetime that is not in the future (5 minutes' grace for clock skew); problems
    go into `errors[field]`."""
    if not isinstance(value, datetime):
        errors[field] = missing
        return value
    value = _aware(value, case, field)
    if value > now + timedelta(minutes=5):
        errors[field] = future
    return value


def _site_url(path: str) -> str:
    base = getattr(settings, "SITE_URL", "").rstrip("/")
    return f"{base}{path}"


def alerted_users(case: Case) -> list[User]:
    return list(
        User.objects.filter(
            memberships__case=case, memberships__role__in=ALERTED_ROLES, is_active=True
        ).distinct()
    )


# --------------------------------------------------------------------------- deadlines


# Deadlines being created in this context: a change made to one before it is announced (met at
# once, in create_deadline) is part of its creation, not news of its own.
_CREATING: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar(
    "notices_deadlines_creating", default=frozenset()
)


def announce_change(deadline: Deadline, user: User | None) -> None:
    """`deadline_changed` for a saved change of due date, status or description (webhooks:
    deadline.changed)."""
    if deadline.pk not in _CREATING.get():
        deadline_changed.send(sender=Deadline, deadline=deadline, user=user)


def create_deadline(*, user: User | None, now: datetime | None = None, **fields: Any) -> Deadline:
    """The one write path for a new deadline (a response or appeal period, an order's
    obligation, a date read from docket text — every creator calls this, and
    tests/test_architecture.py fails on a module that writes one another way). In one
    transaction: the row is saved with its author in the audit history; one an obligation sets
    is met at once when what it asks for is already done (the record produced); an open one gets
    its reminders (a suggestion has none until the team accepts it); and `deadline_created` is
    announced (webhooks). A failure anywhere leaves nothing half-saved."""
    deadline = Deadline(**fields)
    with transaction.atomic():
        attribute_to(deadline, user).save()
        if deadline.obligation_id is not None:
            # Created after the record was already produced: met at once.
            token = _CREATING.set(_CREATING.get() | {deadline.pk})
            try:
                meet_record_deadline(case=deadline.case, user=user, now=now)
            finally:
                _CREATING.reset(token)
            deadline.refresh_from_db()
        if deadline.status in (Deadline.Status.OPEN, Deadline.Status.MISSED):
            schedule_deadline_reminders(deadline=deadline, now=now)
        deadline_created.send(sender=Deadline, deadline=deadline, user=user)
    return deadline


# What an edit may change: how the deadline is described and who owes it. Everything else is a
# decision with its own service and trail (the date: override_due; the status: mark_met, vacate,
# reopen, accept/dismiss_suggestion) or is worked out from the docket (rule, trigger, computed
# date) — and the case and source entry decide who may see the deadline at all.
EDITABLE_FIELDS = (
    "title",
    "responsible_side",
    "responsible_party",
    "is_public",
    "owner",
    "uncertain_reason",
)


def edit_deadline(
    *, deadline: Deadline, user: User | None, now: datetime | None = None
) -> Deadline:
    """Save an edit of a deadline's description (EDITABLE_FIELDS; the Django admin's change
    form). In one transaction: saved with its author in the audit history, its unsent reminders
    redone (their wording and recipients follow the title and whether clients see it), and
    `deadline_changed` announced (webhooks). An edit that touches any other field is refused
    whole, naming the page that makes that change."""
    stored = Deadline.objects.get(pk=deadline.pk)
    touched = [
        f.name
        for f in Deadline._meta.concrete_fields
        if f.name not in EDITABLE_FIELDS
        and getattr(stored, f.attname) != getattr(deadline, f.attname)
    ]
    if touched:
        raise ValidationError(
            f"Not changed here: {', '.join(touched)}. Change the date with Override, the status "
            "with Met, Vacate or Reopen on the deadline's page (each asks for a reason); the rest "
            "follows the docket."
        )
    with transaction.atomic():
        attribute_to(deadline, user).save()
        schedule_deadline_reminders(deadline=deadline, now=now)
        announce_change(deadline, user)
    return deadline


def mark_met(
    *,
    deadline: Deadline,
    user: User | None,
    entry: DocketEntry | None = None,
    production: RecordProduction | None = None,
    met_on: date | None = None,
    now: datetime | None = None,
) -> Deadline:
    """The deadline was satisfied by this docket entry or this production of the record, on
    `met_on` (default: the entry's filing day or the production's date). A missed deadline
    met later becomes met (late); every page reads the same row, so all of them change at once."""
    if production is not None:
        if production.case_id != deadline.case_id:
            raise ValidationError({"entry": "That production belongs to another case."})
        met_on = met_on or production.produced_on
    elif entry is None or entry.case_id != deadline.case_id:
        raise ValidationError({"entry": "Choose the docket entry that satisfied this deadline."})
    else:
        met_on = met_on or entry.date_filed
    if deadline.status == Deadline.Status.VACATED:
        raise ValidationError("This deadline was vacated; reopen it before marking it met.")
    if deadline.status == Deadline.Status.SUGGESTED:
        raise ValidationError("This date is only a suggestion; accept it before marking it met.")
    with transaction.atomic():
        deadline.status = Deadline.Status.MET
        deadline.satisfied_by = entry
        deadline.satisfied_by_production = production
        deadline.met_on = met_on
        attribute_to(deadline, user).save()
        _cancel_unsent(deadline.reminders.all())
        announce_change(deadline, user)
    return deadline


def accept_suggestion(*, deadline: Deadline, user: User, now: datetime | None = None) -> Deadline:
    """The team confirms a suggested deadline or hearing: it becomes open, with reminders."""
    if deadline.status != Deadline.Status.SUGGESTED or deadline.review:
        raise ValidationError("This is not a suggestion awaiting review.")
    with transaction.atomic():
        deadline.status = Deadline.Status.OPEN
        deadline.review = "accepted"
        deadline.reviewed_at = now or timezone.now()
        deadline.reviewed_by = user
        deadline._change_reason = "Suggestion accepted"
        attribute_to(deadline, user).save()
        schedule_deadline_reminders(deadline=deadline, now=now)
        announce_change(deadline, user)
    return deadline


def dismiss_suggestion(
    *, deadline: Deadline, user: User, reason: str = "", now: datetime | None = None
) -> Deadline:
    """The team dismisses a suggestion: it stays in the history, never becomes a deadline."""
    if deadline.status != Deadline.Status.SUGGESTED or deadline.review:
        raise ValidationError("This is not a suggestion awaiting review.")
    with transaction.atomic():
        deadline.review = "dismissed"
        deadline.reviewed_at = now or timezone.now()
        deadline.reviewed_by = user
        deadline._change_reason = f"Suggestion dismissed: {reason}".strip(": ")[:100]
        attribute_to(deadline, user).save()
        announce_change(deadline, user)
    return deadline


def override_due(
    *,
    deadline: Deadline,
    due_at: datetime | None,
    reason: str,
    user: User,
    confirmed: bool,
    now: datetime | None = None,
) -> Deadline:
    """Set another date than the rule's (e.g. the Court extended it): the computed date and the
    reason are kept, and the change is audited. Overriding again keeps the first computed date.
    A risky action: attorneys and admins only, confirmed, with a reason."""
    errors: dict[str, list[str] | str] = {}
    if not isinstance(due_at, datetime):
        errors["due_at"] = "Enter the new date (and time) the deadline is due."
    try:
        reason = require_decision(
            user=user,
            case=deadline.case,
            reason=reason,
            confirmed=confirmed,
            verb="override",
            thing="the computed date",
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    due_at = _aware(due_at, deadline.case, "due_at")
    with transaction.atomic():
        if deadline.computed_due_at is None:
            deadline.computed_due_at = deadline.due_at
        deadline.due_at = due_at
        deadline.override_reason = reason
        deadline.overridden_at = now or timezone.now()
        deadline.overridden_by = user
        deadline._change_reason = f"Overridden: {reason}"[:100]
        attribute_to(deadline, user).save()
        schedule_deadline_reminders(deadline=deadline, now=now)
        announce_change(deadline, user)
    return deadline


DOCKET_TEXT = "docket text"
_SIDE_WORDS = (
    ("plaintiff", ("plaintiff", "plaintiffs", "petitioner")),
    ("defendant", ("defendant", "defendants", "federal defendants", "government", "respondent")),
)


def _require_decider(
    deadline: Deadline, user: User, reason: str, confirmed: bool, verb: str
) -> str:
    return require_decision(
        user=user,
        case=deadline.case,
        reason=reason,
        confirmed=confirmed,
        verb=verb,
        thing="the deadline",
    )


def vacate(
    *, deadline: Deadline, user: User, reason: str, confirmed: bool, now: datetime | None = None
) -> Deadline:
    """The court vacated the deadline or it became moot: who, when and why are kept, reminders
    stop. Attorneys and admins only; a reason and a confirmation are required."""
    reason = _require_decider(deadline, user, reason, confirmed, "vacate")
    if deadline.status == Deadline.Status.VACATED:
        raise ValidationError("This deadline is already vacated.")
    with transaction.atomic():
        deadline.status = Deadline.Status.VACATED
        deadline.vacated_at = now or timezone.now()
        deadline.vacated_by = user
        deadline.vacate_reason = reason
        deadline._change_reason = f"Vacated: {reason}"[:100]
        attribute_to(deadline, user).save()
        _cancel_unsent(deadline.reminders.all())
        announce_change(deadline, user)
    return deadline


def reopen(
    *, deadline: Deadline, user: User, reason: str, confirmed: bool, now: datetime | None = None
) -> Deadline:
    """Undo met/vacated/missed by mistake: the deadline is open again and reminders resume.
    Attorneys and admins only; the reason is kept in the deadline's history."""
    reason = _require_decider(deadline, user, reason, confirmed, "reopen")
    if deadline.status in (Deadline.Status.OPEN, Deadline.Status.SUGGESTED):
        raise ValidationError("This deadline is not closed; there is nothing to reopen.")
    with transaction.atomic():
        deadline.status = Deadline.Status.OPEN
        deadline.satisfied_by = None
        deadline.satisfied_by_production = None
        deadline.met_on = None
        deadline.vacated_at = None
        deadline.vacated_by = None
        deadline.vacate_reason = ""
        deadline._change_reason = f"Reopened: {reason}"[:100]
        attribute_to(deadline, user).save()
        deadline.reminders.filter(sent_at__isnull=True).update(cancelled=False)
        schedule_deadline_reminders(deadline=deadline, now=now)
        announce_change(deadline, user)
    return deadline


def meet_record_deadline(
    *,
    case: Case,
    user: User | None = None,
    entry: DocketEntry | None = None,
    now: datetime | None = None,
) -> Deadline | None:
    """The record was produced (a production recorded, or a record entry docketed): the
    production obligation's open or missed deadline is met by the first production (or by the
    entry). Returns the deadline met, or None."""
    from docket.record.selectors import record_obligation

    obligation, _how = record_obligation(case)
    if obligation is None:
        return None
    deadline = (
        obligation.deadlines.filter(status__in=(Deadline.Status.OPEN, Deadline.Status.MISSED))
        .order_by("-due_at")
        .first()
    )
    if deadline is None:
        return None
    production = RecordProduction.objects.filter(case=case).order_by("produced_on", "pk").first()
    if production is not None:
        return mark_met(deadline=deadline, user=user, production=production, now=now)
    if entry is not None:
        return mark_met(deadline=deadline, user=user, entry=entry, now=now)
    return None


def mark_missed_deadlines(*, now: datetime | None = None) -> int:
    """Open deadlines whose time has passed are missed (the overdue reminder escalates them)."""
    now = now or timezone.now()
    missed = 0
    with transaction.atomic():
        for deadline in Deadline.objects.select_for_update().filter(
            status=Deadline.Status.OPEN, due_at__lt=now
        ):
            deadline.status = Deadline.Status.MISSED
            deadline.save(update_fields=["status"])
            announce_change(deadline, None)
            missed += 1
    return missed


# --------------------------------------------------------------------------- reminders


def _cancel_unsent(reminders: QuerySet[Reminder]) -> int:
    return reminders.filter(sent_at__isnull=True, cancelled=False).update(cancelled=True)


def _upsert_reminders(rows: list[Reminder], stale_filter: QuerySet[Reminder]) -> None:
    """Create the wanted reminders (idempotent on key) and cancel this target's unsent ones
    that are no longer wanted (e.g. the date moved)."""
    wanted = {row.key: row for row in rows}
    existing = set(Reminder.objects.filter(key__in=wanted).values_list("key", flat=True))
    Reminder.objects.bulk_create(
        [row for key, row in wanted.items() if key not in existing], ignore_conflicts=True
    )
    _cancel_unsent(stale_filter.exclude(key__in=wanted))


def schedule_deadline_reminders(*, deadline: Deadline, now: datetime | None = None) -> None:
    """7 days / 3 days / 1 day / day-of reminders and the overdue escalation, per attorney and
    channel. Keys carry the due date, so a recomputed deadline gets fresh reminders and the old
    unsent ones are cancelled."""
    now = now or timezone.now()
    if deadline.status not in (Deadline.Status.OPEN, Deadline.Status.MISSED):
        _cancel_unsent(deadline.reminders.all())
        return
    case = deadline.case
    zone = calendar_for_case(case).zone
    stamp = deadline.due_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    rows = []
    for label, kind, moment in deadline_reminder_times(deadline.due_at, zone):
        if is_stale(moment, now):
            continue
        is_overdue = kind == "overdue"
        if deadline.status == Deadline.Status.MISSED and not is_overdue:
            continue
        subject, body = deadline_alert(deadline, label=label, at=moment)
        for user in alerted_users(case):
            for channel in CHANNELS:
                rows.append(
                    Reminder(
                        key=f"deadline:{deadline.pk}:{label}:{stamp}:user:{user.pk}:{channel}",
                        kind=Reminder.Kind.OVERDUE if is_overdue else Reminder.Kind.BEFORE_DEADLINE,
                        deadline=deadline,
                        recipient=user,
                        channel=channel,
                        due_at=moment,
                        subject=subject[:300],
                        body=body,
                    )
                )
    _upsert_reminders(rows, deadline.reminders.all())


def deadline_alert(deadline: Deadline, *, label: str, at: datetime) -> tuple[str, str]:
    """(subject, body) of a deadline alert, in the words every page uses at that moment
    (notices.deadlines.selectors.view_of). The other side's deadlines are "Watch" items, never our
    alarm. Called when the reminder is scheduled and again when it is sent."""
    from notices.deadlines.selectors import view_of

    case = deadline.case
    view = view_of(deadline, at)
    days = label[:-1] if label.endswith("d") and label[:-1].isdigit() else ""
    when = {"day-of": " (today)"}.get(label, f" (in {days} day{'s' if days != '1' else ''})")
    if view.state not in ("due_soon", "open") or (label != "day-of" and not days):
        when = ""
    prefix = "Watch — " if view.is_watch else ""
    subject = f"{prefix}{view.label}{when}: {deadline.title} — {case.short_name}"
    body = "\n".join(
        [
            f"{case.caption}, No. {case.docket_number}",
            "",
            f"{deadline.title}",
            f"{view.label} ({view.owner_label}): {view.sentence}",
            f"Due: {court_datetime(deadline.due_at, case)}",
            f"Responsible: {deadline.get_responsible_side_display() or 'not set'}",
            "",
            "How it was computed:",
            *[f"  - {step}" for step in deadline.explanation],
            "",
            _site_url(_url("deadline_detail", case.slug, deadline.pk)),
        ]
    )
    return subject[:300], body


def _url(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


# --------------------------------------------------------------------------- notices


# --------------------------------------------------------------------------- notifications


# --------------------------------------------------------------------------- calendar tokens


# --------------------------------------------------------------------------- failed imports


def forget_entries(
    *, entry_ids: list[int], user: User | None = None, now: datetime | None = None
) -> None:
    """Entries a failed import created are being taken back: the deadlines they started (by a
    rule or read from their text) go with them, and a deadline one of them met is as it was
    before (open or missed, with its reminders). Orders' obligations go with their entries
    (cascade)."""
    with transaction.atomic():
        for deadline in Deadline.objects.filter(trigger_id__in=entry_ids, obligation__isnull=True):
            attribute_to(deadline, user).delete()
        _put_back_met(set(entry_ids), since=None, user=user, now=now)


def forget_changes(
    *,
    entry_ids: list[int],
    since: datetime,
    user: User | None = None,
    now: datetime | None = None,
) -> None:
    """A failed import's changes to existing entries were taken back (their values, filers and
    links as before): what those changes derived since `since` goes too — the deadlines they
    started (a new kind, a new text read for dates) are deleted, and the deadlines they met (a
    "responds to" link, a new kind) are as they were before."""
    with transaction.atomic():
        started = Deadline.history.filter(
            history_type="+",
            history_date__gte=since,
            trigger_id__in=entry_ids,
            obligation_id__isnull=True,
        ).values_list("id", flat=True)
        for deadline in Deadline.objects.filter(pk__in=list(started)):
            attribute_to(deadline, user).delete()
        _put_back_met(set(entry_ids), since=since, user=user, now=now)


TAKEN_BACK = "Import taken back"


def _put_back_met(
    entry_ids: set[int], *, since: datetime | None, user: User | None, now: datetime | None
) -> None:
    """Deadlines met by one of these entries (since `since`, if given) get the status, the
    satisfying entry or production and the day met they had before (from their history); an
    open or missed one gets back the reminders its meeting cancelled."""
    fields = ("status", "satisfied_by_id", "satisfied_by_production_id", "met_on")
    for deadline in Deadline.objects.filter(
        satisfied_by_id__in=entry_ids, status=Deadline.Status.MET
    ):
        rows = deadline.history.order_by("-history_date", "-history_id").values(
            *fields, "history_date"
        )
        before: dict[str, Any] = {
            "status": Deadline.Status.OPEN,
            "satisfied_by_id": None,
            "satisfied_by_production_id": None,
            "met_on": None,
        }
        ours = 0
        for row in rows:
            if (
                row["status"] == Deadline.Status.MET
                and row["satisfied_by_id"] in entry_ids
                and (since is None or row["history_date"] >= since)
            ):
                ours += 1
                continue
            before = {name: row[name] for name in fields}
            break
        if not ours:
            continue  # met before the import, by the same entry: not the import's doing
        for name, value in before.items():
            setattr(deadline, name, value)
        deadline._change_reason = TAKEN_BACK
        attribute_to(deadline, user).save()
        if deadline.status in (Deadline.Status.OPEN, Deadline.Status.MISSED):
            # the reminders its meeting cancelled (not those cancelled for another reason)
            deadline.reminders.filter(sent_at__isnull=True, cancelled=True, last_error="").update(
                cancelled=False
            )
            schedule_deadline_reminders(deadline=deadline, now=now)
