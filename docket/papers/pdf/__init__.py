"""Court-ready PDFs: sanitised Markdown, the D.D.C. caption and signature block, and a WeasyPrint
renderer that can read nothing but the project's `static/` folder.

    html = render_filing_html(filing_context(filing, today=...))
    pdf_bytes = render_pdf(html, title=filing.title, author=attorney.name)
"""

from docket.papers.pdf.fetcher import BlockedFetch, LockedURLFetcher
from docket.papers.pdf.render import PDF_VARIANT, RenderedPDF, render_filing_html, render_pdf
from docket.papers.pdf.sanitise import markdown_to_safe_html

__all__ = [
    "PDF_VARIANT",
    "BlockedFetch",
    "LockedURLFetcher",
    "RenderedPDF",
    "markdown_to_safe_html",
    "render_filing_html",
    "render_pdf",
]
