"""The paralegal's entry form: add and edit entries with PDFs, all or nothing, and who may."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from docket.models import DocketEntry, Document
from docket.signals import entry_saved
from tests.docket.factories import EntryFactory
from tests.docket.pdfmaker import encrypted_pdf, fake_pdf, text_pdf

pytestmark = pytest.mark.django_db


def pdf_file(name, data=None):
    return SimpleUploadedFile(name, data if data is not None else text_pdf(name), "application/pdf")


def form_data(rows, **fields):
    """POST data for the entry form with `rows` attachment rows [(number, description, file)]."""
    data = {
        "number": "",
        "date_filed": "2025-09-09",
        "date_entered": "",
        "kind": "order",
        "text": "ORDER granting in part 20 MOTION for Preliminary Injunction.",
        "visibility": "public",
        "plain_summary": "",
        "internal_note": "",
        "att-TOTAL_FORMS": str(len(rows)),
        "att-INITIAL_FORMS": "0",
        "att-MIN_NUM_FORMS": "0",
        "att-MAX_NUM_FORMS": "1000",
    }
    for i, (number, description, upload) in enumerate(rows):
        data[f"att-{i}-attachment_number"] = str(number)
        data[f"att-{i}-description"] = description
        if upload is not None:
            data[f"att-{i}-file"] = upload
    data.update(fields)
    return data


@pytest.fixture
def new_url(real_case):
    return reverse("entry_new", args=[real_case.slug])


@pytest.fixture
def signals():
    received = []

    def receiver(sender, entry, created, user, source, **kwargs):
        received.append((entry.pk, created, user, source))

    entry_saved.connect(receiver, dispatch_uid="test-entry-forms")
    yield received
    entry_saved.disconnect(dispatch_uid="test-entry-forms")


def test_paralegal_adds_an_order_with_two_pdfs(real_case, users, client_for, new_url, signals):
    paralegal = users["paralegal"]
    motion = EntryFactory(case=real_case, number=20, date_filed=dt.date(2025, 8, 20), kind="motion")
    web = client_for(paralegal)
    page = web.get(new_url)
    assert page.status_code == 200
    assert b'name="att-0-file"' in page.content

    response = web.post(
        new_url,
        form_data(
            [(0, "Order", pdf_file("order.pdf")), (1, "Exhibit A", pdf_file("exhibit-a.pdf"))],
            number="41",
            responds_to=[motion.pk],
            is_key_order="on",
        ),
    )
    entry = DocketEntry.objects.get(case=real_case, number=41)
    assert response.status_code == 302
    assert response["Location"] == entry.get_absolute_url()
    assert entry.kind == "order" and entry.is_order and entry.is_key_order
    assert entry.source == DocketEntry.Source.MANUAL
    assert entry.created_by == paralegal
    assert list(entry.responds_to.all()) == [motion]
    documents = list(entry.documents.order_by("attachment_number"))
    assert [d.attachment_number for d in documents] == [0, 1]
    main = documents[0]
    assert main.page_count == 1 and main.byte_size > 0 and len(main.sha256) == 64
    assert "order.pdf - page 1" in main.text
    assert main.original_name == "order.pdf"
    # Stored under its hash, never its name, and readable back byte for byte.
    assert main.file.name == f"documents/{main.sha256[:2]}/{main.sha256[2:4]}/{main.sha256}.pdf"
    with main.file.open("rb") as handle:
        assert handle.read() == text_pdf("order.pdf")
    # Audited with the user, and the deadline logic was told.
    assert entry.history.first().history_user == paralegal
    assert main.history.first().history_user == paralegal
    assert [s for s in signals if s[0] == entry.pk] == [(entry.pk, True, paralegal, "manual")]


def test_one_bad_attachment_of_five_saves_nothing_and_keeps_the_typed_text(
    real_case, users, client_for, new_url, settings
):
    entries_before = DocketEntry.objects.count()
    documents_before = Document.objects.count()
    rows = [
        (0, "Motion", pdf_file("motion.pdf")),
        (1, "Exhibit 1", pdf_file("exhibit1.pdf")),
        (2, "Exhibit 2", pdf_file("exhibit2.pdf")),
        (3, "Exhibit 3", SimpleUploadedFile("exhibit.pdf", encrypted_pdf(), "application/pdf")),
        (4, "Exhibit 4", pdf_file("exhibit4.pdf")),
    ]
    typed = "MOTION for Summary Judgment by CENTER FOR TAXPAYER RIGHTS — typed with care."
    response = client_for(users["paralegal"]).post(
        new_url, form_data(rows, kind="motion", text=typed, number="50")
    )
    assert response.status_code == 400
    assert DocketEntry.objects.count() == entries_before
    assert Document.objects.count() == documents_before
    html = response.content.decode()
    assert "Nothing was saved" in html
    assert (
        "Attachment 3 (exhibit.pdf): this PDF is password-protected or encrypted; remove the password"
        in html
    )
    assert "typed with care." in html  # the docket text the user typed is still in the form
    assert 'value="50"' in html
    assert "Exhibit 4" in html
    assert "choose the PDFs again" in html


def test_several_bad_files_are_all_named(real_case, users, client_for, new_url):
    rows = [
        (0, "Main", SimpleUploadedFile("page.pdf", fake_pdf(), "application/pdf")),
        (1, "Cut", SimpleUploadedFile("cut.pdf", text_pdf("x")[:200], "application/pdf")),
    ]
    response = client_for(users["paralegal"]).post(new_url, form_data(rows))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Main document (page.pdf): this file is not a PDF" in html
    assert "Attachment 1 (cut.pdf): this PDF is damaged or incomplete" in html


def test_the_same_file_twice_in_one_upload_is_refused(real_case, users, client_for, new_url):
    data = text_pdf("twice")
    rows = [(0, "A", pdf_file("a.pdf", data)), (1, "B", pdf_file("b.pdf", data))]
    response = client_for(users["paralegal"]).post(new_url, form_data(rows, number="60"))
    assert response.status_code == 400
    assert "Attachment 1 (b.pdf): this is the same file as Main document (a.pdf)." in (
        response.content.decode()
    )
    assert not DocketEntry.objects.filter(number=60).exists()


def test_duplicate_of_a_file_already_on_the_entry_is_refused(real_case, users, client_for):
    web = client_for(users["paralegal"])
    web.post(
        reverse("entry_new", args=[real_case.slug]),
        form_data([(0, "Order", pdf_file("order.pdf"))], number="70"),
    )
    entry = DocketEntry.objects.get(number=70)
    response = web.post(
        reverse("entry_edit", args=[real_case.slug, "70"]),
        form_data(
            [(1, "Again", pdf_file("copy-of-order.pdf", text_pdf("order.pdf")))], number="70"
        ),
    )
    assert response.status_code == 400
    assert "this exact file is already on this entry as main document (order.pdf)" in (
        response.content.decode()
    )
    assert entry.documents.count() == 1


def test_oversize_attachment_message(real_case, users, client_for, new_url, settings):
    settings.MAX_UPLOAD_BYTES = 2048
    big = text_pdf("padding " * 200, pages=6)
    response = client_for(users["paralegal"]).post(
        new_url, form_data([(0, "Big", pdf_file("big.pdf", big))])
    )
    assert response.status_code == 400
    assert "Main document (big.pdf): the file is" in response.content.decode()
    assert "the limit is 2.0\xa0KB" in response.content.decode()


def test_number_already_used_is_reported_on_the_field(real_case, users, client_for, new_url):
    EntryFactory(case=real_case, number=12, text="MOTION to Dismiss")
    response = client_for(users["attorney"]).post(new_url, form_data([], number="12"))
    assert response.status_code == 400
    assert "ECF No. 12 is already on this docket" in response.content.decode()


def test_edit_fills_in_a_loader_entry_and_adds_a_pdf(real_case, users, client_for, signals):
    order = real_case.entries.get(date_filed=dt.date(2025, 9, 5), kind="order")
    assert order.number is None
    url = reverse("entry_edit", args=[real_case.slug, order.permalink_key])
    web = client_for(users["paralegal"])
    page = web.get(url)
    assert page.status_code == 200
    assert order.text[:40] in page.content.decode()
    response = web.post(
        url,
        form_data(
            [(0, "Order", pdf_file("order-0905.pdf"))],
            number="37",
            date_filed="2025-09-05",
            text=order.text,
            kind="order",
        ),
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.number == 37
    assert order.documents.get().page_count == 1
    assert signals == [(order.pk, False, users["paralegal"], "loader")]
    assert order.history.first().history_user == users["paralegal"]


def test_upload_fills_a_pacer_listed_document_without_a_file(real_case, users, client_for):
    entry = EntryFactory(case=real_case, number=80, date_filed=dt.date(2025, 9, 1))
    Document.objects.create(
        entry=entry,
        attachment_number=2,
        description="Exhibit B",
        pacer_url="https://ecf.dcd.uscourts.gov/doc1/045012345",
    )
    url = reverse("entry_edit", args=[real_case.slug, "80"])
    web = client_for(users["paralegal"])
    assert 'value="Exhibit B"' in web.get(url).content.decode()  # offered for upload
    web.post(
        url,
        form_data(
            [(2, "", pdf_file("exb.pdf"))],
            number="80",
            date_filed="2025-09-01",
            text=entry.text,
            kind="other",
        ),
    )
    document = entry.documents.get()
    assert document.description == "Exhibit B" and document.file and document.page_count == 1


@pytest.mark.parametrize(
    ("role", "status"),
    [("client", 403), ("outsider", 404), (None, 302), ("attorney", 200), ("admin", 200)],
)
def test_who_may_open_the_entry_forms(real_case, users, client_for, role, status):
    entry = EntryFactory(case=real_case, number=90)
    web = client_for(users[role] if role else None)
    for url in (
        reverse("entry_new", args=[real_case.slug]),
        reverse("entry_edit", args=[real_case.slug, str(entry.number)]),
    ):
        response = web.get(url)
        assert response.status_code == status, url
        if status == 302:
            assert "/login/" in response["Location"]
    post = web.post(reverse("entry_new", args=[real_case.slug]), form_data([], number="91"))
    assert post.status_code == (302 if role in ("attorney", "admin", None) else status)
    assert DocketEntry.objects.filter(number=91).exists() == (role in ("attorney", "admin"))


def test_team_sees_new_entry_and_import_links_clients_do_not(real_case, users, client_for):
    docket = reverse("docket_list", args=[real_case.slug])
    team_page = client_for(users["paralegal"]).get(docket).content.decode()
    assert reverse("entry_new", args=[real_case.slug]) in team_page
    assert reverse("import_pacer", args=[real_case.slug]) in team_page
    client_page = client_for(users["client"]).get(docket).content.decode()
    assert reverse("entry_new", args=[real_case.slug]) not in client_page
    assert reverse("import_pacer", args=[real_case.slug]) not in client_page


def test_download_headers_for_an_uploaded_pdf(real_case, users, client_for):
    web = client_for(users["paralegal"])
    web.post(
        reverse("entry_new", args=[real_case.slug]),
        form_data([(0, "Order", pdf_file("order <script>.pdf"))], number="95"),
    )
    document = Document.objects.get(entry__number=95)
    response = web.get(
        reverse("document_download", args=[real_case.slug, document.pk]) + "?download=1"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="ECF-95.pdf"'
    assert b"".join(response.streaming_content) == text_pdf("order <script>.pdf")
    assert (
        client_for(users["outsider"])
        .get(reverse("document_download", args=[real_case.slug, document.pk]))
        .status_code
        == 404
    )


def test_sealed_choice_is_for_admins_only(real_case, users, client_for, new_url):
    paralegal_page = client_for(users["paralegal"]).get(new_url).content.decode()
    assert 'value="sealed"' not in paralegal_page
    admin_page = client_for(users["admin"]).get(new_url).content.decode()
    assert 'value="sealed"' in admin_page
    response = client_for(users["paralegal"]).post(new_url, form_data([], visibility="sealed"))
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"date_filed": "02/30/2025"},
            "“02/30/2025” is not a real date: February 2025 has 28 days.",
        ),
        ({"date_filed": ""}, "This field is required."),
        (
            {"number": "123456789012"},
            "An ECF number is between 1 and 999,999 (at most 6 digits); this one has 12 digits.",
        ),
        ({"number": "0"}, "0 is not one."),
        (
            {"text": "x" * 60_000},
            "Docket text is limited to 20,000 characters; this one has 60,000.",
        ),
    ],
)
def test_implausible_input_is_refused_with_the_limit_stated(
    real_case, users, client_for, new_url, fields, message
):
    before = DocketEntry.objects.count()
    response = client_for(users["paralegal"]).post(new_url, form_data([], **fields))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert DocketEntry.objects.count() == before  # nothing half-saved


def test_a_us_style_date_is_accepted(real_case, users, client_for, new_url):
    response = client_for(users["paralegal"]).post(
        new_url, form_data([], date_filed="09/09/2025", text="MINUTE ORDER typed by hand.")
    )
    assert response.status_code == 302
    assert DocketEntry.objects.get(text="MINUTE ORDER typed by hand.").date_filed == dt.date(
        2025, 9, 9
    )


def test_the_write_path_refuses_the_same_limits(real_case, users):
    from django.core.exceptions import ValidationError

    from docket.entries import services

    with pytest.raises(ValidationError) as caught:
        services.create_entry(
            case=real_case,
            by=users["paralegal"],
            fields={"number": 10**11, "date_filed": dt.date(2025, 9, 9), "text": "y" * 20_001,
                    "kind": "notice", "visibility": "public"},
        )  # fmt: skip
    assert "at most 6 digits" in str(caught.value.message_dict["number"])
    assert "limited to 20,000 characters" in str(caught.value.message_dict["text"])
