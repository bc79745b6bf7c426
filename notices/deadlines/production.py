"""The administrative record's production deadline, shown on the record page (a docket page):
the domain rule (`production_status`, pure) and its read (`status_for`). The deadline lives in
notices (Deadline rows computed from the order's obligation), and docket must not import
notices: the record page shows it through a panel (notices/panels.py, docket/panels.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from casetracker.courttime import court_date, court_datetime, zone_for
from notices.models import Deadline


@dataclass(frozen=True)
class ProductionStatus:
    state: str  # a deadline view's state (status_words), or no_deadline | no_obligation
    label: str  # a few words for a tag
    sentence: str  # one plain sentence
    due_at: datetime | None = None
    produced_on: date | None = None
    view: object = None  # the deadline's view (notices.deadlines.status_words.DeadlineView), if any


def production_status(*, due_at, produced_on, now, zone) -> ProductionStatus:
    """Pure: compare the first production date with the deadline, in court time.

    A day deadline is due at 23:59:59 court time (FRCP 6(a)(4)(A)), so a production dated on the
    due day is on time."""
    if due_at is None:
        if produced_on is None:
            return ProductionStatus(
                "no_deadline", "No deadline", "Not yet produced; no deadline is computed yet."
            )
        return ProductionStatus(
            "no_deadline",
            "Produced",
            f"First produced {court_date(produced_on)}; no deadline is computed to compare with.",
            produced_on=produced_on,
        )
    local_due = due_at.astimezone(zone)
    if produced_on is not None:
        late_by = (produced_on - local_due.date()).days
        if late_by <= 0:
            return ProductionStatus(
                "on_time",
                "Met on time",
                f"Produced {court_date(produced_on)}, on time (due {court_datetime(local_due, zone)}).",
                local_due,
                produced_on,
            )
        return ProductionStatus(
            "late",
            "Late",
            f"Produced {court_date(produced_on)}, {late_by} day{'s' if late_by != 1 else ''} late "
            f"(due {court_datetime(local_due, zone)}).",
            local_due,
            produced_on,
        )
    if now > due_at:
        return ProductionStatus(
            "overdue",
            "Overdue",
            f"No production recorded in the tracker; it was due {court_datetime(local_due, zone)}.",
            local_due,
        )
    return ProductionStatus(
        "pending",
        "Not yet produced",
        f"Not yet produced; due {court_datetime(local_due, zone)}.",
        local_due,
    )


def deadline_for(obligation):
    """The deadline computed for the obligation (the latest; a vacated one only if there is no
    other)."""
    if obligation is None:
        return None
    rows = Deadline.objects.filter(obligation=obligation).select_related(
        "case__court", "satisfied_by", "satisfied_by_production", "vacated_by", "trigger"
    )
    return (
        rows.exclude(status=Deadline.Status.VACATED).order_by("-due_at").first()
        or rows.order_by("-due_at").first()
    )


def status_for(case, obligation, produced_on, now=None, for_client=False):
    """The production obligation's status. With a Deadline row, its words are the deadline's
    (notices.deadlines.selectors.view_of), so the record page, the client page, the lists and the overview
    can never disagree; the pure comparison above is only for an obligation without one."""
    from notices.deadlines.selectors import view_of

    if obligation is None:
        return ProductionStatus(
            "no_obligation",
            "Not linked",
            "No order's obligation to produce the record is linked to it yet.",
            produced_on=produced_on,
        )
    now = now or timezone.now()
    zone = zone_for(case)
    deadline = deadline_for(obligation)
    if deadline is None:
        return production_status(
            due_at=obligation.due_at, produced_on=produced_on, now=now, zone=zone
        )
    view = view_of(deadline, now, for_client=for_client)
    return ProductionStatus(
        view.state,
        view.label,
        view.sentence,
        deadline.due_at.astimezone(zone),
        deadline.met_on if deadline.status == Deadline.Status.MET else None,
        view,
    )


def record_production_status(case, obligation, produced_on):
    """The context of notices/_record_status.html."""
    return {"status": status_for(case, obligation, produced_on), "obligation": obligation}
