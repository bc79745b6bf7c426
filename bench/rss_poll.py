"""RSS polling benchmark.

Builds a 500-item CM/ECF district RSS feed (the layout of the real feeds in
tests/docket/ingest/samples/: `[short description] (<a href=doc1>N</a>)`, one item per docket entry,
one in ten without a document or number, like minute orders) spread over five tracked cases and
fifty untracked ones, serves it from a local HTTP server, and polls it twice through the real
poller (fetch, juriscraper's parser, the import service) into a fresh SQLite database. The second
poll must change nothing. Prints both timings and the `added / updated / unchanged` lines.

Run: .venv/bin/python bench/rss_poll.py [ITEMS]
"""

import os
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-rss-"))
os.environ.update(
    {
        "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(WORK / "media"),
        "DJANGO_SETTINGS_MODULE": "casetracker.settings",
        "JURISCRAPER_LOG": os.devnull,
    }
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from casetracker.models import Court  # noqa: E402
from casetracker.services import track_case  # noqa: E402
from docket.ingest.feeds import poll_court  # noqa: E402
from docket.models import DocketEntry  # noqa: E402

ITEMS = int(sys.argv[1]) if len(sys.argv) > 1 else 500
TRACKED = [f"1:25-cv-{n:05d}" for n in (101, 202, 303, 404, 505)]
EVENTS = [
    "Motion to Dismiss",
    "Memorandum in Opposition",
    "Reply",
    "Notice of Appearance",
    "Order on Motion to Dismiss",
    "Status Report",
    "Letter",
    "Declaration",
]


def feed(items):
    start = datetime(2025, 9, 9, 23, 0, tzinfo=UTC)
    rows = []
    for i in range(items):
        tracked = i % 2 == 0
        number = TRACKED[i % len(TRACKED)] if tracked else f"1:24-cv-{1000 + i % 50:05d}"
        caseid = 300000 + (i % 55)
        when = (start - timedelta(minutes=i)).strftime("%a, %d %b %Y %H:%M:%S GMT")
        if i % 10 == 8:  # no document: a minute order
            description = "[Minute Order] "
        else:
            doc = f"04{5000000000 + i:010d}"
            description = (
                f"[{EVENTS[i % len(EVENTS)]}] (&#x3C;a href=&#x22;https://ecf.dcd.uscourts.gov/doc1/"
                f"{doc}?caseid={caseid}&#x26;de_seq_num={i}&#x22; &#x3E;{i + 1}&#x3C;/a&#x3E;)"
            )
        rows.append(
            f"<item>\n<title>{number} SYNTHETIC BENCH CASE {caseid} v. AGENCY</title>\n"
            f"<link>https://ecf.dcd.uscourts.gov/cgi-bin/DktRpt.pl?{caseid}</link>\n"
            f"<description>{description}</description>\n"
            f'<guid isPermaLink="true">https://ecf.dcd.uscourts.gov/cgi-bin/DktRpt.pl?{caseid}&#x26;{i}</guid>\n'
            f"<pubDate>{when}</pubDate>\n</item>"
        )
    return (
        '<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss version="2.0">\n<channel>\n'
        "<title>District of Columbia - Recent Entries (SYNTHETIC BENCH FEED)</title>\n"
        "<link>https://ecf.dcd.uscourts.gov</link>\n<description>all entries</description>\n"
        + "\n".join(rows)
        + "\n</channel>\n</rss>\n"
    ).encode("iso-8859-1")


def serve(body):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/rss_outside.pl"


def main():
    call_command("migrate", verbosity=0)
    for i, number in enumerate(TRACKED):
        track_case(court_code="dcd", number=number, caption=f"Synthetic Bench {i} v. Agency")
    body = feed(ITEMS)
    server, url = serve(body)
    court = Court.objects.get(cmecf_code="dcd")
    court.rss_url = url
    court.save()
    print(f"feed: {ITEMS} items, {len(body) / 1024:.0f} KiB; database {WORK / 'bench.sqlite3'}")
    timings = []
    for label in ("first poll", "second poll (same feed)"):
        start = time.perf_counter()
        result = poll_court(court)
        elapsed = time.perf_counter() - start
        timings.append((elapsed, result))
        print(f"{label:<26} {elapsed:7.2f} s   {result.matched} items for tracked cases: {result}")
    assert timings[1][1].added == 0 and timings[1][1].updated == 0, "second poll changed entries"
    print(f"entries in the tracker: {DocketEntry.objects.count()}")
    print(f"first poll {timings[0][0]:.2f} s; second poll {timings[1][0]:.2f} s (0 changes)")
    server.shutdown()


if __name__ == "__main__":
    main()
