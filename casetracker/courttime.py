"""Court time: the one place a moment is put in a court's time zone and written for people.

Every page, e-mail, CSV, PDF and calendar description writes times the same way:

    "Fri 5 Sep 2025, 4:00 p.m. ET"      court_datetime(moment, case)
    "Fri 5 Sep 2025"                     court_date(day_or_moment, case)
    "4:00 p.m. ET"                       court_clock(moment, case)

The zone is always the case's court's (`Court.time_zone`), never `settings.TIME_ZONE`: a case in
another district, or the D.C. Circuit, is shown in its own court's time. Lawyers write "ET", not
"EDT"/"EST", so the zone label is the generic one for the US zones (`ZONE_LABELS`), else the
zone's own abbreviation.

Pure: no ORM query, no clock. `where` is anything that knows its zone — a Case, a Court, an
object with `.case` (deadline, window, entry, filing), a `ZoneInfo` or a zone name.

Templates: `{{ moment|court_time:case }}`, `{{ moment|court_date:case }}`,
`{{ entry.date_filed|court_date }}` (a plain date needs no zone) — the filters are built in
(registered in `settings.TEMPLATES` as a builtin), so no `{% load %}` is needed.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
ZONE_LABELS = {
    "America/New_York": "ET",
    "America/Detroit": "ET",
    "America/Chicago": "CT",
    "America/Denver": "MT",
    "America/Phoenix": "MT",
    "America/Los_Angeles": "PT",
    "America/Anchorage": "AKT",
    "Pacific/Honolulu": "HT",
    "America/Puerto_Rico": "AT",
    "Pacific/Guam": "ChT",
}


def zone_for(where: object) -> ZoneInfo:
    """The court zone of `where`: a ZoneInfo, a zone name, a Court, a Case, or anything with a
    `.case` or `.court`. Refuses anything else rather than guessing a zone."""
    if isinstance(where, ZoneInfo):
        return where
    if isinstance(where, str):
        return ZoneInfo(where)
    zone_name = getattr(where, "time_zone", None)
    if isinstance(zone_name, str):
        return ZoneInfo(zone_name)
    for attribute in ("court", "case"):
        inner = getattr(where, attribute, None)
        if inner is not None:
            return zone_for(inner)
    raise TypeError(f"No court time zone for {where!r}: pass a case, a court or a zone.")


def zone_label(zone: ZoneInfo, moment: datetime | None = None) -> str:
    """ "ET" for America/New_York; the zone's own abbreviation where there is no generic one."""
    label = ZONE_LABELS.get(zone.key)
    if label:
        return label
    return (moment or datetime(2000, 1, 1, tzinfo=zone)).astimezone(zone).tzname() or zone.key


def to_court_time(moment: datetime, where: object) -> datetime:
    """The aware `moment` in court time. A naive datetime is refused: it has no instant."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment!r} is naive; court time needs an aware datetime.")
    return moment.astimezone(zone_for(where))


def court_today(where: object, now: datetime) -> date:
    """The court's calendar day at the instant `now` (pass timezone.now())."""
    return to_court_time(now, where).date()


def format_day(day: date) -> str:
    """ "Fri 5 Sep 2025" — independent of the process locale."""
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def format_clock(local: datetime, label: str) -> str:
    """ "4:00 p.m. ET" for a datetime already in court time (seconds are never shown: a day
    deadline due 23:59:59 reads 11:59 p.m.)."""
    hour = local.hour % 12 or 12
    half = "a.m." if local.hour < 12 else "p.m."
    return f"{hour}:{local.minute:02d} {half} {label}".rstrip()


def court_clock(moment: datetime, where: object) -> str:
    zone = zone_for(where)
    local = to_court_time(moment, zone)
    return format_clock(local, zone_label(zone, local))


def court_datetime(moment: datetime, where: object) -> str:
    """ "Fri 5 Sep 2025, 4:00 p.m. ET" in the court's zone."""
    zone = zone_for(where)
    local = to_court_time(moment, zone)
    return f"{format_day(local.date())}, {format_clock(local, zone_label(zone, local))}"


def court_date(value: date | datetime, where: object = None) -> str:
    """ "Fri 5 Sep 2025". A datetime is first put in court time (so `where` is required); a
    plain date is a calendar day already and needs no zone."""
    if isinstance(value, datetime):
        if where is None:
            raise ValueError("court_date of a datetime needs the case (its court's zone).")
        value = to_court_time(value, where).date()
    return format_day(value)


def is_end_of_day(moment: datetime, where: object) -> bool:
    """True for a whole-day deadline (due 23:59:59 court time, FRCP 6(a)(4)(A))."""
    local = to_court_time(moment, where)
    return (local.hour, local.minute) == (23, 59)
