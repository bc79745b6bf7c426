"""Docket sheet export: CSV (neutralised against formula injection, only what the member may
see) and the PDF in CM/ECF layout rendered by the Celery task (called in-process), with
progress, escaping, and per-member access."""

import csv
import datetime as dt
import io
import json
import re
import tracemalloc

import pdfplumber
import pytest
from django.urls import reverse
from pypdf import PdfReader

from docket.models import DocketEntry, DocketExport
from docket.papers.exports import neutralise_cell
from docket.papers.tasks import prepare_export
from tests.docket.factories import EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def docket(real_case):
    EntryFactory(
        case=real_case,
        number=1,
        date_filed=dt.date(2025, 2, 17),
        kind="complaint",
        text="COMPLAINT against INTERNAL REVENUE SERVICE <script>alert(1)</script>",
    )
    EntryFactory(
        case=real_case,
        number=2,
        date_filed=dt.date(2025, 2, 18),
        text='=HYPERLINK("http://evil.example","click")',
    )
    EntryFactory(
        case=real_case,
        number=3,
        date_filed=dt.date(2025, 2, 19),
        text="Team-only declaration",
        visibility=DocketEntry.Visibility.RESTRICTED,
    )
    EntryFactory(
        case=real_case,
        number=4,
        date_filed=dt.date(2025, 2, 20),
        text="SEALED document",
        visibility=DocketEntry.Visibility.SEALED,
    )


def url(name, case, *args):
    return reverse(name, args=[case.slug, *args])


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def prepared(client, case, name="docket_export_csv"):
    """POST the export button, run the task as the worker would, GET the file."""
    response = client.post(url(name, case))
    assert response.status_code == 302 and response["Location"] == url("docket_export", case)
    export = DocketExport.objects.latest("pk")
    assert prepare_export(export.pk) == DocketExport.Status.READY
    return client.get(url("docket_export_file", case, export.pk))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("MOTION to Dismiss", "MOTION to Dismiss"),
        ("", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_neutralise_cell(value, expected):
    assert neutralise_cell(value) == expected


def test_csv_for_the_team_includes_restricted_not_sealed(real_case, users, docket, client_for):
    response = prepared(client_for(users["paralegal"]), real_case)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="docket-125-cv-00457-')
    assert response["X-Content-Type-Options"] == "nosniff"
    rows = read_csv(response)
    assert rows[0] == ["Date Filed", "#", "Docket Text", "Kind", "Visibility", "Source"]
    texts = [row[2] for row in rows[1:]]
    assert "Team-only declaration" in texts
    assert "SEALED document" not in texts
    numbered = {row[1]: row for row in rows[1:] if row[1]}
    assert numbered["2"][2] == '\'=HYPERLINK("http://evil.example","click")'
    assert numbered["1"][0] == "02/17/2025"
    assert (
        numbered["1"][2] == "COMPLAINT against INTERNAL REVENUE SERVICE <script>alert(1)</script>"
    )
    assert numbered["3"][4] == "Restricted (team only)"


def test_csv_for_a_client_is_the_public_docket(real_case, users, docket, client_for):
    rows = read_csv(prepared(client_for(users["client"]), real_case))
    texts = [row[2] for row in rows[1:]]
    assert "Team-only declaration" not in texts and "SEALED document" not in texts
    assert {row[4] for row in rows[1:]} == {"Public"}


def test_admin_csv_includes_sealed(real_case, users, docket, client_for):
    rows = read_csv(prepared(client_for(users["admin"]), real_case))
    assert "SEALED document" in [row[2] for row in rows[1:]]


def test_pdf_export_in_cmecf_layout_with_progress(real_case, users, docket, client_for):
    client = client_for(users["attorney"])
    response = client.post(url("docket_export", real_case))
    assert response.status_code == 302
    export = DocketExport.objects.get()
    assert export.status == DocketExport.Status.QUEUED
    assert export.visibilities == "public,restricted"
    status = json.loads(client.get(url("docket_export_status", real_case, export.pk)).content)
    assert (status["status"], status["done"], status["ready"]) == ("queued", False, False)

    assert prepare_export(export.pk) == DocketExport.Status.READY
    export.refresh_from_db()
    assert (export.status, export.progress) == ("ready", 100)
    assert export.entry_count == DocketEntry.objects.exclude(visibility="sealed").count()
    status = json.loads(client.get(url("docket_export_status", real_case, export.pk)).content)
    assert status["ready"] and status["pdf_url"] == url("docket_export_file", real_case, export.pk)

    pdf = client.get(status["pdf_url"])
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Content-Type-Options"] == "nosniff"
    data = b"".join(pdf.streaming_content)
    with pdfplumber.open(io.BytesIO(data)) as doc:
        text = "\n".join(page.extract_text() for page in doc.pages)
        assert (doc.pages[0].width, doc.pages[0].height) == (612, 792)
    assert "CIVIL DOCKET FOR CASE #: 1:25-cv-00457-CKK" in text
    assert "Assigned to: Judge Colleen Kollar-Kotelly" in text
    assert "Date Filed: 02/17/2025" in text
    assert "Date Filed # Docket Text" in text
    assert "Center for Taxpayer Rights represented by" in text and "Daniel A. McGrath" in text
    assert "TEAM COPY" in text and "[Restricted (team only)] Team-only declaration" in text
    assert "SEALED document" not in text
    # user data is escaped: the script tag is printed as text, not parsed as markup
    assert "COMPLAINT against INTERNAL REVENUE SERVICE <script>alert(1)</script>" in text
    assert "Page 1 of" in text


def test_progress_is_reported_while_rendering_a_long_docket(real_case, users, monkeypatch):
    EntryFactory.create_batch(60, case=real_case, date_filed=dt.date(2025, 4, 1))
    export = DocketExport.objects.create(
        case=real_case, requested_by=users["attorney"], visibilities="public"
    )
    recorded = []
    from docket.papers import tasks

    real_progress = tasks._Progress

    class Recording(real_progress):
        def __call__(self, percent):
            super().__call__(percent)
            recorded.append(DocketExport.objects.get(pk=self.export_id).progress)

    monkeypatch.setattr(tasks, "_Progress", Recording)
    prepare_export(export.pk)
    export.refresh_from_db()
    assert export.page_count > 3
    assert recorded == sorted(recorded)  # never goes backwards
    assert recorded[:2] == [2, 3] and recorded[-1] == 95
    assert len([p for p in recorded if 10 < p < 90]) >= export.page_count - 2


def test_a_long_sheet_is_rendered_in_parts_joined_and_numbered(real_case, users, monkeypatch):
    """Three parts of 20 entries: one heading, every entry once and in order, the running case
    number and "Page n of N" on every page, the closing note once, at the end."""
    from docket.papers import tasks

    monkeypatch.setattr(tasks, "PART_SIZE", 20)
    for n in range(1, 61):
        EntryFactory(
            case=real_case, number=n, date_filed=dt.date(2025, 4, 1), text=f"Paper number {n}."
        )
    export = DocketExport.objects.create(
        case=real_case, requested_by=users["attorney"], visibilities="public"
    )
    assert prepare_export(export.pk) == DocketExport.Status.READY
    export.refresh_from_db()
    with export.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    pages = [page.extract_text() for page in reader.pages]
    assert export.page_count == len(pages) > 3
    assert reader.metadata.title == "Docket sheet, 1:25-cv-00457"
    text = "\n".join(pages)
    assert text.count("CIVIL DOCKET FOR CASE #") == 1
    assert text.count("Not an official court record") == 1
    assert "Not an official court record" in pages[-1]
    found = [int(m) for m in re.findall(r"Paper number (\d+)\.", text)]
    assert found == list(range(1, 61))
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in page
        assert "Case 1:25-cv-00457-CKK" in page


def test_client_pdf_is_public_only(real_case, users, docket, client_for):
    client = client_for(users["client"])
    client.post(url("docket_export", real_case))
    export = DocketExport.objects.get()
    assert export.visibilities == "public"
    prepare_export(export.pk)
    data = b"".join(client.get(url("docket_export_file", real_case, export.pk)).streaming_content)
    with pdfplumber.open(io.BytesIO(data)) as doc:
        text = "\n".join(page.extract_text() for page in doc.pages)
    assert "Team-only declaration" not in text and "TEAM COPY" not in text
    assert "Public docket" in text


def test_only_the_requester_sees_an_export(real_case, users, docket, client_for):
    export = DocketExport.objects.create(
        case=real_case, requested_by=users["attorney"], visibilities="public,restricted"
    )
    prepare_export(export.pk)
    for who in ("client", "paralegal", "outsider"):
        client = client_for(users[who])
        assert client.get(url("docket_export_file", real_case, export.pk)).status_code == 404
        assert client.get(url("docket_export_status", real_case, export.pk)).status_code == 404
    page = client_for(users["paralegal"]).get(url("docket_export", real_case))
    assert url("docket_export_status", real_case, export.pk) not in page.content.decode()


def test_outsiders_get_404_and_anonymous_login(real_case, users, client_for):
    for name in ("docket_export", "docket_export_csv"):
        assert client_for(users["outsider"]).get(url(name, real_case)).status_code == 404
        assert client_for(None).get(url(name, real_case)).status_code == 302


def test_export_page_lists_my_exports(real_case, users, client_for, django_assert_max_num_queries):
    for _ in range(5):
        DocketExport.objects.create(
            case=real_case, requested_by=users["attorney"], visibilities="public"
        )
    client = client_for(users["attorney"])
    with django_assert_max_num_queries(10):
        page = client.get(url("docket_export", real_case))
    body = page.content.decode()
    assert body.count("data-status-url=") == 5 and body.count("data-polling") == 5


def test_at_most_three_running_exports(real_case, users, client_for):
    client = client_for(users["attorney"])
    for _ in range(4):
        client.post(url("docket_export", real_case))
    assert DocketExport.objects.count() == 3
    page = client.get(url("docket_export", real_case)).content.decode()
    assert "Three exports are already being prepared" in page


def test_csv_export_of_100000_entries_streams_in_flat_memory(real_case, users):
    """The CSV is written row by row from a chunked query into a temporary file: Python's peak
    allocation (tracemalloc) stays a few MiB while the file is ~20 MB. Holding the rows, the
    entries or the text would cost well over 100 MiB here."""
    DocketEntry.objects.bulk_create(
        (
            DocketEntry(
                case=real_case,
                number=n,
                date_filed=dt.date(2020, 1, 1) + dt.timedelta(days=n // 40),
                kind="motion",
                text=f"MOTION number {n} by CENTER FOR TAXPAYER RIGHTS " + "lorem ipsum " * 12,
            )
            for n in range(1, 100_001)
        ),
        batch_size=5000,
    )
    public = DocketEntry.objects.filter(case=real_case, visibility="public").count()
    export = DocketExport.objects.create(
        case=real_case,
        requested_by=users["attorney"],
        kind=DocketExport.Kind.DOCKET_CSV,
        visibilities="public",
    )
    tracemalloc.start()
    try:
        assert prepare_export(export.pk) == DocketExport.Status.READY
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    export.refresh_from_db()
    assert public > 100_000 and export.entry_count == public and export.progress == 100
    lines = 0
    with export.pdf.open("rb") as handle:
        size = export.pdf.size
        for lines, line in enumerate(handle, start=1):  # noqa: B007
            pass
    assert lines == public + 1
    assert size > 15 * 2**20
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MiB for a {size / 2**20:.0f} MiB CSV"
