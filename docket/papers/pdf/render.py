"""HTML -> PDF with WeasyPrint, locked to static/, as PDF/A with title and author metadata."""

import contextlib
import logging
import re
from dataclasses import dataclass

from django.template.loader import render_to_string, select_template
from weasyprint import HTML
from weasyprint.logger import PROGRESS_LOGGER

from docket.papers.pdf.fetcher import LockedURLFetcher

# PDF/A-3b: archival (fonts embedded, sRGB output intent, XMP metadata) and, unlike PDF/A-4,
# it keeps the document information dictionary, so every PDF reader shows title and author.
PDF_VARIANT = "pdf/a-3b"
_PAGE_STEP = re.compile(r"Step 5 - Creating layout - Page (\d+)")
_STEP = re.compile(r"Step (\d+) - ")


@dataclass
class RenderedPDF:
    data: bytes
    page_count: int
    fetcher: LockedURLFetcher | None  # None only for a PDF joined from no parts


def render_filing_html(context):
    """The paper as HTML. Each filing type may refine the common layout
    (templates/docket/pdf/<type>.html extends filing.html)."""
    template = select_template([f"docket/pdf/{context['type']}.html", "docket/pdf/filing.html"])
    return template.render(context)


def render_docket_sheet_html(context):
    return render_to_string("docket/pdf/docket_sheet.html", context)


class _PageListener(logging.Handler):
    def __init__(self, on_page, on_step=None):
        super().__init__(logging.INFO)
        self.on_page, self.on_step = on_page, on_step

    def emit(self, record):
        message = record.getMessage()
        if match := _PAGE_STEP.match(message):
            self.on_page(int(match.group(1)))
        elif self.on_step and (match := _STEP.match(message)):
            self.on_step(int(match.group(1)))


@contextlib.contextmanager
def _listen_for_pages(on_page, on_step=None):
    """WeasyPrint logs its steps (1 parse … 4 formatting structure, 5 layout of page n, 6 PDF)
    on `weasyprint.progress`; a long docket sheet reports its progress from there. The logger
    is restored afterwards."""
    if on_page is None:
        yield
        return
    handler = _PageListener(on_page, on_step)
    level, propagate = PROGRESS_LOGGER.level, PROGRESS_LOGGER.propagate
    PROGRESS_LOGGER.addHandler(handler)
    PROGRESS_LOGGER.setLevel(logging.INFO)
    PROGRESS_LOGGER.propagate = False
    try:
        yield
    finally:
        PROGRESS_LOGGER.removeHandler(handler)
        PROGRESS_LOGGER.setLevel(level)
        PROGRESS_LOGGER.propagate = propagate


def render(html, *, title, author, fetcher=None, on_page=None, on_step=None):
    """Lay out and write the PDF. `on_page(n)` is called as page n is laid out, `on_step(n)`
    as WeasyPrint starts its other steps."""
    fetcher = fetcher or LockedURLFetcher()
    with _listen_for_pages(on_page, on_step):
        document = HTML(string=html, base_url=fetcher.base_url, url_fetcher=fetcher).render()
        document.metadata.title = title
        document.metadata.authors = [author] if author else []
        data = document.write_pdf(pdf_variant=PDF_VARIANT)
    return RenderedPDF(data=data, page_count=len(document.pages), fetcher=fetcher)


def render_pdf(html, *, title, author, fetcher=None):
    """PDF bytes for `html`, reading nothing outside static/."""
    return render(html, title=title, author=author, fetcher=fetcher).data
