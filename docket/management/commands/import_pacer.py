"""Import a PACER docket report saved as HTML: parties, counsel and docket entries.

    python manage.py import_pacer report.html [--case SLUG] [--user USERNAME] [--court dcd]

Without --case the case is found by court and docket number (and created if it is not in the
tracker). Safe to run again: re-importing the same report changes nothing. The last line of
output is `added N, updated M, unchanged K`."""

from django.core.management.base import BaseCommand

from docket.ingest.imports import import_docket_report

from ._import_common import acting_user, case_by_slug, read_file, run


class Command(BaseCommand):
    help = "Import a PACER CM/ECF docket report (HTML). Idempotent; all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The docket report, saved from the browser as HTML")
        parser.add_argument("--case", help="Slug of the case the report must belong to")
        parser.add_argument("--user", help="Username recorded in the audit history")
        parser.add_argument("--court", help="CM/ECF court id if the report has no links (e.g. dcd)")

    def handle(self, *args, **options):
        case = case_by_slug(options["case"])
        user = acting_user(options["user"])
        html = read_file(options["file"])
        run(self, import_docket_report, html=html, by=user, case=case, court_id=options["court"])
