"""Reads for the client status page. Everything here is public material only, whoever asks:
the team previews exactly what clients see. Never read internal notes, drafts, restricted or
sealed entries, privileged record documents, or other clients' data here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, Q, QuerySet

from casetracker.courttime import court_date, court_datetime, zone_for
from casetracker.models import Attorney, Case, Party, Role
from docket.models import DocketEntry, Document, Obligation
from docket.record.selectors import first_production_date, record_obligation
from notices.deadlines.production import ProductionStatus, status_for
from notices.deadlines.status_words import DeadlineView
from notices.models import Deadline, Disclosure, NoticeWindow

PUBLIC = DocketEntry.Visibility.PUBLIC
MAX_DATES = 6


def court_zone(case: Case) -> ZoneInfo:
    return zone_for(case)


def key_orders(case: Case) -> list[DocketEntry]:
    """Public key orders, newest first, each with `pdf` = its main public document with a file
    (or None)."""
    with_files = Document.objects.exclude(file="").order_by("attachment_number", "pk")
    entries = (
        DocketEntry.objects.filter(case=case, is_key_order=True, visibility=PUBLIC)
        .only("id", "case_id", "number", "date_filed", "kind", "text", "plain_summary")
        .prefetch_related(Prefetch("documents", queryset=with_files, to_attr="files"))
        .order_by("-date_filed", "-number", "-pk")
    )
    result = list(entries)
    for entry in result:
        entry.pdf = entry.files[0] if entry.files else None
    return result


def _public_deadlines(case: Case) -> QuerySet[Deadline]:
    """Deadlines a client may see (public, and from public entries only: notices/visibility.py),
    suggestions left out."""
    return (
        Deadline.objects.filter(case=case)
        .filter(Deadline.objects.role_q(Role.CLIENT))
        .exclude(status=Deadline.Status.SUGGESTED)
        .select_related("case__court", "satisfied_by", "satisfied_by_production", "trigger")
    )


def _with_views(rows: Iterable[Deadline], now: datetime) -> list[Deadline]:
    from notices.deadlines.selectors import view_of

    rows = list(rows)
    for deadline in rows:
        view_of(deadline, now, for_client=True)  # never who on the team vacated it, or why
    return rows


def next_public_dates(case: Case, now: datetime) -> list[Deadline]:
    """Open public deadlines from now on, soonest first, with their status words."""
    rows = (
        _public_deadlines(case)
        .filter(status=Deadline.Status.OPEN, due_at__gte=now)
        .order_by("due_at")[:MAX_DATES]
    )
    return _with_views(rows, now)


def earlier_public_dates(case: Case, now: datetime) -> list[Deadline]:
    """Public dates already past, met or vacated, latest first, with their status words."""
    rows = (
        _public_deadlines(case)
        .filter(Q(due_at__lt=now) | ~Q(status=Deadline.Status.OPEN))
        .order_by("-due_at")[:MAX_DATES]
    )
    return _with_views(rows, now)


@dataclass(frozen=True)
class NoticeOrderStatus:
    exists: bool
    rule: str = ""  # what the order requires, in plain words
    notices: str = ""  # notices received so far
    disclosures: str = ""  # disclosures reported
    window_open: bool = False
    closes_at: object = None
    order: object = None


def _lower_first(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text else text


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def notice_order_status(case: Case, now: datetime) -> NoticeOrderStatus:
    """The 24-hour notice order in plain words: what it requires (in the past tense once its
    end event has come), notices received (with when the waiting period ends or ended), and
    disclosures reported, by verdict. Times only — never what data, who gave notice, or the
    team's notes."""
    zone = court_zone(case)
    obligation = (
        Obligation.objects.filter(
            order__case=case, standing_notice_hours__isnull=False, order__visibility=PUBLIC
        )
        .select_related("order")
        .order_by("-order__date_filed", "-pk")
        .first()
    )
    if obligation is None:
        return NoticeOrderStatus(exists=False)
    today = now.astimezone(zone).date()
    ended = obligation.effective_until is not None and obligation.effective_until <= today
    who = "the government" if obligation.party_side == "defendant" else "the other side"
    order = (
        f"the Court's {obligation.order.get_kind_display().lower()} of "
        f"{court_date(obligation.order.date_filed)}"
    )
    if ended:
        until = court_date(obligation.effective_until)
        event = obligation.effective_until_event
        rule = (
            f"Under {order}, {who} had to {_lower_first(obligation.text)}. That requirement "
            f"ended on {until}{f' ({event})' if event else ''}; it no longer applies."
        )
    else:
        rule = f"Under {order}, {who} must {_lower_first(obligation.text)}."
    all_windows = NoticeWindow.objects.filter(case=case)
    within = all_windows
    if ended:  # notices that came after the requirement ended are not notices under it
        end = datetime.combine(obligation.effective_until + timedelta(days=1), time(0), zone)
        within = all_windows.filter(received_at__lt=end)
    windows = list(within.only("received_at", "closes_at").order_by("-received_at")[:1])
    count = within.count()
    later = all_windows.count() - count
    window_open = False
    closes_at = None
    if count == 0:
        notices = "No notices were received." if ended else "No notices have been received."
    else:
        latest = windows[0]
        closes_at = latest.closes_at
        window_open = closes_at > now and not ended
        which = "It" if count == 1 else "The most recent"
        verb = "ends" if closes_at > now else "ended"
        received = "received" if not ended else "received while it applied"
        notices = (
            f"{_count(count, 'notice')} {received}. {which} arrived "
            f"{court_datetime(latest.received_at, case)}; the waiting period {verb} "
            f"{court_datetime(closes_at, case)}."
        )
    if later:
        notices += f" {_count(later, 'further notice')} came after the requirement ended."
    return NoticeOrderStatus(
        exists=True,
        rule=rule,
        notices=notices,
        disclosures=_disclosure_sentence(case, ended),
        window_open=window_open,
        closes_at=closes_at.astimezone(zone) if closes_at else None,
        order=obligation.order,
    )


def _disclosure_sentence(case: Case, ended: bool) -> str:
    counts = {
        row["verdict"]: row["n"]
        for row in Disclosure.objects.filter(case=case).values("verdict").annotate(n=Count("pk"))
    }
    V = Disclosure.Verdict
    judged = sum(counts.get(v, 0) for v in (V.COMPLIANT, V.DISPUTED, V.BREACH))
    outside = counts.get(V.OUTSIDE, 0)
    parts = []
    if judged == 0:
        parts.append(
            "No disclosures were reported while it applied."
            if ended
            else "No disclosures have been reported."
        )
    elif counts.get(V.BREACH, 0) == 0 and counts.get(V.DISPUTED, 0) == 0:
        verb = "was" if judged == 1 else "were"
        parts.append(f"{_count(judged, 'disclosure')} {verb} reported, after proper notice.")
    else:
        if counts.get(V.BREACH):
            n = counts[V.BREACH]
            parts.append(
                f"{_count(n, 'disclosure')} did not follow the notice order. Your legal team "
                "has been alerted."
            )
        if counts.get(V.DISPUTED):
            n = counts[V.DISPUTED]
            parts.append(
                f"{_count(n, 'disclosure')} came more than 24 hours after notice but before "
                "the waiting period ended under the court's rules for weekends and holidays; "
                "whether that was enough notice is disputed."
            )
        if counts.get(V.COMPLIANT):
            parts.append(f"{_count(counts[V.COMPLIANT], 'disclosure')} followed proper notice.")
    if outside:
        verb = "was" if outside == 1 else "were"
        parts.append(
            f"{_count(outside, 'disclosure')} {verb} made outside the period the order covered, "
            "so it does not judge them."
            if outside > 1
            else "1 disclosure was made outside the period the order covered, so it does not "
            "judge it."
        )
    return " ".join(parts)


def public_record_status(
    case: Case, now: datetime
) -> tuple[Obligation | None, ProductionStatus | None]:
    """The record-production obligation and its status, only if its order is public."""
    obligation, _how = record_obligation(case)
    if obligation is None or obligation.order.visibility != PUBLIC:
        return None, None
    return obligation, status_for(
        case, obligation, first_production_date(case), now=now, for_client=True
    )


def default_stage(
    orders: Sequence[DocketEntry], record_status: ProductionStatus | None, case: Case
) -> str:
    """A factual stage line when the team has not written one: the latest key order and the
    record's status."""
    parts = []
    if orders:
        latest = orders[0]
        line = f"Latest order {court_date(latest.date_filed)}"
        if latest.plain_summary:
            line += f": {latest.plain_summary.rstrip('.')}"
        parts.append(line)
    if record_status is not None:
        parts.append(record_stage(record_status, case))
    return "; ".join(parts)


def record_stage(record_status: ProductionStatus, case: Case) -> str:
    """The record's part of the stage line, in the words of its status on the same page: a
    record due in October and not produced in November is "Their non-compliance" there, so
    the stage line must not call it "pending" (one status per deadline on every page)."""
    if record_status.produced_on:
        return f"administrative record produced {court_date(record_status.produced_on)}"
    if record_status.due_at is None:
        return "administrative record pending"
    view = record_status.view
    if isinstance(view, DeadlineView):
        due_text = view.due_text
    else:
        due_text = court_date(record_status.due_at, case)
    return f"administrative record: {record_status.label} (due {due_text})"


def legal_team(case: Case, party: Party | None = None) -> list[Attorney]:
    """The counsel a client may contact: the attorneys of record for the client's own party
    (or, for the team's preview, for every plaintiff), current representations only, lead
    counsel first. Names, organisation, e-mail and phone — public on the court's docket."""
    from casetracker.models import Attorney, Party, Representation

    reps = Representation.objects.filter(party__case=case, terminated__isnull=True)
    reps = (
        reps.filter(party=party)
        if party is not None
        else reps.filter(party__side=Party.Side.PLAINTIFF)
    )
    lead = {
        pk
        for pk, role in reps.values_list("attorney_id", "role")
        if role == Representation.Role.LEAD
    }
    attorneys = Attorney.objects.filter(pk__in=reps.values("attorney_id")).order_by("name")
    return sorted(attorneys, key=lambda a: (a.pk not in lead, a.name))
