"""Import a CM/ECF Notice of Electronic Filing e-mail (.eml): add or update its docket entry.

    python manage.py import_nef notice.eml [--case SLUG] [--user USERNAME]

Without --case the case is found by court and docket number; it must already be in the tracker.
Safe to run again. The last line of output is `added N, updated M, unchanged K`."""

from django.core.management.base import BaseCommand

from docket.ingest.imports import import_nef_email

from ._import_common import acting_user, case_by_slug, read_file, run


class Command(BaseCommand):
    help = "Import a CM/ECF NEF e-mail saved as .eml. Idempotent; all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The notice e-mail, saved as .eml")
        parser.add_argument("--case", help="Slug of the case the notice must belong to")
        parser.add_argument("--user", help="Username recorded in the audit history")

    def handle(self, *args, **options):
        case = case_by_slug(options["case"])
        user = acting_user(options["user"])
        raw = read_file(options["file"])
        run(self, import_nef_email, raw=raw, by=user, case=case)
