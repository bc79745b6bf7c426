"""Read a court of appeals docket report (CM/ECF appellate "General Docket", e.g. the D.C.
Circuit's), saved from the browser as HTML, with juriscraper's `AppellateDocketReport` parser,
into a `DocketReportData` like a district report's — so it goes through the same write path.

    is_appellate_report(html)               # what `import_pacer FILE` asks first
    report = parse_appellate_report(html)    # court detected from the page (cadc)

An appellate docket has no ECF numbers in the district sense: entries carry the document number
when the court shows one, and otherwise are matched by date and text on re-import. The
originating court block ("District: ... 1:25-cv-00457") names the district case appealed from."""

import re

from juriscraper.pacer import AppellateDocketReport

from casetracker.models import Party, is_appellate_court
from docket.ingest.importers import DocketReportData, ImportFailed, ReportEntry, ReportParty
from docket.ingest.importers.classify import classify_kind
from docket.ingest.importers.filers import docket_text_filers
from docket.ingest.importers.pacer import MAX_REPORT_BYTES, parse_attorney, party_kind

_APPELLATE_MARKERS = re.compile(
    r"Court\s+of\s+Appeals\s+Docket\s+#|General\s+Docket\s*(?:<br\s*/?>)?\s*United\s+States\s+"
    r"Court\s+of\s+Appeals",
    re.IGNORECASE,
)
_COURT_LINK = re.compile(r"https?://(?:ecf\.)?(ca\d{1,2}|cadc|cafc)\.uscourts\.gov", re.IGNORECASE)
_COURT_NAMES = (
    (re.compile(r"District\s+of\s+Columbia\s+Circuit", re.IGNORECASE), "cadc"),
    (re.compile(r"Federal\s+Circuit", re.IGNORECASE), "cafc"),
)
_HEADING = re.compile(r"General\s+Docket\s*<br\s*/?>\s*(?P<name>[^<]+)</b>", re.IGNORECASE)
_ENTERED = re.compile(r"\s*\[Entered:\s*[\d/]+\s+[\d:]+\s*[AP]M\]\s*$", re.IGNORECASE)
_OWN_NUMBER = re.compile(r"\s*\[\d{2}-\d{4,5}(?:,\s*\d{2}-\d{4,5})*\]\s*$")
_TYPE_SIDES = (
    ("plaintiff", Party.Side.PLAINTIFF),
    ("petitioner", Party.Side.PLAINTIFF),
    ("defendant", Party.Side.DEFENDANT),
    ("respondent", Party.Side.DEFENDANT),
    ("intervenor", Party.Side.INTERVENOR),
    ("amicus", Party.Side.AMICUS),
)


def is_appellate_report(html):
    """True for a court of appeals docket report (not a district `CIVIL DOCKET FOR CASE #`)."""
    if isinstance(html, bytes):
        html = html[:200_000].decode("utf-8", errors="replace")
    return bool(_APPELLATE_MARKERS.search(html or ""))


def detect_court_id(html):
    match = _COURT_LINK.search(html)
    if match:
        return match.group(1).lower()
    for pattern, code in _COURT_NAMES:
        if pattern.search(html):
            return code
    return ""


def party_side(pacer_type):
    """`Plaintiff - Appellee` -> plaintiff. A bare `Appellant`/`Appellee` says nothing about the
    side below: None (the importer matches such parties to the district case by name)."""
    text = (pacer_type or "").lower()
    for word, side in _TYPE_SIDES:
        if word in text:
            return side
    return None


def _parties(raw_parties, known_sides):
    parties: list[ReportParty] = []
    skipped: list[str] = []
    for raw in raw_parties:
        name = " ".join((raw.get("name") or "").split())
        if not name:
            continue
        # None for a bare Appellant/Appellee: the importer takes the side from the case below.
        side = party_side(raw.get("type")) or known_sides.get(name.casefold())
        parties.append(
            ReportParty(
                name=name,
                side=side,
                kind=party_kind(name),
                date_terminated=raw.get("date_terminated"),
                attorneys=tuple(
                    parse_attorney(a) for a in raw.get("attorneys") or [] if a.get("name")
                ),
            )
        )
    return tuple(parties), skipped


def _number(value):
    text = str(value or "").strip()
    # Appellate "numbers" without a link are the court's internal sequence (7 digits); only a
    # short document number is an entry number a lawyer would cite.
    return int(text) if text.isdigit() and len(text) <= 5 else None


def _entries(raw_entries):
    entries, skipped = [], []
    for i, raw in enumerate(raw_entries, start=1):
        text = " ".join((raw.get("description") or "").split())
        text = _OWN_NUMBER.sub("", _ENTERED.sub("", text))
        filed = raw.get("date_filed")
        if not filed or not text:
            skipped.append(f"Docket row {i}: no filing date or no text")
            continue
        entries.append(
            ReportEntry(
                number=_number(raw.get("document_number")),
                date_filed=filed,
                date_entered=raw.get("date_entered"),
                text=text,
                kind=classify_kind(text),
                filers=tuple(docket_text_filers(text)),
            )
        )
    return tuple(entries), skipped


def parse_appellate_report(html, *, court_id=None, known_sides=None):
    """Parse a saved appellate docket report. `known_sides`: {party name casefolded: side} of
    the district case, for parties the report lists only as Appellant/Appellee."""
    if isinstance(html, bytes):
        if len(html) > MAX_REPORT_BYTES:
            raise ImportFailed("This file is too large to be a docket report (over 30 MB).")
        html = html.decode("utf-8", errors="replace")
    if not is_appellate_report(html):
        raise ImportFailed(
            "This is not a court of appeals docket report: it has no “Court of Appeals Docket #”."
        )
    court_id = (court_id or detect_court_id(html)).lower()
    if not is_appellate_court(court_id):
        raise ImportFailed(
            "This appellate docket report does not say which court of appeals it is from; save "
            "the full page from the court's CM/ECF and try again."
        )
    report = AppellateDocketReport(court_id)
    try:
        report._parse_text(html)
        data = report.data
    except Exception as exc:  # juriscraper raises bare Exceptions and lxml errors
        raise ImportFailed(f"The appellate docket report could not be read ({exc}).") from None
    if not data or not data.get("docket_number"):
        raise ImportFailed("This appellate docket report has no case number we can read.")
    parties, party_skips = _parties(data.get("parties") or [], known_sides or {})
    entries, entry_skips = _entries(data.get("docket_entries") or [])
    origin = data.get("originating_court_information") or {}
    heading = _HEADING.search(html)
    return DocketReportData(
        source="pacer",
        court_id=court_id,
        docket_number=data["docket_number"],
        case_name=data.get("case_name") or "",
        court_name=" ".join(heading.group("name").split()) if heading else "",
        nature_of_suit=data.get("nature_of_suit") or "",
        date_filed=data.get("date_filed"),
        parties=parties,
        entries=entries,
        skipped=tuple(party_skips + entry_skips),
        originating_court_id=origin.get("court_id") or "",
        originating_docket_number=origin.get("docket_number") or "",
        originating_judgment_date=origin.get("date_judgment"),
    )
