"""Outbound filings end to end, with the Celery task called in-process (real WeasyPrint):
drafts, render status transitions, the status endpoint, download, "mark as filed", and who may
do what (clients get 403, members of other cases 404)."""

import datetime as dt
import hashlib
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from casetracker.models import Attorney
from docket.models import DocketEntry, Filing
from docket.papers import filings
from docket.papers.tasks import render_filing
from tests.casetracker.factories import AttorneyFactory
from tests.docket.factories import EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def counsel(real_case):
    """The loader's counsel with the signature block a paper needs (FRCP 11(a), LCvR 5.1)."""
    attorney = Attorney.objects.get(name="Daniel A. McGrath")
    attorney.bar_number = "1531723"
    attorney.address = "P.O. Box 34553\nWashington, DC 20043"
    attorney.email = "dmcgrath@example.org"
    attorney.phone = "(202) 448-9090"
    attorney.save()
    return attorney


@pytest.fixture
def draft(real_case, users, counsel):
    return filings.create_filing(
        case=real_case,
        user=users["paralegal"],
        type=Filing.Type.NOTICE,
        title="Notice of Supplemental Authority",
        body="PLEASE TAKE NOTICE of the attached decision.",
        signing_attorney=counsel,
        service_list="Counsel for Defendants",
    )


def url(name, case, *args):
    return reverse(name, args=[case.slug, *args])


def status_of(client, case, filing):
    response = client.get(url("filing_status", case, filing.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


# Services -------------------------------------------------------------------------------------


def test_signing_attorney_must_be_counsel_in_the_case(real_case, users):
    stranger = AttorneyFactory(name="Not In This Case")
    with pytest.raises(ValidationError) as error:
        filings.create_filing(
            case=real_case,
            user=users["attorney"],
            type="notice",
            title="Notice",
            signing_attorney=stranger,
        )
    assert "not counsel of record" in str(error.value)
    assert not Filing.objects.exists()


def test_blank_title_is_refused_and_nothing_saved(real_case, users, counsel):
    with pytest.raises(ValidationError, match="title"):
        filings.create_filing(
            case=real_case, user=users["attorney"], type="notice", title="  ", body="x"
        )
    assert not Filing.objects.exists()


def test_render_needs_a_signing_attorney(real_case, users):
    filing = filings.create_filing(
        case=real_case, user=users["attorney"], type="notice", title="Notice", body="Text."
    )
    with pytest.raises(ValidationError, match="signing attorney"):
        filings.queue_render(filing=filing, user=users["attorney"])
    filing.refresh_from_db()
    assert filing.status == Filing.Status.DRAFT


def test_task_renders_queued_filing_and_records_history(draft, users):
    filing, _ = filings.queue_render(filing=draft, user=users["paralegal"])
    assert filing.status == Filing.Status.QUEUED
    assert render_filing(draft.pk) == Filing.Status.RENDERED
    draft.refresh_from_db()
    assert draft.status == Filing.Status.RENDERED and draft.error == ""
    data = draft.pdf.read()
    assert hashlib.sha256(data).hexdigest() == draft.pdf_sha256
    assert draft.pdf.name == f"filings/{draft.pdf_sha256[:2]}/{draft.pdf_sha256}.pdf"
    assert draft.page_count == len(PdfReader(io.BytesIO(data)).pages) == 2
    assert draft.rendered_at is not None
    statuses = list(draft.history.order_by("history_id").values_list("status", flat=True))
    assert statuses == ["draft", "queued", "rendering", "rendered"]
    assert draft.history.filter(status="queued").get().history_user == users["paralegal"]


def test_task_is_idempotent(draft, users):
    filings.queue_render(filing=draft, user=users["paralegal"])
    render_filing(draft.pk)
    draft.refresh_from_db()
    first = (draft.pdf.name, draft.pdf_sha256, draft.history.count())
    assert render_filing(draft.pk) == "skipped"  # a duplicate delivery changes nothing
    draft.refresh_from_db()
    assert (draft.pdf.name, draft.pdf_sha256, draft.history.count()) == first


def test_redelivered_task_resumes_a_crashed_render(draft, users):
    """acks_late: a worker that died mid-render leaves the row in `rendering`; the redelivered
    message renders it."""
    Filing.objects.filter(pk=draft.pk).update(status=Filing.Status.RENDERING)
    assert render_filing(draft.pk) == Filing.Status.RENDERED


def test_task_skips_a_draft_edited_after_queueing(draft, users):
    filings.queue_render(filing=draft, user=users["paralegal"])
    Filing.objects.filter(pk=draft.pk).update(status=Filing.Status.DRAFT)
    assert render_filing(draft.pk) == "skipped"
    draft.refresh_from_db()
    assert not draft.pdf


def test_failed_render_says_what_to_do(draft, users, counsel):
    filings.queue_render(filing=draft, user=users["paralegal"])
    # The attorney row disappears between queueing and rendering.
    Filing.objects.filter(pk=draft.pk).update(signing_attorney=None)
    assert render_filing(draft.pk) == Filing.Status.FAILED
    draft.refresh_from_db()
    assert draft.status == Filing.Status.FAILED
    assert "could not be rendered" in draft.error and "press Render again" in draft.error
    assert not draft.pdf


def test_editing_a_rendered_draft_discards_the_stale_pdf(draft, users, media_root):
    filings.queue_render(filing=draft, user=users["paralegal"])
    render_filing(draft.pk)
    draft.refresh_from_db()
    old_path = draft.pdf.path
    filings.update_filing(filing=draft, user=users["attorney"], body="New text.")
    draft.refresh_from_db()
    assert draft.status == Filing.Status.DRAFT and not draft.pdf and not draft.pdf_sha256
    assert not (media_root / old_path).exists()


def test_cannot_edit_while_rendering(draft, users):
    Filing.objects.filter(pk=draft.pk).update(status=Filing.Status.RENDERING)
    with pytest.raises(ValidationError, match="being rendered"):
        filings.update_filing(filing=draft, user=users["attorney"], body="x")


def test_broker_down_leaves_filing_queued(
    draft, users, django_capture_on_commit_callbacks, settings
):
    """Redis unreachable: the row stays queued and the caller is told; nothing raises."""
    from casetracker.celery import app
    from tests.live import _reset_producer_pool, free_port

    old = app.conf.broker_url
    app.conf.broker_url = f"redis://127.0.0.1:{free_port()}/0"
    _reset_producer_pool(app)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            filing, enqueued = filings.queue_render(filing=draft, user=users["paralegal"])
    finally:
        app.conf.broker_url = old
        _reset_producer_pool(app)
    assert enqueued.sent is False
    filing.refresh_from_db()
    assert filing.status == Filing.Status.QUEUED


# Mark as filed ---------------------------------------------------------------------------------


def test_mark_filed_creates_entry_with_the_pdf(draft, users, real_case):
    filings.queue_render(filing=draft, user=users["paralegal"])
    render_filing(draft.pk)
    draft.refresh_from_db()
    filing = filings.mark_filed(
        filing=draft, user=users["paralegal"], date_filed=dt.date(2025, 9, 12), number=61
    )
    entry = filing.filed_entry
    assert filing.status == Filing.Status.FILED
    assert (entry.case, entry.number, entry.kind) == (real_case, 61, DocketEntry.Kind.NOTICE)
    assert entry.text == "Notice of Supplemental Authority"
    assert entry.created_by == users["paralegal"]
    assert set(entry.filed_by.values_list("side", flat=True)) == {"plaintiff"}
    assert entry.filed_by.count() == 4
    document = entry.documents.get()
    assert document.attachment_number == 0
    assert document.sha256 == draft.pdf_sha256
    assert document.file.name == (
        f"documents/{draft.pdf_sha256[:2]}/{draft.pdf_sha256[2:4]}/{draft.pdf_sha256}.pdf"
    )
    assert document.page_count == 2 and document.byte_size == draft.pdf.size
    assert "Supplemental Authority" in document.text.replace("\n", " ").title()
    with pytest.raises(ValidationError, match="can no longer be changed"):
        filings.update_filing(filing=filing, user=users["attorney"], body="x")


def test_mark_filed_refuses_an_unrendered_draft_or_a_taken_number(draft, users, real_case):
    with pytest.raises(ValidationError, match="Render the PDF first"):
        filings.mark_filed(filing=draft, user=users["paralegal"], date_filed=dt.date(2025, 9, 12))
    filings.queue_render(filing=draft, user=users["paralegal"])
    render_filing(draft.pk)
    EntryFactory(case=real_case, number=61)
    with pytest.raises(ValidationError, match="ECF No. 61 is already on this docket"):
        filings.mark_filed(
            filing=draft, user=users["paralegal"], date_filed=dt.date(2025, 9, 12), number=61
        )
    draft.refresh_from_db()
    assert draft.status == Filing.Status.RENDERED and draft.filed_entry is None
    assert DocketEntry.objects.filter(case=real_case, number=61).count() == 1


# Views -------------------------------------------------------------------------------------------


def test_paralegal_drafts_renders_downloads_and_files(
    real_case, users, counsel, client_for, django_assert_max_num_queries
):
    client = client_for(users["paralegal"])
    page = client.get(url("filing_new", real_case) + "?type=motion")
    assert page.status_code == 200
    assert "Local Civil Rule 7(m)" in page.content.decode()
    response = client.post(
        url("filing_new", real_case),
        {
            "type": "motion",
            "title": "Plaintiffs' Motion for Leave to File <Supplemental> Brief",
            "signing_attorney": counsel.pk,
            "body": "Plaintiffs move for leave. <script>alert(1)</script>",
            "service_list": "",
        },
    )
    filing = Filing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("filing_detail", real_case, filing.pk)

    detail = client.get(url("filing_detail", real_case, filing.pk)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail and "<script>alert" not in detail
    assert "&lt;Supplemental&gt;" in detail
    assert 'src="/static/js/filings.js"' in detail

    response = client.post(url("filing_render", real_case, filing.pk))
    assert response.status_code == 302
    assert status_of(client, real_case, filing) | {"progress": None} == {
        "status": "queued",
        "label": "Queued",
        "progress": None,
        "done": False,
        "ready": False,
        "error": "",
        "page_count": None,
        "pdf_url": "",
    }
    render_filing(filing.pk)
    state = status_of(client, real_case, filing)
    assert (state["status"], state["label"], state["done"], state["ready"]) == (
        "rendered",
        "Ready",
        True,
        True,
    )
    assert state["pdf_url"] == url("filing_pdf", real_case, filing.pk)

    pdf = client.get(state["pdf_url"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert (
        "plaintiffs-motion-for-leave-to-file-supplemental-brief.pdf" in pdf["Content-Disposition"]
    )
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")

    response = client.post(
        url("filing_mark_filed", real_case, filing.pk),
        {"date_filed": "2025-09-15", "number": "", "docket_text": ""},
    )
    filing.refresh_from_db()
    assert filing.status == Filing.Status.FILED
    assert response.status_code == 302
    assert response["Location"] == filing.filed_entry.get_absolute_url()
    with django_assert_max_num_queries(12):
        listing = client.get(url("filing_list", real_case))
    assert "Filed" in listing.content.decode()


def test_list_query_count_does_not_grow(
    real_case, users, counsel, client_for, django_assert_max_num_queries
):
    for n in range(15):
        filings.create_filing(
            case=real_case,
            user=users["attorney"],
            type="notice",
            title=f"Notice {n}",
            body="x",
            signing_attorney=counsel,
        )
    client = client_for(users["attorney"])
    with django_assert_max_num_queries(12):
        response = client.get(url("filing_list", real_case))
    assert response.content.decode().count("Notice ") >= 15


def test_bad_mark_filed_input_is_explained(draft, users, real_case, client_for):
    filings.queue_render(filing=draft, user=users["paralegal"])
    render_filing(draft.pk)
    client = client_for(users["paralegal"])
    response = client.post(
        url("filing_mark_filed", real_case, draft.pk), {"date_filed": "not a date"}
    )
    assert response.status_code == 400
    assert "“not a date” is not a date: type it as MM/DD/YYYY." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Filing.Status.RENDERED


def test_case_nav_shows_filings_to_the_team_only(real_case, users, client_for):
    link = url("filing_list", real_case)
    team = client_for(users["attorney"]).get(url("docket_list", real_case)).content.decode()
    assert f'href="{link}"' in team
    client_page = client_for(users["client"]).get(url("docket_list", real_case)).content.decode()
    assert f'href="{link}"' not in client_page


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("filing_list", "get"),
        ("filing_new", "get"),
        ("filing_detail", "get"),
        ("filing_edit", "get"),
        ("filing_render", "post"),
        ("filing_status", "get"),
        ("filing_pdf", "get"),
        ("filing_mark_filed", "post"),
    ],
)
def test_clients_get_403_and_outsiders_404(real_case, users, draft, client_for, name, method):
    args = [] if name in ("filing_list", "filing_new") else [draft.pk]
    target = url(name, real_case, *args)
    assert getattr(client_for(users["client"]), method)(target).status_code == 403
    assert getattr(client_for(users["outsider"]), method)(target).status_code == 404
    assert getattr(client_for(None), method)(target).status_code == 302  # to the login page


def test_filing_of_another_case_is_404(
    real_case, other_case, users, draft, member_factory, client_for
):
    other_member = member_factory(other_case, "attorney")
    client = client_for(other_member)
    assert client.get(url("filing_detail", other_case, draft.pk)).status_code == 404
    assert client.get(url("filing_pdf", other_case, draft.pk)).status_code == 404


def test_pdf_is_404_until_rendered(real_case, users, draft, client_for):
    assert (
        client_for(users["attorney"]).get(url("filing_pdf", real_case, draft.pk)).status_code == 404
    )


# Operator command ------------------------------------------------------------------------------


def test_render_filing_command_renders_synchronously(draft):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("render_filing", str(draft.pk), stdout=out)
    draft.refresh_from_db()
    assert draft.status == Filing.Status.RENDERED
    assert f"Filing {draft.pk} rendered: 2 pages, sha256 {draft.pdf_sha256}" in out.getvalue()


def test_render_filing_command_reports_errors(draft, users):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="no filing with id 999999"):
        call_command("render_filing", "999999")
    Filing.objects.filter(pk=draft.pk).update(signing_attorney=None)
    with pytest.raises(CommandError, match="could not be rendered"):
        call_command("render_filing", str(draft.pk))


def test_render_button_without_signing_attorney_explains(real_case, users, client_for):
    """Drafts made elsewhere (e.g. a non-compliance notice from the ledger) start unsigned."""
    filing = Filing.objects.create(
        case=real_case, type=Filing.Type.NON_COMPLIANCE, title="Notice of Non-Compliance", body="x"
    )
    client = client_for(users["paralegal"])
    detail = client.get(url("filing_detail", real_case, filing.pk)).content.decode()
    assert "No signing attorney yet" in detail
    response = client.post(url("filing_render", real_case, filing.pk), follow=True)
    assert "Choose the signing attorney before rendering the PDF." in response.content.decode()
    filing.refresh_from_db()
    assert filing.status == Filing.Status.DRAFT
