"""When reminders go out — pure functions, no ORM and no clock.

Deadlines: 7 days, 3 days and 1 day before, the morning of the day it falls due, and an overdue
escalation just after it passes. Notice windows: an alert the moment the window opens, then 12,
4 and 1 hour before it closes."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

DEADLINE_OFFSETS = (("7d", timedelta(days=7)), ("3d", timedelta(days=3)), ("1d", timedelta(days=1)))
WINDOW_OFFSETS = (
    ("12h", timedelta(hours=12)),
    ("4h", timedelta(hours=4)),
    ("1h", timedelta(hours=1)),
)
DAY_OF_TIME = time(9, 0)
OVERDUE_AFTER = timedelta(minutes=1)
# A reminder whose moment passed more than this long ago is not worth sending (e.g. deadlines
# of long ago loaded from the case file): it is not created at all.
STALE_AFTER = timedelta(days=1)

BEFORE = "before"
DAY_OF = "day_of"
OVERDUE = "overdue"


def deadline_reminder_times(due_at: datetime, zone: ZoneInfo) -> list[tuple[str, str, datetime]]:
    """[(label, kind, moment)] for a deadline due at `due_at` (aware) in the court's `zone`."""
    moments = [(label, BEFORE, due_at - offset) for label, offset in DEADLINE_OFFSETS]
    local_due = due_at.astimezone(zone)
    morning = datetime.combine(local_due.date(), DAY_OF_TIME, tzinfo=zone)
    if morning >= local_due:  # due before 9 am: remind an hour ahead instead
        morning = local_due - timedelta(hours=1)
    moments.append(("day-of", DAY_OF, morning))
    moments.append(("overdue", OVERDUE, due_at + OVERDUE_AFTER))
    return moments


def window_reminder_times(
    opened_at: datetime, closes_at: datetime
) -> list[tuple[str, str, datetime]]:
    """[(label, kind, moment)] for a notice window: opened now, then 12 h / 4 h / 1 h before."""
    moments = [("opened", "opened", opened_at)]
    for label, offset in WINDOW_OFFSETS:
        moment = closes_at - offset
        if moment > opened_at:
            moments.append((label, "closing", moment))
    return moments


def is_stale(moment: datetime, now: datetime) -> bool:
    return moment < now - STALE_AFTER
