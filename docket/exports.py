"""The docket sheet out of the tracker: CSV (streamed at once) and PDF in the familiar CM/ECF
layout (rendered in Celery, with progress, because a long docket takes a while).

Both contain only what the member asking may see (docket.permissions.visible_entries): a client's
export is the public docket; the team's includes restricted entries, marked as such. A PDF export
remembers which visibilities it holds, and only the member who asked may download it."""

import csv

from django.core.exceptions import ValidationError
from django.db import transaction

from casetracker.models import Party

from .filings import enqueue_on_commit
from .models import DocketEntry, DocketExport
from .pdf.caption import cmecf_case_number
from .pdf.context import case_caption
from .permissions import visible_entries, visible_visibilities

CSV_HEADER = ["Date Filed", "#", "Docket Text", "Kind", "Visibility", "Source"]
# A spreadsheet treats a cell starting with one of these as a formula (CSV/formula injection,
# OWASP): docket text comes from PACER, NEF e-mails and people, so none of it is trusted.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Rough rows per page of the PDF docket sheet, for the progress estimate only.
ENTRIES_PER_PAGE = 15
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


def docket_csv_rows(case, membership):
    """Header and one row per visible entry, every cell neutralised (a generator: streams)."""
    yield CSV_HEADER
    entries = visible_entries(case, membership).order_by("date_filed", "number", "pk")
    for entry in entries.only("number", "date_filed", "text", "kind", "visibility", "source"):
        yield [
            neutralise_cell(value)
            for value in (
                cmecf_date(entry.date_filed),
                entry.number or "",
                entry.text,
                entry.get_kind_display(),
                entry.get_visibility_display(),
                entry.get_source_display(),
            )
        ]


class _Echo:
    def write(self, value):
        return value


def stream_csv(rows):
    """Lines of CSV for a StreamingHttpResponse; quoting escapes commas, quotes and newlines."""
    writer = csv.writer(_Echo(), quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    yield "\ufeff"  # so Excel opens UTF-8 (names with accents, section signs) correctly
    for row in rows:
        yield writer.writerow(row)


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
    }


def request_docket_export(*, case, membership, user):
    """Queue a PDF of the docket as this member may see it. Returns (export, Enqueued)."""
    from .tasks import export_docket_sheet

    with transaction.atomic():
        running = DocketExport.objects.filter(case=case, requested_by=user, status__in=ACTIVE)
        if running.count() >= 3:
            raise ValidationError(
                "Three docket sheets are already being prepared for you; wait for one to finish."
            )
        export = DocketExport.objects.create(
            case=case,
            requested_by=user,
            visibilities=",".join(visible_visibilities(membership)),
        )
        enqueued = enqueue_on_commit(export_docket_sheet, export.pk)
    return export, enqueued


def export_readable_by(export, membership):
    """Whether the member may still download this docket sheet, judged now: it must hold no
    visibility their current role lacks (a demoted attorney cannot read the team's sheet), and no
    entry they may no longer see may have changed since it was asked for (an entry sealed after
    the sheet was made is in it). The sheet is a snapshot; asking for a new one is always safe."""
    if membership is None or membership.case_id != export.case_id:
        return False
    allowed = set(visible_visibilities(membership))
    if not set(filter(None, export.visibilities.split(","))) <= allowed:
        return False
    hidden_now = DocketEntry.objects.filter(case_id=export.case_id).exclude(visibility__in=allowed)
    changed_since = DocketEntry.history.filter(
        id__in=hidden_now.values("pk"), history_date__gte=export.created_at
    )
    return not changed_since.exists()


def exports_for(case, user, limit=10):
    return list(DocketExport.objects.filter(case=case, requested_by=user)[:limit])


def export_entries(export):
    return _entries(export.case, export.visibilities.split(","))
