"""Reads for the notices app: dashboards, the case panel, the compliance ledger, the feed."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from casetracker.courttime import zone_for
from casetracker.models import Case, CaseMembership, User
from casetracker.permissions import cases_for
from docket.models import DocketEntry, Obligation
from notices.deadlines import status_words
from notices.deadlines.status_words import DeadlineView
from notices.models import Deadline, Disclosure, NoticeWindow, Notification

SORTS = {
    "due": ("due_at", "pk"),
    "-due": ("-due_at", "-pk"),
    "case": ("case__short_name", "due_at"),
    "party": ("responsible_side", "due_at"),
    "status": ("status", "due_at"),
    "title": ("title", "due_at"),
}
SOON = timedelta(days=7)


def unread_count(user: User) -> int:
    """The header's badge, on every page. Most of the time the user has nothing unread, and one
    indexed query says so; only then is the visibility query (many joins, and most of a small
    page's time when built on every request: bench/floor.py) worth building."""
    if not Notification.objects.filter(user=user, read_at__isnull=True).exists():
        return 0
    return visible_unread_count(user)


def visible_unread_count(user: User) -> int:
    """Unread notifications the user may still see (the visibility layer's query)."""
    return Notification.objects.visible_to_user(user).filter(read_at__isnull=True).count()


def _deadlines(
    cases: Iterable[Case] | QuerySet[Case],
    membership: CaseMembership | None = None,
    user: User | None = None,
) -> QuerySet[Deadline]:
    """Deadlines of `cases` that the member (one case) or the user (each case by their role
    there) may see now: notices/visibility.py hides those derived from entries they may not see."""
    visible = (
        Deadline.objects.visible_to(membership)
        if membership is not None
        else Deadline.objects.visible_to_user(user)
    )
    return visible.filter(case__in=cases).select_related(
        "case__court",
        "responsible_party",
        "satisfied_by",
        "satisfied_by_production",
        "trigger",
        "vacated_by",
    )


def _person(user: User | None) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def met_by_label(deadline: Deadline) -> str:
    """What met the deadline, in words: "ECF 150" or "Volume 1 of the record"."""
    if deadline.satisfied_by_production is not None:
        return f"the production of volume {deadline.satisfied_by_production.volume} of the record"
    if deadline.satisfied_by_id:
        return str(deadline.satisfied_by)
    return ""


def view_of(
    deadline: Deadline, now: datetime | None = None, *, for_client: bool = False
) -> DeadlineView:
    """THE wording of one deadline (see notices.deadlines.status_words): every page, the calendar feed,
    the alerts, the docket sheet and the `deadlines` command call this. Sets and returns
    `deadline.view`. For clients the team's name and reason for vacating are left out."""
    now = now or timezone.now()
    zone = zone_for(deadline.case)
    deadline.view = status_words.describe(
        status=deadline.status,
        owner=deadline.owner,
        due_at=deadline.due_at,
        now=now,
        zone=zone,
        is_day=is_day_deadline(deadline, zone),
        met_on=deadline.met_on,
        met_by=met_by_label(deadline),
        vacated_on=deadline.vacated_at.astimezone(zone).date() if deadline.vacated_at else None,
        vacated_by="" if for_client else _person(deadline.vacated_by),
        vacate_reason="" if for_client else deadline.vacate_reason,
        source=str(deadline.trigger) if deadline.trigger_id else "",
    )
    return deadline.view


def with_views(deadlines: Iterable[Deadline], now: datetime | None = None) -> list[Deadline]:
    now = now or timezone.now()
    rows = list(deadlines)
    for deadline in rows:
        view_of(deadline, now)
    return rows


def is_day_deadline(deadline: Deadline, zone: ZoneInfo | None = None) -> bool:
    """A day deadline (ends 11:59:59 pm court time) rather than an hour one or a hearing."""
    zone = zone or zone_for(deadline.case)
    if deadline.period:
        return not deadline.period.strip().lower().endswith("h")
    return status_words.is_day_deadline(deadline.due_at, zone)


def urgency(deadline: Deadline, now: datetime | None) -> str:
    """The list section a deadline belongs to (see status_words.GROUPS)."""
    return view_of(deadline, now).group


def dashboard(
    *,
    cases: Iterable[Case] | QuerySet[Case],
    membership: CaseMembership | None = None,
    user: User | None = None,
    sort: str = "due",
    show_closed: bool = False,
    now: datetime | None = None,
) -> dict[str, list[Deadline]]:
    """Deadlines grouped: our overdue (alarm), their non-compliance, due in 7 days, later,
    and (on request) met/vacated/past. Each group sorted by `sort`. Two queries whatever the
    number of deadlines. Suggestions awaiting review are not deadlines and are left out."""
    now = now or timezone.now()
    order = SORTS.get(sort, SORTS["due"])
    rows = (
        _deadlines(cases, membership, user)
        .exclude(status=Deadline.Status.SUGGESTED)
        .order_by(*order)
    )
    if not show_closed:
        rows = rows.exclude(status__in=(Deadline.Status.MET, Deadline.Status.VACATED))
    groups: dict[str, list[Deadline]] = {
        key: [] for key in ("alarm", "noncompliance", "soon", "later", "closed")
    }
    for deadline in with_views(rows, now):
        deadline.urgency = deadline.view.group
        if deadline.urgency == "closed" and not show_closed:
            continue
        groups[deadline.urgency].append(deadline)
    return groups


def source_label(entry: DocketEntry | None) -> str:
    """ "ECF 150", or for an entry without a number "Minute order 19 Oct 2026"."""
    if entry is None:
        return ""
    if entry.number:
        return f"ECF {entry.number}"
    day = entry.date_filed
    return f"{entry.get_kind_display()} {day.day} {day:%b} {day.year}"


def due_label(deadline: Deadline) -> str:
    """YYYY-MM-DD for a day deadline; ISO 8601 court-local date-time for an hour one."""
    zone = zone_for(deadline.case)
    local = deadline.due_at.astimezone(zone)
    if is_day_deadline(deadline, zone):
        return local.date().isoformat()
    return local.isoformat(timespec="minutes")


def deadline_lines(case: Case, which: str = "open") -> list[tuple[str, str, str, str, str, str]]:
    """Rows for the `deadlines` command: (due, status, owner, rule, title, source). `which`:
    open | all (every status but suggested) | suggested (awaiting review)."""
    rows = Deadline.objects.filter(case=case).select_related(
        "case__court", "trigger", "obligation__order"
    )
    if which == "suggested":
        rows = rows.filter(status=Deadline.Status.SUGGESTED, review="")
    elif which == "all":
        rows = rows.exclude(status=Deadline.Status.SUGGESTED)
    else:
        rows = rows.filter(status=Deadline.Status.OPEN)
    lines = []
    for deadline in rows.order_by("due_at", "pk"):
        source = deadline.trigger or (deadline.obligation.order if deadline.obligation else None)
        lines.append(
            (
                due_label(deadline),
                deadline.status,
                deadline.owner,
                deadline.rule or "",
                " ".join(deadline.title.split()),
                source_label(source),
            )
        )
    return lines


def suggestions(
    case: Case, membership: CaseMembership | None, now: datetime | None = None
) -> list[Deadline]:
    """Suggested deadlines and hearings awaiting the team's review, soonest first."""
    rows = (
        _deadlines([case], membership)
        .filter(status=Deadline.Status.SUGGESTED, review="")
        .order_by("due_at", "pk")
    )
    return with_views(rows, now)


def deadlines_for_sheet(
    case: Case, visibilities: Iterable[str], now: datetime | None = None
) -> list[Deadline]:
    """Deadlines for a docket sheet made for these entry visibilities: a deadline derived from
    an entry (its order, trigger, or what met it: notices/visibility.py) appears only if that
    entry is on the sheet; a public-only sheet shows only deadlines marked public. Suggestions
    are not deadlines and are left out."""
    from notices.visibility import DEADLINE_SOURCES

    visibilities = [v for v in visibilities if v]
    rows = Deadline.objects.filter(case=case).exclude(status=Deadline.Status.SUGGESTED)
    for path in DEADLINE_SOURCES:
        rows = rows.filter(
            Q(**{f"{path}__isnull": True}) | Q(**{f"{path}__visibility__in": visibilities})
        )
    if set(visibilities) <= {DocketEntry.Visibility.PUBLIC}:
        rows = rows.filter(is_public=True)
    rows = rows.select_related(
        "case__court", "satisfied_by", "satisfied_by_production", "trigger", "vacated_by"
    ).order_by("due_at", "pk")
    return with_views(rows, now)


def team_cases(user: User) -> QuerySet[Case]:
    """Cases on which the user is on the legal team (the cross-case dashboard)."""
    cases = cases_for(user)
    if user.is_superuser:
        return cases
    return cases.filter(
        memberships__user=user, memberships__role__in=("admin", "attorney", "paralegal")
    )


def deadline_for(case: Case, membership: CaseMembership | None, pk: int) -> Deadline:
    try:
        return _deadlines([case], membership).select_related("obligation__order").get(pk=pk)
    except Deadline.DoesNotExist:
        raise Http404("No such deadline.") from None


RECENT = timedelta(days=14)
RECENT_SHOWN = 5


@dataclass
class CaseDeadlines:
    """The case page's deadlines (each with its `view`): the next open one, ours past due (the
    red alarm), theirs past due (their non-compliance; the court's passed dates are nobody's
    default and are not listed) and the last few met or vacated in the past 14 days (so a
    deadline just met does not simply vanish)."""

    next: Deadline | None
    alarms: list[Deadline]
    noncompliance: list[Deadline]
    recent: list[Deadline]


def case_deadlines(
    case: Case, membership: CaseMembership | None, now: datetime | None = None
) -> CaseDeadlines:
    """Every part of CaseDeadlines in one query (the case page is the most visited page, and
    each query on deadlines costs ~2 ms of CPU to build, for the joins that hide a deadline
    derived from an entry the member may not see). It reads every open deadline ahead to pick
    the next one, as the deadlines page lists them all anyway."""
    now = now or timezone.now()
    since = now - RECENT
    rows = list(
        _deadlines([case], membership)
        .filter(
            Q(status__in=(Deadline.Status.OPEN, Deadline.Status.MISSED), due_at__lt=now)
            | Q(status=Deadline.Status.OPEN, due_at__gte=now)
            | Q(status=Deadline.Status.MET, met_on__gte=since.date())
            | Q(status=Deadline.Status.VACATED, vacated_at__gte=since)
        )
        .order_by("due_at", "pk")
    )
    ahead = [d for d in rows if d.status == Deadline.Status.OPEN and d.due_at >= now][:1]
    passed = [
        d
        for d in rows
        if d.status in (Deadline.Status.OPEN, Deadline.Status.MISSED) and d.due_at < now
    ]
    closed = [d for d in rows if d.status in (Deadline.Status.MET, Deadline.Status.VACATED)]
    recent = sorted(closed, key=lambda d: (d.due_at, d.pk), reverse=True)[:RECENT_SHOWN]
    with_views([*ahead, *passed, *recent], now)  # only the ones shown are worded
    return CaseDeadlines(
        next=ahead[0] if ahead else None,
        alarms=[d for d in passed if d.view.is_alarm],
        noncompliance=[d for d in passed if d.view.state == "noncompliance"],
        recent=recent,
    )


def open_windows(
    case: Case, now: datetime | None = None, membership: CaseMembership | None = None
) -> list[NoticeWindow]:
    now = now or timezone.now()
    return list(
        NoticeWindow.objects.visible_to(membership)
        .filter(case=case, closes_at__gt=now)
        .order_by("closes_at")
    )


def flagged_disclosures(case: Case) -> dict[str, int]:
    """How many disclosures of the case are breaches and how many disputed (one query; the
    case page says how many and links to the ledger). Team-only: callers check the role."""
    flagged = (Disclosure.Verdict.BREACH, Disclosure.Verdict.DISPUTED)
    counts = dict(
        Disclosure.objects.filter(case=case, verdict__in=flagged)
        .values("verdict")
        .annotate(n=Count("pk"))
        .values_list("verdict", "n")
    )
    return {verdict: counts.get(verdict, 0) for verdict in flagged}


def obligations_for(entry: DocketEntry, membership: CaseMembership | None) -> list[Obligation]:
    """An order's obligations with their deadlines (clients: public deadlines only)."""
    deadlines = (
        Deadline.objects.visible_to(membership)
        .select_related(
            "case__court", "satisfied_by", "satisfied_by_production", "vacated_by", "trigger"
        )
        .exclude(status=Deadline.Status.SUGGESTED)
    )
    return list(
        Obligation.objects.visible_to(membership)
        .filter(order=entry)
        .select_related("party", "trigger")
        .prefetch_related(Prefetch("deadlines", queryset=deadlines))
        .order_by("pk")
    )


def notifications_for(user: User, limit: int = 200) -> list[Notification]:
    """The user's notifications they may still read: checked against their current role and the
    current visibility of each one's source on every read (notices/visibility.py)."""
    return list(Notification.objects.visible_to_user(user).select_related("case__court")[:limit])


def feed_items(
    user: User,
) -> tuple[list[Deadline], list[NoticeWindow], frozenset[int]]:
    """(deadlines, windows, client case ids) for the user's calendar feed, each case judged by
    the user's role there now: the team sees the deadlines and notice windows of their cases,
    clients only public deadlines and no notice windows, and nobody anything derived from an
    entry they may not see. Vacated deadlines stay, as cancelled events."""
    deadlines = list(
        Deadline.objects.visible_to_user(user)
        .exclude(status=Deadline.Status.SUGGESTED)
        .select_related("case__court", "satisfied_by", "satisfied_by_production", "trigger")
    )
    windows = list(NoticeWindow.objects.visible_to_user(user).select_related("case__court"))
    client = frozenset(user.memberships.filter(role="client").values_list("case_id", flat=True))
    return deadlines, windows, client


def role_may_see(obj: Deadline | NoticeWindow | Disclosure | Notification, role: str) -> bool:
    """Whether a member with `role` on obj's case may see this deadline/window/... now (e.g.
    "Clients see it" on the deadline page)."""
    model = type(obj)
    q = model.objects.role_q(role)
    return q is not None and model.objects.filter(pk=obj.pk).filter(q).exists()
