"""Check the administrative record: Bates gaps and overlaps, malformed numbers, documents in
the index but not produced, produced files not in the index, page counts that disagree with the
Bates range.

    python manage.py check_record --case SLUG

One problem per line on stdout; exit code 1 when there is any, 0 when the record is clean."""

from django.core.management.base import BaseCommand, CommandError

from casetracker.models import Case
from docket.record.selectors import record_checks


class Command(BaseCommand):
    help = "Check the administrative record; exit 1 if there are problems."

    def add_arguments(self, parser):
        parser.add_argument("--case", required=True, help="Case slug")

    def handle(self, *args, case, **options):
        found = Case.objects.filter(slug=case).first()
        if found is None:
            raise CommandError(f"No case with slug {case!r}.")
        problems = record_checks(found)
        for problem in problems:
            self.stdout.write(str(problem))
        if problems:
            raise CommandError(
                f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in the record.",
                returncode=1,
            )
        self.stdout.write("No problems found.")
