"""Scanned PDFs (no text layer) are read by OCR (real OCRmyPDF + Tesseract), marked as OCR text,
and indexed; through a real Celery worker when the document is saved."""

import io
import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont

from docket.models import Document
from docket.search.ocr import ocr_document
from docket.search.selectors import memberships_of, search
from tests.live import wait_until

from .conftest import attachment

needs_ocr = pytest.mark.skipif(shutil.which("ocrmypdf") is None, reason="ocrmypdf not installed")
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def scanned_pdf(*pages):
    """An image-only PDF (what a scanner makes): each page a picture of its text."""
    images = []
    font = ImageFont.truetype(FONT, 44)
    for text in pages:
        image = Image.new("L", (1700, 2200), 255)
        ImageDraw.Draw(image).text((150, 300), text, fill=0, font=font)
        images.append(image)
    out = io.BytesIO()
    images[0].save(out, "PDF", resolution=200.0, save_all=True, append_images=images[1:])
    return out.getvalue()


def find(user, query, case):
    return search(user=user, query=query, memberships=memberships_of(user, case))


@needs_ocr
@pytest.mark.django_db
def test_scanned_document_is_read_by_ocr_and_found_on_its_page(users, real_case, add_entry):
    data = scanned_pdf("Certificate of service", "The declarant mailed the summons")
    entry = add_entry("Declaration of service", number=41, attachments=[attachment(data)])
    document = entry.documents.get()
    assert document.text == "" and document.file  # no text layer
    assert find(users["attorney"], "summons", real_case).total == 0

    assert ocr_document(document.pk) is True
    document.refresh_from_db()
    assert document.text_is_ocr and document.ocr_tried_at is not None
    assert "summons" in document.text.lower()
    hit = find(users["attorney"], "summons", real_case).hits[0]
    assert hit.item.is_ocr and hit.where == "ECF No. 41, page 2"
    # idempotent: a second run leaves the row alone
    assert ocr_document(document.pk) is False


@needs_ocr
@pytest.mark.celery_live
@pytest.mark.django_db(transaction=True)
def test_saving_a_scan_queues_ocr_in_a_real_worker(
    users, real_case, add_entry, celery_worker_factory, settings
):
    worker = celery_worker_factory(env={"MEDIA_ROOT": str(settings.MEDIA_ROOT)})
    entry = add_entry(
        "Exhibit A", number=42, attachments=[attachment(scanned_pdf("Quarterly ledger"))]
    )
    document = entry.documents.get()

    def read():
        return Document.objects.filter(pk=document.pk, text_is_ocr=True).exists()

    wait_until(read, timeout=120, interval=0.5, message=f"OCR by the worker\n{worker.log()}")
    hits = find(users["attorney"], "ledger", real_case).hits
    assert [h.item.document_id for h in hits] == [document.pk]
    assert hits[0].item.is_ocr
