"""Long PDFs (docket sheets, privilege logs) rendered in parts and joined with pypdf, still PDF/A.

Why parts: WeasyPrint keeps the whole box tree of a document in memory until it writes the PDF,
so a 10,000-entry docket sheet took 851 MiB and 46 s in one piece, and its progress bar stood
still while the styles of the whole document were applied. Rendered `PART_SIZE` rows at a time,
the worker's memory is that of one part whatever the length, and progress moves with every part.

Why it stays PDF/A (the parts are PDF/A-3b, see render.py): the joined file takes from the first
part what a PDF/A reader looks for in the catalog and trailer — the XMP metadata (pdfaid part and
conformance, title, author, producer), the sRGB output intent with its ICC profile, the language,
the header version and the document information dictionary that the XMP mirrors — and gets a
file identifier (/ID). Every part brings its own embedded font subsets.

Page numbers: a part cannot know how many pages the others have, so the parts carry none. Once
joined, WeasyPrint renders the "Page n of N" labels themselves (templates/docket/pdf/
page_numbers.html, one small page per label, `LABELS_PER_RENDER` at a time), so their font is
embedded like any other; each label page becomes a form XObject drawn at the foot of its page.
No content stream of a part is parsed or rewritten: a "q" before and a "Q … Do" after it."""

import io
import math
from collections.abc import Callable, Iterable
from typing import cast

from django.template.loader import render_to_string
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    StreamObject,
)

from docket.papers.pdf.fetcher import LockedURLFetcher
from docket.papers.pdf.render import RenderedPDF, render

PART_SIZE = 500
# The first part is smaller, so the first pages (and the progress bar) come within a second or
# two even on a loaded machine, not after a whole part's styles and boxes are built.
FIRST_PART_SIZE = 100
PAGE_NUMBER_TEMPLATE = "Page {n} of {total}"
LABELS_PER_RENDER = 500  # labels laid out by one WeasyPrint document (~10 ms a label)
LABEL_SIZE = 9  # points
LABEL_HEIGHT = 12  # points: one line
LABEL_BOTTOM = 24  # points from the bottom edge to the label's box: inside a 0.6–0.75 in margin
LABEL_NAME = NameObject("/CTPageNumber")
# What a PDF/A reader looks for in the catalog; taken from the first part.
_CATALOG_KEYS = ("/Metadata", "/OutputIntents", "/Lang")
# Share of the progress bar for the labels (a few seconds at most, after minutes of parts).
_LABELS_SHARE = 0.03


def _stream(writer, data):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def _adopt_pdfa_catalog(writer: PdfWriter, first: PdfReader) -> None:
    """Give the joined file the first part's PDF/A identity: XMP metadata, output intent,
    language, header version and the information dictionary the XMP mirrors."""
    root = first.root_object
    for key in _CATALOG_KEYS:
        if key in root:
            writer._root_object[NameObject(key)] = root.raw_get(key).clone(writer)
    writer.pdf_header = first.pdf_header
    writer.metadata = first.metadata  # replaces pypdf's own /Producer


def _label_forms(writer, pages, first_number, total, fetcher, on_page=None):
    """Render the labels of `pages` (numbered from `first_number`) with WeasyPrint and return
    them as form XObjects of `writer`, one per page, in order. `on_page(n)` as label n of
    these is laid out."""
    widths = sorted({round(float(page.mediabox.width), 2) for page in pages})
    labels = [
        (
            PAGE_NUMBER_TEMPLATE.format(n=first_number + index, total=total),
            widths.index(round(float(page.mediabox.width), 2)),
        )
        for index, page in enumerate(pages)
    ]
    html = render_to_string(
        "docket/pdf/page_numbers.html",
        {"labels": labels, "widths": widths, "height": LABEL_HEIGHT, "size": LABEL_SIZE},
    )
    rendered = render(html, title="Page numbers", author="", fetcher=fetcher, on_page=on_page)
    reader = PdfReader(io.BytesIO(rendered.data))
    if len(reader.pages) != len(pages):
        raise ValueError(
            f"{len(pages)} page-number labels were laid out on {len(reader.pages)} pages"
        )
    return [_as_form(writer, label) for label in reader.pages]


def _as_form(writer: PdfWriter, label: PageObject):
    """A WeasyPrint page as a form XObject of `writer` (its fonts cloned once per render)."""
    contents = label["/Contents"].get_object()
    streams: list = list(contents) if isinstance(contents, ArrayObject) else [contents]
    decoded = DecodedStreamObject()
    decoded.set_data(b"\n".join(cast(StreamObject, s.get_object()).get_data() for s in streams))
    form = decoded.flate_encode()
    box = label.mediabox
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(0), FloatObject(0), FloatObject(box.width), FloatObject(box.height)]
            ),
            NameObject("/Resources"): label.raw_get("/Resources").clone(writer),
        }
    )
    return writer._add_object(form)


def _draw_label(writer: PdfWriter, page: PageObject, form, save) -> None:
    """Draw `form` at the foot of `page`, after (and isolated from) the page's own content."""
    box = page.mediabox
    x, y = float(box.left), float(box.bottom) + LABEL_BOTTOM
    draw = _stream(writer, f"Q q 1 0 0 1 {x:.2f} {y:.2f} cm {LABEL_NAME} Do Q\n".encode("ascii"))
    contents = page.raw_get("/Contents") if "/Contents" in page else None
    existing = contents.get_object() if contents is not None else None
    parts = ArrayObject([save])
    if isinstance(existing, ArrayObject):
        parts.extend(existing)
    elif contents is not None:
        parts.append(contents)
    parts.append(draw)
    page[NameObject("/Contents")] = parts
    # New dictionaries: a part may share its resources between pages, and each page has its
    # own label.
    resources = page.get("/Resources")
    resources = DictionaryObject(resources.get_object() if resources is not None else {})
    xobjects = resources.get("/XObject")
    xobjects = DictionaryObject(xobjects.get_object() if xobjects is not None else {})
    xobjects[LABEL_NAME] = form
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources


def number_pages(
    writer: PdfWriter,
    *,
    fetcher: LockedURLFetcher | None = None,
    on_progress: Callable[[float], None] | None = None,
) -> None:
    """Put "Page n of N" at the foot of every page of `writer`, rendered by WeasyPrint."""
    report = on_progress or (lambda fraction: None)
    total = len(writer.pages)
    save = _stream(writer, b"q\n")
    for start in range(0, total, LABELS_PER_RENDER):
        pages = writer.pages[start : start + LABELS_PER_RENDER]

        def on_page(number, start=start):
            report(min(start + number, total) / total)

        forms = _label_forms(writer, pages, start + 1, total, fetcher, on_page)
        for page, form in zip(pages, forms, strict=True):
            _draw_label(writer, page, form, save)


def render_in_parts(
    parts: Iterable[tuple[str, int]],
    *,
    total_rows: int,
    rows_per_page: int,
    title: str,
    author: str,
    on_progress: Callable[[float], None] | None = None,
) -> RenderedPDF:
    """Render each HTML part on its own, join them, number the pages. `parts` yields
    (html, rows in it) and may be a generator (each part's rows read only when it is rendered);
    `on_progress(fraction)` is called as pages are laid out (pages estimated from
    `rows_per_page`), weighted by rows, then as the page numbers are."""
    report = on_progress or (lambda fraction: None)
    total_rows = max(1, total_rows)
    share = 1 - _LABELS_SHARE

    def report_rows(rows):
        report(share * min(rows, total_rows) / total_rows)

    writer = PdfWriter()
    fetcher: LockedURLFetcher | None = None
    done = 0
    for index, (html, rows) in enumerate(parts):
        pages = max(1, math.ceil(rows / rows_per_page))
        report_rows(done)

        def on_page(number, done=done, rows=rows, pages=pages):
            report_rows(done + rows * min(number, pages) / (pages + 1))

        part = render(html, title=title, author=author, fetcher=fetcher, on_page=on_page)
        fetcher = part.fetcher
        reader = PdfReader(io.BytesIO(part.data))
        writer.append(reader)
        if index == 0:
            _adopt_pdfa_catalog(writer, reader)
        del part, reader
        done += rows
        report_rows(done)
    number_pages(writer, fetcher=fetcher, on_progress=lambda f: report(share + _LABELS_SHARE * f))
    writer.generate_file_identifiers()
    out = io.BytesIO()
    writer.write(out)
    return RenderedPDF(data=out.getvalue(), page_count=len(writer.pages), fetcher=fetcher)
