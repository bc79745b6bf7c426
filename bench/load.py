"""Load benchmark: many signed-in users on the real stack, page by page.

Starts redis-server, a Celery worker and gunicorn (4 workers) on a seeded database (a fresh
temporary SQLite file, or DATABASE_URL: that database is flushed and seeded), then drives
`--users` signed-in users without think time for `--duration` seconds over the page mix below,
and prints requests/s, p50/p95/p99 per page, errors, and each page's p50 as a ratio of the
static file's p50 measured under the same load.

With `--during-import N` an N-entry PACER docket report (a new case) is imported by
`manage.py import_pacer` in the middle of the run; the p95 of requests that started while it
ran is printed beside the p95 of those that did not.

Run: .venv/bin/python bench/load.py [--users 50] [--duration 120] [--entries 10000]
                                    [--during-import 10000]
"""

import argparse
import http.client
import multiprocessing
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.lib.servers import (  # noqa: E402
    free_port,
    start_gunicorn,
    start_redis,
    wait_for_port,
)

BIN = Path(sys.executable).parent

# page -> weight (share of requests). "export" queues a docket CSV now and then (the worker
# prepares it) and otherwise reads the export page.
MIX = {
    "docket": 20,
    "filters": 12,
    "search": 8,
    "entry": 12,
    "overview": 10,
    "deadlines": 8,
    "client status": 8,
    "feed": 8,
    "export": 4,
    "static": 10,
}
CLIENTS_SHARE = 5  # one user in five is a client (sees the client status page and the docket)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=120, help="seconds (default 120)")
    parser.add_argument("--entries", type=int, default=10_000, help="docket entries seeded")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--drivers", type=int, default=4, help="load-generating processes")
    parser.add_argument("--during-import", type=int, default=0, metavar="N")
    parser.add_argument("--seed", type=int, default=14)
    return parser.parse_args()


# --------------------------------------------------------------------------- seeding


def seed(entries, users, work):
    """The real case plus `entries` entries (two documents each), users with sessions,
    calendar tokens. Returns what the drivers need (plain data, picklable)."""
    from django.conf import settings
    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.urls import NoReverseMatch, reverse

    from casetracker.models import CaseMembership, Role, User
    from docket.ingest.loader import load_case
    from docket.models import DocketEntry, Document
    from notices.reminders.services import calendar_token_for

    call_command("migrate", verbosity=0)
    if not os.environ["DATABASE_URL"].startswith("sqlite"):
        call_command("flush", interactive=False, verbosity=0)
    case, _ = load_case()
    kinds = [k for k, _ in DocketEntry.Kind.choices]
    start = case.entries.filter(number__isnull=False).count()
    DocketEntry.objects.bulk_create(
        (
            DocketEntry(
                case=case,
                number=n + 1,
                date_filed=date(2025, 1, 1) + timedelta(days=n // 20),
                kind=kinds[n % len(kinds)],
                text=f"Docket text {n + 1}: MOTION by CENTER FOR TAXPAYER RIGHTS " + "lorem " * 20,
            )
            for n in range(start + 100, start + 100 + entries)
        ),
        batch_size=2000,
    )
    made = list(
        DocketEntry.objects.filter(case=case, number__gt=start + 99).values_list("pk", flat=True)
    )
    Document.objects.bulk_create(
        (
            Document(entry_id=pk, attachment_number=a, description=f"Exhibit {a}", sha256="0" * 64)
            for pk in made
            for a in (0, 1)
        ),
        batch_size=4000,
    )
    from docket.entries.cache import bump_docket_version

    bump_docket_version(case.pk)
    client_party = case.parties.filter(side="plaintiff").first()
    people = []
    for i in range(users):
        is_client = i % CLIENTS_SHARE == CLIENTS_SHARE - 1
        user = User.objects.create_user(f"load{i}", password=f"load-password-{i}-xyz")
        CaseMembership.objects.create(
            user=user,
            case=case,
            role=Role.CLIENT if is_client else (Role.ATTORNEY if i % 2 else Role.PARALEGAL),
            party=client_party if is_client else None,
        )
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.save()
        people.append(
            {
                "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
                "client": is_client,
                "feed": reverse("calendar_feed", args=[calendar_token_for(user=user).token]),
            }
        )
    numbers = list(
        DocketEntry.objects.filter(case=case, visibility="public", number__isnull=False)
        .values_list("number", flat=True)
        .order_by("?")[:500]
    )
    slug = case.slug
    try:
        search = reverse("search") + "?" + urlencode({"q": "motion"})
    except NoReverseMatch:
        search = None
    static_file = "/static/css/app.css"
    return {
        "people": people,
        "urls": {
            "docket": f"/cases/{slug}/docket/",
            "overview": f"/cases/{slug}/",
            "deadlines": f"/cases/{slug}/deadlines/",
            "client status": f"/cases/{slug}/status/",
            "export page": f"/cases/{slug}/docket/export/",
            "export csv": f"/cases/{slug}/docket/export/csv/",
            "search": search,
            "static": static_file,
        },
        "numbers": numbers,
        "slug": slug,
    }


# --------------------------------------------------------------------------- driving


def request(port, method, path, cookie, body=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    all_headers = {"Host": "127.0.0.1", "Cookie": cookie, **(headers or {})}
    began = time.perf_counter()
    conn.request(method, path, body=body, headers=all_headers)
    response = conn.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - began
    conn.close()
    return response.status, elapsed, data, response


def choose(rng, person, world):
    """(page, method, path) for one request of this user."""
    pages = [p for p in MIX if world["urls"].get(p, True) is not None]
    if person["client"]:
        pages = [p for p in pages if p not in ("deadlines", "overview", "search")]
    else:
        pages = [p for p in pages if p != "client status"]
    page = rng.choices(pages, weights=[MIX[p] for p in pages])[0]
    urls = world["urls"]
    if page == "filters":
        kind = rng.choice(["order", "motion", "notice", "minute_order"])
        return page, "GET", f"{urls['docket']}?kind={kind}&page={rng.randint(1, 2)}"
    if page == "docket":
        return page, "GET", f"{urls['docket']}?page={rng.randint(1, 3)}"
    if page == "entry":
        return page, "GET", f"/cases/{world['slug']}/docket/{rng.choice(world['numbers'])}/"
    if page == "feed":
        return page, "GET", person["feed"]
    if page == "export":
        if rng.random() < 0.1:
            return page, "POST", urls["export csv"]
        return page, "GET", urls["export page"]
    return page, "GET", urls[page]


def user_loop(port, person, world, stop_at, seed_value, out):
    rng = random.Random(seed_value)
    csrf = None
    while time.time() < stop_at:
        page, method, path = choose(rng, person, world)
        cookie, body, headers = person["cookie"], None, {}
        if method == "POST":
            if csrf is None:  # the export page sets the CSRF cookie the form needs
                _, _, html, response = request(port, "GET", world["urls"]["export page"], cookie)
                token = [
                    c.split("=", 1)[1].split(";")[0]
                    for c in response.headers.get_all("Set-Cookie") or []
                    if c.startswith("csrftoken=")
                ]
                csrf = token[0] if token else ""
            cookie = f"{cookie}; csrftoken={csrf}"
            body = urlencode({"csrfmiddlewaretoken": csrf})
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": "http://127.0.0.1/",
            }
        started = time.time()
        try:
            status, elapsed, _, _ = request(port, method, path, cookie, body, headers)
            ok = status < 400 or (method == "POST" and status in (302, 303))
        except OSError:
            status, elapsed, ok = 0, time.perf_counter(), False
        out.append((page, started, elapsed, ok, status))


def driver(port, people, world, stop_at, seed_value, queue):
    results = []
    threads = [
        threading.Thread(
            target=user_loop, args=(port, p, world, stop_at, seed_value + i, results), daemon=True
        )
        for i, p in enumerate(people)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    queue.put(results)


def pct(values, q):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def report(results, duration, import_span=None):
    by_page = {}
    for page, started, elapsed, ok, status in results:
        by_page.setdefault(page, []).append((started, elapsed, ok, status))
    errors = sum(1 for r in results if not r[3])
    print(
        f"\n{len(results)} requests in {duration:.0f} s: {len(results) / duration:.1f} requests/s, "
        f"{errors} errors"
    )
    static = [e for _, e, ok, _ in by_page.get("static", []) if ok]
    static_p50 = statistics.median(static) if static else float("nan")
    print(f"{'page':<14}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}  ratio")
    for page in MIX:
        rows = by_page.get(page)
        if not rows:
            continue
        times = [e for _, e, ok, _ in rows if ok]
        bad = [s for _, _, ok, s in rows if not ok]
        p50 = statistics.median(times) if times else float("nan")
        print(
            f"{page:<14}{len(rows):>7}{p50 * 1000:>9.0f}{pct(times, 95) * 1000:>9.0f}"
            f"{pct(times, 99) * 1000:>9.0f}{len(bad):>8}  {p50 / static_p50:5.1f}×"
            + (f"  (statuses {sorted(set(bad))})" if bad else "")
        )
    every = [e for _, _, e, ok, _ in results if ok]
    print(f"{'all':<14}{len(results):>7}{statistics.median(every) * 1000:>9.0f}"
          f"{pct(every, 95) * 1000:>9.0f}{pct(every, 99) * 1000:>9.0f}{errors:>8}")  # fmt: skip
    if import_span:
        began, ended = import_span
        inside = [e for _, s, e, ok, _ in results if ok and began <= s <= ended]
        outside = [e for _, s, e, ok, _ in results if ok and not began <= s <= ended]
        errors_in = sum(1 for _, s, _, ok, _ in results if not ok and began <= s <= ended)
        print(
            f"during the import ({ended - began:.0f} s): p95 {pct(inside, 95) * 1000:.0f} ms over "
            f"{len(inside)} requests, {errors_in} errors; without it: p95 "
            f"{pct(outside, 95) * 1000:.0f} ms over {len(outside)} requests; ratio "
            f"{pct(inside, 95) / pct(outside, 95):.2f}"
        )


def main():
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    redis_port, web_port = free_port(), free_port()
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{work / 'load.sqlite3'}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "DJANGO_SETTINGS_MODULE": "casetracker.settings",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "AXES_FAILURE_LIMIT": "1000",
    }
    os.environ.update(env)
    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    procs = []
    try:
        procs.append(start_redis(redis_port, work))
        import django

        django.setup()
        from django.db import connections

        began = time.perf_counter()
        world = seed(args.entries, args.users, work)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT, env=env, check=True,
        )  # fmt: skip
        report_file = None
        if args.during_import:
            report_file = work / "import.html"
            report_file.write_text(import_report(args.during_import))
        connections.close_all()
        print(
            f"{engine}: seeded {args.entries:,} entries, {args.users} users in "
            f"{time.perf_counter() - began:.0f} s; gunicorn {args.workers} workers, "
            f"1 Celery worker; load average before: {os.getloadavg()[0]:.1f}"
        )
        log = open(work / "server.log", "wb")  # noqa: SIM115
        procs.append(
            subprocess.Popen(
                [
                    str(BIN / "celery"),
                    "-A",
                    "casetracker",
                    "worker",
                    "--pool",
                    "prefork",
                    "-c",
                    "1",
                    "-l",
                    "warning",
                    "--without-gossip",
                    "--without-mingle",
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        )
        procs.append(
            start_gunicorn(
                web_port,
                env,
                workers=args.workers,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        )
        wait_for_port(web_port)
        for person in world["people"][:8]:  # warm every worker's imports and templates
            for page in ("docket", "static", "overview"):
                request(web_port, "GET", world["urls"][page], person["cookie"])

        stop_at = time.time() + args.duration
        queue = multiprocessing.Queue()
        people = world["people"]
        drivers = [
            multiprocessing.Process(
                target=driver,
                args=(
                    web_port,
                    people[i :: args.drivers],
                    world,
                    stop_at,
                    args.seed * 1000 + i,
                    queue,
                ),
            )  # fmt: skip
            for i in range(args.drivers)
        ]
        started = time.time()
        for d in drivers:
            d.start()
        import_span = None
        if report_file:
            time.sleep(args.duration / 3)
            import_began = time.time()
            done = subprocess.run(
                [sys.executable, "manage.py", "import_pacer", str(report_file)],
                cwd=ROOT, env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            import_span = (import_began, time.time())
            last = (done.stdout.strip().splitlines() or [done.stderr.strip()])[-1]
            print(f"import of {args.during_import:,} entries: {import_span[1] - import_span[0]:.1f} s, "
                  f"exit {done.returncode}: {last}")  # fmt: skip
        results = []
        for _ in drivers:
            results.extend(queue.get())
        for d in drivers:
            d.join()
        duration = min(time.time(), stop_at) - started  # the import may outlast the load
        print(f"load average after: {os.getloadavg()[0]:.1f} (2 cores)")
        report(results, duration, import_span)
        if any(status >= 500 for *_, status in results):
            log.flush()
            tail = (work / "server.log").read_text(errors="replace").splitlines()[-40:]
            print("\nserver errors (last lines of the gunicorn/worker log):", *tail, sep="\n")
    finally:
        for proc in reversed(procs):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except (ProcessLookupError, PermissionError):
                    proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
        shutil.rmtree(work, ignore_errors=True)


def import_report(entries):
    """A CM/ECF district docket report of `entries` entries for a new case (the synthetic
    layout of bench/pacer_import.py)."""
    from docket.ingest.importers.synthetic import SyntheticEntry, SyntheticParty, docket_report_html

    first = date(2020, 1, 6)
    rows = [
        SyntheticEntry(
            first + timedelta(days=n // 3),
            f"MOTION number {n} by SYNTHETIC AGENCY.",
            n,
            f"045{n:08d}",
        )  # fmt: skip
        for n in range(1, entries + 1)
    ]
    return docket_report_html(
        docket_number="1:20-cv-07777-JQD",
        case_name="LOAD BENCH PLAINTIFF v. SYNTHETIC AGENCY",
        judge="Jane Q. Doe",
        date_filed=first,
        entries=rows,
        parties=[
            SyntheticParty("LOAD BENCH PLAINTIFF", "Plaintiff"),
            SyntheticParty("SYNTHETIC AGENCY", "Defendant"),
        ],  # fmt: skip
    )


if __name__ == "__main__":
    main()
