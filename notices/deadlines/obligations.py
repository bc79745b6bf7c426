"""Deadlines from an order's obligations: adding an obligation to an order, and keeping its deadline
in step when the obligation or the entry it runs from changes (FRCP 6(a) through
notices.deadlines.rules). Keyword arguments, one transaction, audited, paralegal-readable errors."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from casetracker.audit import attribute_to
from casetracker.courttime import court_datetime
from casetracker.models import Party, User
from casetracker.sides import responsible_owner
from docket.entries.obligations import write_obligation
from docket.models import DocketEntry, Obligation
from notices.deadlines import rules
from notices.deadlines.services import (
    _aware,
    announce_change,
    calendar_for_case,
    create_deadline,
    schedule_deadline_reminders,
)
from notices.models import Deadline


def _obligation_start(obligation: Obligation) -> tuple[DocketEntry, date]:
    trigger = obligation.trigger or obligation.order
    return trigger, trigger.date_filed


def _compute_for_obligation(
    obligation: Obligation,
) -> tuple[datetime, list[str], str, str, bool, DocketEntry | None] | None:
    """(due_at, explanation, rule, period, before, trigger) or None when it sets no deadline."""
    order = obligation.order
    if obligation.standing_notice_hours:
        return None
    if obligation.due_at:
        due = obligation.due_at
        steps = [
            f"Date fixed by the {order.get_kind_display().lower()} of {order.date_filed:%-d %b %Y}",
            f"Deadline: {court_datetime(due, order.case)}",
        ]
        return due, steps, "Fixed by order", "", False, None
    if not obligation.period:
        return None
    try:
        period, before, citation = rules.rule_period(obligation.period)
    except ValueError as error:
        raise ValidationError({"period": str(error)}) from None
    before = before or obligation.before
    trigger, start = _obligation_start(obligation)
    result = rules.compute(start, period, before=before, calendar=calendar_for_case(order.case))
    direction = "before" if before else "after"
    source = "this order" if trigger == order else f"{trigger} ({trigger.get_kind_display()})"
    steps = [f"{period} {direction} {source}, filed {trigger.date_filed:%a %-d %b %Y}; {citation}"]
    steps.extend(result.steps)
    return result.deadline, steps, citation, obligation.period, before, trigger


def sync_deadline(
    *, obligation: Obligation, user: User | None = None, now: datetime | None = None
) -> Deadline | None:
    """Create or update the Deadline an obligation sets (none for a standing-notice obligation)
    and its reminders. A change of date keeps the row, so the history shows old and new dates."""
    with transaction.atomic():
        computed = _compute_for_obligation(obligation)
        existing = obligation.deadlines.first()
        if computed is None:
            return None
        due, steps, rule, period, before, trigger = computed
        order = obligation.order
        public = order.visibility == DocketEntry.Visibility.PUBLIC and (
            trigger is None or trigger.visibility == DocketEntry.Visibility.PUBLIC
        )
        values = {
            "case": order.case,
            "title": obligation.text,
            "rule": rule[:60],
            "period": period,
            "before": before,
            "trigger": trigger or order,
            "responsible_side": obligation.party_side,
            "responsible_party": obligation.party,
            "owner": responsible_owner(
                order.case, party_ids=[obligation.party_id], side=obligation.party_side
            ),
            "due_at": due,
            "explanation": steps,
            "is_public": public,
        }
        if existing is None:
            # saved, met at once if the record is already produced, reminded, announced
            return create_deadline(user=user, now=now, obligation=obligation, **values)
        deadline = existing
        if deadline.computed_due_at is not None:
            # Overridden by the team: the rule's date moves, the team's date stays.
            values["computed_due_at"] = values.pop("due_at")
        changed = [k for k, v in values.items() if getattr(deadline, k) != v]
        if changed:
            for key in changed:
                setattr(deadline, key, values[key])
            attribute_to(deadline, user).save()
        schedule_deadline_reminders(deadline=deadline, now=now)
        if "due_at" in changed:
            announce_change(deadline, user)
        return deadline


def add_obligation(
    *,
    order: DocketEntry,
    party_side: str,
    text: str,
    user: User | None,
    period: str = "",
    due_at: datetime | None = None,
    before: bool = False,
    trigger: DocketEntry | None = None,
    standing_notice_hours: int | None = None,
    party: Party | None = None,
    now: datetime | None = None,
) -> tuple[Obligation, Deadline | None]:
    """Record what an order requires ("produce the record within 30 days") and compute its
    deadline. Returns (obligation, deadline or None)."""
    errors = {}
    text = (text or "").strip()
    period = (period or "").strip()
    if not order.is_order:
        errors["order"] = "Obligations can only be added to an order or a minute order."
    if not text:
        errors["text"] = "Say what the order requires, e.g. “Produce the administrative record”."
    if party_side not in Party.Side.values:
        errors["party_side"] = "Choose who must act."
    if party is not None and party.case_id != order.case_id:
        errors["party"] = "That party is not in this case."
    if trigger is not None and trigger.case_id != order.case_id:
        errors["trigger"] = "The triggering entry must be on this case's docket."
    given = [bool(period), due_at is not None, bool(standing_notice_hours)]
    if sum(given) != 1:
        errors["period"] = (
            "Give exactly one of: a period (e.g. 30d), a fixed date, or a standing notice "
            "requirement in hours."
        )
    elif period:
        try:
            rules.rule_period(period)
        except ValueError as error:
            errors["period"] = str(error)
    if due_at is not None:
        due_at = _aware(due_at, order.case, "due_at")
    if errors:
        raise ValidationError(errors)
    obligation = Obligation(
        order=order,
        party_side=party_side,
        party=party,
        text=text,
        period=period,
        due_at=due_at,
        before=before,
        trigger=trigger,
        standing_notice_hours=standing_notice_hours or None,
        created_by=user,
    )
    with transaction.atomic():
        # The one write path: audited, and its signal computes the deadline (and, for a standing
        # notice term, judges every disclosure again).
        write_obligation(obligation=obligation, by=user, now=now)
        deadline = obligation.deadlines.first()
    return obligation, deadline


def recompute_for_entry(
    *, entry: DocketEntry, user: User | None = None, now: datetime | None = None
) -> list[Deadline]:
    """An entry's date changed: recompute every open deadline that runs from it (chained
    deadlines). Returns the deadlines whose date moved."""
    moved = []
    with transaction.atomic():
        obligations = Obligation.objects.filter(
            Q(trigger=entry) | Q(order=entry, trigger__isnull=True),
            deadlines__status=Deadline.Status.OPEN,
        ).distinct()
        for obligation in obligations:
            before = obligation.deadlines.values_list("due_at", flat=True).first()
            deadline = sync_deadline(obligation=obligation, user=user, now=now)
            if deadline is not None and deadline.due_at != before:
                moved.append(deadline)
    return moved
