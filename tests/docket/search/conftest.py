import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader, PdfWriter

from docket.entries.services import NewAttachment, create_entry
from tests.docket.pdfmaker import text_pdf


def pages_pdf(*texts):
    """A real PDF whose page N carries texts[N-1]."""
    writer = PdfWriter()
    for text in texts:
        writer.append(PdfReader(io.BytesIO(text_pdf(text))))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def attachment(data, number=0, description=""):
    upload = SimpleUploadedFile(f"a{number}.pdf", data, content_type="application/pdf")
    return NewAttachment(attachment_number=number, upload=upload, description=description)


@pytest.fixture
def add_entry(real_case, users):
    """add_entry(text, **fields) -> an entry created through the docket's write path."""

    def make(text, *, attachments=(), filed_by=(), case=None, by=None, **fields):
        fields.setdefault("date_filed", (case or real_case).date_filed)
        return create_entry(
            case=case or real_case,
            by=by or users["paralegal"],
            fields={"text": text, **fields},
            attachments=attachments,
            filed_by=filed_by,
        )

    return make
