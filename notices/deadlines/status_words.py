"""How a deadline reads, in one place — a pure module (no ORM, no clock: pass `now`).

Why: the same deadline used to be "met on time" on the record page, "Overdue" in the list,
"Open" on the entry page and a red alarm on the overview. Every page, the calendar feed, the
alerts, the docket sheet and the `deadlines` command now take their words from `describe()`.

What is stored (notices.Deadline): status open / met / missed / vacated / suggested, the owner
(ours / theirs / court), what met it and when, who vacated it and why. What is *shown* follows:

| stored            | owner  | when                 | label                  | tone          |
|-------------------|--------|----------------------|------------------------|---------------|
| suggested         | any    |                      | Suggested — to review  | muted         |
| vacated           | any    |                      | Vacated                | muted         |
| met               | any    | met on/before due    | Met on time            | ok            |
| met               | any    | met after due        | Met late               | late          |
| open              | ours   | past due             | Overdue                | alarm         |
| missed            | ours   |                      | Missed                 | alarm         |
| open or missed    | theirs | past due             | Their non-compliance   | noncompliance |
| open or missed    | court  | past due             | Date passed            | muted         |
| open              | any    | due within 7 days    | Due soon               | soon          |
| open              | any    | later                | Open                   | open          |

Only *our* overdue or missed deadlines are alarms (red). The other side's are their
non-compliance; their upcoming ones are "watch" items."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from casetracker.courttime import format_clock, format_day, zone_label

SOON = timedelta(days=7)

OURS, THEIRS, COURT = "ours", "theirs", "court"
OWNER_LABELS = {OURS: "Ours", THEIRS: "Theirs — watch", COURT: "Court"}
OWNER_WHO = {OURS: "our side", THEIRS: "the other side", COURT: "the Court"}

LABELS = {
    "suggested": "Suggested — to review",
    "vacated": "Vacated",
    "met_on_time": "Met on time",
    "met_late": "Met late",
    "overdue": "Overdue",
    "missed": "Missed",
    "noncompliance": "Their non-compliance",
    "date_passed": "Date passed",
    "due_soon": "Due soon",
    "open": "Open",
}
TONES = {
    "suggested": "muted",
    "vacated": "muted",
    "met_on_time": "ok",
    "met_late": "late",
    "overdue": "alarm",
    "missed": "alarm",
    "noncompliance": "noncompliance",
    "date_passed": "muted",
    "due_soon": "soon",
    "open": "open",
}
# Which section of a deadlines list a state belongs to, in display order.
GROUPS = {
    "overdue": "alarm",
    "missed": "alarm",
    "noncompliance": "noncompliance",
    "due_soon": "soon",
    "open": "later",
    "date_passed": "closed",
    "met_on_time": "closed",
    "met_late": "closed",
    "vacated": "closed",
    "suggested": "suggested",
}
GROUP_TITLES = {
    "alarm": "Ours, past due",
    "noncompliance": "Their non-compliance",
    "soon": "Due in the next 7 days",
    "later": "Later",
    "closed": "Met, vacated or past",
    "suggested": "Suggested — to review",
}


def fmt_day(day: date) -> str:
    """ "Fri 24 Oct 2025" (casetracker.courttime's day format)."""
    return format_day(day)


def fmt_due(due_at: datetime, zone: ZoneInfo, *, is_day: bool) -> str:
    """ "Fri 24 Oct 2025" for a day deadline (ends 11:59 p.m. court time); "Mon 15 Sep 2025,
    4:00 p.m. ET" for an hour deadline or a hearing — casetracker.courttime's formats."""
    local = due_at.astimezone(zone)
    if is_day:
        return format_day(local.date())
    return f"{format_day(local.date())}, {format_clock(local, zone_label(zone, local))}"


def is_day_deadline(due_at: datetime, zone: ZoneInfo) -> bool:
    local = due_at.astimezone(zone)
    return (local.hour, local.minute, local.second) == (23, 59, 59)


@dataclass(frozen=True)
class DeadlineView:
    state: str  # a key of LABELS
    label: str  # the words every page shows
    tone: str  # css: alarm | noncompliance | soon | open | ok | late | muted
    group: str  # list section: alarm | noncompliance | soon | later | closed | suggested
    owner: str  # ours | theirs | court
    owner_label: str  # "Ours" | "Theirs — watch" | "Court"
    due_text: str  # "Fri 24 Oct 2025" / "Mon 15 Sep 2025, 4:00 pm ET"
    sentence: str  # one plain sentence, the same on every page
    is_alarm: bool  # our red alarm (ours, past due, not met)
    is_watch: bool  # the other side's: watched, never our alarm
    days_late: int = 0

    @property
    def is_closed(self) -> bool:
        return self.group in ("closed", "suggested")


def state_of(*, status: str, owner: str, due_at: datetime, met_on, now: datetime, zone) -> str:
    """The state key (see the table above)."""
    if status == "suggested":
        return "suggested"
    if status == "vacated":
        return "vacated"
    if status == "met":
        if met_on is None:
            return "met_on_time"
        return "met_on_time" if met_on <= due_at.astimezone(zone).date() else "met_late"
    past = status == "missed" or due_at < now
    if past:
        if owner == THEIRS:
            return "noncompliance"
        if owner == COURT:
            return "date_passed"
        return "missed" if status == "missed" else "overdue"
    if due_at <= now + SOON:
        return "due_soon"
    return "open"


def describe(
    *,
    status: str,
    owner: str,
    due_at: datetime,
    now: datetime,
    zone: ZoneInfo,
    is_day: bool | None = None,
    met_on: date | None = None,
    met_by: str = "",
    vacated_on: date | None = None,
    vacated_by: str = "",
    vacate_reason: str = "",
    source: str = "",
) -> DeadlineView:
    """The words for one deadline at `now`."""
    if is_day is None:
        is_day = is_day_deadline(due_at, zone)
    owner = owner if owner in OWNER_LABELS else OURS
    state = state_of(status=status, owner=owner, due_at=due_at, met_on=met_on, now=now, zone=zone)
    due_text = fmt_due(due_at, zone, is_day=is_day)
    days_late = 0
    if state == "suggested":
        origin = f" from {source}" if source else ""
        sentence = f"Suggested{origin}: {due_text}. Not a deadline until the team accepts it."
    elif state == "vacated":
        parts = ["Vacated"]
        if vacated_on:
            parts.append(f" on {fmt_day(vacated_on)}")
        if vacated_by:
            parts.append(f" by {vacated_by}")
        sentence = "".join(parts) + (f": {vacate_reason}" if vacate_reason else "") + "."
        sentence += f" It was due {due_text}."
    elif state in ("met_on_time", "met_late"):
        by = f" by {met_by}" if met_by else ""
        when = f" on {fmt_day(met_on)}" if met_on else ""
        if state == "met_late" and met_on is not None:
            days_late = (met_on - due_at.astimezone(zone).date()).days
            late = f", {days_late} day{'s' if days_late != 1 else ''} late"
            sentence = f"Met{when}{by}{late} (due {due_text})."
        else:
            sentence = f"Met on time{when}{by} (due {due_text})."
    elif state == "noncompliance":
        sentence = (
            f"The other side's obligation was due {due_text}; nothing is recorded as meeting it."
        )
    elif state == "date_passed":
        sentence = f"The Court's date, {due_text}, has passed."
    elif state in ("overdue", "missed"):
        sentence = f"{LABELS[state]}: due {due_text}; nothing is recorded as meeting it."
    elif owner == THEIRS:
        sentence = f"The other side must act by {due_text} (watch)."
    elif owner == COURT:
        sentence = f"Set by the Court for {due_text}."
    else:
        sentence = f"Due {due_text}."
    return DeadlineView(
        state=state,
        label=LABELS[state],
        tone=TONES[state],
        group=GROUPS[state],
        owner=owner,
        owner_label=OWNER_LABELS[owner],
        due_text=due_text,
        sentence=sentence,
        is_alarm=state in ("overdue", "missed"),
        is_watch=owner == THEIRS,
        days_late=days_late,
    )
