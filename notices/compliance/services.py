"""Writes for the advance-notice order: notices of intended disclosure (their windows and
alerts), disclosures and their verdicts, the order term's end, and the draft notice of
non-compliance. The rules themselves are in notices/compliance/windows.py (pure).

Verdicts are recomputed for the whole case on every write (`rejudge`), in time order, so the
result never depends on the order in which a paralegal typed things in: a notice entered late
covers the disclosure it announced, and a second disclosure under one notice has none. Every
changed verdict is audited (django-simple-history)."""

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casetracker.audit import attribute_to
from casetracker.courttime import court_datetime
from casetracker.jobs import enqueue_on_commit
from casetracker.models import Case, User
from docket.entries.obligations import write_obligation
from docket.models import DocketEntry, Obligation
from notices.compliance import windows as compliance
from notices.deadlines.schedule import is_stale, window_reminder_times
from notices.deadlines.services import (
    CHANNELS,
    _past_moment,
    _site_url,
    _upsert_reminders,
    _url,
    alerted_users,
    calendar_for_case,
)
from notices.models import Disclosure, NoticeWindow, Reminder

DEFAULT_NOTICE_HOURS = 24
ALERT_VERDICTS = (Disclosure.Verdict.BREACH, Disclosure.Verdict.DISPUTED)


# --------------------------------------------------------------------------- the order's terms


def notice_obligations(case: Case) -> list[Obligation]:
    """Every advance-notice term of the case's orders, newest order first."""
    return list(
        Obligation.objects.filter(order__case=case, standing_notice_hours__isnull=False)
        .select_related("order")
        .order_by("-order__date_filed", "-pk")
    )


def standing_notice_obligation(case: Case) -> Obligation | None:
    """The latest order requiring advance notice of each disclosure (the 24-hour order), if any."""
    terms = notice_obligations(case)
    return terms[0] if terms else None


def term_of(obligation: Obligation) -> compliance.OrderTerm:
    """The pure OrderTerm of an obligation."""
    order = obligation.order
    return compliance.OrderTerm(
        hours=obligation.standing_notice_hours or DEFAULT_NOTICE_HOURS,
        starts_on=order.date_filed,
        ends_on=obligation.effective_until,
        end_event=obligation.effective_until_event,
        label=f"the {order.get_kind_display().lower()} of {order.date_filed:%-d %b %Y}",
    )


def obligation_at(
    obligations: Iterable[Obligation], moment: datetime, zone: ZoneInfo
) -> Obligation | None:
    """The term in force at `moment` (the latest order whose period holds it; boundary days
    count), else None."""
    for obligation in obligations:
        where = compliance.position(moment, term_of(obligation), zone)
        if where not in (compliance.OUTSIDE_BEFORE, compliance.OUTSIDE_AFTER):
            return obligation
    return None


def end_order_term(
    *,
    obligation: Obligation,
    until: date | None,
    event: str,
    user: User | None,
    now: datetime | None = None,
) -> Obligation:
    """Record that an advance-notice term stopped running (e.g. the ruling on the motion it was
    tied to). Disclosures after that day are then outside the order; every verdict is redone."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    if obligation.standing_notice_hours is None:
        errors["obligation"] = "Only an advance-notice requirement has an end event."
    if not isinstance(until, date) or isinstance(until, datetime):
        errors["until"] = "Enter the day the requirement ended."
    else:
        today = now.astimezone(calendar_for_case(obligation.order.case).zone).date()
        if until > today:
            errors["until"] = "An end event cannot be recorded before it has happened."
        elif until < obligation.order.date_filed:
            errors["until"] = "The requirement cannot end before the order that made it."
    event = (event or "").strip()
    if not event:
        errors["event"] = "Say what ended it, e.g. “the Court's ruling on the motion”."
    if errors:
        raise ValidationError(errors)
    # The one write path for obligations; its announcement makes notices judge every
    # disclosure of the case again (notices/signals.py).
    obligation, _ = write_obligation(
        obligation=obligation,
        by=user,
        values={"effective_until": until, "effective_until_event": event[:300]},
    )
    return obligation


# --------------------------------------------------------------------------- notices


def window_for(
    *, case: Case, received_at: datetime
) -> tuple[compliance.WindowEnds, Obligation | None]:
    """(WindowEnds, obligation) for a notice received at `received_at`."""
    obligations = notice_obligations(case)
    zone = calendar_for_case(case).zone
    obligation = obligation_at(obligations, received_at, zone) or (
        obligations[0] if obligations else None
    )
    hours = (obligation.standing_notice_hours if obligation else None) or DEFAULT_NOTICE_HOURS
    ends = compliance.window_ends(received_at, hours, calendar_for_case(case))
    return ends, obligation


def _explanation(
    ends: compliance.WindowEnds, obligation: Obligation | None, case: Case
) -> list[str]:
    zone = calendar_for_case(case).zone
    if obligation is None:
        head = f"{ends.hours}-hour advance notice (no order with such a term is recorded)."
    else:
        term = term_of(obligation)
        head = f"{ends.hours}-hour advance notice: {term.describe()}."
        if compliance.position(ends.received, term, zone) in (
            compliance.OUTSIDE_BEFORE,
            compliance.OUTSIDE_AFTER,
        ):
            head += " This notice came outside that period."
    return [head, *ends.steps]


def record_notice(
    *,
    case: Case,
    received_at: datetime | None,
    data_description: str,
    user: User | None,
    recipient: str = "ICE",
    given_by: str = "",
    entry: DocketEntry | None = None,
    now: datetime | None = None,
) -> NoticeWindow:
    """Defendants gave notice of an intended disclosure: open the window (both ends), alert every
    attorney at once (after commit), schedule the closing reminders, and judge again any
    disclosure this notice may cover."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    received_at = _past_moment(
        received_at, case, "received_at", errors, now=now,
        missing="Enter when the notice was received (date and time).",
        future="The notice cannot have been received in the future.",
    )  # fmt: skip
    if not (data_description or "").strip():
        errors["data_description"] = "Describe the data to be disclosed."
    if not (recipient or "").strip():
        errors["recipient"] = "Say to whom the data is to be disclosed."
    if entry is not None and entry.case_id != case.pk:
        errors["entry"] = "That docket entry is not in this case."
    if errors or received_at is None:
        raise ValidationError(errors)
    ends, obligation = window_for(case=case, received_at=received_at)
    with transaction.atomic():
        window = NoticeWindow(
            case=case,
            obligation=obligation,
            received_at=received_at,
            given_by=(given_by or "").strip() or "Defendants",
            data_description=data_description.strip(),
            recipient=recipient.strip(),
            entry=entry,
            clock_closes_at=ends.clock_end,
            closes_at=ends.rule_end,
            explanation=_explanation(ends, obligation, case),
            created_by=user,
        )
        attribute_to(window, user).save()
        schedule_window_reminders(window=window, now=now)
        rejudge(case=case, user=user, now=now)
        enqueue_on_commit("notices.tasks.send_window_alerts", window.pk)
    return window


def schedule_window_reminders(*, window: NoticeWindow, now: datetime | None = None) -> None:
    """An alert the moment the notice is recorded, then 12 h / 4 h / 1 h before the clock-hour
    end — the earliest moment defendants could argue the disclosure may go ahead."""
    now = now or timezone.now()
    case = window.case
    clock_end = window.clock_closes_at or window.closes_at
    stamp = clock_end.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    url = _site_url(_url("compliance_ledger", case.slug))
    body = "\n".join(
        [
            f"{case.caption}, No. {case.docket_number}",
            "",
            f"Notice received: {court_datetime(window.received_at, case)} from {window.given_by}",
            f"Data: {window.data_description}",
            f"To: {window.recipient}",
            f"Window ends (clock hours): {court_datetime(clock_end, case)}",
            f"Window ends (FRCP 6(a)(2)): {court_datetime(window.closes_at, case)}",
            "",
            "How the ends were computed:",
            *[f"  - {step}" for step in window.explanation],
            "",
            url,
        ]
    )
    rows = []
    for label, kind, moment in window_reminder_times(now, clock_end):
        if kind == "opened":
            subject = (
                "Notice of intended disclosure received — window closes "
                f"{court_datetime(clock_end, case)} (clock hours)"
            )
            if window.closes_at != clock_end:
                subject += f", {court_datetime(window.closes_at, case)} (FRCP 6(a)(2))"
            reminder_kind = Reminder.Kind.WINDOW_OPENED
        else:
            if is_stale(moment, now):
                continue
            subject = f"Notice window ends in {label[:-1]} hour(s) — {case.short_name}"
            reminder_kind = Reminder.Kind.BEFORE_WINDOW_CLOSE
        for user in alerted_users(case):
            for channel in CHANNELS:
                rows.append(
                    Reminder(
                        key=f"window:{window.pk}:{label}:{stamp}:user:{user.pk}:{channel}",
                        kind=reminder_kind,
                        window=window,
                        recipient=user,
                        channel=channel,
                        due_at=moment if kind != "opened" else now,
                        subject=subject[:300],
                        body=body,
                    )
                )
    _upsert_reminders(rows, window.reminders.all())


# --------------------------------------------------------------------------- disclosures


@transaction.atomic
def rejudge(
    *, case: Case, user: User | None = None, now: datetime | None = None
) -> list[Disclosure]:
    """Give each disclosure its own notice and its verdict, for the whole case, in time order.
    Saves (and audits) only what changed; alerts the team about a new breach or dispute."""
    now = now or timezone.now()
    # One judge per case at a time: a concurrent write waits here, then (read committed) sees
    # every committed notice and disclosure, so no notice is handed to two disclosures.
    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).first()
    calendar = calendar_for_case(case)
    zone = calendar.zone
    obligations = notice_obligations(case)
    windows = {w.pk: w for w in NoticeWindow.objects.filter(case=case)}
    rows = list(Disclosure.objects.filter(case=case).order_by("occurred_at"))
    notices = {
        pk: compliance.NoticeFacts(pk, w.received_at, w.data_description, w.recipient)
        for pk, w in windows.items()
    }
    facts, terms = [], {}
    for row in rows:
        obligation = _obligation_for_disclosure(obligations, row, zone)
        nearest = obligation or _nearest(obligations, row.occurred_at)
        terms[row.pk] = term_of(nearest) if nearest else None
        facts.append(
            compliance.DisclosureFacts(
                key=row.pk,
                at=_latest_moment(row, zone),
                data=row.data_description,
                recipient=row.recipient,
                pinned=row.pinned_window_id,
                judged=obligation is not None,
            )
        )
    allocation = compliance.allocate(notices.values(), facts)
    changed = []
    for row in rows:
        judgement = compliance.judge(
            at=row.occurred_at,
            term=terms[row.pk],
            allocation=allocation[row.pk],
            notices=notices,
            calendar=calendar,
            time_known=row.time_known,
        )
        new = (allocation[row.pk].notice, judgement.verdict, judgement.summary[:600])
        if (row.window_id, row.verdict, row.summary) != new or row.explanation != list(
            judgement.steps
        ):
            alert = judgement.verdict != row.verdict and judgement.verdict in ALERT_VERDICTS
            row.window_id, row.verdict, row.summary = new
            row.explanation = list(judgement.steps)
            changed.append((row, alert))
    if changed:
        # One notice, one disclosure is a database constraint: free the notices first.
        Disclosure.objects.filter(pk__in=[row.pk for row, _ in changed]).update(window=None)
        for row, alert in changed:
            attribute_to(row, user).save()
            if alert:
                _schedule_verdict_alert(row, now)
        if any(alert for _, alert in changed):
            enqueue_on_commit("notices.tasks.sweep_reminders")
    return rows


def _nearest(obligations: list[Obligation], moment: datetime) -> Obligation | None:
    """For a disclosure no term covers: the earliest order made after it, else the latest one
    (so the ledger can say "before the order of …" or "after it stopped applying")."""
    later = [o for o in obligations if o.order.date_filed > moment.date()]
    return later[-1] if later else (obligations[0] if obligations else None)


def _latest_moment(row: Disclosure, zone: ZoneInfo) -> datetime:
    """A disclosure known only by its day is placed at the day's end for choosing its notice
    (every notice of that day may have preceded it)."""
    if row.time_known:
        return row.occurred_at
    day = row.occurred_at.astimezone(zone).date()
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone) - timedelta(seconds=1)


def _obligation_for_disclosure(
    obligations: list[Obligation], row: Disclosure, zone: ZoneInfo
) -> Obligation | None:
    if row.time_known:
        return obligation_at(obligations, row.occurred_at, zone)
    day = row.occurred_at.astimezone(zone).date()
    start = datetime.combine(day, time(0), tzinfo=zone)
    return obligation_at(obligations, start, zone) or obligation_at(
        obligations, _latest_moment(row, zone), zone
    )


def record_disclosure(
    *,
    case: Case,
    occurred_at: datetime | None,
    data_description: str,
    recipient: str,
    user: User | None,
    source: str = "",
    description: str = "",
    window: NoticeWindow | None = None,
    time_known: bool = True,
    now: datetime | None = None,
) -> Disclosure:
    """A disclosure happened: record it and judge it (and every other disclosure of the case
    again). `window` is the notice it was made under, when known; otherwise the latest unused
    notice before it that announced the same data to the same recipient is taken."""
    now = now or timezone.now()
    errors: dict[str, str] = {}
    occurred_at = _past_moment(
        occurred_at, case, "occurred_at", errors, now=now,
        missing="Enter when the disclosure happened (date and time).",
        future="A disclosure cannot be recorded for a future time.",
    )  # fmt: skip
    if not (data_description or "").strip():
        errors["data_description"] = "Describe the data that was disclosed."
    if not (recipient or "").strip():
        errors["recipient"] = "Say to whom the data was disclosed."
    if window is not None and window.case_id != case.pk:
        errors["window"] = "That notice is not in this case."
    elif (
        window is not None
        and isinstance(occurred_at, datetime)
        and window.received_at > occurred_at
    ):
        errors["window"] = "That notice was received after the disclosure."
    if errors or occurred_at is None:
        raise ValidationError(errors)
    with transaction.atomic():
        disclosure = Disclosure(
            case=case,
            occurred_at=occurred_at,
            time_known=time_known,
            data_description=data_description.strip(),
            recipient=recipient.strip(),
            source=(source or "").strip(),
            description=(description or "").strip(),
            pinned_window=window,
            verdict=Disclosure.Verdict.OUTSIDE,  # placeholder until judged below
            created_by=user,
        )
        attribute_to(disclosure, user).save()
        rejudge(case=case, user=user, now=now)
        disclosure.refresh_from_db()
    return disclosure


def load_known_disclosure(
    *,
    case: Case,
    on: date,
    data_description: str,
    recipient: str,
    source: str = "",
    note: str = "",
) -> str:
    """A disclosure known from the public record (the fact file): its day only. Idempotent on
    (case, day, data). Returns 'created', 'updated' or 'unchanged'."""
    zone = calendar_for_case(case).zone
    moment = datetime.combine(on, time(0), tzinfo=zone)
    values = {"recipient": recipient, "source": source[:300], "description": note}
    with transaction.atomic():
        row = Disclosure.objects.filter(
            case=case, occurred_at=moment, data_description=data_description
        ).first()
        if row is None:
            Disclosure.objects.create(
                case=case,
                occurred_at=moment,
                time_known=False,
                data_description=data_description,
                verdict=Disclosure.Verdict.OUTSIDE,
                **values,
            )
            outcome = "created"
        else:
            changed = [k for k, v in values.items() if getattr(row, k) != v]
            for key in changed:
                setattr(row, key, values[key])
            if changed:
                row.save()
            outcome = "updated" if changed else "unchanged"
        rejudge(case=case)
    return outcome


def _schedule_verdict_alert(disclosure: Disclosure, now: datetime) -> None:
    case = disclosure.case
    if disclosure.verdict == Disclosure.Verdict.BREACH:
        subject, kind = f"BREACH of the notice order — {case.short_name}", Reminder.Kind.BREACH
    else:
        subject = f"Disputed disclosure under the notice order — {case.short_name}"
        kind = Reminder.Kind.DISPUTED
    body = "\n".join(
        [
            f"{case.caption}, No. {case.docket_number}",
            "",
            disclosure.summary,
            *[f"  - {step}" for step in disclosure.explanation],
            f"Source: {disclosure.source}" if disclosure.source else "",
            "",
            _site_url(_url("compliance_ledger", case.slug)),
        ]
    )
    rows = [
        Reminder(
            key=f"disclosure:{disclosure.pk}:{disclosure.verdict}:user:{user.pk}:{channel}",
            kind=kind,
            window=disclosure.window,
            recipient=user,
            channel=channel,
            due_at=now,
            subject=subject,
            body=body,
        )
        for user in alerted_users(case)
        for channel in CHANNELS
    ]
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)


# --------------------------------------------------------------------------- non-compliance
