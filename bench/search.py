"""Search benchmark (run by `make bench`).

Builds a case of 100,000 docket entries and 20,000 documents with text (bench/lib/bigdocket.py)
and times typical searches through the one search API (search.selectors.search: the permitted
window of at most 1,001 matches, rank, snippets, load a page of 20 hits) against a plain indexed lookup (one entry by case and ECF
number) on the same database, reporting p50/p95 and the p50 ratio.

Databases: a throwaway SQLite file always; PostgreSQL too when BENCH_POSTGRES_URL names a
database it may drop and re-create (e.g. postgres://postgres@127.0.0.1:54330/ct_bench_search).
Each database runs in its own process. BENCH_SEARCH_ENTRIES changes the size (default 100000).
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENTRIES = int(os.environ.get("BENCH_SEARCH_ENTRIES", "100000"))
RUNS = int(os.environ.get("BENCH_SEARCH_RUNS", "30"))
QUERIES = [
    ("common word", "motion", "relevance"),
    ("common word, newest first", "motion", "date"),
    ("two words (stemmed)", "preliminary injunctions", "relevance"),
    ("phrase", '"administrative record"', "relevance"),
    ("prefix", "disclos*", "relevance"),
    ("rare word", "quokka", "relevance"),
    ("three words", "sealed motion extension", "relevance"),
]


def child():
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from bench.lib.bigdocket import build
    from casetracker.models import CaseMembership, Role
    from docket.ingest.loader import load_case
    from docket.models import DocketEntry, Document
    from docket.search.selectors import memberships_of, search

    call_command("migrate", verbosity=0)
    case, _ = load_case()
    user = get_user_model().objects.create_user("bench", password="bench-password-1")
    CaseMembership.objects.create(user=user, case=case, role=Role.ATTORNEY)
    started = time.perf_counter()
    build(case, ENTRIES)
    built = time.perf_counter() - started
    memberships = memberships_of(user, case)
    entries = DocketEntry.objects.filter(case=case).count()
    documents = Document.objects.filter(entry__case=case).count()

    def timed(fn, runs=RUNS):
        for _ in range(3):
            fn()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        return statistics.median(times), times[int(len(times) * 0.95) - 1]

    numbers = iter(range(1, 10**9, 7919))

    def lookup():
        DocketEntry.objects.filter(case=case, number=next(numbers) % ENTRIES + 1).first()

    base50, base95 = timed(lookup, runs=RUNS * 5)
    vendor = connection.vendor
    print(
        f"== {vendor}: {entries:,} entries, {documents:,} documents "
        f"(built and indexed in {built:.0f} s)"
    )
    print(f"{'query':34} {'hits':>7} {'p50 ms':>8} {'p95 ms':>8} {'p50 / lookup':>13}")
    print(f"{'plain indexed lookup (baseline)':34} {1:>7} {base50:8.2f} {base95:8.2f} {1:13.1f}")
    for label, query, order in QUERIES:
        results = search(user=user, query=query, memberships=memberships, params={"sort": order})
        p50, p95 = timed(
            lambda q=query, o=order: search(
                user=user, query=q, memberships=memberships, params={"sort": o}
            )
        )
        hits = f">{results.total:,}" if results.capped else f"{results.total:,}"
        print(f"{label + ': ' + query:34} {hits:>7} {p50:8.2f} {p95:8.2f} {p50 / base50:13.1f}")


def run(database_url):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "casetracker.settings",
        "DEBUG": "false",
        "BENCH_SEARCH_CHILD": "1",
    }
    subprocess.run([sys.executable, __file__], env=env, check=True)


def main():
    work = Path(tempfile.mkdtemp(prefix="bench-search-"))
    run(f"sqlite:///{work / 'bench.sqlite3'}")
    pg = os.environ.get("BENCH_POSTGRES_URL")
    if pg:
        name = pg.rsplit("/", 1)[1]
        admin = pg.rsplit("/", 1)[0] + "/postgres"
        import psycopg

        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        run(pg)
    else:
        print("(PostgreSQL skipped: set BENCH_POSTGRES_URL to a database the bench may re-create)")


if __name__ == "__main__":
    if os.environ.get("BENCH_SEARCH_CHILD"):
        child()
    else:
        main()
