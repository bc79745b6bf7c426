"""PDFs rendered in parts and joined with pypdf stay PDF/A: the joined docket sheet and privilege
log carry the first part's XMP metadata and output intent, every font (the page numbers' too) is
embedded, the file has an /ID, and "Page n of N" runs on across the parts' boundaries. Read back
with pypdf and pdfplumber and held to tests/docket/pdfa.py (veraPDF is not packaged here); the
checker itself is shown to catch a plain pypdf join. Small parts (monkeypatched) keep it fast."""

import datetime as dt
import io
import re

import pdfplumber
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject

from docket.models import DocketExport
from docket.papers import tasks
from docket.papers.pdf import parts
from docket.papers.pdf.render import PDF_VARIANT, render
from tests.docket.factories import EntryFactory, privilege_log_rows
from tests.docket.pdfa import check

# "pdf/a-3b" -> part "3", conformance "B": what WeasyPrint writes into every part's XMP
VARIANT_PART, VARIANT_CONFORMANCE = re.fullmatch(r"pdf/a-(\d)([abu])", PDF_VARIANT).groups()
VARIANT_CONFORMANCE = VARIANT_CONFORMANCE.upper()

pytestmark = pytest.mark.django_db


def _page_html(body, size="letter"):
    return (
        f'<html lang="en"><head><style>@page {{ size: {size}; margin: 0.75in 0.6in; }}</style>'
        f"</head><body>{body}</body></html>"
    )


@pytest.fixture
def rendered_parts(monkeypatch):
    """Every WeasyPrint render made by parts.py, as (title, page count): the real function,
    watched."""
    seen = []

    def watched(html, **kwargs):
        result = render(html, **kwargs)
        seen.append((kwargs["title"], result.page_count))
        return result

    monkeypatch.setattr(parts, "render", watched)
    return seen


def footer_labels(data):
    """Per page: (label text, its centre's distance from the page's centre, its distance from
    the bottom edge), read with pdfplumber from the foot of each page."""
    found = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            foot = [
                w for w in page.extract_words(keep_blank_chars=True) if w["top"] > page.height - 40
            ]
            assert len(foot) == 1, [w["text"] for w in foot]
            word = foot[0]
            centre = (word["x0"] + word["x1"]) / 2
            found.append((word["text"], abs(centre - page.width / 2), page.height - word["bottom"]))
    return found


# ------------------------------------------------------------------ the checker can fail


def test_a_single_weasyprint_render_passes_the_checker():
    """The baseline: what WeasyPrint writes in one piece is what the checker expects."""
    data = render(_page_html("<p>One piece.</p>"), title="One piece", author="Case tracker").data
    report = check(data)
    assert report.problems == []
    assert (report.xmp["pdfaid:part"], report.xmp["pdfaid:conformance"]) == (
        VARIANT_PART,
        VARIANT_CONFORMANCE,
    )
    assert report.xmp["dc:title"] == ["One piece"] and report.info["/Title"] == "One piece"


def test_the_checker_catches_a_plain_pypdf_join_with_a_standard_font_stamp():
    """What the join did before: pages appended, a Times-Roman stamp, pypdf's own producer.
    Each loss is reported."""
    writer = PdfWriter()
    for n in (1, 2):
        part = render(_page_html(f"<p>Part {n}</p>"), title="Joined", author="Case tracker")
        writer.append(PdfReader(io.BytesIO(part.data)))
    times = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Times-Roman"),
            }
        )
    )
    writer.pages[0]["/Resources"]["/Font"][NameObject("/Stamp")] = times
    writer.add_metadata({"/Title": "Joined", "/Author": "Case tracker"})
    out = io.BytesIO()
    writer.write(out)
    problems = check(out.getvalue()).problems
    assert "no XMP metadata stream in the catalog" in problems
    assert "no /GTS_PDFA1 output intent" in problems
    assert "no file identifier (/ID) in the trailer" in problems
    assert "page 1: font /Times-Roman (/Font/Stamp) is not embedded" in problems


# ------------------------------------------------------------------ render_in_parts itself


def test_parts_of_two_sizes_are_joined_pdfa_and_numbered_at_the_foot_of_each(
    rendered_parts, monkeypatch
):
    """A letter part and a landscape part; labels rendered two at a time (a render boundary
    inside a part): every label at the centre of its own page's foot."""
    monkeypatch.setattr(parts, "LABELS_PER_RENDER", 2)
    rows = "".join(f"<p>Row {n}</p>" for n in range(70))
    html_parts = [
        (_page_html(rows), 70),
        (_page_html(rows.replace("Row", "Landscape row"), "letter landscape"), 70),
    ]
    progress = []
    result = parts.render_in_parts(
        iter(html_parts),
        total_rows=140,
        rows_per_page=40,
        title="Two sizes",
        author="Clerk",
        on_progress=progress.append,
    )
    part_pages = [pages for title, pages in rendered_parts if title == "Two sizes"]
    assert len(part_pages) == 2 and result.page_count == sum(part_pages) > 3
    report = check(result.data)
    assert report.problems == []
    assert report.info == {
        "/Title": "Two sizes",
        "/Author": "Clerk",
        "/Producer": report.xmp["pdf:Producer"],
    }
    total = result.page_count
    # the bar moves while the labels are laid out too, one step a label, and ends full
    assert progress == sorted(progress) and progress[-1] == 1
    assert len({f for f in progress if f > 1 - parts._LABELS_SHARE}) >= total - 1
    labels = footer_labels(result.data)
    assert [text for text, _, _ in labels] == [f"Page {n} of {total}" for n in range(1, total + 1)]
    for _, off_centre, above_bottom in labels:
        assert off_centre < 1 and 20 < above_bottom < 40
    reader = PdfReader(io.BytesIO(result.data))
    widths = {float(page.mediabox.width) for page in reader.pages}
    assert widths == {612.0, 792.0}
    # each page's label is drawn with an embedded font of its own form XObject
    label_fonts = {
        page for page, path, _ in report.fonts if path.startswith("/XObject/CTPageNumber/")
    }
    assert label_fonts == set(range(1, total + 1))


# ------------------------------------------------------------------ the real exports


def _exported(export):
    assert tasks.prepare_export(export.pk) == DocketExport.Status.READY
    export.refresh_from_db()
    with export.pdf.open("rb") as handle:
        return handle.read()


def _assert_joined_pdfa(data, *, title, author, part_pages):
    report = check(data)
    assert report.problems == []
    assert (report.xmp["pdfaid:part"], report.xmp["pdfaid:conformance"]) == (
        VARIANT_PART,
        VARIANT_CONFORMANCE,
    )
    assert (report.info["/Title"], report.info["/Author"]) == (title, author)
    assert report.xmp["dc:title"] == [title] and report.xmp["dc:creator"] == [author]
    assert report.icc_profile[16:20] == b"RGB "  # the parts' sRGB profile
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == sum(part_pages)
    pages = [page.extract_text() for page in reader.pages]
    total = len(pages)
    labels = footer_labels(data)
    assert [text for text, _, _ in labels] == [f"Page {n} of {total}" for n in range(1, total + 1)]
    assert {page for page, path, _ in report.fonts if "/CTPageNumber/" in path} == set(
        range(1, total + 1)
    )
    return pages


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_docket_sheet_in_three_parts_stays_pdfa(real_case, users, rendered_parts, monkeypatch):
    monkeypatch.setattr(tasks, "PART_SIZE", 20)
    monkeypatch.setattr(parts, "LABELS_PER_RENDER", 3)
    for n in range(1, 56):
        EntryFactory(
            case=real_case, number=n, date_filed=dt.date(2025, 4, 1), text=f"Paper number {n}."
        )
    export = DocketExport.objects.create(
        case=real_case, requested_by=users["attorney"], visibilities="public"
    )
    data = _exported(export)
    title = "Docket sheet, 1:25-cv-00457"
    part_pages = [pages for t, pages in rendered_parts if t == title]
    assert len(part_pages) == 3  # 20 + 20 + 15 entries
    pages = _assert_joined_pdfa(data, title=title, author="Case tracker", part_pages=part_pages)
    assert export.page_count == len(pages)
    # the first entry in the first part (after the heading and parties), the last on the last page
    assert "Paper number 1." in "\n".join(pages[: part_pages[0]])
    assert "Paper number 55." in pages[-1] and "Not an official court record" in pages[-1]
    text = "\n".join(pages)
    assert [int(m) for m in re.findall(r"Paper number (\d+)\.", text)] == list(range(1, 56))
    assert "{#" not in text and "{%" not in text  # no template comment printed


def test_a_privilege_log_in_three_parts_stays_pdfa(real_case, users, rendered_parts, monkeypatch):
    monkeypatch.setattr(tasks, "PART_SIZE", 15)
    privilege_log_rows(real_case, 40)
    export = DocketExport.objects.create(
        case=real_case,
        requested_by=users["attorney"],
        kind=DocketExport.Kind.PRIVILEGE_PDF,
        visibilities="public,restricted",
    )
    data = _exported(export)
    title = f"Privilege log — {real_case.short_name}"
    part_pages = [pages for t, pages in rendered_parts if t == title]
    assert len(part_pages) == 3  # 15 + 15 + 10 rows
    pages = _assert_joined_pdfa(data, title=title, author="Case tracker", part_pages=part_pages)
    assert "IRS-AR-000001" in pages[0] and "Briefing memorandum 0" in pages[0]
    assert "IRS-AR-000118" in pages[-1] and "40 entries" in pages[-1]
    text = "\n".join(pages)
    found = [int(n) for n in re.findall(r"Briefing\s+memorandum\s+(\d+)", text)]
    assert found == list(range(40))
