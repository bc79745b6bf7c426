"""Read a CM/ECF Notice of Electronic Filing (NEF) e-mail, saved as .eml, with juriscraper's
e-mail parser, into a `DocketReportData` holding the one entry the notice announces.

    report = parse_nef(raw_bytes)                              # court from the sender / links
    report = parse_nef(raw_bytes, docket_number="1:25-cv-00457")  # pick one case of several

Raises `ImportFailed` for anything that is not a district-court NEF."""

import email
import email.policy
import re

from juriscraper.pacer.email import S3NotificationEmail

from docket.ingest.importers import DocketReportData, ImportFailed, ReportDocument, ReportEntry
from docket.ingest.importers.classify import classify_kind, referenced_numbers
from docket.ingest.importers.filers import docket_text_filers, nef_filers

MAX_NEF_BYTES = 5 * 1024 * 1024
_COURT_IN_ADDRESS = re.compile(r"@(?:ecf\.)?([a-z0-9]{2,8})\.uscourts\.gov", re.IGNORECASE)
_COURT_LINK = re.compile(r"https?://ecf\.([a-z0-9]{2,8})\.uscourts\.gov", re.IGNORECASE)
_NEF_MARKERS = ("Notice of Electronic Filing", "Case Number")


def _decode(raw):
    """The e-mail as text for the parser, every text part decoded with the charset it declares
    (an NEF sent as `charset=iso-8859-1` in 8 bits is not UTF-8: "José Niño", not "Jos� Ni�o")
    and re-encoded as UTF-8 quoted-printable, which is what juriscraper reads."""
    if not isinstance(raw, bytes):
        return raw
    if len(raw) > MAX_NEF_BYTES:
        raise ImportFailed("This file is too large to be a court notice e-mail (over 5 MB).")
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if not message.keys():
        return raw.decode("utf-8", errors="replace")
    for part in message.walk():
        if part.get_content_maintype() != "text" or part.is_multipart():
            continue
        part.set_content(
            _part_text(part), subtype=part.get_content_subtype(), charset="utf-8",
            cte="quoted-printable",
        )  # fmt: skip
    try:
        return message.as_string()
    except (UnicodeError, LookupError, ValueError):
        return raw.decode("utf-8", errors="replace")


def _part_text(part):
    """A text part's content, decoded with its declared charset; UTF-8, then Latin-1 when it
    declares none or one Python does not know (Latin-1 never fails and is CM/ECF's other
    encoding)."""
    payload = part.get_payload(decode=True) or b""
    declared = part.get_content_charset()
    for charset in (declared, "utf-8", "iso-8859-1"):
        if not charset:
            continue
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeError):
            continue
    return payload.decode("utf-8", errors="replace")


def _body_text(message):
    """All text parts of the message, decoded: used only to recognise a NEF and its court."""
    parts = []
    for part in message.walk():
        if part.get_content_maintype() == "text":
            try:
                parts.append(part.get_content())
            except (LookupError, UnicodeError, AttributeError):
                payload = part.get_payload(decode=True) or b""
                parts.append(payload.decode("utf-8", errors="replace"))
    return "\n".join(parts)


def _court_id(message, body):
    for header in ("From", "Sender", "Return-Path", "Message-ID"):
        found = _COURT_IN_ADDRESS.search(str(message.get(header, "")))
        if found:
            return found.group(1).lower()
    found = _COURT_LINK.search(body)
    return found.group(1).lower() if found else ""


def _number(value):
    try:
        return int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None


def _matches(docket_number, wanted):
    return not wanted or docket_number == wanted or wanted.startswith(docket_number + "-")


def sniff_nef(raw):
    """The quick checks (an e-mail, with the NEF's lines) without juriscraper; returns
    (text, message, body). The import page runs them before queueing the file."""
    text = _decode(raw)
    if not text.strip():
        raise ImportFailed("The file is empty.")
    message = email.message_from_string(text, policy=email.policy.default)
    if not message.keys():
        raise ImportFailed("This is not an e-mail file (.eml): it has no e-mail headers.")
    body = _body_text(message)
    if not all(marker.lower() in body.lower() for marker in _NEF_MARKERS):
        raise ImportFailed(
            "This e-mail is not a CM/ECF Notice of Electronic Filing: it has no “Notice of "
            "Electronic Filing” and “Case Number” lines. Save the court's notice itself "
            "(not a forward or a reply) as .eml and try again."
        )
    return text, message, body


def parse_nef(raw, *, docket_number=None, court_id=None):
    """Parse the e-mail. With `docket_number`, use the part of a multi-case notice for that case."""
    text, message, body = sniff_nef(raw)
    court_id = (court_id or _court_id(message, body) or "dcd").lower()
    parser = S3NotificationEmail(court_id)
    try:
        parser._parse_text(text)
        data = parser.data
    except Exception as exc:  # juriscraper raises bare Exceptions for layouts it cannot read
        raise ImportFailed(f"The notice could not be read ({exc}).") from None
    dockets = [d for d in (data or {}).get("dockets") or [] if d.get("docket_number")]
    if not dockets:
        raise ImportFailed("The notice has no case number we can read.")
    chosen = next((d for d in dockets if _matches(d["docket_number"], docket_number)), None)
    if chosen is None:
        numbers = ", ".join(d["docket_number"] for d in dockets)
        raise ImportFailed(f"This notice is for case {numbers}, not {docket_number}.")
    filers = nef_filers(body)  # the "Filer:" lines; empty for an order
    entries = []
    for raw_entry in chosen.get("docket_entries") or []:
        description = " ".join((raw_entry.get("description") or "").split())
        if not raw_entry.get("date_filed") or not description:
            raise ImportFailed("The notice has no filing date or no docket text we can read.")
        number = _number(raw_entry.get("document_number"))
        documents: tuple[ReportDocument, ...] = ()
        if raw_entry.get("document_url"):
            documents = (
                ReportDocument(
                    attachment_number=0,
                    description="Main document",
                    pacer_url=raw_entry["document_url"][:200],
                ),
            )
        entries.append(
            ReportEntry(
                number=number,
                date_filed=raw_entry["date_filed"],
                text=description,
                kind=classify_kind(description),
                refers_to=tuple(referenced_numbers(description, own_number=number)),
                documents=documents,
                filers=tuple(filers or docket_text_filers(description)),
            )
        )
    if not entries:
        raise ImportFailed("The notice names a case but no docket entry.")
    return DocketReportData(
        source="nef",
        court_id=court_id,
        docket_number=chosen["docket_number"],
        case_name=chosen.get("case_name") or "",
        entries=tuple(entries),
    )
