"""record_notice --case CASE --received ISO --data TEXT --recipient TEXT [--given-by TEXT]

Records defendants' notice of an intended disclosure and prints the window's two ends as ISO
8601 date-times with offset (court time): elapsed clock hours, then FRCP 6(a)(2).

    notice 7
    clock hours<TAB>2025-09-13T16:00:00-04:00
    FRCP 6(a)(2)<TAB>2025-09-15T16:00:00-04:00
"""

from notices.compliance import services as compliance_services

from ._compliance_cli import ComplianceCommand, case_from, moment_from


class Command(ComplianceCommand):
    name = "record_notice"
    help = "Record a notice of intended disclosure; print the window's two ends."

    def add_arguments(self, parser):
        parser.add_argument("--case", required=True, help="slug or docket number")
        parser.add_argument("--received", required=True, help="ISO 8601 date-time")
        parser.add_argument("--data", required=True, help="what data is to be disclosed")
        parser.add_argument("--recipient", required=True, help="to whom")
        parser.add_argument("--given-by", default="", help="who gave the notice")
        parser.add_argument("--explain", action="store_true", help="print how the ends were set")

    def handle(self, *args, **options):
        case = case_from(options["case"])
        window = compliance_services.record_notice(
            case=case,
            received_at=moment_from(options["received"], "--received"),
            data_description=options["data"],
            recipient=options["recipient"],
            given_by=options["given_by"],
            user=None,
        )
        zone = compliance_services.calendar_for_case(case).zone
        self.stdout.write(f"notice {window.pk}")
        clock = (
            (window.clock_closes_at or window.closes_at)
            .astimezone(zone)
            .isoformat(timespec="seconds")
        )
        rule = window.closes_at.astimezone(zone).isoformat(timespec="seconds")
        self.stdout.write(f"clock hours\t{clock}")
        self.stdout.write(f"FRCP 6(a)(2)\t{rule}")
        if options["explain"]:
            for step in window.explanation:
                self.stdout.write(f"  {step}")
