"""Checking one uploaded PDF before anything is saved.

Everything is decided from the file's bytes, never its name or the browser's content type:
- it must start like a PDF (`%PDF-` within the first 1024 bytes, as the PDF spec allows),
- pypdf must be able to read it and find at least one page (a truncated or damaged file fails),
- it must not be encrypted (we could not extract its text, and the court would reject it),
- it must not exceed settings.MAX_UPLOAD_BYTES.
The result carries what the Document row stores: sha256, page count, size and extracted text
(capped, so a 2,000-page exhibit cannot fill the database)."""

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PdfReadError

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024
DEFAULT_MAX_TEXT_CHARS = 500_000
DEFAULT_MAX_TEXT_PAGES = 2_000


@dataclass(frozen=True)
class ValidatedPdf:
    sha256: str
    page_count: int
    byte_size: int
    text: str
    active_content: tuple = ()  # "javascript", "embedded_files": see active_content()


JAVASCRIPT, EMBEDDED_FILES = "javascript", "embedded_files"
ACTIVE_LABELS = {JAVASCRIPT: "JavaScript or a launch action", EMBEDDED_FILES: "embedded files"}
MAX_OBJECTS_WALKED = 50_000


def active_content(reader):
    """What a PDF carries besides pages, reachable from its catalogue: JavaScript (an
    /OpenAction or any action of type /JavaScript or /Launch, a /JS entry, a /JavaScript name
    tree) and embedded files (/EmbeddedFiles, /EF, file attachments). A court paper needs
    neither; a PDF with them is stored, flagged, and only ever offered as a download."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    found, seen, stack, walked = set(), set(), [reader.trailer.get("/Root")], 0
    while stack and walked < MAX_OBJECTS_WALKED:
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            try:
                node = node.get_object()
            except Exception:  # noqa: BLE001, S112 - a broken reference is not active content
                continue
        walked += 1
        if isinstance(node, DictionaryObject):
            keys = set(node.keys())
            action = node.get("/S")
            if "/JS" in keys or "/JavaScript" in keys or action in ("/JavaScript", "/Launch"):
                found.add(JAVASCRIPT)
            if (
                "/EmbeddedFiles" in keys
                or "/EF" in keys
                or node.get("/Type") == "/EmbeddedFile"
                or node.get("/Subtype") == "/FileAttachment"
            ):
                found.add(EMBEDDED_FILES)
            for name, value in node.items():
                if name in ("/Parent", "/P"):  # back-references: already walked from the top
                    continue
                if isinstance(value, IndirectObject | DictionaryObject | ArrayObject):
                    stack.append(value)
        elif isinstance(node, ArrayObject):
            stack.extend(
                v for v in node if isinstance(v, IndirectObject | DictionaryObject | ArrayObject)
            )
    return tuple(sorted(found))


def max_upload_bytes():
    return getattr(settings, "MAX_UPLOAD_BYTES", 50 * 1024 * 1024)


def describe(upload, label=None):
    """`Attachment 3 (exhibit.pdf)` — how error messages name a file."""
    name = getattr(upload, "name", "") or "unnamed file"
    return f"{label} ({name})" if label else name


def _hash_and_head(upload):
    digest = hashlib.sha256()
    head = b""
    size = 0
    upload.seek(0)
    for chunk in (
        upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b"")
    ):
        if len(head) < MAGIC_WINDOW:
            head += chunk[: MAGIC_WINDOW - len(head)]
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return digest.hexdigest(), head, size


def extract_text(reader, *, max_chars=DEFAULT_MAX_TEXT_CHARS, max_pages=DEFAULT_MAX_TEXT_PAGES):
    """Text of the first pages, up to `max_chars`. A page whose text cannot be extracted (a scan,
    an odd font) contributes nothing rather than failing the upload."""
    pieces, total = [], 0
    for index, page in enumerate(reader.pages):
        if index >= max_pages or total >= max_chars:
            break
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 — pypdf raises many types on odd content streams
            text = ""
        text = text.replace("\x00", "")
        pieces.append(text[: max_chars - total])
        total += len(pieces[-1])
    # Pages are separated by a form feed, so a search hit can say which page it is on.
    text = "\f".join(piece.strip() for piece in pieces)
    return text[:max_chars] if text.strip() else ""


def _too_large(who, size, limit):
    return ValidationError(
        f"{who}: the file is {filesizeformat(size)}; the limit is {filesizeformat(limit)}. "
        "Split or compress the PDF and upload it again.",
        code="too_large",
    )


def _check_bytes(upload, who, limit):
    """The checks made from the bytes alone: size, emptiness, the PDF signature. Returns
    (sha256, size)."""
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise _too_large(who, declared, limit)
    sha256, head, size = _hash_and_head(upload)
    if size == 0:
        raise ValidationError(f"{who}: the file is empty.", code="empty")
    if size > limit:
        raise _too_large(who, size, limit)
    if PDF_MAGIC not in head:
        raise ValidationError(
            f"{who}: this file is not a PDF (its contents are not PDF, whatever its name says). "
            "Save or print it as PDF and upload it again.",
            code="not_pdf",
        )
    return sha256, size


def _read_pdf(upload, who, max_text_chars):
    """(page_count, text, active-content flags) read by pypdf; a file pypdf cannot read is a
    damaged file to the user, whatever the parser's exception."""
    pypdf_logger = logging.getLogger("pypdf")
    previous_level = pypdf_logger.level
    pypdf_logger.setLevel(logging.ERROR)  # its warnings about repairs are not ours to show
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                f"{who}: this PDF is password-protected or encrypted; remove the password "
                "(or print it to a new PDF) and upload it again.",
                code="encrypted",
            )
        page_count = len(reader.pages)
        if page_count == 0:
            raise ValidationError(f"{who}: this PDF has no pages.", code="no_pages")
        text = extract_text(
            reader,
            max_chars=max_text_chars
            or getattr(settings, "MAX_EXTRACTED_TEXT_CHARS", DEFAULT_MAX_TEXT_CHARS),
        )
        return page_count, text, active_content(reader)
    except ValidationError:
        raise
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        RecursionError,
    ):
        raise ValidationError(
            f"{who}: this PDF is damaged or incomplete (perhaps the download was cut off) and "
            "cannot be read. Download or export it again and upload the new copy.",
            code="corrupt",
        ) from None
    except Exception:  # noqa: BLE001 — any other parser failure is still a damaged file to the user
        raise ValidationError(
            f"{who}: this PDF is damaged and cannot be read. Export it again and upload the new copy.",
            code="corrupt",
        ) from None
    finally:
        pypdf_logger.setLevel(previous_level)
        upload.seek(0)


def validate_pdf(upload, *, label=None, max_bytes=None, max_text_chars=None):
    """Return a ValidatedPdf, or raise ValidationError naming the file and saying what to do."""
    who = describe(upload, label)
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    sha256, size = _check_bytes(upload, who, limit)
    page_count, text, flags = _read_pdf(upload, who, max_text_chars)
    return ValidatedPdf(
        sha256=sha256, page_count=page_count, byte_size=size, text=text, active_content=flags
    )
