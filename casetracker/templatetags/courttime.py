"""Template filters for court time (see casetracker/courttime.py); registered as a builtin.

    {{ deadline.due_at|court_time:case }}   Fri 5 Sep 2025, 4:00 p.m. ET
    {{ window.closes_at|court_date:case }}  Fri 5 Sep 2025
    {{ entry.date_filed|court_date }}       Fri 5 Sep 2025 (a plain date needs no zone)
    {{ moment|court_clock:case }}           4:00 p.m. ET

The argument is the case (or court, or anything with `.case`); it is required for a datetime,
so a page can never fall back to the server's zone. An empty value renders as ""."""

from django import template

from casetracker import courttime

register = template.Library()


@register.filter
def court_time(value, where):
    if value in (None, ""):
        return ""
    return courttime.court_datetime(value, where)


@register.filter
def court_date(value, where=None):
    if value in (None, ""):
        return ""
    return courttime.court_date(value, where)


@register.filter
def court_clock(value, where):
    if value in (None, ""):
        return ""
    return courttime.court_clock(value, where)


@register.filter
def court_zone(where):
    """ "ET" for a case in a court on Eastern time."""
    return courttime.zone_label(courttime.zone_for(where))
