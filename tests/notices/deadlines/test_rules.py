"""FRCP 6(a) deadline engine, specified as tables.

Every expected date below was worked out by hand from the rule text and a
printed calendar (weekday facts double-checked with `calendar.month`), not
copied from the engine. Each row's comment is the hand computation.
"""

import subprocess
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from notices.deadlines.rules import NAMED_RULES, CourtCalendar, Period, compute, rule_period

ET = ZoneInfo("America/New_York")
PT = ZoneInfo("America/Los_Angeles")
REPO_ROOT = Path(__file__).resolve().parents[3]

DC = CourtCalendar()  # D.D.C.: Eastern time, DC holidays forward, no closures
NO_STATE = CourtCalendar(subdivision=None)
MOURNING = CourtCalendar(
    closures=((date(2025, 1, 9), "National Day of Mourning for President Jimmy Carter"),)
)
CALENDARS = {"dc": DC, "no_state": NO_STATE, "mourning": MOURNING}


def day_case(start, period, expected, *, before=False, calendar="dc", id):
    """One row of the day-period table."""
    return pytest.param(start, period, before, calendar, expected, id=id)


# fmt: off
DAY_CASES = [
    # --- every federal holiday landing as the last day (6(a)(6)(A)) -------------------------
    # Thu 18 Dec 2025 + 14 = Thu 1 Jan 2026, New Year's Day -> Fri 2 Jan 2026 (also crosses the year).
    day_case(date(2025, 12, 18), "14 days", date(2026, 1, 2), id="new-years-day"),
    # Mon 5 Jan 2026 + 14 = Mon 19 Jan 2026, MLK Day -> Tue 20 Jan 2026.
    day_case(date(2026, 1, 5), "14 days", date(2026, 1, 20), id="mlk-day"),
    # Mon 2 Feb 2026 + 14 = Mon 16 Feb 2026, Washington's Birthday -> Tue 17 Feb 2026.
    day_case(date(2026, 2, 2), "14 days", date(2026, 2, 17), id="washingtons-birthday"),
    # Mon 19 May 2025 + 7 = Mon 26 May 2025, Memorial Day -> Tue 27 May 2025.
    day_case(date(2025, 5, 19), "7 days", date(2025, 5, 27), id="memorial-day"),
    # Thu 5 Jun 2025 + 14 = Thu 19 Jun 2025, Juneteenth -> Fri 20 Jun 2025.
    day_case(date(2025, 6, 5), "14 days", date(2025, 6, 20), id="juneteenth"),
    # Fri 27 Jun 2025 + 7 = Fri 4 Jul 2025 (holiday), Sat 5, Sun 6 -> Mon 7 Jul 2025.
    day_case(date(2025, 6, 27), "7 days", date(2025, 7, 7), id="independence-day"),
    # Mon 18 Aug 2025 + 14 = Mon 1 Sep 2025, Labor Day -> Tue 2 Sep 2025.
    day_case(date(2025, 8, 18), "14 days", date(2025, 9, 2), id="labor-day"),
    # Mon 29 Sep 2025 + 14 = Mon 13 Oct 2025, Columbus Day -> Tue 14 Oct 2025.
    day_case(date(2025, 9, 29), "14 days", date(2025, 10, 14), id="columbus-day"),
    # Tue 4 Nov 2025 + 7 = Tue 11 Nov 2025, Veterans Day -> Wed 12 Nov 2025.
    day_case(date(2025, 11, 4), "7 days", date(2025, 11, 12), id="veterans-day"),
    # Thu 13 Nov 2025 + 14 = Thu 27 Nov 2025, Thanksgiving -> Fri 28 Nov (not a federal holiday).
    day_case(date(2025, 11, 13), "14 days", date(2025, 11, 28), id="thanksgiving"),
    # Wed 18 Dec 2024 + 7 = Wed 25 Dec 2024, Christmas -> Thu 26 Dec 2024.
    day_case(date(2024, 12, 18), "7 days", date(2024, 12, 26), id="christmas-2024"),
    # Fri 11 Dec 2026 + 14 = Fri 25 Dec 2026, Christmas, then Sat/Sun -> Mon 28 Dec 2026.
    day_case(date(2026, 12, 11), "14 days", date(2026, 12, 28), id="christmas-2026-friday"),
    # --- the day set aside for observing a weekend holiday ---------------------------------
    # Fri 19 Jun 2026 + 14 = Fri 3 Jul 2026: 4 Jul is a Saturday, observed Friday -> Mon 6 Jul.
    day_case(date(2026, 6, 19), "14 days", date(2026, 7, 6), id="observed-friday-july-4-2026"),
    # Mon 6 Jun 2022 + 14 = Mon 20 Jun 2022: Juneteenth fell on Sunday, observed Monday -> Tue 21.
    day_case(date(2022, 6, 6), "14 days", date(2022, 6, 21), id="observed-monday-juneteenth-2022"),
    # Mon 12 Dec 2022 + 14 = Mon 26 Dec 2022: Christmas on Sunday, observed Monday -> Tue 27.
    day_case(date(2022, 12, 12), "14 days", date(2022, 12, 27), id="observed-monday-christmas-2022"),
    # Fri 17 Dec 2021 + 14 = Fri 31 Dec 2021: 1 Jan 2022 was a Saturday, observed the Friday
    # before (in the old year) -> Sat 1, Sun 2 -> Mon 3 Jan 2022.
    day_case(date(2021, 12, 17), "14 days", date(2022, 1, 3), id="observed-new-year-in-old-year"),
    # Mon 19 Dec 2022 + 14 = Mon 2 Jan 2023: 1 Jan 2023 was a Sunday, observed Monday -> Tue 3 Jan.
    day_case(date(2022, 12, 19), "14 days", date(2023, 1, 3), id="observed-new-year-monday-2023"),
    # Fri 27 Oct 2023 + 14 = Fri 10 Nov 2023: Veterans Day (Sat 11 Nov) observed Friday -> Mon 13.
    day_case(date(2023, 10, 27), "14 days", date(2023, 11, 13), id="observed-veterans-day-2023"),
    # --- year boundaries and plain weekends -------------------------------------------------
    # Mon 15 Dec 2025 + 30: 16 days to 31 Dec, 14 more = Wed 14 Jan 2026, an ordinary day.
    day_case(date(2025, 12, 15), "30 days", date(2026, 1, 14), id="year-boundary-plain"),
    # 14 days before Thu 15 Jan 2026 = Thu 1 Jan 2026 (holiday) -> back to Wed 31 Dec 2025.
    day_case(date(2026, 1, 15), "14 days", date(2025, 12, 31), before=True,
             id="year-boundary-backward-holiday"),
    # Mon 1 Dec 2025 + 5 = Sat 6 Dec 2025 -> Sun 7 -> Mon 8 Dec 2025.
    day_case(date(2025, 12, 1), "5 days", date(2025, 12, 8), id="forward-lands-saturday"),
    # Fri 27 Jun 2025 + 14 = Fri 11 Jul 2025; the 4 Jul holiday is intermediate, so it counts.
    day_case(date(2025, 6, 27), "14 days", date(2025, 7, 11), id="intermediate-holiday-counts"),
    # --- periods measured before an event (6(a)(5): "next day" is the previous day) ---------
    # 7 days before Mon 20 Oct 2025 = Mon 13 Oct (Columbus Day) -> Sun 12, Sat 11 -> Fri 10 Oct.
    day_case(date(2025, 10, 20), "7 days", date(2025, 10, 10), before=True,
             id="backward-holiday-then-weekend"),
    # 5 days before Thu 11 Sep 2025 = Sat 6 Sep -> Fri 5 Sep 2025.
    day_case(date(2025, 9, 11), "5 days", date(2025, 9, 5), before=True,
             id="backward-lands-saturday"),
    # 10 days before Wed 22 Oct 2025 = Sun 12 Oct -> Sat 11 -> Fri 10 Oct 2025.
    day_case(date(2025, 10, 22), "10 days", date(2025, 10, 10), before=True,
             id="backward-lands-sunday"),
    # 14 days before Mon 22 Sep 2025 = Mon 8 Sep 2025, an ordinary Monday: no move.
    day_case(date(2025, 9, 22), "14 days", date(2025, 9, 8), before=True,
             id="backward-plain"),
    # --- state (DC) holidays count only forward (6(a)(6)(C)) --------------------------------
    # Wed 2 Apr 2025 + 14 = Wed 16 Apr 2025, DC Emancipation Day -> Thu 17 Apr 2025.
    day_case(date(2025, 4, 2), "14 days", date(2025, 4, 17), id="dc-emancipation-forward"),
    # 14 days before Wed 30 Apr 2025 = Wed 16 Apr 2025: a state holiday does not count backward.
    day_case(date(2025, 4, 30), "14 days", date(2025, 4, 16), before=True,
             id="dc-emancipation-backward"),
    # Fri 1 Apr 2022 + 14 = Fri 15 Apr 2022: Emancipation Day (Sat 16) observed Friday -> Mon 18.
    day_case(date(2022, 4, 1), "14 days", date(2022, 4, 18), id="dc-emancipation-observed-forward"),
    # 14 days before Fri 29 Apr 2022 = Fri 15 Apr 2022: observed state holiday ignored backward.
    day_case(date(2022, 4, 29), "14 days", date(2022, 4, 15), before=True,
             id="dc-emancipation-observed-backward"),
    # Mon 3 Apr 2023 + 14 = Mon 17 Apr 2023: Emancipation Day (Sun 16) observed Monday -> Tue 18.
    day_case(date(2023, 4, 3), "14 days", date(2023, 4, 18), id="dc-emancipation-observed-monday"),
    # Same as dc-emancipation-forward but for a court with no state holidays: Wed 16 Apr stands.
    day_case(date(2025, 4, 2), "14 days", date(2025, 4, 16), calendar="no_state",
             id="no-state-calendar-ignores-emancipation"),
    # Wed 6 Jan 2021 + 14 = Wed 20 Jan 2021, Inauguration Day (DC only) -> Thu 21 Jan 2021.
    day_case(date(2021, 1, 6), "14 days", date(2021, 1, 21), id="inauguration-2021-forward"),
    # 14 days before Wed 3 Feb 2021 = Wed 20 Jan 2021: only DC makes it a holiday, so it stands.
    day_case(date(2021, 2, 3), "14 days", date(2021, 1, 20), before=True,
             id="inauguration-2021-backward"),
    # Mon 6 Jan 2025 + 14 = Mon 20 Jan 2025, MLK Day and Inauguration Day -> Tue 21 Jan 2025.
    day_case(date(2025, 1, 6), "14 days", date(2025, 1, 21), id="inauguration-on-mlk-2025-forward"),
    # 14 days before Mon 3 Feb 2025 = Mon 20 Jan 2025: MLK Day is federal, so it still counts
    # backward -> Sun 19, Sat 18 -> Fri 17 Jan 2025.
    day_case(date(2025, 2, 3), "14 days", date(2025, 1, 17), before=True,
             id="inauguration-on-mlk-2025-backward"),
    # --- days declared by the President (6(a)(6)(B)), stored as closures --------------------
    # Thu 26 Dec 2024 + 14 = Thu 9 Jan 2025, national day of mourning -> Fri 10 Jan 2025.
    day_case(date(2024, 12, 26), "14 days", date(2025, 1, 10), calendar="mourning",
             id="closure-9-jan-2025"),
    # The same count without the closure recorded: Thu 9 Jan 2025 stands.
    day_case(date(2024, 12, 26), "14 days", date(2025, 1, 9), id="no-closure-recorded"),
    # 14 days before Thu 23 Jan 2025 = Thu 9 Jan (closure counts both ways) -> Wed 8 Jan 2025.
    day_case(date(2025, 1, 23), "14 days", date(2025, 1, 8), before=True, calendar="mourning",
             id="closure-backward"),
    # --- this case's own dates --------------------------------------------------------------
    # Record due 45 days after Tue 9 Sep 2025: 21 days to 30 Sep, 24 more = Fri 24 Oct 2025.
    day_case(date(2025, 9, 9), "45 days", date(2025, 10, 24), id="record-deadline-45-days"),
    # FRCP 12(a)(2): Mon 3 Mar 2025 + 60: 28 to 31 Mar, 30 to 30 Apr, 2 more = Fri 2 May 2025.
    day_case(date(2025, 3, 3), "60d", date(2025, 5, 2), id="answer-60-days"),
    # --- a datetime start uses its court-local date ----------------------------------------
    # 02:00 UTC Sat 6 Sep 2025 is 10 pm EDT Fri 5 Sep: + 14 = Fri 19 Sep 2025 (not Mon 22).
    day_case(datetime(2025, 9, 6, 2, 0, tzinfo=UTC), "14 days", date(2025, 9, 19),
             id="utc-datetime-start-uses-local-date"),
    # Naive datetime = court time: Fri 27 Jun 2025 5:30 pm + 7 days -> Mon 7 Jul 2025.
    day_case(datetime(2025, 6, 27, 17, 30), "7 days", date(2025, 7, 7),
             id="naive-datetime-start"),
    # 04:30 UTC 1 Jan 2026 is 11:30 pm EST Wed 31 Dec 2025: + 1 = Thu 1 Jan (holiday) -> Fri 2 Jan.
    day_case(datetime(2026, 1, 1, 4, 30, tzinfo=UTC), "1 day", date(2026, 1, 2),
             id="utc-new-years-eve-start"),
]
# fmt: on


@pytest.mark.parametrize(("start", "period", "before", "calendar", "expected"), DAY_CASES)
def test_day_periods(start, period, before, calendar, expected):
    result = compute(start, period, before=before, calendar=CALENDARS[calendar])
    assert result.last_day == expected
    assert result.iso == expected.isoformat()
    assert result.unit == "days"
    # 6(a)(4)(A): the last day ends at midnight court time for electronic filing.
    assert result.deadline == datetime.combine(expected, time(23, 59, 59), tzinfo=ET)
    assert result.deadline.utcoffset() == ET.utcoffset(result.deadline.replace(tzinfo=None))


def hour_case(start, period, expected_iso, *, before=False, calendar="dc", id):
    """One row of the hour-period table."""
    return pytest.param(start, period, before, calendar, expected_iso, id=id)


# fmt: off
HOUR_CASES = [
    # Notice Fri 5 Sep 2025 4 pm (naive = court time) + 24 h = Sat 4 pm -> Mon 8 Sep 4 pm EDT.
    hour_case(datetime(2025, 9, 5, 16, 0), "24 hours", "2025-09-08T16:00:00-04:00",
              id="friday-4pm-notice-naive"),
    # The same notice stamped in UTC, 20:00Z = 4 pm EDT -> Mon 8 Sep 4 pm EDT.
    hour_case(datetime(2025, 9, 5, 20, 0, tzinfo=UTC), "24h", "2025-09-08T16:00:00-04:00",
              id="friday-4pm-notice-utc"),
    # The same notice stamped in Pacific time, 1 pm PDT = 4 pm EDT -> Mon 8 Sep 4 pm EDT.
    hour_case(datetime(2025, 9, 5, 13, 0, tzinfo=PT), "24h", "2025-09-08T16:00:00-04:00",
              id="friday-4pm-notice-pacific"),
    # Thu 2 Jul 2026 4 pm + 24 h = Fri 3 Jul 4 pm, observed Independence Day; Sat, Sun -> Mon 6 Jul.
    hour_case(datetime(2026, 7, 2, 16, 0), "24h", "2026-07-06T16:00:00-04:00",
              id="ends-on-observed-holiday"),
    # Fri 3 Jul 2026 4 pm + 24 h = Sat 4 Jul 4 pm -> Sun -> Mon 6 Jul 4 pm.
    hour_case(datetime(2026, 7, 3, 16, 0), "24h", "2026-07-06T16:00:00-04:00",
              id="starts-on-observed-holiday"),
    # Sat 8 Mar 2025 10:00 EST (15:00Z) + 24 h = 15:00Z Sun = 11:00 EDT Sun -> Mon 10 Mar 11:00 EDT.
    hour_case(datetime(2025, 3, 8, 10, 0), "24h", "2025-03-10T11:00:00-04:00",
              id="dst-spring-forward-weekend"),
    # Date start = local midnight: Sun 9 Mar 2025 00:00 EST (05:00Z) + 24 h = 05:00Z Mon = 1 am EDT.
    hour_case(date(2025, 3, 9), "24h", "2025-03-10T01:00:00-04:00",
              id="dst-spring-forward-23-wall-hours"),
    # Sat 1 Nov 2025 10:00 EDT (14:00Z) + 24 h = 14:00Z Sun = 9:00 EST Sun -> Mon 3 Nov 9:00 EST.
    hour_case(datetime(2025, 11, 1, 10, 0), "24h", "2025-11-03T09:00:00-05:00",
              id="dst-fall-back-weekend"),
    # Sun 2 Nov 2025 00:00 EDT (04:00Z) + 24 h = 04:00Z Mon = 11 pm EST Sun -> Mon 3 Nov 11 pm EST.
    hour_case(date(2025, 11, 2), "24h", "2025-11-03T23:00:00-05:00",
              id="dst-fall-back-25-wall-hours"),
    # Fri 31 Oct 2025 noon EDT (16:00Z) + 72 h = 16:00Z Mon 3 Nov = 11:00 EST, a weekday: no move.
    hour_case(datetime(2025, 10, 31, 12, 0), "72 hours", "2025-11-03T11:00:00-05:00",
              id="dst-fall-back-72h-weekday"),
    # Tue 9 Sep 2025 10:30 + 24 h = Wed 10 Sep 10:30, an ordinary weekday.
    hour_case(datetime(2025, 9, 9, 10, 30), "24h", "2025-09-10T10:30:00-04:00",
              id="weekday-no-extension"),
    # Wed 26 Nov 2025 9:15 + 24 h = Thu 27 Nov (Thanksgiving) 9:15 -> Fri 28 Nov 9:15 EST.
    hour_case(datetime(2025, 11, 26, 9, 15), "24h", "2025-11-28T09:15:00-05:00",
              id="ends-on-thanksgiving"),
    # Fri 10 Oct 2025 4 pm + 24 h = Sat -> Sun -> Mon 13 Oct (Columbus Day) -> Tue 14 Oct 4 pm.
    hour_case(datetime(2025, 10, 10, 16, 0), "24h", "2025-10-14T16:00:00-04:00",
              id="long-weekend"),
    # Wed 3 Dec 2025 5 pm + 72 h = Sat 6 Dec 5 pm -> Sun -> Mon 8 Dec 5 pm EST.
    hour_case(datetime(2025, 12, 3, 17, 0), "72h", "2025-12-08T17:00:00-05:00",
              id="72-hours-into-weekend"),
    # Wed 31 Dec 2025 3 pm + 24 h = Thu 1 Jan 2026 (New Year's Day) -> Fri 2 Jan 3 pm EST.
    hour_case(datetime(2025, 12, 31, 15, 0), "24h", "2026-01-02T15:00:00-05:00",
              id="year-boundary-hours"),
    # Wed 8 Jan 2025 noon + 24 h = Thu 9 Jan (declared day of mourning) -> Fri 10 Jan noon.
    hour_case(datetime(2025, 1, 8, 12, 0), "24h", "2025-01-10T12:00:00-05:00",
              calendar="mourning", id="hours-closure"),
    # Tue 15 Apr 2025 2 pm + 24 h = Wed 16 Apr (DC Emancipation Day, forward) -> Thu 17 Apr 2 pm.
    hour_case(datetime(2025, 4, 15, 14, 0), "24h", "2025-04-17T14:00:00-04:00",
              id="hours-dc-holiday-forward"),
    # 24 h before Thu 17 Apr 2025 2 pm = Wed 16 Apr 2 pm: DC holiday ignored backward.
    hour_case(datetime(2025, 4, 17, 14, 0), "24h", "2025-04-16T14:00:00-04:00", before=True,
              id="hours-dc-holiday-backward"),
    # 24 h before a disclosure Mon 8 Sep 2025 10:00 = Sun 7 Sep 10:00 -> Sat -> Fri 5 Sep 10:00.
    hour_case(datetime(2025, 9, 8, 10, 0), "24h", "2025-09-05T10:00:00-04:00", before=True,
              id="hours-backward-weekend"),
    # 48 h before Mon 10 Mar 2025 9:00 EDT (13:00Z) = 13:00Z Sat 8 Mar = 8:00 EST -> Fri 7 Mar 8:00.
    hour_case(datetime(2025, 3, 10, 9, 0), "48h", "2025-03-07T08:00:00-05:00", before=True,
              id="hours-backward-across-dst"),
]
# fmt: on


@pytest.mark.parametrize(("start", "period", "before", "calendar", "expected_iso"), HOUR_CASES)
def test_hour_periods(start, period, before, calendar, expected_iso):
    result = compute(start, period, before=before, calendar=CALENDARS[calendar])
    expected = datetime.fromisoformat(expected_iso)
    assert result.iso == expected_iso
    assert result.deadline == expected
    assert result.deadline.tzinfo == ET  # shown in court time, whatever the input zone
    assert result.last_day == expected.date()
    assert result.unit == "hours"


def test_steps_follow_the_rule_for_a_holiday_weekend():
    """The explanation a lawyer would write for LCvR 7(d)'s 7 days from 27 Jun 2025."""
    result = compute(date(2025, 6, 27), Period(7, "days"))
    assert result.steps == (
        "Start: Fri 27 Jun 2025 — trigger day excluded (FRCP 6(a)(1)(A))",
        "Count 7 days: day 7 is Fri 4 Jul 2025 (FRCP 6(a)(1)(B))",
        "Fri 4 Jul 2025 is a legal holiday: Independence Day (FRCP 6(a)(6)(A)); "
        "continue to the next day that is not (FRCP 6(a)(1)(C))",
        "Sat 5 Jul 2025 is a Saturday; continue to the next day that is not (FRCP 6(a)(1)(C))",
        "Sun 6 Jul 2025 is a Sunday; continue to the next day that is not (FRCP 6(a)(1)(C))",
        "Deadline: Mon 7 Jul 2025, 11:59 p.m. ET — last day ends at midnight for electronic "
        "filing (FRCP 6(a)(4)(A))",
    )


def test_hour_steps_cite_6a2():
    steps = compute(datetime(2025, 9, 5, 20, 0, tzinfo=UTC), "24h").steps
    text = "\n".join(steps)
    assert steps[0].startswith("Start: Fri 5 Sep 2025, 4:00 p.m. ET")
    assert "counting begins immediately (FRCP 6(a)(2)(A))" in steps[0]
    assert steps[1] == "24 hours later: Sat 6 Sep 2025, 4:00 p.m. ET (FRCP 6(a)(2)(B))"
    assert "Sat 6 Sep 2025 is a Saturday" in text
    assert text.count("FRCP 6(a)(2)(C)") == 2  # Saturday, then Sunday
    assert steps[-1] == "Deadline: Mon 8 Sep 2025, 4:00 p.m. ET"


@pytest.mark.parametrize(
    ("start", "period", "before", "calendar", "cited"),
    [
        # Moving back off a weekend cites 6(a)(5), the "previous day" rule.
        (date(2025, 9, 11), "5 days", True, DC, "FRCP 6(a)(5)"),
        # A DC-only holiday is a 6(a)(6)(C) state holiday.
        (date(2025, 4, 2), "14 days", False, DC, "Emancipation Day in DC (FRCP 6(a)(6)(C))"),
        # A recorded presidential closure is a 6(a)(6)(B) day.
        (date(2024, 12, 26), "14 days", False, MOURNING, "FRCP 6(a)(6)(B)"),
        # Inauguration Day on MLK Day 2025: both grounds are shown.
        (
            date(2025, 1, 6),
            "14 days",
            False,
            DC,
            "Martin Luther King Jr. Day (FRCP 6(a)(6)(A)) and Inauguration Day in DC "
            "(FRCP 6(a)(6)(C))",
        ),
    ],
)
def test_steps_cite_the_subsection_applied(start, period, before, calendar, cited):
    steps = compute(start, period, before=before, calendar=calendar).steps
    assert any(cited in step for step in steps)


def test_utc_day_start_says_which_local_date_was_used():
    steps = compute(datetime(2025, 9, 6, 2, 0, tzinfo=UTC), "14 days").steps
    assert steps[0].startswith("Start: Fri 5 Sep 2025 (court-local date of 2025-09-06T02:00")


@pytest.mark.parametrize(
    ("day", "forward", "calendar", "expected"),
    [
        (date(2025, 7, 5), True, DC, "Saturday"),  # weekends are checked first
        (date(2025, 7, 6), False, DC, "Sunday"),
        (date(2025, 7, 4), False, DC, "Independence Day"),  # federal: both directions
        (date(2026, 7, 3), True, DC, "Independence Day (observed)"),
        (date(2021, 1, 20), True, DC, "Inauguration Day in DC"),  # state day, forward only
        (date(2021, 1, 20), False, DC, None),
        (date(2021, 1, 20), True, NO_STATE, None),  # not on the nationwide federal list
        (date(2025, 1, 20), True, DC, "Martin Luther King Jr. Day; Inauguration Day in DC"),
        (date(2025, 1, 20), False, DC, "Martin Luther King Jr. Day"),
        (date(2025, 4, 16), False, DC, None),
        (date(2025, 1, 9), False, DC, None),  # a closure only counts once recorded
        (date(2025, 1, 9), False, MOURNING, "National Day of Mourning for President Jimmy Carter"),
        (date(2025, 1, 8), True, DC, None),  # an ordinary Wednesday
    ],
)
def test_calendar_exclusions(day, forward, calendar, expected):
    assert calendar.is_excluded(day, forward=forward) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14d", Period(14, "days")),
        ("24h", Period(24, "hours")),
        ("14 days", Period(14, "days")),
        ("24 hours", Period(24, "hours")),
        ("1 day", Period(1, "days")),
        ("1 hour", Period(1, "hours")),
        ("  7   DAYS ", Period(7, "days")),  # case and whitespace tolerant
        ("48H", Period(48, "hours")),
        ("7day", Period(7, "days")),
        ("10000 days", Period(10000, "days")),  # the largest accepted
    ],
)
def test_period_parse_accepts(text, expected):
    assert Period.parse(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Cannot read"),
        ("14", "Cannot read"),  # no unit
        ("days", "Cannot read"),  # no number
        ("14 weeks", "Cannot read"),  # 6(a) counts days or hours only
        ("two weeks", "Cannot read"),
        ("1.5 days", "Cannot read"),
        ("14 days after", "Cannot read"),  # a direction belongs to rule_period()
        ("0 days", "at least 1 day"),
        ("0h", "at least 1 hour"),
        ("-1 days", "at least 1 day"),
        ("10001 days", "longer than"),
        ("240001 hours", "longer than"),
    ],
)
def test_period_parse_rejects(text, message):
    with pytest.raises(ValueError, match=message):
        Period.parse(text)


def test_period_rejects_bad_units_and_types():
    with pytest.raises(ValueError, match="Unit must be"):
        Period(3, "weeks")
    with pytest.raises(ValueError, match="whole number"):
        Period(True, "days")
    with pytest.raises(ValueError, match="whole number"):
        Period(1.5, "days")


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("lcvr_7b_opposition", (Period(14, "days"), False, "LCvR 7(b)")),
        ("lcvr_7d_reply", (Period(7, "days"), False, "LCvR 7(d)")),
        ("lcvr_65_1c_pi_opposition", (Period(7, "days"), False, "LCvR 65.1(c)")),
        ("frcp_12a2_answer", (Period(60, "days"), False, "FRCP 12(a)(2)")),
        ("notice_24h", (Period(24, "hours"), False, NAMED_RULES["notice_24h"].citation)),
        ("14 days after", (Period(14, "days"), False, "FRCP 6(a)")),
        ("24 hours before", (Period(24, "hours"), True, "FRCP 6(a)")),
        ("30d", (Period(30, "days"), False, "FRCP 6(a)")),
        ("7 Days BEFORE", (Period(7, "days"), True, "FRCP 6(a)")),
    ],
)
def test_rule_period(key, expected):
    assert rule_period(key) == expected


def test_named_rules_are_complete_and_consistent():
    assert set(NAMED_RULES) == {
        "lcvr_7b_opposition",
        "lcvr_7d_reply",
        "lcvr_65_1c_pi_opposition",
        "frcp_12a2_answer",
        "frap_4a1a_notice_of_appeal",
        "frap_4a1b_notice_of_appeal",
        "notice_24h",
        "lcvr_65_1d_hearing",
        "lcvr_7n1_record_list",
    }
    for key, rule in NAMED_RULES.items():
        assert rule.key == key and rule.label and rule.citation
    assert "24-hour" in NAMED_RULES["notice_24h"].citation


def test_rule_period_rejects_unknown_text():
    with pytest.raises(ValueError, match="neither a named rule"):
        rule_period("lcvr_99_whatever")


def test_lcvr_7b_opposition_from_a_named_rule():
    # Served Fri 27 Jun 2025; 14 days -> Fri 11 Jul 2025 (4 Jul is intermediate).
    period, before, _ = rule_period("lcvr_7b_opposition")
    assert compute(date(2025, 6, 27), period, before=before).iso == "2025-07-11"


def test_compute_rejects_bad_inputs():
    with pytest.raises(TypeError):
        compute("2025-01-01", "14 days")
    with pytest.raises(ValueError):
        compute(date(2025, 1, 1), "14 weeks")


def test_module_is_pure_python():
    """notices.deadlines.rules must import without Django so the benchmark can run it standalone."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import notices.deadlines.rules; "
        "sys.exit('django' in sys.modules)"
    )
    completed = subprocess.run([sys.executable, "-c", code, str(REPO_ROOT)], check=False)
    assert completed.returncode == 0
