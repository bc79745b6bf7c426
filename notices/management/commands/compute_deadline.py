"""compute_deadline START PERIOD [--before] [--court dcd] [--explain]

Prints the deadline on the first line (YYYY-MM-DD for day periods; an ISO 8601 datetime in court
time for hour periods), then with --explain the steps that justify it. Bad input exits non-zero
with one line on stderr."""

import sys
from datetime import date, datetime

from django.core.management.base import BaseCommand, CommandError

from notices.deadlines import rules
from notices.deadlines.courts import DEFAULT_COURT, calendar_for_code


def parse_start(text):
    """YYYY-MM-DD, or an ISO 8601 datetime (with offset or Z; naive means court time)."""
    text = text.strip()
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"Cannot read START {text!r}: use YYYY-MM-DD or an ISO 8601 date-time such as "
            "2025-03-14T10:00:00-04:00."
        ) from None


class Command(BaseCommand):
    help = "Compute a deadline under FRCP 6(a) with the court's calendar."

    def add_arguments(self, parser):
        parser.add_argument("start", help="YYYY-MM-DD or ISO 8601 date-time")
        parser.add_argument("period", help="e.g. 14d, 24h, '14 days', '24 hours'")
        parser.add_argument("--before", action="store_true", help="count backward (6(a)(5))")
        parser.add_argument("--court", default=DEFAULT_COURT, help="CM/ECF court code")
        parser.add_argument("--explain", action="store_true", help="print the steps")

    def handle(self, *args, **options):
        start = parse_start(options["start"])
        try:
            period = rules.Period.parse(options["period"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        try:
            calendar = calendar_for_code(options["court"])
        except LookupError as error:
            raise CommandError(str(error)) from None
        try:
            result = rules.compute(start, period, before=options["before"], calendar=calendar)
        except (ValueError, OverflowError) as error:
            raise CommandError(f"Cannot compute this deadline: {error}") from None
        self.stdout.write(result.iso)
        if options["explain"]:
            for step in result.steps:
                self.stdout.write(f"  {step}")

    def execute(self, *args, **options):
        # One clear line on stderr and a non-zero exit, even for argparse errors.
        try:
            return super().execute(*args, **options)
        except CommandError as error:
            if options.get("traceback"):
                raise
            sys.stderr.write(f"compute_deadline: {error}\n")
            sys.exit(error.returncode or 1)
