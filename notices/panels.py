"""What docket pages show from notices: the case page's time panel (next deadline, open notice
windows), an order's deadlines on the entry page, the record's production deadline and the
deadlines block of the docket sheet PDF. Registered as providers of docket.panels slots (in
NoticesConfig.ready), so docket's views compose them without importing notices and docket
templates never load a notices tag library."""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from casetracker.courttime import zone_for
from casetracker.permissions import EDITORS, is_team
from docket.panels import provide
from docket.visibility import entry_visible
from notices.compliance import selectors as compliance_selectors
from notices.compliance import windows as compliance
from notices.deadlines import production, selectors
from notices.deadlines.response_deadlines import set_by_court

from . import panel_cache
from .models import Deadline, Disclosure


@provide("case_detail")
def case_time_panel(*, case, membership):
    """The time panel of the case page, from the cache when it is still true (panel_cache)."""
    key = panel_cache.key(case, membership.role if membership is not None else "")
    html = cache.get(key)
    if html is None:
        now = timezone.now()
        html, moments = _time_panel(case, membership, now)
        cache.set(key, html, panel_cache.seconds_fresh(now, moments))
    return html


def _time_panel(case, membership, now):
    """(the panel's HTML, the moments at which its words change by the clock)."""
    team = is_team(membership)
    deadlines = selectors.case_deadlines(case, membership, now)
    terms = compliance_selectors.order_terms(case, now) if team else []
    flagged = selectors.flagged_disclosures(case) if team else {}
    windows = selectors.open_windows(case, now, membership) if team else []
    context = {
        "case": case,
        "membership": membership,
        "is_team": team,
        "next_deadline": deadlines.next,
        "overdue": deadlines.alarms,
        "noncompliance": deadlines.noncompliance,
        "recent": deadlines.recent,
        "windows": _with_order_period(case, windows, terms),
        "breach_count": flagged.get(Disclosure.Verdict.BREACH, 0),
        "disputed_count": flagged.get(Disclosure.Verdict.DISPUTED, 0),
        # Every term decides whether a window is inside the order; only the terms of orders this
        # member may see are shown (a sealed 24-hour order's term: admins only).
        "notice_terms": [t for t in terms if entry_visible(t.order, membership)],
        "now": now,
    }
    html = render_to_string("notices/_case_time_panel.html", context)
    return html, panel_cache.moments_of(deadlines.next, windows)


def _with_order_period(case, windows, order_terms):
    """Mark each open window whose notice came outside every advance-notice term's period (a
    disclosure under it would be outside the order)."""
    terms = [t.term for t in order_terms]
    zone = zone_for(case)
    for window in windows:
        window.outside_order = bool(terms) and all(
            compliance.position(window.received_at, term, zone)
            in (compliance.OUTSIDE_BEFORE, compliance.OUTSIDE_AFTER)
            for term in terms
        )
    return windows


@provide("entry_detail")
def entry_deadlines(*, entry, membership):
    """An order's obligations and their deadlines on the entry page; editors get the add link."""
    can_edit = membership is not None and membership.role in EDITORS and entry.is_order
    obligations = selectors.obligations_for(entry, membership) if entry.is_order else []
    now = timezone.now()
    for obligation in obligations:
        selectors.with_views(obligation.deadlines.all(), now)
    context = {
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
    return render_to_string("notices/_entry_deadlines.html", context)


@provide("docket_sheet")
def docket_sheet_deadlines(*, case, visibilities, generated):
    """The deadlines block at the end of the docket sheet PDF: only deadlines derived from
    entries of the visibilities the sheet was made for, in the words every page uses."""
    deadlines = selectors.deadlines_for_sheet(case, visibilities or (), now=generated)
    return render_to_string("notices/_docket_sheet_deadlines.html", {"deadlines": deadlines})


@provide("record_page")
def record_production_status(*, case, obligation, produced_on):
    """The record page's production deadline (the rule: notices.deadlines.production)."""
    context = production.record_production_status(case, obligation, produced_on)
    return render_to_string("notices/_record_status.html", context)
