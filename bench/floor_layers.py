"""Where a signed-in request's time goes, before any domain work (the per-request floor).

Runs the smallest signed-in page (/cases/) through Django's handler in-process, N times, with a
timing layer between every middleware and around every context processor, and prints each
one's own share (median µs per request). The auth user is loaded eagerly at the start of the
view (`user load`), so its query is not hidden inside whoever touches `request.user` first.
Figures are medians of N requests; on a shared machine compare shares within one run.

Run: .venv/bin/python bench/floor_layers.py [N]     (N = 300 by default)
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-floor-"))
os.environ.update(
    {
        "DATABASE_URL": f"sqlite:///{WORK / 'floor.sqlite3'}",
        "STATIC_ROOT": str(WORK / "static"),
        "MEDIA_ROOT": str(WORK / "media"),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver",
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "DJANGO_SETTINGS_MODULE": "casetracker.settings",
    }
)
N = int(sys.argv[1]) if len(sys.argv) > 1 else 300

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()

MARKS = []  # (label, moment) for the current request


def mark(label):
    MARKS.append((label, time.perf_counter()))


class Mark:
    """Middleware placed between the real ones: notes when the request and response pass."""

    def __init__(self, get_response, label):
        self.get_response, self.label = get_response, label

    def __call__(self, request):
        mark(f"in:{self.label}")
        response = self.get_response(request)
        mark(f"out:{self.label}")
        return response


def marked(label):
    return type(f"Mark_{label.replace('.', '_')}", (Mark,), {
        "__init__": lambda self, get_response: Mark.__init__(self, get_response, label)
    })  # fmt: skip


def timed_processor(path):
    from django.utils.module_loading import import_string

    real = import_string(path)
    label = path.rsplit(".", 2)[-2] + "." + path.rsplit(".", 1)[-1]

    def processor(request):
        began = time.perf_counter()
        try:
            return real(request)
        finally:
            COSTS.setdefault(f"context processor {label}", []).append(time.perf_counter() - began)

    return processor


COSTS = {}


def main():
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client, override_settings

    import bench.floor_layers as me
    from casetracker.models import CaseMembership, Role
    from docket.ingest.loader import load_case

    call_command("migrate", verbosity=0)
    case, _ = load_case()
    user = get_user_model().objects.create_user("bench", password="bench-password-1")
    CaseMembership.objects.create(user=user, case=case, role=Role.ATTORNEY)

    real = list(settings.MIDDLEWARE)
    chain = []
    for i, path in enumerate(real):
        label = path.rsplit(".", 1)[-1]
        setattr(me, f"M{i}", marked(label))
        chain += [f"bench.floor_layers.M{i}", path]
    me.MLAST = marked("view")
    chain.append("bench.floor_layers.MLAST")
    processors = settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
    for i, path in enumerate(processors):
        setattr(me, f"P{i}", timed_processor(path))
    templates = [dict(settings.TEMPLATES[0])]
    templates[0]["OPTIONS"] = {
        **templates[0]["OPTIONS"],
        "context_processors": [f"bench.floor_layers.P{i}" for i in range(len(processors))],
    }

    with override_settings(MIDDLEWARE=chain, TEMPLATES=templates):
        client = Client()
        client.force_login(user)
        from django.core.handlers import base

        real_get_response = base.BaseHandler._get_response

        def view_with_user(self, request):
            began = time.perf_counter()
            request.user.is_authenticated  # noqa: B018 - load the user now, and time it
            COSTS.setdefault("user load (auth query)", []).append(time.perf_counter() - began)
            return real_get_response(self, request)

        base.BaseHandler._get_response = view_with_user
        for _ in range(30):
            client.get("/cases/")
        COSTS.clear()
        totals = []
        layers = {}
        for _ in range(N):
            MARKS.clear()
            began = time.perf_counter()
            response = client.get("/cases/")
            totals.append(time.perf_counter() - began)
            assert response.status_code == 200, response.status_code
            at = dict(MARKS)
            for i, path in enumerate(real):
                label = path.rsplit(".", 1)[-1]
                nxt = real[i + 1].rsplit(".", 1)[-1] if i + 1 < len(real) else "view"
                own = (at[f"in:{nxt}"] - at[f"in:{label}"]) + (
                    at[f"out:{label}"] - at[f"out:{nxt}"]
                )
                layers.setdefault(f"middleware {label}", []).append(own)
            layers.setdefault("view + template (incl. below)", []).append(
                at["out:view"] - at["in:view"]
            )
        base.BaseHandler._get_response = real_get_response

    print(
        f"/cases/ signed in, {N} requests in-process (test client); {len(response.content)} bytes"
    )
    print(f"  whole request (test client)       median {statistics.median(totals) * 1e6:8.0f} µs")
    for label, values in [*layers.items(), *COSTS.items()]:
        print(f"  {label:<45} {statistics.median(values) * 1e6:8.0f} µs")
    compare_header(user, load_average=os.getloadavg()[0])


def compare_header(user, *, load_average):
    """Before/after in one run: the header's facts (unread badge, team flag) read from the
    database on every page (before) or from the per-user cache (after, notices.nav_cache),
    alternating blocks of requests so machine load falls on both alike."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    import notices.context_processors as processors
    from notices.models import Notification

    cached = processors.header_facts

    def from_database(user):
        return {
            "any_unread": Notification.objects.filter(user=user, read_at__isnull=True).exists(),
            "team": user.memberships.exclude(role="client").exists(),
        }

    client = Client()
    client.force_login(user)
    times = {"before (database)": [], "after (cache)": []}
    queries = {}
    for _block in range(max(1, N // 20)):
        for label, facts in (("before (database)", from_database), ("after (cache)", cached)):
            processors.header_facts = facts
            for _ in range(20):
                began = time.perf_counter()
                client.get("/cases/")
                times[label].append(time.perf_counter() - began)
            with CaptureQueriesContext(connection) as captured:
                client.get("/cases/")
            queries[label] = len(captured.captured_queries)
    processors.header_facts = cached
    print(f"/cases/ header facts, same run, alternating blocks (load average {load_average:.1f}):")
    for label, values in times.items():
        print(
            f"  {label:<20} median {statistics.median(values) * 1e6:8.0f} µs, "
            f"{queries[label]} queries a request"
        )


if __name__ == "__main__":
    main()
