"""Attach a produced PDF to a record document, by its first Bates number.

    python manage.py attach_record_file FILE.pdf --case SLUG --bates IRS-AR-000001

The page count is stored so `check_record` can compare it with the Bates range. A file whose
Bates number is not in the certified index is kept as "produced but not in the index" (give
--end and --title to describe it; its range otherwise runs for as many pages as it has)."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from casetracker.models import Case
from docket.models import RecordProduction
from docket.record.services import attach_record_file


class Command(BaseCommand):
    help = "Attach a produced PDF to the record document starting at a Bates number."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The produced PDF")
        parser.add_argument("--case", required=True, help="Case slug")
        parser.add_argument("--bates", required=True, help="First Bates number of the document")
        parser.add_argument("--end", help="Last Bates number (only for a document not indexed)")
        parser.add_argument("--title", help="Title (only for a document not indexed)")
        parser.add_argument("--volume", help="Production volume the file came in")

    def handle(self, *args, file, case, bates, end, title, volume, **options):
        found = Case.objects.filter(slug=case).first()
        if found is None:
            raise CommandError(f"No case with slug {case!r}.")
        production = None
        if volume:
            production = RecordProduction.objects.filter(case=found, volume=volume).first()
            if production is None:
                raise CommandError(f"No production volume {volume!r} is recorded for this case.")
        try:
            data = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: cannot read ({exc.strerror}).") from None
        try:
            document = attach_record_file(
                case=found,
                bates_start=bates,
                data=data,
                bates_end=end,
                title=title,
                production=production,
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        where = "" if document.in_index else " (not in the certified index)"
        self.stdout.write(
            f"Attached {document.page_count} page{'s' if document.page_count != 1 else ''} to "
            f"{document.bates_start}–{document.bates_end}{where}."
        )
