"""record_disclosure --case CASE --at ISO --data TEXT --recipient TEXT [--notice ID]

Records a disclosure and prints why, then the verdict as the last line, one word: compliant,
disputed, breach or outside-order. Without --notice the latest unused notice received before the
disclosure that announced the same data to the same recipient is taken."""

from django.core.management.base import CommandError

from notices.compliance import services as compliance_services
from notices.models import NoticeWindow

from ._compliance_cli import ComplianceCommand, case_from, moment_from


class Command(ComplianceCommand):
    name = "record_disclosure"
    help = "Record a disclosure and print its verdict under the advance-notice order."

    def add_arguments(self, parser):
        parser.add_argument("--case", required=True, help="slug or docket number")
        parser.add_argument("--at", required=True, help="ISO 8601 date-time of the disclosure")
        parser.add_argument("--data", required=True, help="what data was disclosed")
        parser.add_argument("--recipient", required=True, help="to whom")
        parser.add_argument("--notice", type=int, help="the notice it was made under (its id)")
        parser.add_argument("--source", default="", help="how we learned of it")

    def handle(self, *args, **options):
        case = case_from(options["case"])
        window = None
        if options["notice"] is not None:
            window = NoticeWindow.objects.filter(case=case, pk=options["notice"]).first()
            if window is None:
                raise CommandError(f"No notice {options['notice']} in this case.")
        disclosure = compliance_services.record_disclosure(
            case=case,
            occurred_at=moment_from(options["at"], "--at"),
            data_description=options["data"],
            recipient=options["recipient"],
            source=options["source"],
            window=window,
            user=None,
        )
        self.stdout.write(f"disclosure {disclosure.pk}")
        for step in disclosure.explanation:
            self.stdout.write(f"  {step}")
        self.stdout.write(disclosure.verdict)
