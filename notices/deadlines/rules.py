"""Deadline arithmetic under FRCP 6(a) — a pure module.

Why pure: deadlines are the one thing this tracker must never get wrong, so the
arithmetic lives here, in one place, with no ORM, no settings and no clock.
Callers pass the trigger (a date or datetime), the period and the court's
calendar; they get back the deadline *and* the steps a lawyer would write in a
margin to justify it. Nothing here imports Django, so the module can be tested
and benchmarked on its own.

The rule text (FRCP 6(a), as amended 2009 and 2022) is the specification:

* (1) days: exclude the trigger day, count every day, include the last day —
  but if it is a Saturday, Sunday or legal holiday, run to the next day that
  is not one;
* (2) hours: count every hour from the trigger; if the period would end on a
  Saturday, Sunday or legal holiday, run to the same time on the next day that
  is not one;
* (4)(A) for electronic filing the last day ends at midnight court time;
* (5) "next day" means the previous day for periods measured before an event;
* (6) legal holidays: (A) the days set aside by statute for observing the
  eleven federal holidays, (B) days declared a holiday by the President or
  Congress, and (C) for periods measured *after* an event only, holidays of
  the state where the court sits (FRCP 81(d)(2) treats D.C. as a state).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo

import holidays

from casetracker.courttime import court_datetime, format_day

__all__ = [
    "NAMED_RULES",
    "CourtCalendar",
    "NamedRule",
    "Period",
    "Result",
    "compute",
    "add_service_days",
    "declared_federal_closures",
    "rule_period",
]

DAYS = "days"
HOURS = "hours"
MAX_DAYS = 10_000
MAX_HOURS = MAX_DAYS * 24
END_OF_DAY = time(23, 59, 59)


_PERIOD_RE = re.compile(r"^\s*([+-]?\d+)\s*(d|days?|h|hours?)\s*$", re.IGNORECASE)
_DIRECTION_RE = re.compile(r"^(?P<period>.*?)\s+(?P<direction>after|before)\s*$", re.IGNORECASE)

CITE_FEDERAL = "FRCP 6(a)(6)(A)"
CITE_DECLARED = "FRCP 6(a)(6)(B)"
CITE_STATE = "FRCP 6(a)(6)(C)"


# --------------------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    """A length of time as a rule or order states it: whole days or whole hours.

    Why only these two units: FRCP 6(a)(1) and 6(a)(2) are the only counting
    methods; weeks and months would need a different rule, so they are refused
    rather than silently converted.
    """

    amount: int
    unit: str  # "days" | "hours"

    def __post_init__(self) -> None:
        """Refuse periods no court would set, so a typo cannot become a deadline."""
        if self.unit not in (DAYS, HOURS):
            raise ValueError(f"Unit must be 'days' or 'hours', not {self.unit!r}.")
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise ValueError(f"The number of {self.unit} must be a whole number.")
        if self.amount < 1:
            raise ValueError(f"A period must be at least 1 {self.unit[:-1]}; got {self.amount}.")
        limit = MAX_DAYS if self.unit == DAYS else MAX_HOURS
        if self.amount > limit:
            raise ValueError(
                f"A period of {self.amount} {self.unit} is longer than the {limit:,} "
                f"{self.unit} this tracker accepts; check the order."
            )

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read "14d", "24h", "14 days", "1 hour"... (any case, spaces tolerated).

        Why strict: this text comes from a paralegal's form; anything ambiguous
        ("two weeks", "1.5 days", "14") must be sent back with a clear message.
        """
        if not isinstance(text, str):
            raise ValueError(f"Expected a period like '14 days' or '24 hours', got {text!r}.")
        match = _PERIOD_RE.match(text)
        if not match:
            raise ValueError(
                f"Cannot read {text!r} as a period: write a whole number of days or hours, "
                "e.g. '14 days', '14d', '24 hours' or '24h'."
            )
        number, unit = match.groups()
        return cls(int(number), DAYS if unit[0].lower() == "d" else HOURS)

    def __str__(self) -> str:
        """Spell the period as a rule would ("1 day", "24 hours")."""
        noun = self.unit if self.amount != 1 else self.unit[:-1]
        return f"{self.amount} {noun}"


# --------------------------------------------------------------------------- holidays


@lru_cache(maxsize=256)
def _federal_holidays(year: int) -> dict[date, str]:
    """The federal legal public holidays of one year, with their observed days.

    Why "US" without a subdivision and observed=True: 6(a)(6)(A) counts "the
    day set aside by statute for observing" each holiday, so a Saturday holiday
    is observed the Friday before and a Sunday one the Monday after; the
    package's national list holds exactly the eleven 5 U.S.C. 6103(a) holidays
    (Juneteenth from 2021) and not Inauguration Day.
    """
    return dict(holidays.country_holidays("US", years=year, observed=True))


@lru_cache(maxsize=256)
def _state_holidays(subdivision: str, year: int) -> dict[date, str]:
    """Holidays the state adds to the federal list, e.g. DC Emancipation Day.

    Why a difference: 6(a)(6)(C) counts state holidays only forward, so they
    must be kept apart from the federal ones. Where a state day coincides with
    a federal one (Inauguration Day on MLK Day 2025) the extra name is kept so
    the explanation can mention it; the date is a holiday either way.
    """
    federal = _federal_holidays(year)
    state = holidays.country_holidays("US", subdiv=subdivision, years=year, observed=True)
    extra: dict[date, str] = {}
    for day, names in state.items():
        known = set(federal.get(day, "").split("; "))
        added = [name for name in names.split("; ") if name not in known]
        if added:
            extra[day] = "; ".join(added)
    return extra


@lru_cache(maxsize=1024)
def _holiday_table(
    subdivision: str | None,
    closures: tuple[tuple[date, str], ...],
    year: int,
    forward: bool,
) -> dict[date, tuple[tuple[str, str], ...]]:
    """All legal holidays of one year for one direction, as (name, citation) pairs.

    Why one merged, cached table: a computation may test a dozen days, and the
    benchmark runs thousands; one dict lookup per day keeps it cheap.
    """
    table: dict[date, list[tuple[str, str]]] = {}
    for day, name in _federal_holidays(year).items():
        table.setdefault(day, []).append((name, CITE_FEDERAL))
    for day, reason in closures:
        if day.year == year:
            table.setdefault(day, []).append((reason, CITE_DECLARED))
    if forward and subdivision:
        for day, name in _state_holidays(subdivision, year).items():
            table.setdefault(day, []).append((f"{name} in {subdivision}", CITE_STATE))
    return {day: tuple(reasons) for day, reasons in table.items()}


def declared_federal_closures(year: int) -> tuple[tuple[date, str], ...]:
    """Days the President declared closed that year (e.g. days of mourning).

    Why offered but not applied: whether an executive-branch closure (a
    Christmas Eve order, a national day of mourning) is a 6(a)(6)(B) holiday
    for the court is for staff to confirm; this list helps seed court closures.
    """
    government = holidays.country_holidays("US", years=year, categories=("government",))
    federal = _federal_holidays(year)
    return tuple(sorted((d, n) for d, n in government.items() if d not in federal))


@dataclass(frozen=True)
class CourtCalendar:
    """The days a court does not count as last days.

    Why a value object: the same calendar is reused for thousands of
    computations, and being frozen and hashable lets its holiday lookups be
    cached per year.
    """

    time_zone: str = "America/New_York"
    subdivision: str | None = "DC"
    closures: tuple[tuple[date, str], ...] = ()
    # FRCP 6(a)(3): times the clerk's office (or CM/ECF) was inaccessible, as (start, end,
    # reason) aware datetimes. Not legal holidays: they only extend a period whose last day
    # (days) or last hour (hours) they cover.
    inaccessible: tuple[tuple[datetime, datetime, str], ...] = ()

    @cached_property
    def zone(self) -> ZoneInfo:
        """The court's time zone; 6(a)(4)(A) measures midnight there."""
        return ZoneInfo(self.time_zone)

    def holiday_reasons(self, day: date, *, forward: bool) -> tuple[tuple[str, str], ...]:
        """Every ground making `day` a legal holiday, as (name, citation) pairs."""
        table = _holiday_table(self.subdivision, self.closures, day.year, forward)
        return table.get(day, ())

    def is_legal_holiday(self, day: date, *, forward: bool) -> str | None:
        """The holiday's name, or None; state holidays count only when forward."""
        reasons = self.holiday_reasons(day, forward=forward)
        return "; ".join(name for name, _ in reasons) if reasons else None

    def inaccessible_during(self, start: datetime, end: datetime) -> str | None:
        """The reason the clerk's office was inaccessible at some time in [start, end), or None."""
        for begins, ends, reason in self.inaccessible:
            if begins < end and ends > start:
                return reason
        return None

    def inaccessible_on(self, day: date) -> str | None:
        """The reason the clerk's office was inaccessible on `day` (court time), or None."""
        start = datetime.combine(day, time(0), tzinfo=self.zone)
        return self.inaccessible_during(start, start + timedelta(days=1))

    def is_excluded(self, day: date, *, forward: bool) -> str | None:
        """Why `day` cannot be a last day: "Saturday", "Sunday", a holiday, or None."""
        weekday = day.weekday()
        if weekday == 5:
            return "Saturday"
        if weekday == 6:
            return "Sunday"
        return self.is_legal_holiday(day, forward=forward)


DEFAULT_CALENDAR = CourtCalendar()


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Result:
    """A computed deadline and the reasoning behind it."""

    deadline: datetime
    last_day: date
    unit: str
    steps: tuple[str, ...]

    @property
    def iso(self) -> str:
        """A day deadline is a date; an hour deadline is an instant in court time."""
        if self.unit == DAYS:
            return self.last_day.isoformat()
        return self.deadline.isoformat(timespec="seconds")


@dataclass(frozen=True)
class NamedRule:
    """A period fixed by a rule or standing order, with its citation."""

    key: str
    label: str
    period: Period
    before: bool
    citation: str


NAMED_RULES: dict[str, NamedRule] = {
    rule.key: rule
    for rule in (
        NamedRule(
            "lcvr_7b_opposition",
            "Opposition to a motion: 14 days after service of the motion",
            Period(14, DAYS),
            False,
            "LCvR 7(b)",
        ),
        NamedRule(
            "lcvr_7d_reply",
            "Reply: 7 days after service of the opposition",
            Period(7, DAYS),
            False,
            "LCvR 7(d)",
        ),
        NamedRule(
            "lcvr_65_1c_pi_opposition",
            "Opposition to an application for a preliminary injunction: 7 days after service",
            Period(7, DAYS),
            False,
            "LCvR 65.1(c)",
        ),
        NamedRule(
            "frcp_12a2_answer",
            "Answer by a U.S. agency or officer: 60 days after service on the U.S. Attorney",
            Period(60, DAYS),
            False,
            "FRCP 12(a)(2)",
        ),
        NamedRule(
            "lcvr_65_1d_hearing",
            "Hearing on an application for a preliminary injunction, if requested: set by the "
            "Court no later than 21 days after its filing",
            Period(21, DAYS),
            False,
            "LCvR 65.1(d)",
        ),
        NamedRule(
            "lcvr_7n1_record_list",
            "Certified list of the administrative record: within 30 days after service of the "
            "answer (or with an earlier dispositive motion)",
            Period(30, DAYS),
            False,
            "LCvR 7(n)(1)",
        ),
        NamedRule(
            "frap_4a1a_notice_of_appeal",
            "Notice of appeal: 30 days after entry of the judgment or order appealed from",
            Period(30, DAYS),
            False,
            "FRAP 4(a)(1)(A)",
        ),
        NamedRule(
            "frap_4a1b_notice_of_appeal",
            "Notice of appeal when the United States, a U.S. agency or officer is a party: 60 "
            "days after entry of the judgment or order appealed from",
            Period(60, DAYS),
            False,
            "FRAP 4(a)(1)(B)",
        ),
        NamedRule(
            "notice_24h",
            "Advance notice of a disclosure: the window closes 24 hours after the notice",
            Period(24, HOURS),
            False,
            "Court's 24-hour advance-notice order; FRCP 6(a)(2)",
        ),
    )
}


def rule_period(key_or_text: str) -> tuple[Period, bool, str]:
    """Resolve a named rule key or a free text like "14 days after" / "24 hours before".

    Returns (period, before, citation). Why both forms: orders name a rule
    ("LCvR 7(b)") or state a bare period; either way the caller needs the same
    triple to call compute().
    """
    rule = NAMED_RULES.get(key_or_text.strip()) if isinstance(key_or_text, str) else None
    if rule:
        return rule.period, rule.before, rule.citation
    text = key_or_text if isinstance(key_or_text, str) else ""
    match = _DIRECTION_RE.match(text)
    period_text = match["period"] if match else text
    before = match is not None and match["direction"].lower() == "before"
    try:
        period = Period.parse(period_text)
    except ValueError as error:
        known = ", ".join(sorted(NAMED_RULES))
        raise ValueError(
            f"{key_or_text!r} is neither a named rule ({known}) nor a period like "
            f"'14 days after' or '24 hours before'. {error}"
        ) from None
    return period, before, "FRCP 6(a)"


# --------------------------------------------------------------------------- formatting


def _why_excluded(calendar: CourtCalendar, day: date, forward: bool) -> str | None:
    """The explanation of why `day` is skipped, with the subsection for each ground."""
    weekday = day.weekday()
    if weekday >= 5:
        return f"is a {'Saturday' if weekday == 5 else 'Sunday'}"
    reasons = calendar.holiday_reasons(day, forward=forward)
    if not reasons:
        return None
    grounds = " and ".join(f"{name} ({cite})" for name, cite in reasons)
    return f"is a legal holiday: {grounds}"


# --------------------------------------------------------------------------- compute


def _to_court_time(start: date | datetime, zone: ZoneInfo) -> datetime:
    """An aware datetime in court time: naive means court time, a date means midnight."""
    if isinstance(start, datetime):
        if start.tzinfo is None or start.utcoffset() is None:
            return start.replace(tzinfo=zone)
        return start.astimezone(zone)
    if isinstance(start, date):
        return datetime.combine(start, time(0), tzinfo=zone)
    raise TypeError(f"start must be a date or datetime, not {type(start).__name__}.")


def _roll(calendar: CourtCalendar, day: date, before: bool, steps: list[str], cite: str) -> date:
    """Move off Saturdays, Sundays and holidays: forward, or back for 6(a)(5).

    Why one helper for both units: 6(a)(1)(C) and 6(a)(2)(C) use the same list
    of excluded days; only the wording of the step differs.
    """
    forward = not before
    step = timedelta(days=-1 if before else 1)
    if before:
        action = f"go back to the previous day that is not ({cite}, read with FRCP 6(a)(5))"
    else:
        action = f"continue to the next day that is not ({cite})"
    while (why := _why_excluded(calendar, day, forward)) is not None:
        steps.append(f"{format_day(day)} {why}; {action}")
        day += step
    return day


def _inaccessible_days(calendar: CourtCalendar, last: date, steps: list[str]) -> date:
    """FRCP 6(a)(3)(A): the clerk's office inaccessible on the last day extends the time to the
    first accessible day that is not a Saturday, Sunday or legal holiday."""
    while (why := calendar.inaccessible_on(last)) is not None:
        steps.append(
            f"{format_day(last)}: the clerk's office was inaccessible ({why}); the time runs to "
            "the first accessible day that is not a Saturday, Sunday or legal holiday "
            "(FRCP 6(a)(3)(A))"
        )
        last += timedelta(days=1)
        while calendar.is_excluded(last, forward=True) is not None:
            last += timedelta(days=1)
    return last


def _inaccessible_last_hour(calendar: CourtCalendar, end: datetime, steps: list[str]) -> datetime:
    """FRCP 6(a)(3)(B): inaccessible during the last hour extends the time to the same time on
    the first accessible day that is not a Saturday, Sunday or legal holiday."""
    zone = calendar.zone
    while (why := calendar.inaccessible_during(end - timedelta(hours=1), end)) is not None:
        day = end.date() + timedelta(days=1)
        while calendar.is_excluded(day, forward=True) is not None:
            day += timedelta(days=1)
        steps.append(
            f"The clerk's office was inaccessible during the last hour ({why}); the time runs "
            "to the same time on the first accessible day that is not a Saturday, Sunday or "
            "legal holiday (FRCP 6(a)(3)(B))"
        )
        end = datetime.combine(day, end.time(), tzinfo=zone).astimezone(UTC).astimezone(zone)
    return end


def add_service_days(result: Result, calendar: CourtCalendar, service: str) -> Result:
    """FRCP 6(d): 3 days are added after the period would otherwise expire under Rule 6(a) when
    service is made by mail, by leaving the paper with the clerk, or by other means consented
    to (Rule 5(b)(2)(C), (D), (F)) — never for service through CM/ECF (5(b)(2)(E)). The last
    of the added days is then itself subject to 6(a)(1)(C)."""
    if service in ("", "electronic", "ecf"):
        return Result(
            deadline=result.deadline,
            last_day=result.last_day,
            unit=result.unit,
            steps=(*result.steps, "Served through CM/ECF: FRCP 6(d) adds no days"),
        )
    if result.unit != DAYS:
        raise ValueError("FRCP 6(d) is applied here to periods in days only.")
    steps = list(result.steps)
    added = result.last_day + timedelta(days=3)
    steps.append(
        f"Served by {service}: 3 days are added after the period would otherwise expire "
        f"(FRCP 6(d)): {format_day(added)}"
    )
    last = _roll(calendar, added, False, steps, "FRCP 6(a)(1)(C)")
    last = _inaccessible_days(calendar, last, steps)
    deadline = datetime.combine(last, END_OF_DAY, tzinfo=calendar.zone)
    steps.append(f"Deadline: {court_datetime(deadline, calendar.zone)} (FRCP 6(d), 6(a)(4)(A))")
    return Result(deadline=deadline, last_day=last, unit=DAYS, steps=tuple(steps))


def _compute_days(
    start: date | datetime, period: Period, before: bool, calendar: CourtCalendar
) -> Result:
    """FRCP 6(a)(1): count calendar days, then step off an excluded last day."""
    zone = calendar.zone
    if isinstance(start, datetime):
        local = _to_court_time(start, zone)
        trigger = local.date()
        given = f" (court-local date of {start.isoformat()})" if start.tzinfo else ""
    elif isinstance(start, date):
        trigger, given = start, ""
    else:
        raise TypeError(f"start must be a date or datetime, not {type(start).__name__}.")
    steps = [f"Start: {format_day(trigger)}{given} — trigger day excluded (FRCP 6(a)(1)(A))"]
    offset = timedelta(days=-period.amount if before else period.amount)
    counted = trigger + offset
    direction = " back" if before else ""
    steps.append(
        f"Count {period}{direction}: day {period.amount} is {format_day(counted)} (FRCP 6(a)(1)(B))"
    )
    last = _roll(calendar, counted, before, steps, "FRCP 6(a)(1)(C)")
    if not before:
        last = _inaccessible_days(calendar, last, steps)
    deadline = datetime.combine(last, END_OF_DAY, tzinfo=zone)
    steps.append(
        f"Deadline: {court_datetime(deadline, zone)} — last day ends at midnight "
        "for electronic filing (FRCP 6(a)(4)(A))"
    )
    return Result(deadline=deadline, last_day=last, unit=DAYS, steps=tuple(steps))


def _compute_hours(
    start: date | datetime, period: Period, before: bool, calendar: CourtCalendar
) -> Result:
    """FRCP 6(a)(2): add elapsed hours in UTC, then keep the wall-clock time on a later day.

    Why UTC: "count every hour" means elapsed time, so 24 hours across a DST
    change is 23 or 25 wall-clock hours. The extension, by contrast, is to "the
    same time on the next day", which is wall-clock time in the court's zone.
    A period ending exactly at 00:00 ends on the day that midnight begins.
    """
    zone = calendar.zone
    begin = _to_court_time(start, zone)
    if not isinstance(start, datetime):
        given = " (a date without a time means local midnight)"
    elif start.tzinfo is not None and start.tzinfo is not zone:
        given = f" (given as {start.isoformat()})"
    else:
        given = ""
    steps = [
        f"Start: {court_datetime(begin, zone)}{given} — counting begins immediately (FRCP 6(a)(2)(A))"
    ]
    offset = timedelta(hours=-period.amount if before else period.amount)
    end = (begin.astimezone(UTC) + offset).astimezone(zone)
    word = "earlier" if before else "later"
    steps.append(f"{period} {word}: {court_datetime(end, zone)} (FRCP 6(a)(2)(B))")
    last = _roll(calendar, end.date(), before, steps, "FRCP 6(a)(2)(C)")
    if last != end.date():
        wall = datetime.combine(last, end.time(), tzinfo=zone)
        end = wall.astimezone(UTC).astimezone(zone)  # normalise a time inside a DST gap
    if not before:
        end = _inaccessible_last_hour(calendar, end, steps)
    steps.append(f"Deadline: {court_datetime(end, zone)}")
    return Result(deadline=end, last_day=end.date(), unit=HOURS, steps=tuple(steps))


def compute(
    start: date | datetime,
    period: Period | str,
    *,
    before: bool = False,
    calendar: CourtCalendar | None = None,
) -> Result:
    """The deadline `period` after (or, with before=True, before) `start`.

    `start` is the triggering event: a date, a naive datetime (court time) or an
    aware one (converted). `period` is a Period or text such as "14 days".
    Pure: the same arguments always give the same Result.
    """
    if isinstance(period, str):
        period = Period.parse(period)
    if not isinstance(period, Period):
        raise TypeError(f"period must be a Period or text, not {type(period).__name__}.")
    calendar = calendar or DEFAULT_CALENDAR
    if period.unit == DAYS:
        return _compute_days(start, period, before, calendar)
    return _compute_hours(start, period, before, calendar)
