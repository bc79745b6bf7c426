"""Polling courts' CM/ECF RSS feeds.

    result = poll_court(court)                # fetch court.rss_url (conditional GET), apply
    result = poll_court(court, raw=xml_bytes) # a saved feed (poll_rss --file)
    result = poll_due_feeds()                 # beat: every feed whose next poll is due

One poll is all or nothing: the feed is fetched and parsed completely before anything is saved,
and every tracked case's items are applied in one transaction through the same import service as
PACER reports and NEFs (docket.ingest.apply.apply_docket_report), so a poll that fails half-way saves
nothing and the next poll simply tries again. A failure is logged and recorded on the court's
FeedState (shown on the operator page); the next poll is pushed back exponentially
(15, 30, 60 ... minutes, at most RSS_MAX_BACKOFF_MINUTES).

Conditional GET: the ETag and Last-Modified of the last good answer are sent back; a 304 means
nothing changed (CM/ECF rarely sends them, but a proxy in front of it may)."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casetracker.docket_numbers import docket_key
from casetracker.models import Case, Court
from docket.ingest.apply import apply_docket_report
from docket.ingest.importers import ImportFailed
from docket.ingest.importers.rss import parse_rss_feed
from docket.ingest.models import FeedState

logger = logging.getLogger(__name__)

USER_AGENT = "casetracker RSS poller (+https://github.com/; docket monitoring for counsel)"
MAX_BYTES = 20 * 1024 * 1024


class PollError(Exception):
    """A poll that failed; the message says why in plain words."""


@dataclass
class PollResult:
    court: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    items: int = 0
    matched: int = 0
    not_modified: bool = False
    cases: list = field(default_factory=list)  # slugs of cases that changed
    runs: list = field(default_factory=list)  # import review records (docket.ImportRun)

    def __str__(self):
        return f"added {self.added}, updated {self.updated}, unchanged {self.unchanged}"


def interval():
    return timedelta(minutes=settings.RSS_POLL_MINUTES)


def backoff(failures):
    """How long to wait after `failures` consecutive failures: the interval, doubled each time."""
    minutes = settings.RSS_POLL_MINUTES * (2 ** max(failures - 1, 0))
    return timedelta(minutes=min(minutes, settings.RSS_MAX_BACKOFF_MINUTES))


def fetch(url, *, etag="", last_modified="", timeout=None):
    """GET the feed. Returns (status, body, headers); body is None on 304. Raises PollError."""
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/xml, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = timeout or settings.RSS_TIMEOUT_SECONDS
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True, headers=headers) as client:
            with client.stream("GET", url) as response:
                if response.status_code == 304:
                    return 304, None, response.headers
                if response.status_code >= 400:
                    raise PollError(
                        f"The court's server answered HTTP {response.status_code} for {url}."
                    )
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > MAX_BYTES:
                        raise PollError(f"The feed at {url} is larger than 20 MB; not a feed.")
                    chunks.append(chunk)
                return response.status_code, b"".join(chunks), response.headers
    except httpx.TimeoutException:
        raise PollError(f"No answer from {url} within {timeout:g} seconds.") from None
    except httpx.HTTPError as exc:
        raise PollError(f"Could not reach {url} ({exc.__class__.__name__}: {exc}).") from None


def tracked_cases(court):
    """{docket key: case} for the court's cases."""
    return {docket_key(c.docket_number): c for c in Case.objects.filter(court=court)}


def apply_feed(court, raw, *, by=None, origin=""):
    """Parse a feed and apply the items of tracked cases, all or nothing. Raises PollError."""
    try:
        reports = parse_rss_feed(raw, court_id=court.cmecf_code, time_zone=court.time_zone)
    except ImportFailed as exc:
        raise PollError(str(exc)) from None
    result = PollResult(court=court.cmecf_code)
    result.items = sum(len(r.entries) for r in reports)
    cases = tracked_cases(court)
    with transaction.atomic():
        for report in reports:
            case = cases.get(docket_key(report.docket_number))
            if case is None:
                continue
            result.matched += len(report.entries)
            summary = apply_docket_report(case, report, by=by, origin=origin)
            result.added += summary.added
            result.updated += summary.updated
            result.unchanged += summary.unchanged
            if summary.added or summary.updated:
                result.cases.append(case.slug)
            run = getattr(summary, "run", None)
            if run is not None:
                result.runs.append(run)
    return result


def _state(court):
    state, _ = FeedState.objects.get_or_create(court=court)
    return state


def _record_success(court, url, result, headers, now):
    state = _state(court)
    state.url = url
    if headers is not None:
        state.etag = (headers.get("ETag") or "")[:300]
        state.last_modified = (headers.get("Last-Modified") or "")[:100]
    state.last_polled_at = state.last_success_at = now
    state.next_poll_at = now + interval()
    state.last_status = "304" if result.not_modified else "200"
    state.last_error = ""
    state.consecutive_failures = 0
    if not result.not_modified:
        state.last_items, state.last_matched = result.items, result.matched
        state.last_added, state.last_updated = result.added, result.updated
        state.last_unchanged = result.unchanged
    if result.added or result.updated:
        state.last_changed_at = now
    state.total_polls += 1
    state.total_added += result.added
    state.save()


def _record_failure(court, url, error, now):
    state = _state(court)
    state.url = url
    state.last_polled_at = now
    state.last_status = "error"
    state.last_error = str(error)[:2000]
    state.consecutive_failures += 1
    state.next_poll_at = now + backoff(state.consecutive_failures)
    state.total_polls += 1
    state.total_errors += 1
    state.save()
    logger.error(
        "RSS poll of %s failed (%s in a row; next try %s): %s",
        court.cmecf_code,
        state.consecutive_failures,
        state.next_poll_at.isoformat(),
        error,
    )


def poll_court(court, *, url=None, raw=None, now=None, by=None):
    """One poll now. With `raw`, apply that saved feed (the court's poll state is not touched);
    otherwise fetch `url` (default: the court's feed URL), conditionally when it is the court's
    own feed. Records the outcome on FeedState; raises PollError after recording a failure."""
    now = now or timezone.now()
    if raw is not None:
        return apply_feed(court, raw, by=by, origin="a saved RSS feed")
    url = url or court.rss_url
    if not url:
        raise PollError(
            f"No RSS feed URL is set for {court.cmecf_code}; set it in the admin (Courts) or "
            "pass --url."
        )
    own_feed = url == court.rss_url
    state = FeedState.objects.filter(court=court).first() if own_feed else None
    same_url = state is not None and state.url == url
    try:
        status, body, headers = fetch(
            url,
            etag=state.etag if same_url and state else "",
            last_modified=state.last_modified if same_url and state else "",
        )
        if status == 304:
            result = PollResult(court=court.cmecf_code, not_modified=True)
        else:
            result = apply_feed(court, body, by=by, origin=f"RSS feed {url}")
    except PollError as error:
        if own_feed:
            _record_failure(court, url, error, now)
        raise  # another address (poll_rss --url): the caller reports it
    if own_feed:
        _record_success(court, url, result, headers, now)
    return result


def courts_to_poll():
    """Courts with a feed URL and at least one tracked open case."""
    return (
        Court.objects.exclude(rss_url="")
        .filter(cases__status=Case.Status.OPEN)
        .distinct()
        .order_by("cmecf_code")
    )


def claim(court, now):
    """Take this court's next poll (one conditional UPDATE); False if it is not due or another
    poller took it. The claim pushes next_poll_at one interval ahead, so a poller that dies
    mid-poll only delays the next one."""
    state = _state(court)
    due = FeedState.objects.filter(pk=state.pk).filter(
        Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    )
    return due.update(next_poll_at=now + interval()) == 1


def poll_due_feeds(*, now=None):
    """Beat: poll every feed whose time has come. Returns {court code: summary line or error}."""
    now = now or timezone.now()
    outcomes = {}
    for court in courts_to_poll():
        if not claim(court, now):
            continue
        try:
            outcomes[court.cmecf_code] = str(poll_court(court, now=now))
        except PollError as error:
            outcomes[court.cmecf_code] = f"error: {error}"
    return outcomes
