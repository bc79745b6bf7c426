"""The court's calendar for the rules engine, built from the Court row.

Why here and not in rules.py: the engine is pure (no ORM); this is the one place that turns the
database's idea of a court (time zone, holiday subdivision, closures) into a CourtCalendar."""

from django.db import DatabaseError

from casetracker.models import Court
from notices.deadlines.rules import CourtCalendar

DEFAULT_COURT = "dcd"


def calendar_for(court: Court) -> CourtCalendar:
    """The CourtCalendar of a Court row (its closures are read once per call)."""
    from notices.models import ClerkInaccessibility

    closures = tuple(court.closures.order_by("date").values_list("date", "reason"))
    inaccessible = tuple(
        ClerkInaccessibility.objects.filter(court=court)
        .order_by("starts_at")
        .values_list("starts_at", "ends_at", "reason")
    )
    return CourtCalendar(
        time_zone=court.time_zone or "America/New_York",
        subdivision=court.holiday_subdivision or None,
        closures=closures,
        inaccessible=inaccessible,
    )


def calendar_for_code(code: str) -> CourtCalendar:
    """The calendar of the court with this CM/ECF code. A court missing from the database is an
    error, except D.D.C., whose defaults (ET, DC holidays) the engine knows."""
    try:
        court = Court.objects.filter(cmecf_code=code).first()
    except DatabaseError:
        raise LookupError(
            "The tracker's database is not set up; run `python manage.py migrate` and `load_case`."
        ) from None
    if court is not None:
        return calendar_for(court)
    if code == DEFAULT_COURT:
        return CourtCalendar()
    raise LookupError(f"No court with the code {code!r} is set up in the tracker.")
