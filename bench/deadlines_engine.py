"""Time the pure deadline engine: 10,000 compute() calls on one CourtCalendar.

Why standalone: notices.deadlines.rules has no Django imports, so this runs without
settings and measures only the FRCP 6(a) arithmetic and its explanations.
Run: python bench/deadlines_engine.py
"""

import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from notices.deadlines.rules import CourtCalendar, Period, compute  # noqa: E402

CALLS = 10_000
GOAL_SECONDS = 0.5


def workload() -> list[tuple[object, Period, bool]]:
    """A fixed mix of day and hour periods, forward and backward, over 2025-2026."""
    periods = [Period(7, "days"), Period(14, "days"), Period(60, "days"), Period(24, "hours")]
    first_day = date(2025, 1, 1)
    first_moment = datetime(2025, 1, 1, 16, 0, tzinfo=UTC)
    cases = []
    for i in range(CALLS):
        period = periods[i % len(periods)]
        if period.unit == "days":
            start = first_day + timedelta(days=i % 730)
        else:
            start = first_moment + timedelta(hours=7 * (i % 2500))
        cases.append((start, period, i % 3 == 0))
    return cases


def main() -> None:
    """Print the elapsed time for CALLS computations against the goal."""
    calendar = CourtCalendar(closures=((date(2025, 1, 9), "National Day of Mourning"),))
    cases = workload()
    began = time.perf_counter()
    for start, period, before in cases:
        compute(start, period, before=before, calendar=calendar)
    elapsed = time.perf_counter() - began
    print(f"engine: {CALLS} computations in {elapsed:.3f} s (goal <= {GOAL_SECONDS} s)")


if __name__ == "__main__":
    main()
