"""Read a CM/ECF district-court docket report ("DktRpt.pl"), saved from the browser as HTML, with
juriscraper's `DocketReport` parser, into a `DocketReportData`.

    report = parse_docket_report(html)            # court detected from the report's links
    report = parse_docket_report(html, court_id="dcd")

Raises `ImportFailed` when the file is not a docket report (a login page, a search form, an
unrelated web page) or when it has no usable case number."""

import re
from datetime import date

from juriscraper.pacer import DocketReport

from casetracker.models import Party, Representation
from docket.ingest.importers import (
    DocketReportData,
    ImportFailed,
    ReportAttorney,
    ReportDocument,
    ReportEntry,
    ReportParty,
    doc1_url,
)
from docket.ingest.importers.classify import classify_kind, referenced_numbers
from docket.ingest.importers.filers import docket_text_filers

MAX_REPORT_BYTES = 30 * 1024 * 1024
_COURT_LINK = re.compile(r"https?://ecf\.([a-z0-9]{2,8})\.uscourts\.gov", re.IGNORECASE)
_HEADER = re.compile(r"<h3[^>]*>(?P<body>.*?)</h3>", re.IGNORECASE | re.DOTALL)
_DOCKET_TITLE = re.compile(r"\b(?:CIVIL|CRIMINAL)\s+DOCKET\s+FOR\s+CASE\s+#", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_EMAIL = re.compile(r"^Email:\s*(\S+@\S+)", re.IGNORECASE | re.MULTILINE)
_PHONE = re.compile(r"^\(?\d{3}\)?[\s.-]*\d{3}[\s.-]\d{4}\s*$", re.MULTILINE)
_ENTERED_SUFFIX = re.compile(r"\s*\(Entered:\s*\d{1,2}/\d{1,2}/\d{4}\)\s*$", re.IGNORECASE)
_TERMINATED = re.compile(r"TERMINATED:\s*(\d{1,2})/(\d{1,2})/(\d{4})", re.IGNORECASE)

SIDES = {
    "plaintiff": Party.Side.PLAINTIFF,
    "petitioner": Party.Side.PLAINTIFF,
    "defendant": Party.Side.DEFENDANT,
    "respondent": Party.Side.DEFENDANT,
    "intervenor": Party.Side.INTERVENOR,
    "intervenor defendant": Party.Side.INTERVENOR,
    "intervenor plaintiff": Party.Side.INTERVENOR,
    "amicus": Party.Side.AMICUS,
    "amicus curiae": Party.Side.AMICUS,
}
_AGENCY_WORDS = re.compile(
    r"\b(?:service|department|agency|administration|bureau|office|commission|united states|"
    r"u\.s\.|internal revenue|treasury|government)\b",
    re.IGNORECASE,
)
_OFFICIAL_WORDS = re.compile(r"\bofficial\s+capacity\b|\bin\s+(?:his|her|their)\b", re.IGNORECASE)


def detect_court_id(html):
    """The CM/ECF court id from the report's document links (`ecf.dcd.uscourts.gov` -> `dcd`)."""
    match = _COURT_LINK.search(html)
    return match.group(1).lower() if match else ""


def _court_name(html):
    """`U.S. District Court / District of Columbia (Washington, DC)` from the report's heading."""
    match = _HEADER.search(html)
    if not match:
        return ""
    lines = [
        " ".join(_TAG.sub(" ", part).split())
        for part in re.split(r"<br\s*/?>", match["body"], flags=re.I)
    ]
    lines = [line for line in lines if line and not _DOCKET_TITLE.search(line)]
    return ", ".join(lines)


def party_side(pacer_type):
    """`Plaintiff` -> plaintiff; None for roles the tracker does not model (movant, garnishee)."""
    key = " ".join((pacer_type or "").lower().replace("-", " ").split())
    return SIDES.get(key)


def party_kind(name):
    if _OFFICIAL_WORDS.search(name):
        return Party.Kind.OFFICIAL
    if _AGENCY_WORDS.search(name):
        return Party.Kind.AGENCY
    return Party.Kind.ORGANISATION


def parse_attorney(raw):
    """One attorney from juriscraper's dict: name, contact block, roles."""
    contact = raw.get("contact") or ""
    lines = [line.strip() for line in contact.splitlines() if line.strip()]
    email = _EMAIL.search(contact)
    phone = _PHONE.search(contact)
    roles = [r.upper() for r in raw.get("roles") or []]
    role = Representation.Role.COUNSEL
    if any(r.startswith("PRO HAC VICE") for r in roles):
        role = Representation.Role.PRO_HAC_VICE
    elif any(r.startswith("LEAD ATTORNEY") for r in roles):
        role = Representation.Role.LEAD
    terminated = None
    for r in roles:
        found = _TERMINATED.search(r)
        if found:
            month, day, year = (int(g) for g in found.groups())
            terminated = date(year, month, day)
    address_lines = [
        line
        for line in lines[1:]
        if not line.lower().startswith(("email:", "fax:")) and not _PHONE.fullmatch(line)
    ]
    return ReportAttorney(
        name=" ".join((raw.get("name") or "").split()),
        organisation=lines[0] if lines and not _PHONE.fullmatch(lines[0]) else "",
        email=email.group(1) if email else "",
        phone=phone.group(0).strip() if phone else "",
        address="\n".join(address_lines),
        role=role,
        terminated=terminated,
    )


def _parties(raw_parties):
    parties, skipped = [], []
    for raw in raw_parties:
        name = " ".join((raw.get("name") or "").split())
        side = party_side(raw.get("type"))
        if not name:
            continue
        if side is None:
            skipped.append(f"Party {name!r}: role {raw.get('type')!r} is not tracked")
            continue
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
    try:
        return int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None


def _entries(court_id, raw_entries):
    entries, skipped = [], []
    for i, raw in enumerate(raw_entries, start=1):
        # The report appends "(Entered: 03/15/2019)"; the NEF for the same entry does not, and
        # the date is kept in its own field.
        text = _ENTERED_SUFFIX.sub("", " ".join((raw.get("description") or "").split()))
        filed = raw.get("date_filed")
        number = _number(raw.get("document_number"))
        if not isinstance(filed, date) or not text:
            label = f"ECF {number}" if number else f"row {i}"
            skipped.append(f"Docket {label}: no filing date or no text")
            continue
        documents = []
        if raw.get("pacer_doc_id"):
            documents.append(
                ReportDocument(
                    attachment_number=0,
                    description="Main document",
                    pacer_url=doc1_url(court_id, raw["pacer_doc_id"]),
                    page_count=raw.get("page_count"),
                )
            )
        for attachment in raw.get("attachments") or []:
            att_number = _number(attachment.get("attachment_number"))
            if att_number is None:
                continue
            documents.append(
                ReportDocument(
                    attachment_number=att_number,
                    description=" ".join((attachment.get("description") or "").split())[:300],
                    pacer_url=doc1_url(court_id, attachment.get("pacer_doc_id")),
                    page_count=attachment.get("page_count"),
                )
            )
        entries.append(
            ReportEntry(
                number=number,
                date_filed=filed,
                date_entered=raw.get("date_entered"),
                text=text,
                kind=classify_kind(text),
                refers_to=tuple(referenced_numbers(text, own_number=number)),
                documents=tuple(documents),
                filers=tuple(docket_text_filers(text)),
            )
        )
    return tuple(entries), skipped


def sniff_docket_report(html):
    """The quick checks (size, empty, the docket report's heading) without parsing; returns
    the text. The import page runs them before queueing the file for a worker."""
    if isinstance(html, bytes):
        if len(html) > MAX_REPORT_BYTES:
            raise ImportFailed("This file is too large to be a docket report (over 30 MB).")
        html = html.decode("utf-8", errors="replace")
    if not html.strip():
        raise ImportFailed("The file is empty.")
    if not _DOCKET_TITLE.search(html):
        raise ImportFailed(
            "This is not a PACER docket report: it has no “CIVIL DOCKET FOR CASE #” heading. "
            "In PACER, run Reports › Docket Report and save the page as HTML."
        )
    return html


def parse_docket_report(html, *, court_id=None):
    """Parse a saved docket report. `html` is text (str) or bytes as saved by the browser."""
    html = sniff_docket_report(html)
    court_id = (court_id or detect_court_id(html) or "dcd").lower()
    report = DocketReport(court_id)
    try:
        report._parse_text(html)
        data = report.data
    except Exception as exc:  # juriscraper raises bare Exceptions and lxml errors
        raise ImportFailed(f"The docket report could not be read ({exc}).") from None
    if not data or not data.get("docket_number"):
        raise ImportFailed(
            "This page looks like a docket report but has no case number we can read. "
            "Save the full docket report page (not a frame or a print preview) and try again."
        )
    parties, party_skips = _parties(data.get("parties") or [])
    entries, entry_skips = _entries(court_id, data.get("docket_entries") or [])
    return DocketReportData(
        source="pacer",
        court_id=court_id,
        docket_number=data["docket_number"],
        case_name=data.get("case_name") or "",
        court_name=_court_name(html),
        judge=data.get("assigned_to_str") or "",
        nature_of_suit=data.get("nature_of_suit") or "",
        cause=data.get("cause") or "",
        jurisdiction=data.get("jurisdiction") or "",
        jury_demand=data.get("jury_demand") or "",
        date_filed=data.get("date_filed"),
        parties=parties,
        entries=entries,
        skipped=tuple(party_skips + entry_skips),
    )
