"""Upload validation: every decision is made from the file's bytes, never its name."""

import hashlib

import pdfplumber
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from docket.entries.uploads import validate_pdf
from tests.docket.pdfmaker import encrypted_pdf, fake_pdf, text_pdf, truncated_pdf


def upload(data, name="exhibit.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_real_pdf_gives_hash_pages_size_and_text():
    data = text_pdf("Order granting motion", pages=3)
    result = validate_pdf(upload(data))
    assert result.sha256 == hashlib.sha256(data).hexdigest()
    assert result.page_count == 3
    assert result.byte_size == len(data)
    assert "Order granting motion - page 1" in result.text
    assert "page 3" in result.text
    # The same bytes read back by an independent PDF library agree.
    import io

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 3


def test_the_name_does_not_matter_only_the_bytes():
    result = validate_pdf(upload(text_pdf("x"), name="scan.docx", content_type="text/plain"))
    assert result.page_count == 1


def test_html_renamed_pdf_is_refused_with_the_file_named():
    with pytest.raises(ValidationError) as exc:
        validate_pdf(upload(fake_pdf(), name="motion.pdf"), label="Attachment 3")
    message = exc.value.messages[0]
    assert message.startswith("Attachment 3 (motion.pdf):")
    assert "not a PDF" in message


def test_truncated_pdf_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_pdf(upload(truncated_pdf(), name="cut.pdf"), label="Attachment 1")
    assert "damaged or incomplete" in exc.value.messages[0]
    assert "(cut.pdf)" in exc.value.messages[0]


def test_pdf_header_with_garbage_body_is_refused():
    with pytest.raises(ValidationError, match="damaged"):
        validate_pdf(upload(b"%PDF-1.7\n" + b"\x00garbage" * 50))


def test_password_protected_pdf_is_refused_clearly():
    with pytest.raises(ValidationError) as exc:
        validate_pdf(upload(encrypted_pdf(), name="sealed.pdf"), label="Attachment 3")
    message = exc.value.messages[0]
    assert message.startswith("Attachment 3 (sealed.pdf): this PDF is password-protected")
    assert "remove the password" in message


def test_oversize_file_is_refused_with_friendly_sizes(settings):
    settings.MAX_UPLOAD_BYTES = 1024
    data = text_pdf("big " * 400, pages=4)
    assert len(data) > 1024
    with pytest.raises(ValidationError) as exc:
        validate_pdf(upload(data, name="big.pdf"))
    message = exc.value.messages[0]
    assert "the limit is 1.0\xa0KB" in message
    assert "Split or compress" in message


def test_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        validate_pdf(upload(b"", name="empty.pdf"))


def test_extracted_text_is_capped():
    result = validate_pdf(upload(text_pdf("words " * 50, pages=20)), max_text_chars=500)
    assert len(result.text) <= 500
