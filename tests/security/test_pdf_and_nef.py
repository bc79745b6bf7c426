"""Issue 9 §5: NEF charset honoured; PDFs with JavaScript or embedded files flagged on upload;
documents served as attachments unless shown in the app's own PDF page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from docket.entries.uploads import validate_pdf
from docket.ingest.importers.nef import parse_nef
from docket.models import Document
from tests.docket.factories import EntryFactory
from tests.docket.pdfmaker import text_pdf

pytestmark = pytest.mark.django_db

NEF = (
    "Date: Fri, 15 Mar 2019 09:52:59 -0400\r\n"
    "MIME-Version: 1.0\r\n"
    "From: <DCD_ECFNotice@dcd.uscourts.gov>\r\n"
    "Subject: Activity in Case 1:25-cv-00457-CKK CENTER FOR TAXPAYER RIGHTS v. IRS Notice\r\n"
    "Content-Type: text/plain; charset={charset}\r\n"
    "Content-Transfer-Encoding: {cte}\r\n"
    "\r\n"
    "U.S. District Court\r\nDistrict of Columbia\r\n\r\nNotice of Electronic Filing\r\n"
    "The following transaction was entered on 3/15/2019 9:52 AM and filed on 3/15/2019\r\n\r\n"
    "Case Name: CENTER FOR TAXPAYER RIGHTS v. IRS\r\n"
    "Case Number: 1:25-cv-00457-CKK https://ecf.dcd.uscourts.gov/cgi-bin/DktRpt.pl?277000\r\n"
    "Filer:\r\nDocument Number: 61\r\n\r\n"
    "Docket Text:\r\n{text}\r\n\r\n"
    "1:25-cv-00457-CKK Notice has been electronically mailed to:\r\n"
)
TEXT = "NOTICE of Appearance by José Niño on behalf of Señora Muñoz"


@pytest.mark.parametrize(
    ("charset", "cte", "encode"),
    [
        ("iso-8859-1", "8bit", lambda t: t.encode("iso-8859-1")),
        ("iso-8859-1", "quoted-printable", lambda t: _qp(t.encode("iso-8859-1"))),
        ("windows-1252", "8bit", lambda t: t.encode("cp1252")),
        ("utf-8", "8bit", lambda t: t.encode("utf-8")),
    ],
)
def test_an_nef_is_read_in_the_charset_it_declares(charset, cte, encode):
    head, _, tail = NEF.partition("{text}")
    raw = head.format(charset=charset, cte=cte).encode() + encode(TEXT) + tail.encode()
    (entry,) = parse_nef(raw).entries
    assert "José Niño" in entry.text and "Señora Muñoz" in entry.text, entry.text
    assert "\ufffd" not in entry.text


def _qp(data):
    import quopri

    return quopri.encodestring(data)


def pdf_with(*, javascript=False, open_action=False, attachment=False):
    writer = PdfWriter()
    writer.append(io.BytesIO(text_pdf("Exhibit")))
    if javascript:  # a document-level script in the /Names /JavaScript tree
        script = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.alert('hello');"),
            }
        )
        tree = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("s"), writer._add_object(script)])}
        )
        writer._root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/JavaScript"): tree}
        )
    if open_action:
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject("app.launchURL('https://example.org');"),
            }
        )
    if attachment:
        writer.add_attachment("payload.exe", b"MZ not really")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("kwargs", "flags"),
    [
        ({}, ()),
        ({"open_action": True}, ("javascript",)),
        ({"javascript": True}, ("javascript",)),
        ({"attachment": True}, ("embedded_files",)),
        ({"open_action": True, "attachment": True}, ("embedded_files", "javascript")),
    ],
)
def test_active_content_is_detected(kwargs, flags):
    upload = SimpleUploadedFile("x.pdf", pdf_with(**kwargs), "application/pdf")
    assert validate_pdf(upload).active_content == flags


def form(rows, **fields):
    data = {
        "number": "",
        "date_filed": "2025-09-09",
        "date_entered": "",
        "kind": "other",
        "text": "Exhibit to the declaration",
        "visibility": "public",
        "plain_summary": "",
        "internal_note": "",
        "att-TOTAL_FORMS": str(len(rows)),
        "att-INITIAL_FORMS": "0",
        "att-MIN_NUM_FORMS": "0",
        "att-MAX_NUM_FORMS": "1000",
    }
    for i, (number, upload) in enumerate(rows):
        data[f"att-{i}-attachment_number"] = str(number)
        data[f"att-{i}-description"] = ""
        data[f"att-{i}-file"] = upload
    data.update(fields)
    return data


def test_a_flagged_pdf_is_stored_flagged_and_only_ever_downloaded(real_case, users, client_for):
    web = client_for(users["paralegal"])
    upload = SimpleUploadedFile("js.pdf", pdf_with(open_action=True), "application/pdf")
    response = web.post(
        reverse("entry_new", args=[real_case.slug]), form([(0, upload)], number="88")
    )
    assert response.status_code == 302
    document = Document.objects.get(entry__number=88)
    assert document.active_content == "javascript"
    page = web.get(response.url).content.decode()
    assert "contains JavaScript" in page
    url = reverse("document_download", args=[real_case.slug, document.pk])
    framed = web.get(url, HTTP_SEC_FETCH_DEST="iframe", HTTP_SEC_FETCH_SITE="same-origin")
    assert framed["Content-Disposition"].startswith("attachment")
    viewer = web.get(reverse("document_view", args=[real_case.slug, document.pk])).content.decode()
    assert "<iframe" not in viewer and "contains JavaScript" in viewer


def test_documents_are_attachments_unless_framed_by_our_own_pdf_page(real_case, users, client_for):
    web = client_for(users["attorney"])
    entry = EntryFactory(case=real_case, number=89)
    from django.core.files.base import ContentFile

    document = Document.objects.create(entry=entry, attachment_number=0, sha256="c" * 64)
    document.file.save("clean.pdf", ContentFile(text_pdf("clean")), save=True)
    url = reverse("document_download", args=[real_case.slug, document.pk])
    assert web.get(url)["Content-Disposition"].startswith("attachment")
    # A link from another site, or a top-level visit, is a download.
    cross = web.get(url, HTTP_SEC_FETCH_DEST="iframe", HTTP_SEC_FETCH_SITE="cross-site")
    assert cross["Content-Disposition"].startswith("attachment")
    top = web.get(url, HTTP_SEC_FETCH_DEST="document", HTTP_SEC_FETCH_SITE="same-origin")
    assert top["Content-Disposition"].startswith("attachment")
    # Our own PDF page frames it: inline, and only our pages may frame it.
    framed = web.get(url, HTTP_SEC_FETCH_DEST="iframe", HTTP_SEC_FETCH_SITE="same-origin")
    assert framed["Content-Disposition"].startswith("inline")
    assert "frame-ancestors 'self'" in framed["Content-Security-Policy"]
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    viewer = web.get(reverse("document_view", args=[real_case.slug, document.pk]))
    assert f'<iframe src="{url}"' in viewer.content.decode()
