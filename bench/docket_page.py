"""Docket page benchmark (run by `make bench`).

Builds a throwaway SQLite database with a case of 10,000 docket entries and 20,000 documents,
then reports:
  (a) SQL queries per docket page with 100 and with 10,000 entries (must be equal and <= 12);
  (b) p50 latency of the docket page vs a static file of the same byte size, both served by the
      same gunicorn server in the same run, as a ratio (goal <= 3).
"""

import http.client
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-docket-"))
ENV = {
    "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}",
    "STATIC_ROOT": str(WORK / "static"),
    "MEDIA_ROOT": str(WORK / "media"),
    "DEBUG": "false",
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "SECRET_KEY": "bench-only-" + "x" * 50,
    "DJANGO_SETTINGS_MODULE": "casetracker.settings",
}
os.environ.update(ENV)
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import SESSION_KEY, get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.lib.servers import free_port, start_gunicorn, wait_for_port  # noqa: E402
from casetracker.models import CaseMembership, Role  # noqa: E402
from docket.ingest.loader import load_case  # noqa: E402
from docket.models import DocketEntry, Document  # noqa: E402

KINDS = [k for k, _ in DocketEntry.Kind.choices]


def build(case, upto):
    """Add numbered entries (two documents each) until the case has `upto` of them."""
    start = case.entries.filter(number__isnull=False).count()
    entries = [
        DocketEntry(
            case=case,
            number=n + 1,
            date_filed=f"{2025 + n // 4000}-{1 + n % 12:02d}-{1 + n % 28:02d}",
            kind=KINDS[n % len(KINDS)],
            text=f"Docket text {n + 1}: " + "lorem ipsum " * 12,
        )
        for n in range(start, upto)
    ]
    DocketEntry.objects.bulk_create(entries, batch_size=2000)
    made = DocketEntry.objects.filter(case=case, number__gt=start)
    docs = [
        Document(entry_id=pk, attachment_number=a, description=f"Exhibit {a}", sha256=f"{pk:064x}")
        for pk in made.values_list("pk", flat=True)
        for a in (0, 1)
    ]
    Document.objects.bulk_create(docs, batch_size=4000)
    parties = list(case.parties.all()[:2])
    through = DocketEntry.filed_by.through
    through.objects.bulk_create(
        [
            through(docketentry_id=pk, party_id=parties[pk % 2].pk)
            for pk in made.values_list("pk", flat=True)
        ],
        batch_size=4000,
    )


def queries_per_page(client, url):
    """Queries for a cold page (empty cache), as after any docket change."""
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries), response.content


def timed_get(port, path, cookie):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    start = time.perf_counter()
    conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - start
    conn.close()
    assert response.status == 200, (path, response.status)
    return elapsed, len(body)


def main():
    call_command("migrate", verbosity=0)
    case, _ = load_case()
    user = get_user_model().objects.create_user("bench", password="bench-password-1")
    CaseMembership.objects.create(user=user, case=case, role=Role.ATTORNEY)
    client = Client()
    client.force_login(user)
    url = f"/cases/{case.slug}/docket/"

    build(case, 100)
    q_small, _ = queries_per_page(client, url)
    build(case, 10_000)
    q_large, page = queries_per_page(client, url)
    with CaptureQueriesContext(connection) as warm:
        client.get(url)
    print(
        f"entries: {case.entries.count()}, documents: {Document.objects.filter(entry__case=case).count()}"
    )
    print(
        f"(a) queries per docket page: {q_small} at 100 entries, {q_large} at 10,000 entries "
        f"({'equal' if q_small == q_large else 'NOT EQUAL'}, goal <= 12); "
        f"{len(warm.captured_queries)} when the docket block is cached"
    )

    static_dir = Path(settings.STATIC_ROOT)
    static_dir.mkdir(parents=True, exist_ok=True)
    (static_dir / "same-size.html").write_bytes(page)
    small = client.get("/cases/").content
    (static_dir / "same-size-small.html").write_bytes(small)

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    session.save()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    port = free_port()
    server = start_gunicorn(port, {**os.environ, **ENV}, cwd=ROOT)
    try:
        wait_for_port(port)
        for _ in range(10):  # warm up both paths
            timed_get(port, url, cookie)
            timed_get(port, "/static/same-size.html", cookie)
        page_times, static_times, floor_times, small_times = [], [], [], []
        for _ in range(REQUESTS):
            t, page_size = timed_get(port, url, cookie)
            page_times.append(t)
            t, static_size = timed_get(port, "/static/same-size.html", cookie)
            static_times.append(t)
            t, floor_size = timed_get(port, "/cases/", cookie)
            floor_times.append(t)
            small_times.append(timed_get(port, "/static/same-size-small.html", cookie)[0])
    finally:
        server.terminate()
        server.wait(timeout=10)
    p50_page, p50_static = statistics.median(page_times), statistics.median(static_times)
    print(
        f"(b) p50 over {REQUESTS} requests each, same gunicorn server: docket page "
        f"{p50_page * 1000:.2f} ms ({page_size} bytes), static file {p50_static * 1000:.2f} ms "
        f"({static_size} bytes); ratio {p50_page / p50_static:.2f} (goal <= 3)"
    )
    p50_floor, p50_small = statistics.median(floor_times), statistics.median(small_times)
    print(
        f"(c) the smallest signed-in page (/cases/, {floor_size} bytes): p50 "
        f"{p50_floor * 1000:.2f} ms, a static file of its size {p50_small * 1000:.2f} ms; ratio "
        f"{p50_floor / p50_small:.2f} (goal <= 2)"
    )
    print(f"load average (2 cores): {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
