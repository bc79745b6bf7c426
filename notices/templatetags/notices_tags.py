"""Panels the case page shows from the notices app (next deadline, open notice windows).
A template tag keeps the dependency one-way: the docket templates load it by name."""

from django import template
from django.utils import timezone

from casetracker.courttime import zone_for
from casetracker.permissions import EDITORS, is_team
from notices.compliance import selectors as compliance_selectors
from notices.compliance import windows as compliance
from notices.deadlines import selectors
from notices.deadlines.response_deadlines import set_by_court

from ..models import Deadline

register = template.Library()


@register.inclusion_tag("notices/_case_time_panel.html")
def case_time_panel(case, membership):
    team = is_team(membership)
    alarms, noncompliance = selectors.past_due(case, membership)
    return {
        "case": case,
        "membership": membership,
        "is_team": team,
        "next_deadline": selectors.next_deadline(case, membership),
        "overdue": alarms,
        "noncompliance": noncompliance,
        "recent": selectors.recently_closed(case, membership),
        "windows": _with_order_period(case, selectors.open_windows(case, membership=membership))
        if team
        else [],
        "breaches": selectors.breaches(case) if team else [],
        "disputed": selectors.disputed(case) if team else [],
        "notice_terms": compliance_selectors.order_terms(case) if team else [],
        "now": timezone.now(),
    }


def _with_order_period(case, windows):
    """Mark each open window whose notice came outside every advance-notice term's period (a
    disclosure under it would be outside the order)."""
    terms = [t.term for t in compliance_selectors.order_terms(case)]
    for window in windows:
        window.outside_order = bool(terms) and all(
            compliance.position(window.received_at, term, zone_for(case))
            in (compliance.OUTSIDE_BEFORE, compliance.OUTSIDE_AFTER)
            for term in terms
        )
    return windows


@register.inclusion_tag("notices/_entry_deadlines.html")
def entry_deadlines(entry, membership):
    """An order's obligations and their deadlines on the entry page; editors get the add link."""
    can_edit = membership is not None and membership.role in EDITORS and entry.is_order
    obligations = selectors.obligations_for(entry, membership) if entry.is_order else []
    now = timezone.now()
    for obligation in obligations:
        selectors.with_views(obligation.deadlines.all(), now)
    return {
        "case": entry.case,
        "entry": entry,
        "obligations": obligations,
        "set_by_court": set_by_court(entry),
        "entry_deadlines": selectors.with_views(
            Deadline.objects.visible_to(membership)
            .filter(trigger=entry, obligation__isnull=True)
            .exclude(review="dismissed")
            .select_related("case__court", "satisfied_by", "satisfied_by_production", "trigger"),
            now,
        )
        if is_team(membership)
        else [],
        "can_edit": can_edit,
        "is_team": is_team(membership),
    }


@register.inclusion_tag("notices/_docket_sheet_deadlines.html")
def docket_sheet_deadlines(case, visibilities, generated):
    """The deadlines block at the end of the docket sheet PDF: only deadlines derived from
    entries of the visibilities the sheet was made for, in the words every page uses."""
    return {"deadlines": selectors.deadlines_for_sheet(case, visibilities or (), now=generated)}
