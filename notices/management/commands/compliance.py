"""compliance --case CASE

The compliance ledger, one disclosure a line, oldest first, tab-separated:
when (ISO 8601 with offset; YYYY-MM-DD when only the day is known), verdict, notice
(`notice ID` or `no notice`), data, recipient, summary."""

from notices.compliance.selectors import ledger_rows

from ._compliance_cli import ComplianceCommand, case_from


class Command(ComplianceCommand):
    name = "compliance"
    help = "Print the compliance ledger of a case, one disclosure a line."

    def add_arguments(self, parser):
        parser.add_argument("--case", required=True, help="slug or docket number")

    def handle(self, *args, **options):
        case = case_from(options["case"])
        for row in ledger_rows(case):
            notice = f"notice {row.window_id}" if row.window_id else "no notice"
            fields = [row.when_iso, row.verdict, notice, row.data_description, row.recipient]
            fields.append(row.summary)
            self.stdout.write("\t".join(" ".join(f.split()) for f in fields))
