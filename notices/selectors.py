"""Reads for the notices app: dashboards, the case panel, the compliance ledger, the feed."""

from datetime import timedelta

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from casetracker.permissions import cases_for, is_team
from docket.models import Obligation

from .models import Deadline, Disclosure, NoticeWindow, Notification

SORTS = {
    "due": ("due_at", "pk"),
    "-due": ("-due_at", "-pk"),
    "case": ("case__short_name", "due_at"),
    "party": ("responsible_side", "due_at"),
    "status": ("status", "due_at"),
    "title": ("title", "due_at"),
}
SOON = timedelta(days=7)


def unread_count(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def _deadlines(cases, membership=None):
    rows = Deadline.objects.filter(case__in=cases).select_related(
        "case", "responsible_party", "satisfied_by", "trigger"
    )
    if membership is not None and not is_team(membership):
        rows = rows.filter(is_public=True)
    return rows


def urgency(deadline, now):
    """overdue / soon / later / closed — what colour a deadline gets on the dashboard."""
    if deadline.status in (Deadline.Status.MET, Deadline.Status.VACATED):
        return "closed"
    if deadline.status == Deadline.Status.MISSED or deadline.due_at < now:
        return "overdue"
    if deadline.due_at <= now + SOON:
        return "soon"
    return "later"


def dashboard(*, cases, membership=None, sort="due", show_closed=False, now=None):
    """Deadlines grouped overdue / due in 7 days / later (and closed on request), each group
    sorted by `sort`. Two queries whatever the number of deadlines."""
    now = now or timezone.now()
    order = SORTS.get(sort, SORTS["due"])
    rows = _deadlines(cases, membership).order_by(*order)
    if not show_closed:
        rows = rows.exclude(status__in=(Deadline.Status.MET, Deadline.Status.VACATED))
    groups = {"overdue": [], "soon": [], "later": [], "closed": []}
    for deadline in rows:
        deadline.urgency = urgency(deadline, now)
        groups[deadline.urgency].append(deadline)
    return groups


def team_cases(user):
    """Cases on which the user is on the legal team (the cross-case dashboard)."""
    cases = cases_for(user)
    if user.is_superuser:
        return cases
    return cases.filter(
        memberships__user=user, memberships__role__in=("admin", "attorney", "paralegal")
    )


def deadline_for(case, membership, pk):
    try:
        return _deadlines([case], membership).select_related("obligation__order").get(pk=pk)
    except Deadline.DoesNotExist:
        raise Http404("No such deadline.") from None


def next_deadline(case, membership, now=None):
    now = now or timezone.now()
    return (
        _deadlines([case], membership)
        .filter(status=Deadline.Status.OPEN, due_at__gte=now)
        .order_by("due_at")
        .first()
    )


def overdue_deadlines(case, membership, now=None):
    now = now or timezone.now()
    return list(
        _deadlines([case], membership).filter(
            status__in=(Deadline.Status.OPEN, Deadline.Status.MISSED), due_at__lt=now
        )
    )


def open_windows(case, now=None):
    now = now or timezone.now()
    return list(NoticeWindow.objects.filter(case=case, closes_at__gt=now).order_by("closes_at"))


def breaches(case):
    return list(Disclosure.objects.filter(case=case, is_breach=True).select_related("window"))


def ledger(case, now=None):
    """Every notice with its window and the disclosures judged against it, then the disclosures
    that had no notice at all."""
    now = now or timezone.now()
    windows = list(
        NoticeWindow.objects.filter(case=case)
        .select_related("entry", "created_by")
        .prefetch_related(
            Prefetch("disclosures", queryset=Disclosure.objects.order_by("occurred_at"))
        )
        .order_by("-received_at")
    )
    for window in windows:
        window.is_open = window.closes_at > now
    unnoticed = list(
        Disclosure.objects.filter(case=case, window__isnull=True).order_by("-occurred_at")
    )
    disclosures = list(
        Disclosure.objects.filter(case=case).select_related("window").order_by("-occurred_at")
    )
    return {"windows": windows, "unnoticed": unnoticed, "disclosures": disclosures}


def obligations_for(entry, membership):
    """An order's obligations with their deadlines (clients: public deadlines only)."""
    deadlines = Deadline.objects.select_related("satisfied_by")
    if not is_team(membership):
        deadlines = deadlines.filter(is_public=True)
    return list(
        Obligation.objects.filter(order=entry)
        .select_related("party", "trigger")
        .prefetch_related(Prefetch("deadlines", queryset=deadlines))
        .order_by("pk")
    )


def notifications_for(user, limit=200):
    return list(Notification.objects.filter(user=user).select_related("case__court")[:limit])


def feed_items(user):
    """(deadlines, windows) for the user's calendar feed: the team sees every deadline and notice
    window of their cases; clients only public deadlines and no notice windows."""
    memberships = list(user.memberships.select_related("case__court"))
    team = [m.case_id for m in memberships if m.is_team]
    client = [m.case_id for m in memberships if not m.is_team]
    deadlines = list(
        Deadline.objects.filter(case_id__in=team)
        .exclude(status=Deadline.Status.VACATED)
        .select_related("case__court")
    ) + list(
        Deadline.objects.filter(case_id__in=client, is_public=True)
        .exclude(status=Deadline.Status.VACATED)
        .select_related("case__court")
    )
    windows = list(NoticeWindow.objects.filter(case_id__in=team).select_related("case__court"))
    return deadlines, windows
