"""Benchmark deadlines and alerts.

1. The FRCP 6(a) engine: 10,000 compute() calls with the D.D.C. calendar (goal <= 0.5 s).
2. Notice saved -> window-opened alert delivered, with a real Celery worker: p50/p95 over 50
   notices (goal: p95 <= 2 s). "Delivered" means every attorney's e-mail and in-app Reminder
   rows have sent_at set by the worker. The script starts its own redis-server on a free port,
   its own temporary SQLite database and its own worker subprocess, and cleans up after itself.

Run: python bench/deadlines.py
"""

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ENGINE_CALLS = 10_000
ENGINE_GOAL = 0.5
NOTICES = 50
LATENCY_GOAL = 2.0


def bench_engine():
    from notices.deadlines.rules import CourtCalendar, Period, compute

    calendar = CourtCalendar(closures=((date(2025, 1, 9), "National Day of Mourning"),))
    periods = [Period(7, "days"), Period(14, "days"), Period(45, "days"), Period(24, "hours")]
    work = []
    for i in range(ENGINE_CALLS):
        period = periods[i % len(periods)]
        if period.unit == "days":
            start = date(2025, 1, 1) + timedelta(days=i % 730)
        else:
            start = datetime(2025, 1, 1, 16, tzinfo=UTC) + timedelta(hours=7 * (i % 2500))
        work.append((start, period, i % 5 == 0))
    timings = []
    for _ in range(2):  # cold (holiday tables built on first use), then warm
        began = time.perf_counter()
        for start, period, before in work:
            compute(start, period, before=before, calendar=calendar)
        timings.append(time.perf_counter() - began)
    cold, warm = timings
    verdict = "OK" if cold <= ENGINE_GOAL else "SLOWER THAN GOAL"
    print(
        f"engine: {ENGINE_CALLS:,} computations in {cold:.3f} s cold, {warm:.3f} s warm "
        f"({warm / ENGINE_CALLS * 1e6:.1f} µs each; goal <= {ENGINE_GOAL} s) {verdict}"
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"Timed out waiting for {what}")
        time.sleep(0.05)


def bench_latency():
    redis_bin = shutil.which("redis-server")
    if not redis_bin:
        print("latency: skipped (redis-server is not installed)")
        return
    workdir = Path(tempfile.mkdtemp(prefix="bench-deadlines-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "casetracker.settings",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "REDIS_URL": f"redis://127.0.0.1:{port}/0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(workdir / "mail"),
        "DEBUG": "false",
    }
    os.environ.update(env)
    redis = subprocess.Popen(
        [redis_bin, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    worker = None
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        case, attorneys, paralegal = _seed()
        log = open(workdir / "worker.log", "wb")  # noqa: SIM115
        worker = subprocess.Popen(
            [str(Path(sys.executable).with_name("celery")), "-A", "casetracker", "worker",
             "--pool", "prefork", "-c", "1", "-l", "info", "--without-gossip",
             "--without-mingle", "--without-heartbeat"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        wait_for(lambda: b" ready." in (workdir / "worker.log").read_bytes(), 60, "the worker")
        latencies = _measure(case, paralegal, expected=len(attorneys) * 2)
        p50 = statistics.median(latencies)
        p95 = statistics.quantiles(latencies, n=20)[18]
        verdict = "OK" if p95 <= LATENCY_GOAL else "SLOWER THAN GOAL"
        print(
            f"alerts: notice saved -> alert delivered over {NOTICES} notices "
            f"({len(attorneys)} attorneys, e-mail + in-app): p50 {p50 * 1000:.0f} ms, "
            f"p95 {p95 * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms "
            f"(goal p95 <= {LATENCY_GOAL:.0f} s) {verdict}"
        )
    finally:
        if worker and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
        redis.terminate()
        redis.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def _seed():
    from casetracker.models import Case, CaseMembership, Court, Role, User

    court, _ = Court.objects.update_or_create(  # the courts table already holds D.D.C.
        cmecf_code="dcd",
        defaults={
            "name": "U.S. District Court for the District of Columbia",
            "time_zone": "America/New_York",
            "holiday_subdivision": "DC",
        },
    )
    case = Case.objects.create(
        court=court,
        docket_number="1:25-cv-00457",
        caption="Bench v. Bench",
        short_name="Bench",
        slug="bench",
    )
    attorneys = [
        User.objects.create(username=f"attorney{i}", email=f"attorney{i}@example.org")
        for i in range(3)
    ]
    for user in attorneys:
        CaseMembership.objects.create(user=user, case=case, role=Role.ATTORNEY)
    paralegal = User.objects.create(username="paralegal", email="paralegal@example.org")
    CaseMembership.objects.create(user=paralegal, case=case, role=Role.PARALEGAL)
    return case, attorneys, paralegal


def _measure(case, paralegal, expected):
    from django.utils import timezone

    from notices.deadlines import services
    from notices.models import Reminder

    latencies = []
    for i in range(NOTICES):
        began = time.perf_counter()
        window = services.record_notice(
            case=case,
            received_at=timezone.now() - timedelta(minutes=1),
            given_by="AUSA",
            data_description=f"Batch {i}",
            user=paralegal,
        )
        sent = Reminder.objects.filter(
            window=window, kind=Reminder.Kind.WINDOW_OPENED, sent_at__isnull=False
        )
        wait_for(lambda sent=sent: sent.count() == expected, 30, f"alert {i}")
        latencies.append(time.perf_counter() - began)
    return latencies


def main():
    bench_engine()
    bench_latency()


if __name__ == "__main__":
    main()
