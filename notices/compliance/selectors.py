"""Reads for the advance-notice order: the ledger (web page and `compliance` CLI), the order's
terms and whether they are still running. Team-only material: callers check the role."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from casetracker.courttime import zone_for
from casetracker.models import Case, CaseMembership
from docket.models import Obligation
from docket.visibility import entry_visible
from notices.compliance.services import calendar_for_case, notice_obligations, term_of
from notices.models import Disclosure, NoticeWindow


def ledger_rows(case: Case) -> list[Disclosure]:
    """Every disclosure, oldest first, each with `when_iso` (a date when only the day is known)
    and `when_local` (court time)."""
    zone = calendar_for_case(case).zone
    rows = list(
        Disclosure.objects.filter(case=case)
        .select_related("window", "pinned_window")
        .order_by("occurred_at", "pk")
    )
    for row in rows:
        local = row.occurred_at.astimezone(zone)
        row.when_local = local
        row.when_iso = (
            local.isoformat(timespec="seconds") if row.time_known else local.date().isoformat()
        )
    return rows


def order_terms(
    case: Case, now: datetime | None = None, membership: CaseMembership | None = None
) -> list[Obligation]:
    """The advance-notice terms of the case's orders, each with `term` (pure OrderTerm),
    `running` (False once its end event's day has come) and `describe`. With a membership, only
    the terms of orders that member may see (a sealed order's term is shown to admins only)."""
    now = now or timezone.now()
    today = now.astimezone(zone_for(case)).date()
    terms = []
    for obligation in notice_obligations(case):
        if membership is not None and not entry_visible(obligation.order, membership):
            continue
        term = term_of(obligation)
        obligation.term = term
        obligation.running = term.ends_on is None or term.ends_on > today
        obligation.description = term.describe()
        terms.append(obligation)
    return terms


def ledger(
    case: Case, now: datetime | None = None, membership: CaseMembership | None = None
) -> dict[str, Any]:
    """The compliance page: the order's terms, every disclosure (newest first) with its verdict,
    every notice with both ends and the disclosure that used it, counts by verdict. A notice
    docketed as an entry the member may not see is left out, and a disclosure judged against it
    shows its verdict without the notice's details."""
    now = now or timezone.now()
    windows = list(
        NoticeWindow.objects.visible_to(membership)
        .filter(case=case)
        .select_related("entry")
        .prefetch_related(
            Prefetch("disclosures", queryset=Disclosure.objects.order_by("occurred_at"))
        )
        .order_by("-received_at")
    )
    visible = {window.pk for window in windows}
    for window in windows:
        window.is_open = window.closes_at > now
        window.used_by = next(iter(window.disclosures.all()), None)
    disclosures = list(reversed(ledger_rows(case)))
    counts = {verdict: 0 for verdict in Disclosure.Verdict.values}
    for row in disclosures:
        counts[row.verdict] += 1
        if row.window_id and row.window_id not in visible:
            row.window = None
            row.notice_hidden = True
            row.summary = "Judged against a notice you may not see."
            row.explanation = []
    return {
        "terms": order_terms(case, now, membership),
        "disclosures": disclosures,
        "windows": windows,
        "counts": counts,
        "breach_count": counts[Disclosure.Verdict.BREACH],
        "disputed_count": counts[Disclosure.Verdict.DISPUTED],
    }
