"""Long PDFs (docket sheets, privilege logs) rendered in parts and joined with pypdf.

Why: WeasyPrint keeps the whole box tree of a document in memory until it writes the PDF, so a
10,000-entry docket sheet took 851 MiB and 46 s in one piece, and its progress bar stood still
while the styles of the whole document were applied. Rendered `PART_SIZE` rows at a time, the
worker's memory is that of one part whatever the length, and progress moves with every part.

A part cannot know how many pages the others have, so the parts carry no page numbers; once
joined, every page is stamped "Page n of N" (Times-Roman, one of the PDF standard fonts, so
nothing is embedded). The joined file keeps the title and author but is no longer PDF/A: the
parts are, and the stamp's standard font is not embedded."""

import io
import math
from collections.abc import Callable, Iterable

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)

from docket.papers.pdf.fetcher import LockedURLFetcher
from docket.papers.pdf.render import RenderedPDF, render

PART_SIZE = 500
# The first part is smaller, so the first pages (and the progress bar) come within a second or
# two even on a loaded machine, not after a whole part's styles and boxes are built.
FIRST_PART_SIZE = 100
STAMP_FONT = NameObject("/CTStampFont")
STAMP_SIZE = 9
STAMP_BOTTOM = 30  # points above the bottom edge: inside a 0.6–0.75 in bottom margin
# Times-Roman advance widths (1/1000 em) of the characters a stamp uses, to centre it.
_WIDTHS = {" ": 250, "P": 556, "a": 444, "g": 500, "e": 444, "o": 500, "f": 333}


def _text_width(text, size):
    return sum(_WIDTHS.get(ch, 500) for ch in text) * size / 1000


def _stream(writer, data):
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def stamp_page_numbers(writer, template="Page {n} of {total}"):
    """Write `template` centred at the foot of every page of `writer`."""
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Times-Roman"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    font_ref = writer._add_object(font)
    save = _stream(writer, b"q\n")
    total = len(writer.pages)
    for n, page in enumerate(writer.pages, start=1):
        text = template.format(n=n, total=total)
        box = page.mediabox
        x = float(box.left) + (float(box.width) - _text_width(text, STAMP_SIZE)) / 2
        y = float(box.bottom) + STAMP_BOTTOM
        stamp = (
            f"Q q BT /CTStampFont {STAMP_SIZE} Tf 0 g {x:.2f} {y:.2f} Td ({text}) Tj ET Q\n"
        ).encode("ascii")
        contents = page.get("/Contents")
        existing = contents.get_object() if contents is not None else None
        parts = ArrayObject([save])
        if isinstance(existing, ArrayObject):
            parts.extend(existing)
        elif contents is not None:
            parts.append(contents.indirect_reference or contents)
        parts.append(_stream(writer, stamp))
        page[NameObject("/Contents")] = parts
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else DictionaryObject()
        fonts = resources.get("/Font")
        fonts = fonts.get_object() if fonts is not None else DictionaryObject()
        fonts[STAMP_FONT] = font_ref
        resources[NameObject("/Font")] = fonts
        page[NameObject("/Resources")] = resources


def render_in_parts(
    parts: Iterable[tuple[str, int]],
    *,
    total_rows: int,
    rows_per_page: int,
    title: str,
    author: str,
    on_progress: Callable[[float], None] | None = None,
) -> RenderedPDF:
    """Render each HTML part on its own, join them, stamp page numbers. `parts` yields
    (html, rows in it) and may be a generator (each part's rows read only when it is rendered);
    `on_progress(fraction)` is called as pages are laid out (pages estimated from
    `rows_per_page`), weighted by rows."""
    report = on_progress or (lambda fraction: None)
    total_rows = max(1, total_rows)
    writer = PdfWriter()
    fetcher: LockedURLFetcher | None = None
    done = 0
    for html, rows in parts:
        pages = max(1, math.ceil(rows / rows_per_page))
        report(done / total_rows)

        def on_page(number, done=done, rows=rows, pages=pages):
            report((done + rows * min(number, pages) / (pages + 1)) / total_rows)

        part = render(html, title=title, author=author, fetcher=fetcher, on_page=on_page)
        fetcher = part.fetcher
        writer.append(PdfReader(io.BytesIO(part.data)))
        del part
        done += rows
        report(min(done, total_rows) / total_rows)
    stamp_page_numbers(writer)
    writer.add_metadata({"/Title": title, "/Author": author, "/Producer": "Case tracker"})
    out = io.BytesIO()
    writer.write(out)
    return RenderedPDF(data=out.getvalue(), page_count=len(writer.pages), fetcher=fetcher)
