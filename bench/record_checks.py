"""Time the administrative-record checks and the certified-index parser on a large record.

Both are pure (docket.record.bates, docket.record.index_import.parse_index touches no database), so this runs
with Django settings loaded but no database. Run: python bench/record_checks.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")

import django  # noqa: E402

django.setup()

from docket.record.bates import Row, check_ranges  # noqa: E402
from docket.record.index_import import parse_index  # noqa: E402

DOCUMENTS = 50_000
GOAL_SECONDS = 2.0


def rows():
    out = []
    for n in range(DOCUMENTS):
        start, end = n * 4 + 1, n * 4 + 4
        if n % 1000 == 0:
            start += 1  # a gap every 1,000 documents
        out.append(
            Row(
                f"IRS-AR-{start:07d}",
                f"IRS-AR-{end:07d}",
                "Doc",
                page_count=end - start + 1,
                produced=True,
                ref=n,
            )
        )
    return out


def csv_bytes():
    lines = [
        "bates_start,bates_end,title,date,author,privilege_claim,privilege_basis,withheld,redacted,volume"
    ]
    for n in range(DOCUMENTS):
        claim = "Deliberative process,Pre-decisional" if n % 10 == 0 else ","
        lines.append(
            f"IRS-AR-{n * 4 + 1:07d},IRS-AR-{n * 4 + 4:07d},Document {n},2025-04-07,IRS,{claim},no,no,"
        )
    return ("\n".join(lines) + "\n").encode()


def main():
    data = rows()
    started = time.perf_counter()
    problems = check_ranges(data)
    checks = time.perf_counter() - started
    print(f"check_ranges: {DOCUMENTS:,} documents, {len(problems)} problems in {checks:.3f} s")

    raw = csv_bytes()
    started = time.perf_counter()
    parsed = parse_index(raw)
    parsing = time.perf_counter() - started
    print(f"parse_index: {len(parsed):,} rows ({len(raw) / 1e6:.1f} MB) in {parsing:.3f} s")
    if checks > GOAL_SECONDS or parsing > GOAL_SECONDS:
        print(f"slower than the {GOAL_SECONDS} s goal")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
