"""The first page of a PDF as a PNG, for the filing page's preview (pypdfium2: PDFium, the
renderer in Chromium; no external program)."""

import io

import pypdfium2 as pdfium

PREVIEW_WIDTH = 612  # pixels: 72 dpi for a letter page, sharp enough to check the layout


class PreviewFailed(Exception):
    pass


def first_page_png(data: bytes, width: int = PREVIEW_WIDTH) -> bytes:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise PreviewFailed(str(error)) from error
    try:
        if len(document) == 0:
            raise PreviewFailed("the PDF has no pages")
        page = document[0]
        scale = width / page.get_width()
        image = page.render(scale=scale).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        document.close()
