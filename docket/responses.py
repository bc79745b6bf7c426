"""How every PDF leaves the server: as a PDF and nothing else (fixed content type, nosniff, a
sandboxing CSP, a safe file name, not cached by shared caches). One place, so a download view
cannot forget a header."""

import io

from django.http import FileResponse


def pdf_response(content, filename, *, as_attachment, framed_by_self=False):
    """`content` is an open file or bytes. `framed_by_self`: shown inline inside one of our own
    pages (the document viewer), which alone may frame it."""
    if isinstance(content, bytes | bytearray):
        content = io.BytesIO(content)
    response = FileResponse(
        content, content_type="application/pdf", as_attachment=as_attachment, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    ancestors = "'self'" if framed_by_self and not as_attachment else "'none'"
    response["Content-Security-Policy"] = (
        f"sandbox; default-src 'none'; frame-ancestors {ancestors}"
    )
    if framed_by_self and not as_attachment:
        response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cache-Control"] = "private, no-store"
    return response


FRAME_DESTINATIONS = ("iframe", "embed", "object", "frame")


def framed_by_our_page(request):
    """Whether the browser says this request is one of our own pages loading the file into a
    frame (Fetch Metadata: same origin, destination a frame). A link from elsewhere, a typed URL
    or a top-level visit is not: those get a download."""
    return (
        request.headers.get("Sec-Fetch-Site") == "same-origin"
        and request.headers.get("Sec-Fetch-Dest") in FRAME_DESTINATIONS
    )
