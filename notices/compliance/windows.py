"""The 24-hour advance-notice order, as the Court wrote it — a pure module (no ORM, no clock).

The order (5 Sep 2025): "while the motion for preliminary relief is pending, defendants shall not
share confidential taxpayer information with ICE without giving the Court and Plaintiffs 24 hours'
advance notice". Three things follow, and each lives here once:

1. **Effective period.** The term binds from the order until its end event (here the ruling of
   21 Nov 2025), or open-endedly. A disclosure outside it is not judged: `outside-order`. The
   time of day of the order and of the end event is not recorded, so a disclosure on either
   boundary day can only be judged "if the order still applied": it is never a clear breach.
2. **One notice, one disclosure.** A notice covers the disclosure it announces — the same data to
   the same recipient. `allocate` hands each notice to at most one disclosure, in time order.
3. **Two readings of "24 hours' advance notice"**, shown as the window's two ends:
   * *clock hours*: 24 elapsed hours after the notice;
   * *FRCP 6(a)(2)*: the period is extended when it would end on a Saturday, Sunday or legal
     holiday. Rule 6 can be applied from either end, and both are computed:
     - forward from the notice (6(a)(2)(C)): the window runs to the same time on the next day
       that is not a weekend or legal holiday (state holidays count: 6(a)(6)(C));
     - backward from the disclosure (6(a)(2)(C) read with 6(a)(5)): the notice was due 24 hours
       before the disclosure and, when that moment falls on a weekend or legal holiday, by the
       same time on the *previous* day that is not one (state holidays do not count backward).
       The window's backward end is the first moment from which every later disclosure passes
       that test.
     The FRCP 6(a)(2) end is the later of the two: at or after it the disclosure is timely
     however Rule 6 is applied. For a notice received on a working day both ends coincide; they
     differ for a notice received on a weekend or holiday, or before a DC-only holiday.

Verdicts: at or after both ends `compliant`; after the clock-hour end but before the FRCP 6(a)(2)
end `disputed` (both readings explained); before the clock-hour end, or with no notice of its
own, `breach`; outside the order's period `outside-order`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from casetracker.courttime import court_datetime, format_day
from notices.deadlines import rules
from notices.deadlines.rules import CourtCalendar, Period

COMPLIANT = "compliant"
DISPUTED = "disputed"
BREACH = "breach"
OUTSIDE = "outside-order"
VERDICTS = (COMPLIANT, DISPUTED, BREACH, OUTSIDE)

# Why a disclosure has no notice of its own.
NO_NOTICE = "none"
USED = "used"  # the notice was already used by an earlier disclosure
DIFFERENT = "different"  # the notice announced other data or another recipient
LATE_NOTICE = "after"  # the notice named came after the disclosure

_DAY = timedelta(days=1)


# --------------------------------------------------------------------------- formatting


def fmt(moment: datetime, zone: ZoneInfo) -> str:
    """ "Fri 5 Sep 2025, 4:00 p.m. ET" in court time (casetracker/courttime.py)."""
    return court_datetime(moment, zone)


def fmt_day(day: date) -> str:
    return format_day(day)


def elapsed(start: datetime, end: datetime) -> str:
    """ "25 hours", "23 hours 30 minutes", "1 hour 1 minute" (elapsed, not wall-clock)."""
    minutes = int((end - start).total_seconds() // 60)
    sign = "-" if minutes < 0 else ""
    hours, mins = divmod(abs(minutes), 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"]
    if mins:
        parts.append(f"{mins} minute{'s' if mins != 1 else ''}")
    return sign + " ".join(parts)


def same_terms(a: str, b: str) -> bool:
    """Do two descriptions name the same thing? Case, spacing and punctuation are ignored."""
    return _norm(a) == _norm(b)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", (text or "").casefold()).split())


def _wall(day: date, clock: time, zone: ZoneInfo) -> datetime:
    """`clock` on `day` in court time, normalised through UTC (a time inside a DST gap moves)."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC).astimezone(zone)


# --------------------------------------------------------------------------- the order's period


@dataclass(frozen=True)
class OrderTerm:
    """The advance-notice term of one order: hours, and the days it ran."""

    hours: int
    starts_on: date  # the order's date
    ends_on: date | None = None  # the date of the end event; None = open-ended
    end_event: str = ""
    label: str = "the advance-notice order"  # "the order of 5 Sep 2025"

    def describe(self) -> str:
        span = f"from {fmt_day(self.starts_on)}"
        if self.ends_on is None:
            return f"{self.label} applies {span}, with no end recorded"
        event = f" ({self.end_event})" if self.end_event else ""
        return f"{self.label} applied {span} until {fmt_day(self.ends_on)}{event}"


INSIDE, OUTSIDE_BEFORE, OUTSIDE_AFTER, START_DAY, END_DAY = (
    "inside",
    "before",
    "after",
    "start-day",
    "end-day",
)


def position(moment: datetime, term: OrderTerm, zone: ZoneInfo) -> str:
    """Where a moment falls in the term. The order's time of day and the end event's are not
    recorded, so their days are boundary days (START_DAY / END_DAY), neither in nor out."""
    day = moment.astimezone(zone).date()
    if day < term.starts_on:
        return OUTSIDE_BEFORE
    if term.ends_on is not None and day > term.ends_on:
        return OUTSIDE_AFTER
    if term.ends_on is not None and day == term.ends_on:
        return END_DAY
    if day == term.starts_on:
        return START_DAY
    return INSIDE


# --------------------------------------------------------------------------- the window's ends


@dataclass(frozen=True)
class WindowEnds:
    received: datetime
    hours: int
    clock_end: datetime  # elapsed clock hours
    forward_end: datetime  # FRCP 6(a)(2)(C), counted forward from the notice
    backward_end: datetime  # FRCP 6(a)(2)(C) with 6(a)(5), counted back from a disclosure
    steps: tuple[str, ...] = field(default=())

    @property
    def rule_end(self) -> datetime:
        """The FRCP 6(a)(2) end: timely at or after it, whichever way Rule 6 is applied."""
        return max(self.forward_end, self.backward_end)


def latest_notice_for(
    disclosed: datetime, hours: int, calendar: CourtCalendar
) -> tuple[datetime, list[str]]:
    """FRCP 6(a)(2) counted back from a disclosure, with 6(a)(5): (the latest moment the notice
    could come, steps). State holidays are not legal holidays backward (6(a)(6)(C))."""
    zone = calendar.zone
    back = (disclosed.astimezone(UTC) - timedelta(hours=hours)).astimezone(zone)
    steps = [f"{hours} hours before the disclosure: {fmt(back, zone)} (FRCP 6(a)(2)(B))"]
    day = back.date()
    while (why := calendar.is_excluded(day, forward=False)) is not None:
        steps.append(
            f"{fmt_day(day)} is a {why}"
            if why in ("Saturday", "Sunday")
            else f"{fmt_day(day)}: {why}, a legal holiday"
        )
        day -= _DAY
    if day != back.date():
        back = _wall(day, back.timetz().replace(tzinfo=None), zone)
        steps.append(
            f"so the notice was due by the same time on the previous day that is not a weekend "
            f"or legal holiday: {fmt(back, zone)} (FRCP 6(a)(2)(C) read with 6(a)(5))"
        )
    return back, steps


def _backward_end(received: datetime, hours: int, calendar: CourtCalendar) -> datetime:
    """The first moment S from which every disclosure at or after S passes the backward test
    (notice at or before `latest_notice_for(S)`).

    Worked out from the rule: let X = S - hours. X on a working day passes iff X >= notice. X on
    an excluded day d moves to the same time on p(d), the previous working day.
    * Notice on a working day: the only X >= notice that fail lie on the run of excluded days
      right after the notice's day, before the notice's time of day (p(d) is the notice's day).
    * Notice on an excluded day: every X up to the end of that excluded run fails (p(d) is before
      the notice); the first working day after it passes from midnight.
    Checked against a brute-force scan in the tests."""
    zone = calendar.zone
    local = received.astimezone(zone)
    excluded = lambda day: calendar.is_excluded(day, forward=False) is not None  # noqa: E731
    if excluded(local.date()):
        last = local.date()
        while excluded(last + _DAY):
            last += _DAY
        first_good = _wall(last + _DAY, time(0), zone)
    else:
        last = local.date()
        while excluded(last + _DAY):
            last += _DAY
        clock = local.timetz().replace(tzinfo=None)
        if last == local.date() or clock == time(0):
            first_good = local
        else:
            first_good = _wall(last, clock, zone)
    return (first_good.astimezone(UTC) + timedelta(hours=hours)).astimezone(zone)


def window_ends(received: datetime, hours: int, calendar: CourtCalendar) -> WindowEnds:
    """The two ends of a notice's window, with the steps a lawyer would write in the margin."""
    zone = calendar.zone
    received = received.astimezone(zone)
    clock_end = (received.astimezone(UTC) + timedelta(hours=hours)).astimezone(zone)
    forward = rules.compute(received, Period(hours, rules.HOURS), calendar=calendar)
    backward_end = _backward_end(received, hours, calendar)
    rule_end = max(forward.deadline, backward_end)
    steps = [
        f"Notice received {fmt(received, zone)}; the order requires {hours} hours' advance notice.",
        f"Clock hours: {hours} elapsed hours after the notice end {fmt(clock_end, zone)}.",
        "FRCP 6(a)(2), counted forward from the notice: " + "; ".join(forward.steps[1:]) + ".",
        f"FRCP 6(a)(2), counted back from the disclosure (6(a)(5)): a disclosure needs the notice "
        f"{hours} hours before it, or by the same time on the previous day that is not a "
        f"weekend or legal holiday; every disclosure from {fmt(backward_end, zone)} on passes.",
    ]
    if rule_end == clock_end:
        steps.append(
            f"Both readings end at {fmt(clock_end, zone)}: a disclosure before it is a breach, "
            "at or after it compliant."
        )
    else:
        steps.append(
            f"FRCP 6(a)(2) end (the later count): {fmt(rule_end, zone)}. A disclosure before "
            f"{fmt(clock_end, zone)} is a breach; from then until {fmt(rule_end, zone)} it is "
            "disputed (timely in clock hours, not under Rule 6); from then on it is compliant."
        )
    return WindowEnds(
        received=received,
        hours=hours,
        clock_end=clock_end,
        forward_end=forward.deadline.astimezone(zone),
        backward_end=backward_end,
        steps=tuple(steps),
    )


# --------------------------------------------------------------------------- one notice, one disclosure


@dataclass(frozen=True)
class NoticeFacts:
    key: int
    received: datetime
    data: str
    recipient: str


@dataclass(frozen=True)
class DisclosureFacts:
    key: int
    at: datetime
    data: str
    recipient: str
    pinned: int | None = None  # the notice the user named, if any
    judged: bool = True  # False when outside the order's period: it takes no notice


@dataclass(frozen=True)
class Allocation:
    notice: int | None  # the notice that covers the disclosure
    problem: str = ""  # NO_NOTICE / USED / DIFFERENT / LATE_NOTICE when notice is None
    considered: int | None = None  # the notice looked at and found wanting
    used_by: int | None = None  # the disclosure that had already used it


def covers(notice: NoticeFacts, disclosure: DisclosureFacts) -> bool:
    return same_terms(notice.data, disclosure.data) and same_terms(
        notice.recipient, disclosure.recipient
    )


def allocate(
    notices: Iterable[NoticeFacts], disclosures: Iterable[DisclosureFacts]
) -> dict[int, Allocation]:
    """Give each disclosure the notice that announced it, each notice to one disclosure at most.

    Disclosures are taken in time order, so "already used" means used by an earlier disclosure,
    whatever order they were typed in. One whose notice was named takes that notice if it came
    before it, announced the same data to the same recipient and is still unused; any other takes
    the latest unused notice received before it that announced the same data to the same
    recipient. A disclosure outside the order's period takes none."""
    latest_first = sorted(notices, key=lambda n: (n.received, n.key), reverse=True)
    by_key = {n.key: n for n in latest_first}
    used: dict[int, int] = {}
    result: dict[int, Allocation] = {}
    for d in sorted(disclosures, key=lambda d: (d.at, d.key)):
        if not d.judged:
            result[d.key] = Allocation(None)
        elif d.pinned is not None:
            result[d.key] = _named(d, by_key.get(d.pinned), used)
        else:
            result[d.key] = _latest_unused(d, latest_first, used)
        notice_key = result[d.key].notice
        if notice_key is not None:
            used[notice_key] = d.key
    return result


def _named(d: DisclosureFacts, notice: NoticeFacts | None, used: dict[int, int]) -> Allocation:
    if notice is None:
        return Allocation(None, NO_NOTICE)
    if notice.received > d.at:
        return Allocation(None, LATE_NOTICE, considered=notice.key)
    if notice.key in used:
        return Allocation(None, USED, notice.key, used[notice.key])
    if not covers(notice, d):
        return Allocation(None, DIFFERENT, considered=notice.key)
    return Allocation(notice.key)


def _latest_unused(
    d: DisclosureFacts, latest_first: list[NoticeFacts], used: dict[int, int]
) -> Allocation:
    before = [n for n in latest_first if n.received <= d.at]
    match = next((n for n in before if covers(n, d) and n.key not in used), None)
    if match is not None:
        return Allocation(match.key)
    spent = next((n for n in before if covers(n, d)), None)
    if spent is not None:
        return Allocation(None, USED, spent.key, used.get(spent.key))
    other = next((n for n in before if n.key not in used), None)
    if other is not None:
        return Allocation(None, DIFFERENT, considered=other.key)
    return Allocation(None, NO_NOTICE)


# --------------------------------------------------------------------------- verdicts


@dataclass(frozen=True)
class Judgement:
    verdict: str
    summary: str  # one line
    steps: tuple[str, ...]


def _timed_verdict(
    at: datetime, ends: WindowEnds, calendar: CourtCalendar, when: str
) -> tuple[str, str, list[str]]:
    """(verdict, summary, steps) for a disclosure under its own notice, inside the period."""
    zone = calendar.zone
    received = ends.received
    gap = elapsed(received, at)
    latest, back_steps = latest_notice_for(at, ends.hours, calendar)
    clock_ok = at >= ends.clock_end
    forward_ok = at >= ends.forward_end
    backward_ok = received <= latest
    steps = [
        f"Clock hours: {gap} passed between the notice ({fmt(received, zone)}) and the "
        f"disclosure ({fmt(at, zone)}); the order requires {ends.hours} — "
        + ("timely." if clock_ok else "not timely."),
        f"FRCP 6(a)(2) counted forward from the notice: the period ran until "
        f"{fmt(ends.forward_end, zone)}; the disclosure came "
        + ("after it — timely." if forward_ok else "before it — not timely."),
        "FRCP 6(a)(2) counted back from the disclosure: "
        + "; ".join(back_steps)
        + f"; the notice came {'in time' if backward_ok else 'too late'}"
        + (" — timely." if backward_ok else " — not timely."),
    ]
    if not clock_ok:
        summary = (
            f"Disclosed {when}, {gap} after the notice of {fmt(received, zone)}: "
            f"before the {ends.hours} clock hours ended ({fmt(ends.clock_end, zone)})."
        )
        return BREACH, summary, steps
    if at < ends.rule_end:
        summary = (
            f"Disclosed {when}, {gap} after the notice of {fmt(received, zone)}: "
            f"timely in clock hours (ended {fmt(ends.clock_end, zone)}) but before the "
            f"FRCP 6(a)(2) end ({fmt(ends.rule_end, zone)})."
        )
        return DISPUTED, summary, steps
    summary = (
        f"Disclosed {when}, {gap} after the notice of {fmt(received, zone)}: "
        "timely in clock hours and under FRCP 6(a)(2)."
    )
    return COMPLIANT, summary, steps


def _unnoticed(
    when: str, allocation: Allocation, notices: dict[int, NoticeFacts], zone: ZoneInfo
) -> tuple[str, str, list[str]]:
    key = allocation.considered
    considered = notices.get(key) if key is not None else None
    if allocation.problem == USED and considered is not None:
        summary = (
            f"Disclosed {when} with no notice of its own: the notice of "
            f"{fmt(considered.received, zone)} announcing {considered.data} to "
            f"{considered.recipient} had already been used by an earlier disclosure."
        )
    elif allocation.problem == DIFFERENT and considered is not None:
        summary = (
            f"Disclosed {when} with no notice of its own: the notice of "
            f"{fmt(considered.received, zone)} announced {considered.data} to "
            f"{considered.recipient}, not this disclosure."
        )
    elif allocation.problem == LATE_NOTICE and considered is not None:
        summary = (
            f"Disclosed {when}; the notice named was received later, on "
            f"{fmt(considered.received, zone)}."
        )
    else:
        summary = f"Disclosed {when} with no prior notice."
    return BREACH, summary, [summary]


def judge(
    *,
    at: datetime,
    term: OrderTerm | None,
    allocation: Allocation,
    notices: dict[int, NoticeFacts],
    calendar: CourtCalendar,
    time_known: bool = True,
) -> Judgement:
    """The verdict on one disclosure. A disclosure whose time of day is unknown (`time_known`
    False) is judged at the first and last moment of its day; if they differ, it is disputed."""
    zone = calendar.zone
    if not time_known:
        day = at.astimezone(zone).date()
        when = f"on {fmt_day(day)} (time of day not recorded)"
        end = _wall(day + _DAY, time(0), zone) - timedelta(seconds=1)
        first = _judge_at(_wall(day, time(0), zone), term, allocation, notices, calendar, when)
        last = _judge_at(end, term, allocation, notices, calendar, when)
        if first.verdict == last.verdict:
            return last
        summary = (
            f"Disclosed {when}: {first.verdict} early in the day, {last.verdict} late in the day."
        )
        return Judgement(DISPUTED, summary, (summary, *first.steps, *last.steps))
    return _judge_at(at, term, allocation, notices, calendar, fmt(at, zone))


def _judge_at(
    at: datetime,
    term: OrderTerm | None,
    allocation: Allocation,
    notices: dict[int, NoticeFacts],
    calendar: CourtCalendar,
    when: str,
) -> Judgement:
    zone = calendar.zone
    if term is None:
        summary = f"Disclosed {when}: no advance-notice order applies."
        return Judgement(OUTSIDE, summary, (summary,))
    where = position(at, term, zone)
    if where in (OUTSIDE_BEFORE, OUTSIDE_AFTER):
        if where == OUTSIDE_BEFORE:
            relation = f"before {term.label}"
        else:
            relation = f"after {term.label} stopped applying ({term.end_event or 'its end'})"
        summary = f"Disclosed {when}, {relation}: outside the order, not judged under it."
        return Judgement(OUTSIDE, summary, (term.describe() + ".", summary))
    if allocation.notice is None:
        verdict, summary, steps = _unnoticed(when, allocation, notices, zone)
    else:
        notice = notices[allocation.notice]
        ends = window_ends(notice.received, term.hours, calendar)
        verdict, summary, steps = _timed_verdict(at, ends, calendar, when)
        steps = [
            f"Notice received {fmt(notice.received, zone)} announcing {notice.data} to "
            f"{notice.recipient}.",
            *steps,
        ]
    steps = [term.describe() + ".", *steps]
    if where in (START_DAY, END_DAY) and verdict != COMPLIANT:
        which = "was made" if where == START_DAY else "ended"
        day = (term.ends_on if where == END_DAY else None) or term.starts_on  # END_DAY: set
        note = (
            f"The order {which} on {fmt_day(day)} and its time of day is not recorded, so "
            f"whether it applied then is open: {verdict} if it did, outside the order if it "
            "did not."
        )
        return Judgement(DISPUTED, f"{summary} {note}", (*steps, note))
    return Judgement(verdict, summary, tuple(steps))
