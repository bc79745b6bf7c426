"""Reads for the notices app: dashboards, the case panel, the compliance ledger, the feed."""

from datetime import timedelta

from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from casetracker.permissions import cases_for
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
    return Notification.objects.visible_to_user(user).filter(read_at__isnull=True).count()


def _deadlines(cases, membership=None, user=None):
    """Deadlines of `cases` that the member (one case) or the user (each case by their role
    there) may see now: notices/visibility.py hides those derived from entries they may not see."""
    visible = (
        Deadline.objects.visible_to(membership)
        if membership is not None
        else Deadline.objects.visible_to_user(user)
    )
    return visible.filter(case__in=cases).select_related(
        "case__court", "responsible_party", "satisfied_by", "trigger"
    )


def urgency(deadline, now):
    """overdue / soon / later / closed — what colour a deadline gets on the dashboard."""
    if deadline.status in (Deadline.Status.MET, Deadline.Status.VACATED):
        return "closed"
    if deadline.status == Deadline.Status.MISSED or deadline.due_at < now:
        return "overdue"
    if deadline.due_at <= now + SOON:
        return "soon"
    return "later"


def dashboard(*, cases, membership=None, user=None, sort="due", show_closed=False, now=None):
    """Deadlines grouped overdue / due in 7 days / later (and closed on request), each group
    sorted by `sort`. Two queries whatever the number of deadlines."""
    now = now or timezone.now()
    order = SORTS.get(sort, SORTS["due"])
    rows = _deadlines(cases, membership, user).order_by(*order)
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


def open_windows(case, now=None, membership=None):
    now = now or timezone.now()
    return list(
        NoticeWindow.objects.visible_to(membership)
        .filter(case=case, closes_at__gt=now)
        .order_by("closes_at")
    )


def breaches(case):
    return list(
        Disclosure.objects.filter(case=case, verdict=Disclosure.Verdict.BREACH).select_related(
            "window"
        )
    )


def disputed(case):
    return list(Disclosure.objects.filter(case=case, verdict=Disclosure.Verdict.DISPUTED))


def obligations_for(entry, membership):
    """An order's obligations with their deadlines (clients: public deadlines only)."""
    deadlines = Deadline.objects.visible_to(membership).select_related("satisfied_by")
    return list(
        Obligation.objects.visible_to(membership)
        .filter(order=entry)
        .select_related("party", "trigger")
        .prefetch_related(Prefetch("deadlines", queryset=deadlines))
        .order_by("pk")
    )


def notifications_for(user, limit=200):
    """The user's notifications they may still read: checked against their current role and the
    current visibility of each one's source on every read (notices/visibility.py)."""
    return list(Notification.objects.visible_to_user(user).select_related("case__court")[:limit])


def feed_items(user):
    """(deadlines, windows) for the user's calendar feed, each case judged by the user's role
    there now: the team sees the deadlines and notice windows of their cases, clients only public
    deadlines and no notice windows, and nobody anything derived from an entry they may not see."""
    deadlines = list(
        Deadline.objects.visible_to_user(user)
        .exclude(status=Deadline.Status.VACATED)
        .select_related("case__court")
    )
    windows = list(NoticeWindow.objects.visible_to_user(user).select_related("case__court"))
    return deadlines, windows


def role_may_see(obj, role):
    """Whether a member with `role` on obj's case may see this deadline/window/... now (e.g.
    "Clients see it" on the deadline page)."""
    model = type(obj)
    q = model.objects.role_q(role)
    return q is not None and model.objects.filter(pk=obj.pk).filter(q).exists()
