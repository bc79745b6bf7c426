from django.core.management.base import BaseCommand, CommandError

from casetracker.models import Case
from docket.search.indexing import rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text search index from the docket, documents, filings and record."

    def add_arguments(self, parser):
        parser.add_argument("--case", help="Only this case (slug)")

    def handle(self, *args, **options):
        case = None
        if options["case"]:
            case = Case.objects.filter(slug=options["case"]).first()
            if case is None:
                raise CommandError(f"No case with slug {options['case']!r}.")
        count = rebuild(case)
        self.stdout.write(f"indexed {count} items")
