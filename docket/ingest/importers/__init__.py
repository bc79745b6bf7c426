"""Turning what the court sends (a PACER docket report saved as HTML, a Notice of Electronic
Filing e-mail) into plain dataclasses. Nothing here touches the database: parsing either returns a
`DocketReportData` or raises `ImportFailed` with a message a paralegal can act on. Writing the
result to the case is `docket.ingest.apply.apply_docket_report`."""

import os
from dataclasses import dataclass, field
from datetime import date

# juriscraper opens /var/log/juriscraper/debug.log at import and complains on stderr when it
# cannot; its debug log is of no use to us.
os.environ.setdefault("JURISCRAPER_LOG", os.devnull)


class ImportFailed(Exception):
    """The input is not something we can import. The message says why, in plain words."""


@dataclass(frozen=True)
class ReportDocument:
    attachment_number: int
    description: str = ""
    pacer_url: str = ""
    page_count: int | None = None


@dataclass(frozen=True)
class ReportEntry:
    number: int | None
    date_filed: date
    text: str
    kind: str
    date_entered: date | None = None
    refers_to: tuple = ()
    documents: tuple = ()
    filers: tuple = ()  # names of the filers as the court gives them ("INTERNAL REVENUE SERVICE")


@dataclass(frozen=True)
class ReportAttorney:
    name: str
    organisation: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    role: str = "counsel"
    terminated: date | None = None


@dataclass(frozen=True)
class ReportParty:
    name: str
    side: str
    kind: str
    date_terminated: date | None = None
    attorneys: tuple = ()


@dataclass(frozen=True)
class DocketReportData:
    """One court's view of one case: enough to find or create the case, its parties and counsel,
    and its docket entries."""

    source: str  # DocketEntry.Source value: "pacer" or "nef"
    court_id: str
    docket_number: str
    case_name: str = ""
    court_name: str = ""
    judge: str = ""
    nature_of_suit: str = ""
    date_filed: date | None = None
    parties: tuple = ()
    entries: tuple = ()
    skipped: tuple = field(default=())  # human-readable reasons for rows we could not read
    cause: str = ""
    jurisdiction: str = ""
    jury_demand: str = ""
    # An appellate report names the case appealed from ("Originating Court Information").
    originating_court_id: str = ""
    originating_docket_number: str = ""
    originating_judgment_date: date | None = None

    @property
    def is_appellate(self):
        return bool(self.court_id) and self.court_id.startswith("ca")


def doc1_url(court_id, pacer_doc_id):
    """The public CM/ECF address of a document, as docket reports link it."""
    if not pacer_doc_id:
        return ""
    return f"https://ecf.{court_id}.uscourts.gov/doc1/{pacer_doc_id}"
