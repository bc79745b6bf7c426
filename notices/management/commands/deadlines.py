"""python manage.py deadlines --case CASE [--all] [--suggested]

One line per deadline, tab-separated: due (YYYY-MM-DD for a day deadline, an ISO 8601 court-local
date-time for an hour deadline or a hearing), status, owner, rule, title, source. Default: the
open ones; --all: every status except suggested; --suggested: the suggestions awaiting review."""

from django.core.management.base import BaseCommand

from notices.deadlines import selectors

from ._compliance_cli import case_from


class Command(BaseCommand):
    help = "List a case's deadlines: due, status, owner, rule, title, source (tab-separated)."

    def add_arguments(self, parser):
        parser.add_argument("--case", required=True, help="The case's slug or docket number")
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", help="Every status except suggested")
        which.add_argument("--suggested", action="store_true", help="Suggestions to review")

    def handle(self, *args, **options):
        case = case_from(options["case"])
        which = "suggested" if options["suggested"] else "all" if options["all"] else "open"
        for row in selectors.deadline_lines(case, which):
            self.stdout.write("\t".join(row))
