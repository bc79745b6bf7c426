"""Deleting a document (issue 11 §5) is a withdrawal: attorneys and admins only, a confirm page
naming the document and its entry, a required reason; audited; gone from every page, count,
search hit, API answer and client page for everyone; the file and its history are kept, and
only admins can still open it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from casetracker.api.models import ApiToken
from casetracker.media import find_orphans
from docket.entries.services import NewAttachment, create_entry, update_entry
from docket.entries.withdrawals import withdraw_document
from docket.ingest.apply import apply_docket_report
from docket.ingest.importers import DocketReportData, ReportDocument, ReportEntry
from docket.models import DocketEntry, Document
from docket.search.models import SearchItem
from docket.search.selectors import memberships_of, search
from tests.docket.pdfmaker import text_pdf

pytestmark = pytest.mark.django_db
REASON = "The wrong PDF was attached: this is the unredacted declaration"
SECRET_WORD = "zanzibarquux"  # only in the withdrawn file's text


def pdf_attachment(text, number):
    upload = SimpleUploadedFile(f"a{number}.pdf", text_pdf(text), content_type="application/pdf")
    return NewAttachment(attachment_number=number, upload=upload, description=f"Exhibit {number}")


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def entry(real_case, users):
    return create_entry(
        case=real_case,
        by=users["paralegal"],
        fields={
            "number": 77,
            "date_filed": dt.date(2025, 9, 12),
            "kind": "motion",
            "text": "MOTION to Enforce by CENTER FOR TAXPAYER RIGHTS",
            "visibility": "public",
        },
        attachments=[
            pdf_attachment("Memorandum in support", 0),
            pdf_attachment(f"Declaration {SECRET_WORD} unredacted", 1),
        ],
    )


@pytest.fixture
def wrong(entry):
    return entry.documents.get(attachment_number=1)


def withdraw_url(case, document):
    return reverse("document_withdraw", kwargs={"slug": case.slug, "pk": document.pk})


def hits(user, word):
    found = search(user=user, query=word, memberships=memberships_of(user), params=None)
    return [hit.item for hit in found.hits]


def test_paralegals_clients_and_outsiders_cannot_withdraw(real_case, users, client_for, wrong):
    url = withdraw_url(real_case, wrong)
    for role, status in (("paralegal", 403), ("client", 403), ("outsider", 404)):
        client = client_for(users[role])
        assert client.get(url).status_code == status, role
        assert client.post(url, {"reason": REASON, "confirm": "on"}).status_code == status
        with pytest.raises(PermissionDenied):
            withdraw_document(document=wrong, user=users[role], reason=REASON, confirmed=True)
    wrong.refresh_from_db()
    assert wrong.withdrawn_at is None and Document.objects.filter(pk=wrong.pk).exists()
    # The entry page offers "Withdraw…" to attorneys and admins only.
    link = f'href="{url}"'
    assert link not in client_for(users["paralegal"]).get(wrong.entry.get_absolute_url()).text
    assert link in client_for(users["attorney"]).get(wrong.entry.get_absolute_url()).text


def test_confirm_page_names_the_document_and_its_entry_and_needs_reason_and_tick(
    real_case, users, client_for, wrong
):
    client = client_for(users["attorney"])
    url = withdraw_url(real_case, wrong)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Withdraw this document?" in text
    assert "Attachment 1 — Exhibit 1" in text and "ECF No. 77, 12 Sep 2025" in text
    no_reason = client.post(url, {"reason": "  ", "confirm": "on"})
    assert no_reason.status_code == 400
    assert "Say why the document is withdrawn" in no_reason.content.decode()
    unticked = client.post(url, {"reason": REASON})
    assert unticked.status_code == 400
    assert "Tick the box to confirm that you want to withdraw the document" in unticked.text
    wrong.refresh_from_db()
    assert wrong.withdrawn_at is None
    assert wrong.history.count() == 1  # nothing was written


def test_withdrawal_is_audited_and_keeps_row_file_and_history(real_case, users, client_for, wrong):
    stored_name = wrong.file.name
    version = type(real_case).objects.get(pk=real_case.pk).docket_version
    client = client_for(users["attorney"])
    done = client.post(withdraw_url(real_case, wrong), {"reason": REASON, "confirm": "on"})
    assert done.status_code == 302 and done.url == wrong.entry.get_absolute_url()
    kept = Document.all_objects.get(pk=wrong.pk)
    assert kept.withdrawn_by == users["attorney"]
    assert kept.withdrawal_reason == REASON
    assert kept.withdrawn_at is not None
    assert kept.file.name == stored_name and kept.file.storage.exists(stored_name)
    latest = kept.history.order_by("-history_date").first()
    assert latest.history_user == users["attorney"]
    assert latest.history_change_reason == f"Withdrawn: {REASON}"[:100]
    assert latest.withdrawal_reason == REASON
    assert kept.history.count() == 2  # uploaded, withdrawn
    # The docket cache moved on (write path), and the kept file is no orphan for check_media.
    assert type(real_case).objects.get(pk=real_case.pk).docket_version > version
    assert stored_name not in {o.name for o in find_orphans(grace_minutes=0)}
    # Twice is refused.
    with pytest.raises(ValidationError, match="already withdrawn"):
        withdraw_document(document=kept, user=users["admin"], reason="again", confirmed=True)


def test_gone_for_everyone_but_the_file_stays_open_to_admins(real_case, users, client_for, wrong):
    entry = wrong.entry
    download = reverse("document_download", kwargs={"slug": real_case.slug, "pk": wrong.pk})
    view = reverse("document_view", kwargs={"slug": real_case.slug, "pk": wrong.pk})
    for role in ("admin", "attorney", "paralegal", "client"):
        assert [i.document_id for i in hits(users[role], SECRET_WORD)] == [wrong.pk], role
    assert client_for(users["client"]).get(download).status_code == 200
    withdraw_document(document=wrong, user=users["attorney"], reason=REASON, confirmed=True)

    for role in ("admin", "attorney", "paralegal", "client"):
        client = client_for(users[role])
        assert hits(users[role], SECRET_WORD) == [], role  # no search hit
        assert client.get(view).status_code == 404, role  # no PDF page (preview)
        page = client.get(entry.get_absolute_url()).content.decode()
        assert "Exhibit 1" not in page.split("<h3>Withdrawn</h3>")[0], role
        docket = client.get(
            reverse("docket_list", kwargs={"slug": real_case.slug}), {"q": SECRET_WORD}
        ).content.decode()
        assert "0 entries match" in docket, role  # the docket's text filter forgets it too
        body = Client(HTTP_AUTHORIZATION=f"Token {ApiToken.issue(users[role])[1]}").get(
            reverse("api_entry", kwargs={"slug": real_case.slug, "number": "77"})
        )
        assert [d["attachment_number"] for d in body.json()["documents"]] == [0], role
        status_page = client.get(reverse("client_status", kwargs={"slug": real_case.slug}))
        assert download not in status_page.content.decode(), role
    assert not SearchItem.objects.filter(document_id=wrong.pk).exists()
    assert list(entry.documents.values_list("attachment_number", flat=True)) == [0]
    # Only admins can still open the kept file; the team sees who withdrew it and why.
    for role in ("attorney", "paralegal", "client"):
        assert client_for(users[role]).get(download).status_code == 404, role
    admin = client_for(users["admin"])
    response = admin.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == text_pdf(f"Declaration {SECRET_WORD} unredacted")
    admin_page = admin.get(entry.get_absolute_url()).content.decode()
    assert REASON in admin_page and f'href="{download}"' in admin_page
    paralegal_page = client_for(users["paralegal"]).get(entry.get_absolute_url()).text
    assert REASON in paralegal_page and f'href="{download}"' not in paralegal_page
    assert REASON not in client_for(users["client"]).get(entry.get_absolute_url()).text


def test_a_sealed_entrys_document_is_for_admins_only(real_case, users, client_for, wrong):
    DocketEntry.objects.filter(pk=wrong.entry_id).update(visibility="sealed")
    url = withdraw_url(real_case, wrong)
    assert client_for(users["attorney"]).get(url).status_code == 404
    assert client_for(users["admin"]).get(url).status_code == 200


def test_the_number_is_free_for_the_right_file_and_imports_do_not_bring_it_back(
    real_case, users, wrong
):
    entry = wrong.entry
    withdraw_document(document=wrong, user=users["admin"], reason=REASON, confirmed=True)
    update_entry(
        entry=entry,
        by=users["paralegal"],
        fields={},
        attachments=[pdf_attachment("Declaration, redacted as filed", 1)],
    )
    current = entry.documents.get(attachment_number=1)
    assert current.pk != wrong.pk and current.withdrawn_at is None
    assert Document.all_objects.filter(entry=entry, attachment_number=1).count() == 2
    # A PACER report listing attachments 0-2 adds only the one the tracker never had.
    withdraw_document(document=current, user=users["admin"], reason="Wrong again", confirmed=True)
    report = DocketReportData(
        source="pacer",
        court_id="dcd",
        docket_number=real_case.docket_number,
        entries=(
            ReportEntry(
                number=77,
                date_filed=dt.date(2025, 9, 12),
                text=entry.text,
                kind="motion",
                documents=tuple(ReportDocument(n, f"Exhibit {n}") for n in range(3)),
            ),
        ),
    )
    apply_docket_report(real_case, report, by=users["paralegal"])
    assert sorted(entry.documents.values_list("attachment_number", flat=True)) == [0, 2]
    again = apply_docket_report(real_case, report, by=users["paralegal"])
    assert (again.added, again.updated) == (0, 0)


def test_the_django_admin_lists_withdrawn_documents_and_deletes_none(
    real_case, users, client_for, wrong
):
    withdraw_document(document=wrong, user=users["attorney"], reason=REASON, confirmed=True)
    admin = client_for(users["admin"])
    listing = admin.get("/admin/docket/document/?withdrawn_at__isnull=False")
    assert (
        listing.status_code == 200 and f"/admin/docket/document/{wrong.pk}/change/" in listing.text
    )
    assert admin.get(f"/admin/docket/document/{wrong.pk}/change/").status_code == 200
    assert (
        admin.post(f"/admin/docket/document/{wrong.pk}/delete/", {"post": "yes"}).status_code == 403
    )
    assert Document.all_objects.filter(pk=wrong.pk).exists()


def test_the_django_admin_cannot_delete_a_docket_entry(real_case, users, client_for):
    from tests.docket.factories import EntryFactory

    entry = EntryFactory(case=real_case)  # no documents: nothing else stands in the way
    admin = client_for(users["admin"])
    page = admin.post(f"/admin/docket/docketentry/{entry.pk}/delete/", {"post": "yes"})
    assert page.status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    admin.post("/admin/docket/docketentry/", bulk)
    assert type(entry).objects.filter(pk=entry.pk).exists()
