"""python manage.py extract_dates --case CASE

Every date the Court set in the docket text of the case, past or future, one per line:
YYYY-MM-DD[THH:MM] <TAB> deadline|hearing <TAB> source entry <TAB> the sentence.
Dates of filing, entry, signature, service, "held on" and "dated" never appear
(notices/deadlines/docket_dates.py). A count goes to stderr, so an empty answer says so."""

from django.core.management.base import BaseCommand

from docket.models import DocketEntry
from notices.deadlines.docket_dates import extract
from notices.deadlines.selectors import source_label

from ._compliance_cli import case_from


class Command(BaseCommand):
    help = "List the dates the Court set in a case's docket text (date, kind, entry, sentence)."

    def add_arguments(self, parser):
        parser.add_argument("--case", required=True, help="The case's slug or docket number")

    def handle(self, *args, **options):
        case = case_from(options["case"])
        entries = DocketEntry.objects.filter(case=case).order_by("date_filed", "number", "pk")
        count = dates = 0
        for entry in entries.only("pk", "number", "date_filed", "kind", "text"):
            count += 1
            for found in extract(entry.text):
                dates += 1
                sentence = " ".join(found.sentence.split())
                self.stdout.write(f"{found.iso}\t{found.kind}\t{source_label(entry)}\t{sentence}")
        # A summary on stderr (stdout stays one date per line): an empty answer is not silence.
        self.stderr.write(
            f"{dates} court-set date{'s' if dates != 1 else ''} in the docket text of {count} "
            f"entr{'ies' if count != 1 else 'y'} of {case.docket_number}."
            + (
                " Periods such as “within 45 days” are obligations of their order: see "
                f"`deadlines --case {case.slug} --all`."
                if not dates
                else ""
            )
        )
