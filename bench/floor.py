"""The per-request floor (issue 14 §4), measured as production serves it.

One gunicorn server (1 sync worker, production settings: whitenoise for static files, Redis as
cache and session store) on a throwaway database with the real case plus `--entries` docket
entries; one signed-in user (an attorney) asks, in turn and without think time:

  a static file of /cases/'s size · /cases/ · a static file of the docket page's size · the docket
  page (its filters+table block cached, as after the first view)

and the bench prints the p50 of each over `--requests` rounds, /cases/ ÷ its static file (goal
≤ 2) and the cached docket page ÷ its static file (goal ≤ 3), in the same run on the same server,
with the load average. Full 200 responses are timed (no validators sent); the conditional GET
(If-None-Match with the page's ETag → 304) is timed separately and printed apart.

Requests go over a fresh connection each (gunicorn's sync worker closes it) and carry
`X-Forwarded-Proto: https`, as behind the TLS proxy production settings expect. Like a browser,
the client sends back the cookies the server set (the CSRF cookie): a signed-in browser always
has one, set by the sign-in page. (Before 27 Nov 2026 the bench sent the session cookie only, so
every page made and set a new CSRF secret; `--no-cookie-jar` measures that way.)

Run: .venv/bin/python bench/floor.py [--requests 500] [--entries 1000]
     (SQLite in a temporary folder; DATABASE_URL=postgres://… uses that database, flushed)
Where the time goes inside Django: bench/floor_layers.py (middleware and context processors).
"""

import argparse
import http.client
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.lib.servers import (  # noqa: E402
    free_port,
    start_gunicorn,
    start_redis,
    wait_for_port,
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=500, help="rounds (default 500)")
    parser.add_argument("--entries", type=int, default=1000, help="docket entries (default 1000)")
    parser.add_argument(
        "--no-cookie-jar",
        action="store_true",
        help="send only the session cookie, never the cookies the server sets (the old bench)",
    )
    return parser.parse_args()


def seed(entries):
    """The real case, `entries` numbered entries with two documents each, one attorney with a
    session (saved through the session store, so it is in Redis and the database alike)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore
    from django.core.management import call_command

    from casetracker.models import CaseMembership, Role, User
    from docket.entries.cache import bump_docket_version
    from docket.ingest.loader import load_case
    from docket.models import DocketEntry, Document

    call_command("migrate", verbosity=0)
    if not os.environ["DATABASE_URL"].startswith("sqlite"):
        call_command("flush", interactive=False, verbosity=0)
    case, _ = load_case()
    kinds = [k for k, _ in DocketEntry.Kind.choices]
    start = case.entries.filter(number__isnull=False).count()
    DocketEntry.objects.bulk_create(
        DocketEntry(
            case=case,
            number=n + 1,
            date_filed=f"{2025 + n // 4000}-{1 + n % 12:02d}-{1 + n % 28:02d}",
            kind=kinds[n % len(kinds)],
            text=f"Docket text {n + 1}: " + "lorem ipsum " * 12,
        )
        for n in range(start + 100, start + 100 + entries)
    )
    made = DocketEntry.objects.filter(case=case, number__gt=start + 99)
    Document.objects.bulk_create(
        Document(entry_id=pk, attachment_number=a, description=f"Exhibit {a}", sha256="0" * 64)
        for pk in made.values_list("pk", flat=True)
        for a in (0, 1)
    )
    bump_docket_version(case.pk)
    user = User.objects.create_user("floor", password="floor-password-1")
    CaseMembership.objects.create(user=user, case=case, role=Role.ATTORNEY)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}", case.slug


class Server:
    def __init__(self, port, cookie, jar=True):
        self.port, self.jar = port, jar
        name, _, value = cookie.partition("=")
        self.cookies = {name: value}

    def get(self, path, headers=None):
        """(seconds, status, body, response headers) of one GET over a fresh connection."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        began = time.perf_counter()
        conn.request(
            "GET",
            path,
            headers={
                "Host": "127.0.0.1",
                "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                "X-Forwarded-Proto": "https",
                **(headers or {}),
            },
        )
        response = conn.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - began
        conn.close()
        if self.jar:
            for header in response.msg.get_all("Set-Cookie") or ():
                name, _, value = header.split(";", 1)[0].strip().partition("=")
                self.cookies[name] = value
        return elapsed, response.status, body, response


def main():
    args = parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-floor-"))
    redis_port, web_port = free_port(), free_port()
    env = {
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{work / 'floor.sqlite3'}",
        "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "CACHE_URL": f"redis://127.0.0.1:{redis_port}/1",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "DJANGO_SETTINGS_MODULE": "casetracker.settings.production",
    }
    os.environ.update(env)
    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    procs = [start_redis(redis_port, work)]
    try:
        wait_for_port(redis_port)
        import django

        django.setup()
        from django.db import connections

        cookie, slug = seed(args.entries)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT, env={**os.environ, **env}, check=True,
        )  # fmt: skip
        connections.close_all()
        procs.append(start_gunicorn(web_port, {**os.environ, **env}, cwd=ROOT))
        wait_for_port(web_port)
        server = Server(web_port, cookie, jar=not args.no_cookie_jar)
        pages = {"cases": "/cases/", "docket": f"/cases/{slug}/docket/"}
        bodies = {}
        for name, path in pages.items():
            _, status, body, _ = server.get(path)
            assert status == 200, (path, status)
            bodies[name] = body
        # Static files of the same sizes, served as production serves static files (whitenoise
        # finds them at start-up: restart the server after writing them).
        static = Path(env["STATIC_ROOT"])
        for name, body in bodies.items():
            (static / f"floor-{name}.html").write_bytes(body)
        procs[-1].terminate()
        procs[-1].wait(timeout=10)
        web_port = free_port()
        procs[-1] = start_gunicorn(web_port, {**os.environ, **env}, cwd=ROOT)
        wait_for_port(web_port)
        server = Server(web_port, cookie, jar=not args.no_cookie_jar)
        order = [
            ("static cases", "/static/floor-cases.html"),
            ("cases", pages["cases"]),
            ("static docket", "/static/floor-docket.html"),
            ("docket", pages["docket"]),
        ]
        times = {name: [] for name, _ in order}
        sizes = {}
        for _ in range(20):  # warm up: imports, templates, connections, the docket block
            for _name, path in order:
                server.get(path)
        load_before = os.getloadavg()[0]
        for _ in range(args.requests):
            for name, path in order:
                elapsed, status, body, _ = server.get(path)
                assert status == 200, (path, status)
                times[name].append(elapsed)
                sizes[name] = len(body)
        etag = server.get(pages["docket"])[3].getheader("ETag")
        conditional = []
        if etag:
            for _ in range(args.requests):
                elapsed, status, _, _ = server.get(pages["docket"], {"If-None-Match": etag})
                assert status == 304, status
                conditional.append(elapsed)
        load_after = os.getloadavg()[0]
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)

    p50 = {name: statistics.median(values) * 1000 for name, values in times.items()}
    quart = {name: statistics.quantiles(values, n=4) for name, values in times.items()}
    print(
        f"{engine}, gunicorn 1 sync worker, production settings (whitenoise, Redis cache and "
        f"sessions), one signed-in attorney"
        f"{' (session cookie only)' if args.no_cookie_jar else ''}, {args.requests} rounds, "
        f"{args.entries:,} entries; "
        f"load average {load_before:.1f} → {load_after:.1f} (2 cores)"
    )
    for name, _ in order:
        q1, _, q3 = quart[name]
        print(
            f"  {name:<14} {sizes[name]:>7} bytes  p50 {p50[name]:6.2f} ms  "
            f"(p25 {q1 * 1000:.2f}, p75 {q3 * 1000:.2f})"
        )
    print(
        f"smallest signed-in page (/cases/) ÷ static file of its size: "
        f"{p50['cases'] / p50['static cases']:.2f} (goal ≤ 2)"
    )
    print(
        f"cached docket page ÷ static file of its size: "
        f"{p50['docket'] / p50['static docket']:.2f} (goal ≤ 3)"
    )
    if conditional:
        print(
            f"docket page, conditional GET (If-None-Match → 304), apart: p50 "
            f"{statistics.median(conditional) * 1000:.2f} ms "
            f"({statistics.median(conditional) * 1000 / p50['static docket']:.2f}× the static file)"
        )
    else:
        print("docket page: no ETag, no conditional GET")


if __name__ == "__main__":
    main()
