"""RSS monitoring: saved real CM/ECF feeds (S.D.N.Y. and the D.C. Circuit, from juriscraper's
public test examples) served by a real HTTP server the test starts. Items of tracked cases go
through the docket's import service: idempotent, no duplicates of unnumbered items, RSS never
rewrites better text; a feed that is not RSS, cut off, a 500 or a timeout is a clear, logged
error that saves nothing, and the next poll works."""

import datetime as dt
import logging
import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from casetracker.models import Court
from casetracker.services import track_case
from docket.ingest.feeds import PollError, poll_court, poll_due_feeds
from docket.ingest.models import FeedState
from docket.models import DocketEntry
from docket.signals import entry_saved
from tests.docket.factories import DocumentFactory, EntryFactory
from tests.live import database_url_for_tests

from .conftest import SAMPLES

pytestmark = pytest.mark.django_db
NYSD = SAMPLES / "nysd.xml"
CADC = SAMPLES / "cadc.xml"


@pytest.fixture
def nysd_cases():
    chau = track_case(court_code="nysd", number="1:18-cv-03365", caption="Chau v. Donovan et al")
    lopez = track_case(court_code="nysd", number="1:18-mj-03122", caption="USA v. Lopez De La Cruz")
    return chau, lopez


def poll(*args):
    out = StringIO()
    call_command("poll_rss", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_saved_district_feed_adds_the_tracked_cases_items_once(nysd_cases):
    chau, lopez = nysd_cases
    lines = poll("--court", "nysd", "--file", str(NYSD))
    assert lines[0] == "nysd: 13 items, 5 for tracked cases"
    assert lines[-1] == "added 5, updated 0, unchanged 0"
    numbers = list(chau.entries.values_list("number", "text", "kind", "source"))
    assert numbers == [
        (1, "Complaint", "complaint", "rss"),
        (2, "Civil Cover Sheet", "other", "rss"),
        (3, "Notice of Appearance", "notice", "rss"),
    ]
    # 00:02 GMT on 18 April is 17 April in New York: the court's date.
    assert set(chau.entries.values_list("date_filed", flat=True)) == {dt.date(2018, 4, 17)}
    doc = chau.entries.get(number=1).documents.get()
    assert doc.pacer_url == "https://ecf.nysd.uscourts.gov/doc1/127022264349"
    unnumbered = lopez.entries.get(number=None)
    assert unnumbered.text == "Rule 5(c)(3) - Documents Sent"
    # Feeds repeat their items on every poll: nothing is added or changed the second time.
    assert poll("--court", "nysd", "--file", str(NYSD))[-1] == "added 0, updated 0, unchanged 5"
    assert lopez.entries.filter(number=None).count() == 1
    assert DocketEntry.objects.count() == 5


def test_rss_never_rewrites_an_entry_known_better(nysd_cases):
    chau, _ = nysd_cases
    full = "NOTICE OF APPEARANCE by Jane Doe on behalf of Chau. (Doe, Jane) (Entered: 04/18/2018)"
    link = "https://ecf.nysd.uscourts.gov/doc1/127122264358?caseid=492165&de_seq_num=10&magic_num=7"
    entry = EntryFactory(
        case=chau, number=3, date_filed=dt.date(2018, 4, 18), text=full, source="pacer"
    )
    DocumentFactory(entry=entry, attachment_number=0, pacer_url=link)
    assert poll("--court", "nysd", "--file", str(NYSD))[-1] == "added 4, updated 0, unchanged 1"
    entry.refresh_from_db()
    assert (entry.text, entry.date_filed, entry.source) == (full, dt.date(2018, 4, 18), "pacer")
    assert entry.documents.get().pacer_url == link  # the NEF/PACER link, not the bare RSS one


def test_appellate_feed_matches_the_appeal_by_its_number():
    case = track_case(court_code="cadc", number="22-5043", caption="Tyson Brody v. DOJ")
    assert poll("--court", "cadc", "--file", str(CADC))[-1] == "added 1, updated 0, unchanged 0"
    entry = case.entries.get()
    assert (entry.number, entry.text, entry.kind) == (
        None,
        "Judgment Filed (Merits Panel)",
        "order",
    )
    assert entry.date_filed == dt.date(2023, 2, 3)
    assert entry.documents.get().pacer_url == "https://ecf.cadc.uscourts.gov/docs1/01208491091"
    assert poll("--court", "cadc", "--file", str(CADC))[-1] == "added 0, updated 0, unchanged 1"


def test_a_file_that_is_not_rss_exits_non_zero_with_one_line(
    tmp_path, nysd_cases, transactional_db
):
    page = tmp_path / "login.html"
    page.write_text("<!DOCTYPE html><html><body>PACER login</body></html>")
    env = {**os.environ, "DATABASE_URL": database_url_for_tests()}
    done = subprocess.run(
        [sys.executable, "manage.py", "poll_rss", "--court", "nysd", "--file", str(page)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode != 0
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "This is not an RSS feed (it is an HTML page)" in lines[0]
    assert not DocketEntry.objects.exists()


@pytest.mark.parametrize("own_feed", [True, False], ids=["court-feed", "--url"])
def test_an_unreachable_feed_exits_non_zero_with_one_line(own_feed, nysd_cases, transactional_db):
    """The operator reads one line saying why (the feed module's log line is for the beat's
    log); the court's own feed still records the failure on its poll state."""
    from tests.live import free_port

    dead = f"http://127.0.0.1:{free_port()}/cgi-bin/rss_outside.pl"  # nothing listens there
    args = ["--court", "nysd"] + ([] if own_feed else ["--url", dead])
    if own_feed:
        Court.objects.filter(cmecf_code="nysd").update(rss_url=dead)
    env = {**os.environ, "DATABASE_URL": database_url_for_tests()}
    done = subprocess.run(
        [sys.executable, "manage.py", "poll_rss", *args],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("CommandError: nysd: Could not reach") and dead in lines[0]
    state = FeedState.objects.filter(court__cmecf_code="nysd").first()
    assert (state is not None and state.consecutive_failures == 1) is own_feed
    assert not DocketEntry.objects.exists()


def test_unknown_court_and_missing_court_are_refused():
    with pytest.raises(CommandError, match="No court with the CM/ECF code"):
        poll("--court", "xxd", "--file", str(NYSD))
    with pytest.raises(CommandError, match="--court"):
        poll("--file", str(NYSD))


def _feed_court(url):
    court = Court.objects.get(cmecf_code="nysd")
    court.rss_url = url
    court.save()
    return court


def test_http_poll_uses_conditional_get(feed_server, nysd_cases):
    url = feed_server.serve(
        body=NYSD.read_bytes(), etag='"v1"', last_modified="Wed, 18 Apr 2018 00:15:28 GMT"
    )
    court = _feed_court(url)
    assert str(poll_court(court)) == "added 5, updated 0, unchanged 0"
    state = FeedState.objects.get(court=court)
    assert (state.etag, state.last_status, state.last_added) == ('"v1"', "200", 5)
    lines = poll("--court", "nysd")
    assert lines == ["nysd: not modified since the last poll", "added 0, updated 0, unchanged 0"]
    headers = feed_server.requests[-1][1]
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Wed, 18 Apr 2018 00:15:28 GMT"
    state.refresh_from_db()
    assert state.last_status == "304" and state.total_polls == 2 and state.last_added == 5


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ({"status": 500, "body": b"Internal Server Error"}, "answered HTTP 500"),
        ({"body": b"<html><body>Service unavailable</body></html>"}, "not an RSS feed"),
        ({"body": NYSD.read_bytes()[:3000]}, "not well-formed XML"),
        ({"body": NYSD.read_bytes(), "delay": 2.0}, "No answer from"),
    ],
    ids=["http-500", "not-rss", "truncated", "timeout"],
)
def test_failed_poll_logs_saves_nothing_backs_off_and_the_next_poll_works(
    feed_server, nysd_cases, settings, caplog, route, message
):
    settings.RSS_TIMEOUT_SECONDS = 0.5
    court = _feed_court(feed_server.serve(**route))
    now = timezone.now()
    with (
        caplog.at_level(logging.ERROR, logger="docket.ingest.feeds"),
        pytest.raises(PollError) as err,
    ):
        poll_court(court, now=now)
    assert message in str(err.value)
    assert any(message in r.getMessage() for r in caplog.records)
    assert not DocketEntry.objects.exists()
    state = FeedState.objects.get(court=court)
    assert state.consecutive_failures == 1 and message in state.last_error
    assert state.next_poll_at == now + timedelta(minutes=15)
    with pytest.raises(PollError):
        poll_court(court, now=now + timedelta(minutes=15))
    state.refresh_from_db()
    assert state.consecutive_failures == 2
    assert state.next_poll_at == now + timedelta(minutes=15 + 30)  # backoff doubles
    # The court's server recovers: the next poll imports everything, and the error clears.
    feed_server.serve(body=NYSD.read_bytes())
    assert str(poll_court(court)) == "added 5, updated 0, unchanged 0"
    state.refresh_from_db()
    assert state.consecutive_failures == 0 and state.last_error == ""


def test_a_failure_while_applying_saves_nothing_of_the_feed(nysd_cases):
    """The second case's items fail (a dependant raises): the first case's are rolled back too."""
    chau, lopez = nysd_cases

    def explode(sender, entry, **kwargs):
        if entry.case_id == lopez.pk:
            raise RuntimeError("deadline service down")

    entry_saved.connect(explode, dispatch_uid="explode-rss")
    try:
        with pytest.raises(RuntimeError):
            poll("--court", "nysd", "--file", str(NYSD))
    finally:
        entry_saved.disconnect(dispatch_uid="explode-rss")
    assert not DocketEntry.objects.exists()
    assert poll("--court", "nysd", "--file", str(NYSD))[-1] == "added 5, updated 0, unchanged 0"


def test_beat_polls_only_due_feeds_once(feed_server, nysd_cases):
    url = feed_server.serve(body=NYSD.read_bytes())
    court = _feed_court(url)
    Court.objects.filter(cmecf_code="dcd").update(rss_url="")  # no tracked case there anyway
    now = timezone.now()
    assert poll_due_feeds(now=now) == {"nysd": "added 5, updated 0, unchanged 0"}
    assert poll_due_feeds(now=now + timedelta(minutes=5)) == {}  # not due yet
    assert poll_due_feeds(now=now + timedelta(minutes=15)) == {
        "nysd": "added 0, updated 0, unchanged 5"
    }
    assert len(feed_server.requests) == 2
    assert FeedState.objects.get(court=court).total_polls == 2


def test_two_same_day_items_without_numbers_stay_two_and_an_exact_repeat_is_one(
    nysd_cases, tmp_path
):
    """The real feed's unnumbered item, repeated exactly (one entry) and again at a later time
    (a second paper with the same short name, as two minute orders of one day would be)."""
    _, lopez = nysd_cases
    raw = NYSD.read_text(encoding="iso-8859-1")
    start = raw.index("<item>\n<title>1:18-mj-03122-1 USA v. Lopez De La Cruz</title>")
    item = raw[start : raw.index("</item>", start) + len("</item>")]
    assert "[Rule 5(c)(3) - Documents Sent] " in item
    later = item.replace("23:17:17 GMT", "23:58:00 GMT")
    feed = tmp_path / "feed.xml"
    feed.write_bytes(raw.replace(item, f"{item}\n{item}\n{later}").encode("iso-8859-1"))
    assert poll("--court", "nysd", "--file", str(feed))[-1] == "added 6, updated 0, unchanged 0"
    assert lopez.entries.filter(number=None).count() == 2
    assert poll("--court", "nysd", "--file", str(feed))[-1] == "added 0, updated 0, unchanged 6"


def test_polling_every_court_goes_on_past_a_court_whose_feed_fails(feed_server, nysd_cases):
    """`poll_rss` with no court: cadc's outage (polled first) must not stop nysd's poll."""
    track_case(court_code="cadc", number="22-1214", caption="Food & Water Watch v. FERC")
    Court.objects.filter(cmecf_code="cadc").update(
        rss_url=feed_server.serve("/cadc", status=500, body=b"Internal Server Error")
    )
    Court.objects.filter(cmecf_code="dcd").update(rss_url="")
    _feed_court(feed_server.serve("/nysd", body=NYSD.read_bytes()))
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=r"1 of 2 feeds could not be polled \(cadc\)"):
        call_command("poll_rss", stdout=out, stderr=err)
    assert out.getvalue().strip().splitlines()[-1] == "added 5, updated 0, unchanged 0"
    assert err.getvalue().strip() == (
        f"cadc: The court's server answered HTTP 500 for {Court.objects.get(cmecf_code='cadc').rss_url}."
    )
    assert DocketEntry.objects.filter(case=nysd_cases[0]).exists()
