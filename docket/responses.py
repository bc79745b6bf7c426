"""How every PDF leaves the server: as a PDF and nothing else (fixed content type, nosniff, a
sandboxing CSP, a safe file name, not cached by shared caches). One place, so a download view
cannot forget a header."""

import io

from django.http import FileResponse


def pdf_response(content, filename, *, as_attachment):
    """`content` is an open file or bytes."""
    if isinstance(content, bytes | bytearray):
        content = io.BytesIO(content)
    response = FileResponse(
        content, content_type="application/pdf", as_attachment=as_attachment, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
