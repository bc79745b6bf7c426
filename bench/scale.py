"""Pages at 10,000 and 100,000 docket entries (run by `make bench`).

Builds a throwaway copy of the real case on the database named by DATABASE_URL (SQLite: a temp
file beside nothing else; PostgreSQL: a database `<name>_scale` on the same server, dropped and
re-created) with 10,000 entries (a 3-page document for every fifth), times each page cold (the
cache cleared before every request) 5 times, takes the median, then grows the docket to 100,000
entries and does it again. Prints one table: median wall ms, median CPU ms of this process and
SQL queries at both sizes, the ratios, and whether the page meets the target (≤ 50 ms at 100,000
and ≤ 3× its 10,000 figure, same number of queries), with the machine's load average (the wall
times of a shared machine grow with its load; on SQLite the CPU column does not). On PostgreSQL
running on this machine, `srv` is the CPU time of the server process answering the requests (from
/proc/<pid>/schedstat): cpu + srv is what the page costs, about its wall time on an idle machine.
BENCH_SCALE_SIZES="10000,100000" changes the sizes.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SIZES = [int(n) for n in os.environ.get("BENCH_SCALE_SIZES", "10000,100000").split(",")]
RUNS = 5


def database_url():
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        base, name = url.rsplit("/", 1)
        scratch = f"{name.split('?')[0]}_scale"
        import psycopg

        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
            conn.execute(f'CREATE DATABASE "{scratch}"')
        return f"{base}/{scratch}"
    work = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    return f"sqlite:///{work / 'scale.sqlite3'}"


os.environ.update(
    {
        "DATABASE_URL": database_url(),
        "DJANGO_SETTINGS_MODULE": "casetracker.settings",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver",
        "MEDIA_ROOT": tempfile.mkdtemp(prefix="bench-scale-media-"),
        "DB_CONN_MAX_AGE": "3600",  # one server process for the whole run (its CPU is read)
    }
)

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.lib.bigdocket import build  # noqa: E402
from casetracker.models import CaseMembership, Party  # noqa: E402
from docket.ingest.loader import load_case  # noqa: E402


def pages(case, size):
    slug = case.slug
    middle = size // 2
    last = (case.entries.exclude(visibility="sealed").count() + 49) // 50
    return [
        ("attorney", "docket text search", f"/cases/{slug}/docket/?q=quokka"),
        ("attorney", "docket text search, common", f"/cases/{slug}/docket/?q=motion"),
        ("attorney", "entry detail", f"/cases/{slug}/docket/{middle}/"),
        ("client", "client status", f"/cases/{slug}/status/"),
        ("attorney", "first docket page", f"/cases/{slug}/docket/"),
        ("attorney", "last docket page", f"/cases/{slug}/docket/?page={last}"),
        ("attorney", "case page", f"/cases/{slug}/"),
        ("attorney", "deadlines", f"/cases/{slug}/deadlines/"),
        ("attorney", "search page", f"/search/?q=quokka&case={slug}"),
        ("attorney", "search page, common word", f"/search/?q=motion&case={slug}"),
        ("attorney", "API entries, first page", f"/api/v1/cases/{slug}/entries/"),
    ]


def _server_ns():
    """CPU nanoseconds used so far by the PostgreSQL process serving this connection, or None
    (SQLite, or a server on another machine)."""
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    try:
        with open(f"/proc/{connection.connection.info.backend_pid}/schedstat") as stat:
            return int(stat.read().split()[0])
    except OSError:
        return None


def measure(client, url):
    """(median wall ms, median CPU ms of this process, median server CPU ms or None, queries).
    On SQLite the database runs in this process, so the CPU figure is close to what an idle
    machine's wall clock would show when other processes compete for the cores; on PostgreSQL
    it leaves out the server's work, which the server CPU figure adds."""
    times, cpu, server, queries = [], [], [], None
    for _ in range(RUNS + 1):
        cache.clear()
        server_start = _server_ns()
        with CaptureQueriesContext(connection) as ctx:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            elapsed = (time.perf_counter() - start) * 1000
            used = (time.process_time() - start_cpu) * 1000
        server_end = _server_ns()
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
        times.append(elapsed)
        cpu.append(used)
        if server_start is not None and server_end is not None:
            server.append((server_end - server_start) / 1e6)
    # the first run warms Python, not the data
    srv = statistics.median(server[1:]) if len(server) == RUNS + 1 else None
    return statistics.median(times[1:]), statistics.median(cpu[1:]), srv, queries


def _load():
    return "/".join(f"{n:.1f}" for n in os.getloadavg())


LOAD_AT_START = _load()


def main():
    call_command("migrate", verbosity=0)
    case, _ = load_case()
    users = {}
    for role in ("attorney", "client"):
        user = get_user_model().objects.create_user(f"bench-{role}", password="bench-pw-12345")
        party = case.parties.filter(side=Party.Side.PLAINTIFF).first() if role == "client" else None
        CaseMembership.objects.create(user=user, case=case, role=role, party=party)
        client = Client()
        client.force_login(user)
        users[role] = client
    results = {}
    for size in SIZES:
        started = time.perf_counter()
        build(case, size)
        print(f"built {size:,} entries in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        for role, label, url in pages(case, size):
            results.setdefault(label, {})[size] = measure(users[role], url)
    small, large = SIZES[0], SIZES[-1]
    print(f"Pages on {connection.vendor}, median of {RUNS} cold requests (cache cleared each time)")
    print(f"load average (1/5/15 min) at the start {LOAD_AT_START}, at the end {_load()}")
    header = (
        f"{'page':26} {small:>8,} ms {'cpu':>5} {'srv':>5} {'q':>3} {large:>8,} ms {'cpu':>5} "
        f"{'srv':>5} {'q':>3} {'ratio':>6} {'cpu ratio':>9}  target"
    )
    print(header)
    print("-" * len(header))

    def shown(value):
        return f"{value:5.1f}" if value is not None else f"{'-':>5}"

    for label, by_size in results.items():
        (t_small, c_small, s_small, q_small) = by_size[small]
        (t_large, c_large, s_large, q_large) = by_size[large]
        ratio = t_large / t_small if t_small else 0
        cpu_ratio = c_large / c_small if c_small else 0
        ok = t_large <= 50 and ratio <= 3 and q_small == q_large
        print(
            f"{label:26} {t_small:11.1f} {c_small:5.1f} {shown(s_small)} {q_small:>3} "
            f"{t_large:11.1f} {c_large:5.1f} {shown(s_large)} {q_large:>3} {ratio:6.2f} "
            f"{cpu_ratio:9.2f}  {'ok' if ok else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
