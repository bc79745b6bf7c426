"""PACER import benchmark.

Generates a 1,000-entry docket report in the real CM/ECF district-court layout (the one
juriscraper's DocketReport parses: heading, party table, date / # / docket text rows with doc1
links), imports it into a fresh temporary SQLite database (or DATABASE_URL's, which is used as
given), then imports it again, and prints both timings and the `added / updated / unchanged`
lines. A third run with 10 changed texts and 10 new entries shows an update.

Issue 14's targets are ratios to juriscraper's own parse of the same file, measured in the same
run (so machine load cancels out): import <= 3x parse (+ Django start-up), re-import <= 1.5x.
The parse is timed before and after the imports and the ratios use the mean of the two, so a
load that changes during the run weighs on both sides alike. The imports go through the batched
write path (docket.ingest.batches), as the command does, with DEBUG off as in production (with
DEBUG on, Django also keeps a text copy of every SQL statement and its parameters).

Run: .venv/bin/python bench/pacer_import.py [ENTRIES]
"""

import os
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

_STARTED = time.perf_counter()

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-pacer-"))
os.environ.update(
    {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{WORK / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(WORK / "media"),
        "DJANGO_SETTINGS_MODULE": "casetracker.settings",
        "DEBUG": os.environ.get("DEBUG", "false"),
    }
)

import django  # noqa: E402

django.setup()
STARTUP = time.perf_counter() - _STARTED

from django.core.management import call_command  # noqa: E402

from docket.ingest.importers.synthetic import SyntheticEntry, SyntheticParty, docket_report_html  # noqa: E402
from docket.ingest.imports import import_docket_report  # noqa: E402
from docket.models import DocketEntry  # noqa: E402

ENTRIES = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
EVENTS = [
    "MOTION for Extension of Time to File Answer by INTERNAL REVENUE SERVICE.",
    "Memorandum in opposition to re {prev} MOTION filed by CENTER FOR TAXPAYER RIGHTS.",
    "REPLY to opposition to motion re {prev} MOTION filed by INTERNAL REVENUE SERVICE.",
    "ORDER granting {prev} MOTION. Signed by Judge Jane Q. Doe.",
    "NOTICE of Appearance by Example Lawyer on behalf of INTERNAL REVENUE SERVICE.",
    "Joint STATUS REPORT by CENTER FOR TAXPAYER RIGHTS, INTERNAL REVENUE SERVICE.",
]


def entries(count, *, changed=0, extra=0):
    rows, first = [], date(2020, 1, 6)
    for n in range(1, count + extra + 1):
        if n % 25 == 0:  # minute orders carry no number
            rows.append(
                SyntheticEntry(
                    first + timedelta(days=n // 6),
                    f"MINUTE ORDER no. {n} setting a status conference.",
                )
            )
            continue
        text = EVENTS[n % len(EVENTS)].format(prev=max(1, n - 1))
        text = f"{text} (item {n})"
        if n <= changed:
            text += " (Modified on 1/2/2026.)"
        rows.append(SyntheticEntry(first + timedelta(days=n // 6), text, n, f"045{n:08d}"))
    return rows


def report(**kwargs):
    return docket_report_html(
        docket_number="1:20-cv-09999-JQD",
        case_name="SYNTHETIC BENCH PLAINTIFF v. SYNTHETIC AGENCY",
        judge="Jane Q. Doe",
        date_filed=date(2020, 1, 6),
        entries=entries(ENTRIES, **kwargs),
        parties=[
            SyntheticParty(
                "SYNTHETIC BENCH PLAINTIFF",
                "Plaintiff",
                [("Bench Lawyer", "BENCH LLP", "bench@example.org", ["LEAD ATTORNEY"])],
            ),
            SyntheticParty("SYNTHETIC AGENCY", "Defendant"),
        ],
    )


def timed(label, html, case=None):
    start = time.perf_counter()
    case, summary = import_docket_report(html=html, case=case)
    elapsed = time.perf_counter() - start
    print(f"{label:<34} {elapsed:7.2f} s   {summary}")
    return case, elapsed


def main():
    from docket.ingest.importers.pacer import parse_docket_report

    call_command("migrate", verbosity=0)
    html = report()
    print(f"report: {ENTRIES} entries, {len(html) / 1024:.0f} KiB of HTML; {os.getloadavg()=}")

    def parse_alone(label):
        start = time.perf_counter()
        parse_docket_report(html)
        took = time.perf_counter() - start
        print(f"{label:<34} {took:7.2f} s   (Django start-up {STARTUP:.2f} s)")
        return took

    before = parse_alone("juriscraper parse alone (before)")
    case, first = timed("import into empty database", html)
    assert DocketEntry.objects.filter(case=case).count() == ENTRIES
    case, second = timed("re-import (idempotent)", html, case)
    timed("updated report (10 changed, 10 new)", report(changed=10, extra=10), case)
    parse = (before + parse_alone("juriscraper parse alone (after)")) / 2
    print(
        f"first import {first:.2f} s = {first / parse:.2f}x parse "
        f"({(first + STARTUP) / (parse + STARTUP):.2f}x with start-up; target <= 3x); "
        f"re-import {second:.2f} s = {second / parse:.2f}x parse (target <= 1.5x); "
        f"parse {parse:.2f} s (mean of before and after); "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
