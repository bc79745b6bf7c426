"""Court time: one style, the case's court's zone (never settings.TIME_ZONE). Expected strings
worked out by hand (EDT = UTC-4 until 2 Nov 2025, EST = UTC-5 after; CDT = UTC-5)."""

import datetime as dt
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template, TemplateSyntaxError

from casetracker import courttime

UTC = dt.UTC
NY = SimpleNamespace(time_zone="America/New_York")
CHICAGO = SimpleNamespace(time_zone="America/Chicago")


def utc(*args):
    return dt.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "court", "expected"),
    [
        (utc(2025, 9, 5, 20, 0), NY, "Fri 5 Sep 2025, 4:00 p.m. ET"),
        (utc(2025, 9, 5, 20, 0), CHICAGO, "Fri 5 Sep 2025, 3:00 p.m. CT"),
        # 03:59:59Z on 25 Oct is 23:59:59 EDT on 24 Oct: a day deadline, seconds dropped.
        (utc(2025, 10, 25, 3, 59, 59), NY, "Fri 24 Oct 2025, 11:59 p.m. ET"),
        (utc(2025, 12, 1, 5, 0), NY, "Mon 1 Dec 2025, 12:00 a.m. ET"),  # EST, midnight
        (utc(2025, 12, 1, 17, 5), NY, "Mon 1 Dec 2025, 12:05 p.m. ET"),  # noon hour
        (utc(2025, 11, 3, 4, 0), NY, "Sun 2 Nov 2025, 11:00 p.m. ET"),  # the day DST ends
        (utc(2025, 9, 5, 20, 0), SimpleNamespace(time_zone="Europe/London"), None),
    ],
)
def test_court_datetime(moment, court, expected):
    if expected is None:  # a zone without a US label uses its own abbreviation
        expected = "Fri 5 Sep 2025, 9:00 p.m. BST"
    assert courttime.court_datetime(moment, court) == expected


def test_zone_comes_from_the_case_court_never_settings(settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    case = SimpleNamespace(court=CHICAGO)
    deadline = SimpleNamespace(case=case)
    moment = utc(2025, 9, 5, 20, 0)
    assert courttime.court_datetime(moment, case) == "Fri 5 Sep 2025, 3:00 p.m. CT"
    assert courttime.court_datetime(moment, deadline) == "Fri 5 Sep 2025, 3:00 p.m. CT"
    assert courttime.court_datetime(moment, ZoneInfo("America/Chicago")).endswith("CT")


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (utc(2025, 9, 6, 3, 30), dt.date(2025, 9, 5)),  # 11:30 p.m. EDT Friday
        (utc(2025, 9, 6, 4, 30), dt.date(2025, 9, 6)),  # 12:30 a.m. EDT Saturday
        (utc(2026, 1, 1, 4, 59), dt.date(2025, 12, 31)),  # 11:59 p.m. EST
    ],
)
def test_court_today(now, expected):
    assert courttime.court_today(NY, now) == expected


def test_naive_and_zoneless_are_refused():
    with pytest.raises(ValueError, match="naive"):
        courttime.court_datetime(dt.datetime(2025, 9, 5, 16, 0), NY)
    with pytest.raises(TypeError, match="No court time zone"):
        courttime.court_datetime(utc(2025, 9, 5, 20, 0), None)
    with pytest.raises(ValueError, match="needs the case"):
        courttime.court_date(utc(2025, 9, 5, 20, 0))
    assert courttime.court_date(dt.date(2025, 9, 9)) == "Tue 9 Sep 2025"


def test_template_filters_are_builtin_and_need_the_case():
    moment = utc(2025, 10, 25, 3, 59, 59)
    case = SimpleNamespace(court=NY)
    html = Template(
        "{{ m|court_time:case }} | {{ m|court_date:case }} | {{ m|court_clock:case }} | "
        "{{ d|court_date }} | [{{ none|court_time:case }}]"
    ).render(Context({"m": moment, "case": case, "d": dt.date(2025, 9, 9), "none": None}))
    assert html == (
        "Fri 24 Oct 2025, 11:59 p.m. ET | Fri 24 Oct 2025 | 11:59 p.m. ET | Tue 9 Sep 2025 | []"
    )
    with pytest.raises(TemplateSyntaxError):
        Template("{{ m|court_time }}")  # no case, no zone: refused when the template compiles


def test_courttime_imports_without_django():
    """notices.deadlines.rules (pure, no Django) formats its steps with courttime."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); import casetracker.courttime; "
        "sys.exit('django' in sys.modules or 'celery' in sys.modules)"
    )
    root = str(Path(__file__).resolve().parents[2])
    assert subprocess.run([sys.executable, "-c", code, root], check=False).returncode == 0
