"""Celery tasks for search: OCR of scanned PDFs. They take ids, are idempotent (a row that has
text or was tried is skipped) and acks_late, and call search.ocr, which does the work."""

from celery import shared_task

from docket.search import ocr


@shared_task(acks_late=True, name="search.tasks.ocr_document")
def ocr_document(document_id):
    return ocr.ocr_document(document_id)


@shared_task(acks_late=True, name="search.tasks.ocr_record_document")
def ocr_record_document(record_document_id):
    return ocr.ocr_record_document(record_document_id)
