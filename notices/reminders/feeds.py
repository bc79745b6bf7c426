"""The user's calendar feed (.ics): every deadline and notice window of their cases, with alarms.

Day deadlines are all-day events on their last day (how lawyers think of them; Google Calendar
and Outlook show them at the top of the day); hour deadlines and notice windows are timed events
in UTC. UIDs are stable, so calendar apps update events in place when a date moves."""

from datetime import UTC, timedelta

from django.urls import reverse
from django.utils import timezone
from icalendar import Alarm, Calendar, Event

from casetracker.courttime import court_datetime, is_end_of_day, to_court_time
from notices.deadlines.selectors import feed_items, view_of
from notices.models import Deadline

DEADLINE_ALARMS = (timedelta(days=-7), timedelta(days=-1), timedelta(hours=-15))
WINDOW_ALARMS = (timedelta(hours=-4), timedelta(hours=-1))


def _alarm(trigger, text):
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", text)
    alarm.add("trigger", trigger)
    return alarm


def _deadline_event(deadline, base_url, stamp, now, for_client=False):
    case = deadline.case
    event = Event()
    event.add("uid", f"deadline-{deadline.pk}@casetracker")
    event.add("dtstamp", stamp)
    view = view_of(deadline, now, for_client=for_client)
    event.add(
        "summary",
        f"{deadline.title} — {deadline.case.short_name} ({view.label} · {view.owner_label})",
    )
    if is_end_of_day(deadline.due_at, case):
        day = to_court_time(deadline.due_at, case).date()
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    else:
        event.add("dtstart", deadline.due_at.astimezone(UTC))
        event.add("dtend", deadline.due_at.astimezone(UTC) + timedelta(minutes=30))
    lines = [
        f"{deadline.case.caption}, No. {deadline.case.docket_number}",
        f"{view.label} ({view.owner_label}): {view.sentence}",
        *deadline.explanation,
    ]
    event.add("description", "\n".join(lines))
    event.add("url", base_url.rstrip("/") + reverse("case_detail", args=[deadline.case.slug]))
    if deadline.status == Deadline.Status.VACATED:
        event.add("status", "CANCELLED")
    if deadline.status == Deadline.Status.OPEN:
        prefix = "Watch" if view.is_watch else "Due"
        for trigger in DEADLINE_ALARMS:
            event.add_component(_alarm(trigger, f"{prefix}: {deadline.title}"))
    return event


def _window_event(window, base_url, stamp):
    event = Event()
    event.add("uid", f"notice-window-{window.pk}@casetracker")
    event.add("dtstamp", stamp)
    event.add("summary", f"Notice window closes — {window.case.short_name}")
    event.add("dtstart", window.received_at.astimezone(UTC))
    event.add("dtend", window.closes_at.astimezone(UTC))
    event.add(
        "description",
        "\n".join(
            [f"Notice from {window.given_by}: {window.data_description} (to {window.recipient})"]
            + (
                [f"Clock hours end: {court_datetime(window.clock_closes_at, window.case)}"]
                if window.clock_closes_at
                else []
            )
            + [f"FRCP 6(a)(2) end: {court_datetime(window.closes_at, window.case)}"]
            + list(window.explanation)
        ),
    )
    event.add("url", base_url.rstrip("/") + reverse("compliance_ledger", args=[window.case.slug]))
    # Alarms relative to the end: the close is what matters.
    for trigger in WINDOW_ALARMS:
        alarm = _alarm(trigger, "Notice window closes")
        alarm["TRIGGER"].params["RELATED"] = "END"
        event.add_component(alarm)
    return event


def calendar_for_user(user, *, base_url="/"):
    deadlines, windows, client_cases = feed_items(user)
    now = timezone.now()
    stamp = now.astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", "-//Case tracker//Deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Case deadlines")
    cal.add("x-published-ttl", "PT1H")
    for deadline in deadlines:
        for_client = deadline.case_id in client_cases
        cal.add_component(_deadline_event(deadline, base_url, stamp, now, for_client))
    for window in windows:
        cal.add_component(_window_event(window, base_url, stamp))
    return cal.to_ical()
