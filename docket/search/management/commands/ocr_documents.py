from django.core.management.base import BaseCommand

from docket.models import Document, RecordDocument
from docket.search.ocr import ocr_document, ocr_record_document


class Command(BaseCommand):
    help = "OCR every stored PDF that has no text layer (now, without Celery) and index the text."

    def handle(self, *args, **options):
        read = 0
        for pk in (
            Document.objects.exclude(file="")
            .filter(text="", ocr_tried_at=None)
            .values_list("pk", flat=True)
        ):
            read += bool(ocr_document(pk))
        for pk in (
            RecordDocument.objects.exclude(file="")
            .filter(text="", ocr_tried_at=None)
            .values_list("pk", flat=True)
        ):
            read += bool(ocr_record_document(pk))
        self.stdout.write(f"read {read} documents by OCR")
