"""The record page (team only), its filters and checks, the production-deadline status, and the
privilege log exports (CSV with formula injection neutralised; PDF rendered and read back)."""

import csv
import datetime as dt
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pdfplumber
import pytest
from django.urls import reverse
from pypdf import PdfReader

from casetracker.models import CaseMembership, Role
from docket.ingest.record_index import import_record_index
from docket.ingest.tasks import run_import_job
from docket.models import DocketExport, ImportJob, Obligation, RecordDocument, RecordProduction
from docket.papers.tasks import prepare_export
from docket.record.services import link_record_obligation
from notices.deadlines.production import production_status
from notices.models import Deadline
from tests.docket.factories import privilege_log_rows

SAMPLES = Path(__file__).parents[1] / "samples" / "record"
ET = ZoneInfo("America/New_York")
DUE = dt.datetime(2025, 10, 24, 23, 59, 59, tzinfo=ET)


def record_url(case, name="record_page"):
    return reverse(name, kwargs={"slug": case.slug})


@pytest.fixture
def record(real_case):
    import_record_index(
        case=real_case,
        data=(SAMPLES / "clean_index.csv").read_bytes(),
        volume="1",
        produced_on=dt.date(2025, 10, 24),
    )
    import_record_index(case=real_case, data=(SAMPLES / "formula_injection.csv").read_bytes())
    return real_case


def production_obligation(case):
    return Obligation.objects.get(order__case=case, text="Produce the administrative record")


@pytest.mark.parametrize("role", ["admin", "attorney", "paralegal"])
def test_team_sees_the_record_with_checks(record, users, client_for, role):
    response = client_for(users[role]).get(record_url(record))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Memorandum of Understanding between IRS and ICE" in html
    assert "Deliberative process" in html
    assert "not_produced:" in html


def test_client_may_not_open_the_record_or_the_privilege_log(record, users, client_for):
    client = client_for(users["client"])
    for name in ("record_page", "privilege_log_csv", "privilege_log_pdf"):
        for method in (client.get, client.post):
            response = method(record_url(record, name))
            assert response.status_code == 403, name
            assert b"Deliberative process" not in response.content
    assert not DocketExport.objects.exists()


def test_a_privilege_log_export_ends_with_the_team_role(record, users, client_for):
    """Asked for as a paralegal; the role becomes client's: the file is no longer theirs."""
    client = client_for(users["paralegal"])
    response = log_export(client, record, "privilege_log_csv")
    assert response.status_code == 200
    export = DocketExport.objects.get()
    CaseMembership.objects.filter(user=users["paralegal"], case=record).update(
        role=Role.CLIENT, party=record.parties.first()
    )
    file_url = reverse("docket_export_file", kwargs={"slug": record.slug, "pk": export.pk})
    assert client.get(file_url).status_code == 404
    page = client.get(reverse("docket_export", kwargs={"slug": record.slug})).content.decode()
    assert "Privilege log" not in page


def test_outsider_gets_404(record, users, client_for):
    client = client_for(users["outsider"])
    for name in ("record_page", "privilege_log_csv", "privilege_log_pdf"):
        assert client.get(record_url(record, name)).status_code == 404


def test_anonymous_is_sent_to_login(record, client_for):
    response = client_for(None).get(record_url(record))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_non_team_selector_never_returns_privileged_documents(record, users):
    from casetracker.models import CaseMembership
    from docket.record.selectors import record_documents_for

    membership = CaseMembership.objects.get(user=users["client"], case=record)
    titles = set(record_documents_for(record, membership).values_list("title", flat=True))
    assert titles == {"Memorandum of Understanding between IRS and ICE", "Implementation guidance"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("privilege=yes", {"IRS-AR-000058", "IRS-AR-000081", "IRS-AR-000084"}),
        ("privilege=no", {"IRS-AR-000001", "IRS-AR-000060"}),
        ("privilege=withheld", {"IRS-AR-000058", "IRS-AR-000081"}),
        ("privilege=redacted", {"IRS-AR-000060", "IRS-AR-000084"}),
        ("claim=Attorney-client", {"IRS-AR-000084"}),
        ("author=treasury", {"IRS-AR-000060"}),
        ("date_after=2025-04-08&date_before=2025-05-01", {"IRS-AR-000058", "IRS-AR-000084"}),
        ("q=transmittal", {"IRS-AR-000058"}),
        ("q=IRS-AR-000080", {"IRS-AR-000060"}),
    ],
)
def test_record_filters(record, users, client_for, query, expected):
    response = client_for(users["paralegal"]).get(f"{record_url(record)}?{query}")
    assert response.status_code == 200
    shown = {d.bates_start for d in response.context["page"]}
    assert shown == expected


def test_invalid_filter_is_a_400_with_the_reason(record, users, client_for):
    response = client_for(users["attorney"]).get(f"{record_url(record)}?date_after=13/13/2025")
    assert response.status_code == 400
    assert "“13/13/2025” is not a real date: there is no month 13." in response.content.decode()


def test_record_page_query_count_does_not_grow(
    record, users, client_for, django_assert_max_num_queries
):
    client = client_for(users["attorney"])
    with django_assert_max_num_queries(30):
        client.get(record_url(record))
    RecordDocument.objects.bulk_create(
        RecordDocument(
            case=record,
            bates_start=f"TREAS-{n:06d}",
            bates_end=f"TREAS-{n:06d}",
            title=f"Page {n}",
            production=RecordProduction.objects.get(volume="1"),
        )
        for n in range(1, 150)
    )
    with django_assert_max_num_queries(30):
        response = client.get(record_url(record))
    assert response.context["page"].paginator.count == 154


def test_user_data_is_escaped(record, users, client_for):
    RecordDocument.objects.filter(bates_start="IRS-AR-000060").update(
        title="<script>alert(1)</script>"
    )
    html = client_for(users["attorney"]).get(record_url(record)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def log_export(client, case, name):
    """POST the privilege-log button, run the export task as the worker would, GET the file."""
    response = client.post(record_url(case, name))
    assert response.status_code == 302
    assert response["Location"] == reverse("docket_export", kwargs={"slug": case.slug})
    export = DocketExport.objects.latest("pk")
    assert prepare_export(export.pk) == DocketExport.Status.READY
    return client.get(reverse("docket_export_file", kwargs={"slug": case.slug, "pk": export.pk}))


def body_of(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_privilege_log_csv_neutralises_formulas(record, users, client_for):
    response = log_export(client_for(users["paralegal"]), record, "privilege_log_csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    assert "privilege-log-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(body_of(response).decode("utf-8-sig"))))
    assert rows[0][:6] == [
        "Bates start",
        "Bates end",
        "Date",
        "Author",
        "Title",
        "Privilege claimed",
    ]
    by_start = {r[0]: r for r in rows[1:]}
    assert set(by_start) == {"IRS-AR-000058", "IRS-AR-000081", "IRS-AR-000084"}
    injected = by_start["IRS-AR-000081"]
    assert injected[4] == '\'=HYPERLINK("http://evil.example","click")'
    assert injected[3] == "'@SUM(A1)"
    assert injected[6] == "'+cmd|' /C calc'!A0"
    assert by_start["IRS-AR-000084"][4] == "'-2+3 budget table"
    assert by_start["IRS-AR-000058"][4] == "Transmittal e-mail to ICE"
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_privilege_log_pdf_reads_back(record, users, client_for):
    response = log_export(client_for(users["attorney"]), record, "privilege_log_pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = body_of(response)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        assert pdf.metadata.get("Title", "").startswith("Privilege log")
        table = [
            [" ".join((cell or "").split()) for cell in row]
            for page in pdf.pages
            for row in (page.extract_table() or [])
        ]
    assert table[0][0] == "Bates start" and table[0][5] == "Privilege claimed"
    rows = {row[0]: row for row in table[1:]}
    assert set(rows) == {"IRS-AR-000058", "IRS-AR-000081", "IRS-AR-000084"}
    assert rows["IRS-AR-000058"][5] == "Deliberative process"
    assert rows["IRS-AR-000058"][7] == "yes"  # withheld
    assert rows["IRS-AR-000084"][6] == "Legal advice on 26 U.S.C. 6103(i)(2)"
    assert "Privilege log — administrative record" in text
    assert "1:25-cv-00457" in text
    assert "Implementation guidance" not in text  # not privileged: not on the log
    assert "3 entries" in text


def render_log_of(case, user, rows):
    privilege_log_rows(case, rows)
    export = DocketExport.objects.create(
        case=case,
        requested_by=user,
        kind=DocketExport.Kind.PRIVILEGE_PDF,
        visibilities="public,restricted",
    )
    assert prepare_export(export.pk) == DocketExport.Status.READY
    export.refresh_from_db()
    with export.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert len(reader.pages) == export.page_count
    return [page.extract_text() for page in reader.pages]


def test_a_long_privilege_log_is_rendered_in_parts(real_case, users, monkeypatch):
    """Three parts of 50 rows: one heading, every row once and in order, "Page n of N"."""
    from docket.papers import tasks

    monkeypatch.setattr(tasks, "PART_SIZE", 50)
    pages = render_log_of(real_case, users["attorney"], 130)
    text = "\n".join(pages)
    assert text.count("Privilege log — administrative record") == 1
    assert [int(n) for n in re.findall(r"Briefing\s+memorandum\s+(\d+)", text)] == list(range(130))
    assert "130 entries" in pages[-1]
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in page


@pytest.mark.slow
def test_a_5000_row_privilege_log_renders(real_case, users):
    """Once HTTP 500 past ~2,700 rows (gunicorn's timeout, 874 MiB); now ten parts of 500.
    Minutes of CPU on a loaded machine, hence `slow` (make test-slow)."""
    pages = render_log_of(real_case, users["attorney"], 5000)
    assert len(pages) > 100
    assert "Privilege log — administrative record" in pages[0] and "IRS-AR-000001" in pages[0]
    assert "IRS-AR-015000" in pages[-1] and "5000 entries" in pages[-1]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


@pytest.mark.parametrize(
    ("produced_on", "now", "state", "sentence"),
    [
        (dt.date(2025, 10, 24), None, "on_time", "Produced Fri 24 Oct 2025, on time"),
        (dt.date(2025, 10, 20), None, "on_time", "Produced Mon 20 Oct 2025, on time"),
        (dt.date(2025, 10, 27), None, "late", "Produced Mon 27 Oct 2025, 3 days late"),
        (None, dt.datetime(2025, 10, 1, tzinfo=ET), "pending", "Not yet produced; due Fri 24 Oct"),
        (
            None,
            dt.datetime(2025, 10, 25, tzinfo=ET),
            "overdue",
            "No production recorded in the tracker; it was due Fri",
        ),
    ],
)
def test_production_status_rule(produced_on, now, state, sentence):
    status = production_status(
        due_at=DUE, produced_on=produced_on, now=now or dt.datetime(2026, 1, 1, tzinfo=ET), zone=ET
    )
    assert status.state == state
    assert status.sentence.startswith(sentence), status.sentence


def test_record_page_shows_met_on_time_from_the_obligations_deadline(record, users, client_for):
    deadline = Deadline.objects.get(obligation=production_obligation(record))
    assert deadline.due_at == DUE
    assert (deadline.status, deadline.met_on) == ("met", dt.date(2025, 10, 24))
    html = client_for(users["attorney"]).get(record_url(record)).content.decode()
    assert "Met on time" in html
    assert (
        "Met on time on Fri 24 Oct 2025 by the production of volume 1 of the record "
        "(due Fri 24 Oct 2025)." in html
    )
    assert "Found by its text" in html  # matched, not yet linked by the team


def test_late_production_and_explicit_link(real_case, users, client_for):
    obligation = production_obligation(real_case)
    RecordProduction.objects.create(case=real_case, volume="1", produced_on=dt.date(2025, 11, 3))
    client = client_for(users["paralegal"])
    response = client.post(
        record_url(real_case, "record_link_obligation"), {"obligation": obligation.pk}
    )
    assert response.status_code == 302
    html = client.get(record_url(real_case)).content.decode()
    assert "Met late" in html
    assert "Met on Mon 3 Nov 2025 by the production of volume 1 of the record, 10 days late" in html
    assert "Found by its text" not in html


def test_not_yet_produced(real_case, users, client_for):
    Deadline.objects.filter(obligation=production_obligation(real_case)).update(
        due_at=dt.datetime(2099, 1, 2, 23, 59, 59, tzinfo=ET)
    )
    html = client_for(users["attorney"]).get(record_url(real_case)).content.decode()
    assert "Open" in html and "Theirs — watch" in html
    assert "The other side must act by Fri 2 Jan 2099 (watch)." in html
    assert "No certified index has been imported yet." in html


def test_link_obligation_refuses_another_cases_obligation(real_case, other_case, users):
    from django.core.exceptions import ValidationError

    from tests.docket.factories import EntryFactory

    foreign = Obligation.objects.create(
        order=EntryFactory(case=other_case, kind="order"), party_side="defendant", text="X"
    )
    with pytest.raises(ValidationError, match="another case"):
        link_record_obligation(case=real_case, obligation=foreign, user=users["attorney"])


def test_import_through_the_page_reports_errors_and_saves_nothing(real_case, users, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(users["paralegal"])
    bad = SimpleUploadedFile("idx.csv", (SAMPLES / "bad_rows.csv").read_bytes(), "text/csv")
    response = client.post(
        record_url(real_case, "record_import_index"), {"index": bad}, follow=True
    )
    job = ImportJob.objects.get(case=real_case, source="record")
    assert response.redirect_chain[-1][0] == job.get_absolute_url()
    assert run_import_job(job.pk) == "failed"  # the worker's body, run here
    html = client.get(job.get_absolute_url()).content.decode()
    assert "nothing was imported" in html and "Nothing of this file was kept." in html
    assert "line 4, date: &#x27;2025-13-01&#x27; is not a date (YYYY-MM-DD)" in html
    assert not RecordDocument.objects.exists()
    good = SimpleUploadedFile("idx.csv", (SAMPLES / "clean_index.csv").read_bytes(), "text/csv")
    response = client.post(
        record_url(real_case, "record_import_index"),
        {"index": good, "volume": "1", "produced_on": "2025-10-24"},
        follow=True,
    )
    job = ImportJob.objects.filter(case=real_case, status="queued").get()
    assert run_import_job(job.pk) == "done"
    html = client.get(job.get_absolute_url()).content.decode()
    assert "3 rows: created 3, updated 0, unchanged 0" in html
    assert RecordDocument.objects.filter(production__volume="1").count() == 3


def test_client_cannot_post_record_changes(real_case, users, client_for):
    client = client_for(users["client"])
    for name in ("record_import_index", "record_attach_file", "record_link_obligation"):
        assert client.post(record_url(real_case, name), {}).status_code == 403


def gappy_record(case, documents):
    """`documents` one-page documents with a gap after each: as many gap problems."""
    RecordDocument.objects.bulk_create(
        RecordDocument(
            case=case,
            bates_start=f"GAP-{n * 2 + 1:06d}",
            bates_end=f"GAP-{n * 2 + 1:06d}",
            title=f"Gappy {n}",
            withheld=True,
        )
        for n in range(documents)
    )


def test_record_checks_are_cached_until_the_record_changes(real_case, users, client_for):
    """The checks read every document; they run again only after a record document changed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gappy_record(real_case, 3)
    client = client_for(users["attorney"])
    url = record_url(real_case)

    def reads_of_every_document():
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(url).content.decode()
        full = [
            q for q in ctx.captured_queries if '"bates_end"' in q["sql"] and "LIMIT" not in q["sql"]
        ]
        return len(full), html

    assert reads_of_every_document()[0] == 1
    assert reads_of_every_document()[0] == 0  # cached under the record's version
    document = RecordDocument.objects.get(bates_start="GAP-000003")
    document.bates_end = "GAP-000004"  # closes the gap between the 2nd and 3rd documents
    document.save()
    reads, html = reads_of_every_document()
    assert reads == 1 and "GAP-000004" in html
    import_record_index(
        case=real_case,
        data=b"bates_start,bates_end,title\nGAP-000006,GAP-000006,Found in the index\n",
    )
    assert reads_of_every_document()[0] == 1  # a bulk import bumps the version too


def test_record_problems_are_paginated(real_case, users, client_for):
    gappy_record(real_case, 120)
    client = client_for(users["attorney"])
    first = client.get(record_url(real_case)).content.decode()
    assert first.count('class="problem problem-') == 50
    assert "Problems 1–50 of 119" in first
    second = client.get(record_url(real_case) + "?problems=3").content.decode()
    assert second.count('class="problem problem-') == 19
    assert "GAP-000238" in second  # the last gap, before GAP-000239
    assert client.get(record_url(real_case) + "?problems=9").status_code == 404
