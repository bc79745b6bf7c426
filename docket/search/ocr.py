"""OCR for scanned PDFs (no text layer): OCRmyPDF + Tesseract, run by a Celery task
(search.tasks) and by `manage.py ocr_documents`. The text is stored on the document, marked
`text_is_ocr` (pages shown as "OCR text" in search hits), and indexed. The PDF itself is kept
as filed: the court's copy is the evidence, not our re-rendering of it."""

import logging
import shutil
import subprocess  # noqa: S404 - fixed argument list, no shell
import tempfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone

log = logging.getLogger(__name__)
OCR_TIMEOUT_SECONDS = 600


class OcrUnavailable(RuntimeError):
    pass


def ocr_text(stored_file):
    """The text of every page of a stored PDF, pages separated by form feeds."""
    binary = shutil.which("ocrmypdf")
    if binary is None:
        raise OcrUnavailable("ocrmypdf is not installed (apt-get install ocrmypdf tesseract-ocr)")
    with tempfile.TemporaryDirectory(prefix="ocr-") as folder:
        source, sidecar = Path(folder) / "in.pdf", Path(folder) / "text.txt"
        with stored_file.open("rb") as handle:
            source.write_bytes(handle.read())
        subprocess.run(  # noqa: S603
            [
                binary,
                "--force-ocr",
                "--quiet",
                "--language",
                "eng",
                "--optimize",
                "0",
                "--output-type",
                "pdf",
                "--jobs",
                "1",
                "--sidecar",
                str(sidecar),
                str(source),
                str(Path(folder) / "out.pdf"),
            ],
            check=True,
            capture_output=True,
            timeout=OCR_TIMEOUT_SECONDS,
        )
        pages = sidecar.read_text(encoding="utf-8", errors="replace").split("\f")
    text = "\f".join(page.strip() for page in pages)
    return text if text.strip() else ""


def _ocr(model, pk, reindex):
    """OCR one row of `model` (Document or RecordDocument) if it still has a file and no text;
    idempotent: a row that has text, or was tried, is left alone."""
    row = model.objects.filter(pk=pk).first()
    if row is None or not row.file or row.text.strip() or row.ocr_tried_at is not None:
        return False
    try:
        text = ocr_text(row.file)  # minutes for a long scan: outside any transaction
    except (subprocess.SubprocessError, OSError, OcrUnavailable) as exc:
        log.warning("OCR of %s %s failed: %s", model.__name__, pk, exc)
        text = ""
    with transaction.atomic():
        row = model.objects.select_for_update().filter(pk=pk).first()
        if row is None or row.text.strip() or row.ocr_tried_at is not None:
            return False
        row.text, row.text_is_ocr, row.ocr_tried_at = text, bool(text), timezone.now()
        row.save(update_fields=["text", "text_is_ocr", "ocr_tried_at"])
        reindex(row)
    return bool(text)


def ocr_document(document_id):
    from docket.models import Document
    from docket.search.indexing import index_entry

    return _ocr(Document, document_id, lambda document: index_entry(document.entry))


def ocr_record_document(record_document_id):
    from docket.models import RecordDocument
    from docket.search.indexing import index_record_documents

    return _ocr(RecordDocument, record_document_id, lambda row: index_record_documents([row]))
