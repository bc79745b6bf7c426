"""Poll a court's CM/ECF RSS feed once, now.

    python manage.py poll_rss --court dcd                   # the court's feed URL (conditional GET)
    python manage.py poll_rss --court dcd --url URL         # another address
    python manage.py poll_rss --court dcd --file FEED.xml   # a saved feed
    python manage.py poll_rss                               # every court with a feed and a case

Items of tracked cases are applied through the docket's import service (idempotent; items
without a document number are matched, never doubled). The last line is
`added N, updated M, unchanged K`. A file or answer that is not an RSS feed, an HTTP error or a
timeout: exit status 1, one line saying why, nothing saved. Polling every court, a court whose
feed fails is reported (stderr) and skipped; the others are polled; the exit status is then 1."""

import logging
from contextlib import contextmanager
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from casetracker.services import find_court
from docket.ingest.feeds import PollError, PollResult, courts_to_poll, poll_court


@contextmanager
def _quiet_feed_log():
    """The command says why a poll failed itself (one line); the feed module's log line, meant
    for the beat's log, would say it a second time on the same terminal. FeedState keeps it."""
    feed_log = logging.getLogger("docket.ingest.feeds")
    before = feed_log.disabled
    feed_log.disabled = True
    try:
        yield
    finally:
        feed_log.disabled = before


class Command(BaseCommand):
    help = "Poll a court's CM/ECF RSS feed now and import the entries of tracked cases."

    def add_arguments(self, parser):
        parser.add_argument("--court", help="CM/ECF court code, e.g. dcd or cadc")
        source = parser.add_mutually_exclusive_group()
        source.add_argument("--file", help="A saved RSS feed (XML) to apply instead of fetching")
        source.add_argument("--url", help="Fetch this feed URL instead of the court's")

    def handle(self, *args, **options):
        with _quiet_feed_log():
            self._poll(options)

    def _poll(self, options):
        if options["court"]:
            try:
                courts = [find_court(options["court"])]
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
        elif options["file"] or options["url"]:
            raise CommandError("Name the court the feed belongs to with --court.")
        else:
            courts = list(courts_to_poll())
        raw = None
        if options["file"]:
            try:
                raw = Path(options["file"]).read_bytes()
            except OSError as exc:
                raise CommandError(f"{options['file']}: cannot be read ({exc.strerror}).") from None
        total = PollResult(court="all")
        failed = []
        for court in courts:
            try:
                result = poll_court(court, url=options["url"], raw=raw)
            except PollError as exc:
                if len(courts) == 1:
                    raise CommandError(f"{court.cmecf_code}: {exc}") from None
                # Polling every court: one court's outage must not stop the others.
                self.stderr.write(f"{court.cmecf_code}: {exc}")
                failed.append(court.cmecf_code)
                continue
            if result.not_modified:
                self.stdout.write(f"{court.cmecf_code}: not modified since the last poll")
            else:
                self.stdout.write(
                    f"{court.cmecf_code}: {result.items} items, {result.matched} for tracked cases"
                )
            for run in result.runs:
                self.stdout.write(f"  review: {run.get_absolute_url()}")
            total.added += result.added
            total.updated += result.updated
            total.unchanged += result.unchanged
        self.stdout.write(str(total))
        if failed:
            raise CommandError(
                f"{len(failed)} of {len(courts)} feeds could not be polled ({', '.join(failed)}); "
                "the others were."
            )
