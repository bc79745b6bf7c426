"""The administrative record's production deadline, shown on the record page (a docket page).

Why a template tag here: the deadline lives in notices (Deadline rows computed from the order's
obligation), and docket must not import notices. The docket template loads this library by name,
so the dependency stays one-way (notices -> docket)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django import template
from django.utils import timezone

from casetracker.courttime import court_date, court_datetime, zone_for
from notices.models import Deadline

register = template.Library()


@dataclass(frozen=True)
class ProductionStatus:
    state: str  # on_time | late | overdue | pending | no_deadline | no_obligation
    label: str  # a few words for a tag
    sentence: str  # one plain sentence
    due_at: datetime | None = None
    produced_on: date | None = None


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
    """The live deadline computed for the obligation (the latest one not vacated)."""
    if obligation is None:
        return None
    return (
        Deadline.objects.filter(obligation=obligation)
        .exclude(status=Deadline.Status.VACATED)
        .order_by("-due_at")
        .first()
    )


def status_for(case, obligation, produced_on, now=None):
    if obligation is None:
        return ProductionStatus(
            "no_obligation",
            "Not linked",
            "No order's obligation to produce the record is linked to it yet.",
            produced_on=produced_on,
        )
    deadline = deadline_for(obligation)
    due_at = deadline.due_at if deadline is not None else obligation.due_at
    return production_status(
        due_at=due_at,
        produced_on=produced_on,
        now=now or timezone.now(),
        zone=zone_for(case),
    )


@register.inclusion_tag("notices/_record_status.html")
def record_production_status(case, obligation, produced_on):
    """`{% record_production_status case obligation first_produced_on %}`"""
    return {"status": status_for(case, obligation, produced_on), "obligation": obligation}
