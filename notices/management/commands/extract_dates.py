"""python manage.py extract_dates --case CASE

Every date the Court set in the docket text of the case, past or future, one per line:
YYYY-MM-DD[THH:MM] <TAB> deadline|hearing <TAB> source entry <TAB> the sentence.
Dates of filing, entry, signature, service, "held on" and "dated" never appear
(notices/docket_dates.py)."""

from django.core.management.base import BaseCommand

from docket.models import DocketEntry
from notices.docket_dates import extract
from notices.selectors import source_label

from ._compliance_cli import case_from


class Command(BaseCommand):
    help = "List the dates the Court set in a case's docket text (date, kind, entry, sentence)."

    def add_arguments(self, parser):
        parser.add_argument("--case", required=True, help="The case's slug or docket number")

    def handle(self, *args, **options):
        case = case_from(options["case"])
        entries = DocketEntry.objects.filter(case=case).order_by("date_filed", "number", "pk")
        for entry in entries.only("pk", "number", "date_filed", "kind", "text"):
            for found in extract(entry.text):
                sentence = " ".join(found.sentence.split())
                self.stdout.write(f"{found.iso}\t{found.kind}\t{source_label(entry)}\t{sentence}")
