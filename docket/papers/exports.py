"""Files out of the tracker: the docket as CSV and as a PDF in the familiar CM/ECF layout, and
the record's privilege log as CSV and PDF. All are prepared by a Celery task (docket.tasks.
prepare_export) with progress, never in a web worker: a 100,000-entry CSV or a 5,000-row log
would hold a web worker for seconds to minutes. CSVs are written row by row (flat memory), PDFs
in parts (docket/papers/pdf/parts.py).

Both contain only what the member asking may see (docket.permissions.visible_entries): a client's
export is the public docket; the team's includes restricted entries, marked as such. A PDF export
remembers which visibilities it holds, and only the member who asked may download it."""

import csv
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from casetracker.jobs import enqueue_on_commit
from casetracker.models import Party
from docket import panels
from docket.models import DocketEntry, DocketExport
from docket.papers.pdf.caption import cmecf_case_number
from docket.papers.pdf.context import case_caption
from docket.permissions import can_see_privileged, visible_visibilities

CSV_HEADER = ["Date Filed", "#", "Docket Text", "Kind", "Visibility", "Source"]
# A spreadsheet treats a cell starting with one of these as a formula (CSV/formula injection,
# OWASP): docket text comes from PACER, NEF e-mails and people, so none of it is trusted.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Rough rows per page of the PDF docket sheet, for the progress estimate only.
ENTRIES_PER_PAGE = 15
LOG_ROWS_PER_PAGE = 12
ACTIVE = (DocketExport.Status.QUEUED, DocketExport.Status.RENDERING)


def neutralise_cell(value):
    """Text a spreadsheet will show, never evaluate: prefix `'` to formula-looking cells."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def cmecf_date(value):
    return f"{value:%m/%d/%Y}" if value else ""


def _entries(case, visibilities):
    return (
        DocketEntry.objects.filter(case=case, visibility__in=visibilities)
        .order_by("date_filed", "number", "pk")
        .only("number", "date_filed", "text", "kind", "visibility", "source")
    )


CHUNK = 2000  # rows fetched at a time by the CSV writers


def in_chunks(queryset, size=CHUNK):
    """The rows of an ordered queryset, `size` at a time, each chunk its own short query:
    memory stays flat, and no read stays open for the whole export (an open read on SQLite
    without WAL keeps every writer waiting: the load bench saw "database is locked")."""
    start = 0
    while True:
        chunk = list(queryset[start : start + size])
        yield from chunk
        if len(chunk) < size:
            return
        start += size


CSV_FIELDS = ("date_filed", "number", "text", "kind", "visibility", "source")
_KIND = dict(DocketEntry.Kind.choices)
_VISIBILITY = dict(DocketEntry.Visibility.choices)
_SOURCE = dict(DocketEntry.Source.choices)


def docket_csv_rows(entries):
    """Header and one row per entry of `entries` (a queryset, read in chunks as plain tuples:
    flat memory, and several times cheaper than model instances at 100,000 rows), every cell
    neutralised. A generator: streams."""
    yield CSV_HEADER
    for date_filed, number, text, kind, visibility, source in in_chunks(
        entries.values_list(*CSV_FIELDS)
    ):
        yield [
            neutralise_cell(value)
            for value in (
                cmecf_date(date_filed),
                number or "",
                text,
                _KIND.get(kind, kind),
                _VISIBILITY.get(visibility, visibility),
                _SOURCE.get(source, source),
            )
        ]


LOG_COLUMNS = (
    "Bates start",
    "Bates end",
    "Date",
    "Author",
    "Title",
    "Privilege claimed",
    "Basis",
    "Withheld",
    "Redacted",
    "Volume",
)


def privilege_log_rows(documents):
    """One tuple per logged document (record_selectors.privilege_log), in LOG_COLUMNS order."""
    for d in documents:
        yield (
            d.bates_start,
            d.bates_end,
            d.document_date.isoformat() if d.document_date else "",
            d.author,
            d.title,
            d.privilege_claim,
            d.privilege_basis,
            "yes" if d.withheld else "no",
            "yes" if d.redacted else "no",
            d.production.volume if d.production else "",
        )


def privilege_log_csv_rows(documents):
    """Header and the log's rows, neutralised; `documents` read in chunks (flat memory)."""
    yield LOG_COLUMNS
    for row in privilege_log_rows(in_chunks(documents)):
        yield [neutralise_cell(value) for value in row]


def write_csv(rows, handle):
    """Write `rows` to the binary file `handle` as UTF-8 CSV with a BOM (so Excel opens names
    with accents and section signs correctly); quoting escapes commas, quotes and newlines.
    Row by row: memory stays flat however long the docket. Returns the number of data rows."""
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    writer = csv.writer(text, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    count = -1
    for count, row in enumerate(rows):  # noqa: B007
        writer.writerow(row)
    text.flush()
    text.detach()  # leave `handle` open for the caller
    return max(count, 0)


def docket_sheet_context(case, entries, *, generated_at, visibilities, requested_by=""):
    """What templates/docket/pdf/docket_sheet.html needs: CM/ECF's header, parties with their
    counsel, and the entries (Date Filed | # | Docket Text)."""
    parties = list(case.parties.order_by("pk").prefetch_related("representations__attorney"))
    sides = []
    for side, label in Party.Side.choices:
        members = [p for p in parties if p.side == side]
        if members:
            sides.append((label, members))
    links, below = case.other_court_links
    other_courts = [link.other_court_label for link in links]
    if below is not None:
        other_courts.append(f"{below.case.court.cmecf_code.upper()} {below.case.docket_number}")
    return {
        "case": case,
        "other_courts": other_courts,
        "caption": case_caption(case),
        "case_number": cmecf_case_number(case.docket_number, case.judge),
        "date_filed": cmecf_date(case.date_filed),
        "sides": sides,
        "entries": entries,
        "includes_restricted": any(v != DocketEntry.Visibility.PUBLIC for v in visibilities),
        "visibilities": list(visibilities),
        "generated": generated_at,
        "requested_by": requested_by,
        "deadlines_panel": panels.render(
            "docket_sheet", case=case, visibilities=visibilities, generated=generated_at
        ),
    }


def request_export(*, case, membership, user, kind=DocketExport.Kind.DOCKET_PDF):
    """Queue an export of what this member may see. Returns (export, Enqueued). The privilege
    log is the team's (record_views' role check); checked here too so no caller can forget."""
    if kind in DocketExport.PRIVILEGE_KINDS and not can_see_privileged(membership):
        raise ValidationError("Only the legal team may export the privilege log.")
    with transaction.atomic():
        running = DocketExport.objects.filter(case=case, requested_by=user, status__in=ACTIVE)
        if running.count() >= 3:
            raise ValidationError(
                "Three exports are already being prepared for you; wait for one to finish."
            )
        export = DocketExport.objects.create(
            case=case,
            kind=kind,
            requested_by=user,
            visibilities=",".join(visible_visibilities(membership)),
        )
        enqueued = enqueue_on_commit("docket.tasks.prepare_export", export.pk)
    return export, enqueued


def exports_of(case, user, membership):
    """The member's own exports; a privilege log only while they are on the team."""
    exports = DocketExport.objects.filter(case=case, requested_by=user)
    if not can_see_privileged(membership):
        exports = exports.exclude(kind__in=DocketExport.PRIVILEGE_KINDS)
    return exports


def exports_for(case, user, membership, limit=10):
    return list(exports_of(case, user, membership)[:limit])


def export_entries(export):
    return _entries(export.case, export.visibilities.split(","))


def export_filename(export):
    ext = "csv" if export.is_csv else "pdf"
    if export.kind in DocketExport.PRIVILEGE_KINDS:
        stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in export.case.slug)
        return f"privilege-log-{stem}-{export.created_at:%Y%m%d}.{ext}"
    return f"docket-{slugify(export.case.docket_number)}-{export.created_at:%Y%m%d}.{ext}"


def export_readable_by(export, membership):
    """Whether the member may still download this export, judged now. A privilege log needs
    the team role now. A docket export must hold no visibility their current role lacks (a
    demoted attorney cannot read the team's sheet), and no entry they may no longer see may
    have changed since it was asked for (an entry sealed after the sheet was made is in it).
    An export is a snapshot; asking for a new one is always safe."""
    if membership is None or membership.case_id != export.case_id:
        return False
    if export.kind in DocketExport.PRIVILEGE_KINDS:
        return can_see_privileged(membership)
    allowed = set(visible_visibilities(membership))
    if not set(filter(None, export.visibilities.split(","))) <= allowed:
        return False
    hidden_now = DocketEntry.objects.filter(case_id=export.case_id).exclude(visibility__in=allowed)
    changed_since = DocketEntry.history.filter(
        id__in=hidden_now.values("pk"), history_date__gte=export.created_at
    )
    return not changed_since.exists()
