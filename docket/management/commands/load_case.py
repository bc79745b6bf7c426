"""Load the real case (court, parties, counsel, docket events) from its fact file."""

from django.core.management.base import BaseCommand, CommandError

from docket.ingest.loader import DEFAULT_FACTS, FactFileError, load_case


class Command(BaseCommand):
    help = "Load Center for Taxpayer Rights v. IRS from its fact file. Safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_FACTS), help="Fact file (JSON)")

    def handle(self, *args, **options):
        try:
            case, report = load_case(options["file"])
        except FactFileError as exc:
            raise CommandError(f"Nothing was saved. {exc}") from None
        self.stdout.write(f"{case.caption} ({case.docket_number}): {report}")
