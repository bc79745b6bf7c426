"""Import the certified index of the administrative record from a CSV file.

    python manage.py import_record_index FILE.csv --case SLUG [--volume 1 --produced-on 2025-10-24]

Every line is checked first; on any error each is printed (`line 7, date: ...`), nothing is
saved, and the exit code is 1. Re-importing the same file changes nothing. The same batched
import as the record page's upload (docket.ingest.record_index), run here in the process; the
last line is `Imported FILE: N rows: created X, updated Y, unchanged Z`."""

from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from casetracker.models import Case
from docket.ingest.record_index import failure_message, import_record_index


def _date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--produced-on {value!r} is not a date (YYYY-MM-DD)") from None


class Command(BaseCommand):
    help = "Import a certified index of the administrative record (CSV). All or nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file (see README, 'Administrative record')")
        parser.add_argument("--case", required=True, help="Case slug")
        parser.add_argument("--volume", help="The production this index certifies")
        parser.add_argument("--produced-on", type=_date, help="Date of that production")
        parser.add_argument("--certification", help="Certification text of that production")

    def handle(self, *args, file, case, volume, produced_on, certification, **options):
        found = Case.objects.filter(slug=case).first()
        if found is None:
            raise CommandError(f"No case with slug {case!r}.")
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{file}: cannot read ({exc.strerror}).") from None
        try:
            report = import_record_index(
                case=found,
                data=data,
                volume=volume,
                produced_on=produced_on,
                certification=certification,
                file_name=path.name,
            )
        except DatabaseError as exc:  # a row the database refused: nothing of the file was kept
            raise CommandError(failure_message(exc)) from None
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(
                f"{len(exc.messages)} error{'s' if len(exc.messages) != 1 else ''}; "
                "nothing was imported."
            ) from None
        self.stdout.write(f"Imported {path.name}: {report}")
