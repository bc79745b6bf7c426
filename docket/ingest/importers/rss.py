"""Read a CM/ECF RSS feed (district or appellate) with juriscraper's `PacerRssFeed` into one
`DocketReportData` per case it mentions. Pure: bytes in, dataclasses out; nothing touches the
database and nothing is fetched here (the poller in docket/ingest/feeds.py does the HTTP).

    feeds = parse_rss_feed(raw_bytes, court_id="dcd", time_zone="America/New_York")

What an RSS item gives us is thin: the case number and name, the publication time (when the
entry was *entered*; its court-time date is used as the filing date), the event's short name
("[Order on Motion to Dismiss]") and, for entries with a document, the document number and link.
Entries without a document (minute orders) have no number; they are matched to existing entries
by the importer (date + text/kind) and never duplicated. An RSS item never rewrites what an NEF,
a docket report or a person gave (docket.ingest.apply ranks RSS lowest).

Raises ImportFailed for anything that is not a well-formed RSS feed — including a feed cut off
mid-transfer, which feedparser would otherwise half-read."""

import datetime as dt
import xml.sax
from typing import Any
from zoneinfo import ZoneInfo

from juriscraper.pacer.rss_feeds import PacerRssFeed

from docket.ingest.importers import (
    DocketReportData,
    ImportFailed,
    ReportDocument,
    ReportEntry,
    doc1_url,
)
from docket.ingest.importers.classify import classify_kind, referenced_numbers

MAX_FEED_BYTES = 20 * 1024 * 1024


def _docs1_url(court_id, pacer_doc_id):
    return f"https://ecf.{court_id}.uscourts.gov/docs1/{pacer_doc_id}" if pacer_doc_id else ""


def _check_feed(parsed, raw):
    if parsed.bozo and isinstance(parsed.get("bozo_exception"), xml.sax.SAXException):
        reason = str(parsed.bozo_exception)
        if parsed.version:
            raise ImportFailed(
                f"The RSS feed is not well-formed XML ({reason}); it may have been cut off in "
                "transfer. Nothing was imported."
            )
    if not parsed.version or not parsed.version.startswith("rss"):
        head = raw[:200].decode("utf-8", errors="replace").strip().lower()
        looks = "an HTML page" if "<html" in head or "<!doctype" in head else "not RSS"
        raise ImportFailed(
            f"This is not an RSS feed (it is {looks}). Check the court's feed URL: it ends in "
            "rss_outside.pl for district courts. Nothing was imported."
        )


def parse_rss_feed(raw, *, court_id, time_zone="America/New_York"):
    """Parse the feed; return a tuple of DocketReportData, one per docket number in the feed,
    entries oldest first. Items for the same entry (CM/ECF lists multi-event entries once per
    event) are merged by juriscraper; exact repeats are dropped here."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if not raw or not raw.strip():
        raise ImportFailed("The feed is empty. Nothing was imported.")
    if len(raw) > MAX_FEED_BYTES:
        raise ImportFailed("The feed is larger than 20 MB; that is not a CM/ECF feed.")
    parser = PacerRssFeed(court_id)
    parser._parse_text(raw)
    _check_feed(parser.feed, raw)
    try:
        dockets = parser.data
    except Exception as exc:  # juriscraper raises bare errors on layouts it does not know
        raise ImportFailed(f"The RSS feed could not be read ({exc}).") from None
    zone = ZoneInfo(time_zone)
    by_number: dict[str, Any] = {}
    order: list[str] = []
    seen_keys: set[Any] = set()
    for docket in dockets:
        number = docket.get("docket_number")
        if not number:
            continue
        if number not in by_number:
            by_number[number] = {"case_name": docket.get("case_name") or "", "entries": []}
            order.append(number)
        kept = by_number[number]["entries"]
        for raw_entry in docket.get("docket_entries") or []:
            entry = _entry(raw_entry, court_id=court_id, zone=zone, appellate=parser.is_appellate)
            # The same item twice (same time, text, number, link) is one entry; two minute
            # orders of one day with the same short text but different times are two.
            key = (raw_entry.get("date_filed"), entry)
            if entry is not None and key not in seen_keys:
                seen_keys.add(key)
                kept.append(entry)
    return tuple(
        DocketReportData(
            source="rss",
            court_id=court_id,
            docket_number=number,
            case_name=by_number[number]["case_name"],
            entries=tuple(sorted(by_number[number]["entries"], key=_oldest_first)),
        )
        for number in order
    )


def _oldest_first(entry):
    return (entry.date_filed, entry.number is None, entry.number or 0)


def _entry(raw_entry, *, court_id, zone, appellate):
    text = " ".join((raw_entry.get("short_description") or "").split())
    published = raw_entry.get("date_filed")
    if not text or not isinstance(published, dt.datetime):
        return None
    # Appellate feeds carry no entry number, only the document id, which juriscraper copies
    # into document_number; it is not the docket's entry number, so it is not used as one.
    number = None
    if not appellate and str(raw_entry.get("document_number") or "").isdigit():
        number = int(raw_entry["document_number"])
    pacer_doc_id = raw_entry.get("pacer_doc_id") or ""
    url = _docs1_url(court_id, pacer_doc_id) if appellate else doc1_url(court_id, pacer_doc_id)
    documents: tuple[ReportDocument, ...] = ()
    if url:
        documents = (
            ReportDocument(attachment_number=0, description="Main document", pacer_url=url),
        )
    return ReportEntry(
        number=number,
        date_filed=published.astimezone(zone).date(),
        text=text,
        kind=classify_kind(text),
        refers_to=tuple(referenced_numbers(text, own_number=number)),
        documents=documents,
    )
