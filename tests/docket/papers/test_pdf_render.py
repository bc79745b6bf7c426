"""Filings rendered to real PDFs with WeasyPrint and read back with pypdf and pdfplumber:
caption, signature block, certificate of service, page layout, PDF/A metadata, sanitising, and
the locked URL fetcher (nothing is read from the network or outside static/)."""

import datetime as dt
import io
import re
import socket

import pdfplumber
import pytest
from pypdf import PdfReader

from casetracker.models import Attorney
from docket.models import Filing
from docket.papers.pdf import BlockedFetch, LockedURLFetcher, markdown_to_safe_html, render_pdf
from docket.papers.pdf.context import filing_context
from docket.papers.pdf.render import render, render_filing_html
from docket.papers.pdf.starters import starter_for
from tests.casetracker.factories import (
    AttorneyFactory,
    CaseFactory,
    PartyFactory,
    RepresentationFactory,
)

pytestmark = pytest.mark.django_db

DATED = dt.date(2025, 9, 12)


def pages_text(data):
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def flat(text):
    return re.sub(r"\s+", " ", text)


def left_column_text(data, page=0):
    """The parties block sits left of the caption's rule; read that half on its own."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        first = pdf.pages[page]
        return first.crop((0, 0, first.width * 0.5, first.height)).extract_text()


def xmp(data):
    reader = PdfReader(io.BytesIO(data))
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()


@pytest.fixture
def mcgrath(real_case):
    attorney = Attorney.objects.get(name="Daniel A. McGrath")
    attorney.bar_number = "1531723"
    attorney.address = "P.O. Box 34553\nWashington, DC 20043"
    attorney.phone = "(202) 448-9090"
    attorney.email = "dmcgrath@democracyforward.example"
    attorney.save()
    return attorney


def make_filing(case, attorney, **kwargs):
    values = {
        "type": Filing.Type.NOTICE,
        "title": "Notice of Supplemental Authority",
        "body": "PLEASE TAKE NOTICE that Plaintiffs submit the attached decision.",
        "service_list": "",
    }
    values.update(kwargs)
    return Filing.objects.create(case=case, signing_attorney=attorney, **values)


def render_filing(filing, fetcher=None):
    html = render_filing_html(filing_context(filing, today=DATED))
    return render(html, title=filing.title, author=filing.signing_attorney.name, fetcher=fetcher)


def test_caption_from_the_case_parties_and_judge(real_case, mcgrath):
    data = render_filing(make_filing(real_case, mcgrath)).data
    first = pages_text(data)[0]
    assert "UNITED STATES DISTRICT COURT" in first
    assert "FOR THE DISTRICT OF COLUMBIA" in first
    assert "Civil Action No. 1:25-cv-00457 (CKK)" in first
    parties = flat(left_column_text(data))
    assert (
        "Center for Taxpayer Rights, et al., Plaintiffs, v. "
        "Internal Revenue Service, et al., Defendants."
    ) in parties
    assert "NOTICE OF SUPPLEMENTAL AUTHORITY" in first


def test_caption_with_one_party_a_side_has_no_et_al(db):
    case = CaseFactory(judge="")
    plaintiff = PartyFactory(case=case, name="Solo Org", side="plaintiff")
    PartyFactory(case=case, name="Lone Agency", side="defendant", kind="agency")
    attorney = AttorneyFactory(name="Pat Counsel", organisation="")
    RepresentationFactory(attorney=attorney, party=plaintiff)
    data = render_filing(make_filing(case, attorney)).data
    parties = flat(left_column_text(data))
    assert "Solo Org, Plaintiff, v. Lone Agency, Defendant." in parties
    assert "et al." not in parties
    assert f"Civil Action No. {case.docket_number}\n" in pages_text(data)[0] + "\n"
    assert "Counsel for Plaintiff" in pages_text(data)[0]


def test_signature_block_and_counsel_for_plaintiffs(real_case, mcgrath):
    first = pages_text(render_filing(make_filing(real_case, mcgrath)).data)[0]
    for line in (
        "Dated: September 12, 2025",
        "Respectfully submitted,",
        "/s/ Daniel A. McGrath",
        "Daniel A. McGrath (D.C. Bar No. 1531723)",
        "Democracy Forward Foundation",
        "P.O. Box 34553",
        "Washington, DC 20043",
        "(202) 448-9090",
        "dmcgrath@democracyforward.example",
        "Counsel for Plaintiffs",
    ):
        assert line in first, line


def test_missing_attorney_fields_are_left_out(real_case):
    # The public record gives no bar number, phone or e-mail for the loaded counsel.
    gitomer = Attorney.objects.get(name="Maddy Gitomer")
    assert not (gitomer.bar_number or gitomer.phone or gitomer.email or gitomer.address)
    text = "\n".join(pages_text(render_filing(make_filing(real_case, gitomer)).data))
    assert "None" not in text
    assert "Bar No." not in text
    assert "Email" not in text and "Tel" not in text
    assert (
        "/s/ Maddy Gitomer\nMaddy Gitomer\nDemocracy Forward Foundation\nCounsel for Plaintiffs"
        in text
    )


def test_certificate_of_service_alone_on_the_last_page(real_case, mcgrath):
    filing = make_filing(
        real_case,
        mcgrath,
        service_list="Counsel for Defendants\nU.S. Attorney's Office, Civil Division",
    )
    pages = pages_text(render_filing(filing).data)
    assert len(pages) == 2
    last = pages[-1]
    assert last.startswith("CERTIFICATE OF SERVICE")
    assert "I hereby certify that on September 12, 2025" in flat(last)
    assert "Notice of Supplemental Authority" in flat(last)
    assert "U.S. Attorney's Office, Civil Division" in last
    assert "/s/ Daniel A. McGrath" in last
    # and nothing of the body or caption shares its page
    assert "PLEASE TAKE NOTICE" not in last and "Civil Action No." not in last
    assert "CERTIFICATE OF SERVICE" not in pages[0]


def test_letter_size_numbered_pages_and_double_spaced_serif_body(real_case, mcgrath):
    body = "\n\n".join(f"Paragraph {n}. " + "The Court should know this. " * 30 for n in range(12))
    data = render_filing(make_filing(real_case, mcgrath, body=body)).data
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) >= 4
        for number, page in enumerate(pdf.pages, start=1):
            assert (page.width, page.height) == (612, 792)
            # the page number is the last line, centred in the bottom inch
            footer = page.crop((0, 792 - 72, 612, 792)).extract_text().strip()
            assert footer == str(number)
            # 1-inch margins: no text left of 72 pt or right of 540 pt
            assert min(c["x0"] for c in page.chars) >= 71.5
            assert max(c["x1"] for c in page.chars) <= 540.5
        body_chars = [c for c in pdf.pages[1].chars if c["text"].strip()]
        assert {round(c["size"]) for c in body_chars} == {12}
        assert all("Serif" in c["fontname"] for c in body_chars)
        tops = sorted({round(c["top"]) for c in body_chars if c["top"] < 792 - 72})
        gaps = {b - a for a, b in zip(tops, tops[1:], strict=False)}
        assert gaps == {24}  # 12-pt type on 24-pt lines: double-spaced


def test_pdfa_and_title_author_metadata(real_case, mcgrath):
    data = render_filing(make_filing(real_case, mcgrath)).data
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Notice of Supplemental Authority"
    assert reader.metadata.author == "Daniel A. McGrath"
    meta = xmp(data)
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="B"' in meta
    assert "Notice of Supplemental Authority" in meta and "Daniel A. McGrath" in meta
    assert "/OutputIntents" in reader.trailer["/Root"]


def test_markdown_script_and_raw_html_are_shown_as_text_never_run(real_case, mcgrath):
    body = (
        "Before <script>alert('x')</script> after.\n\n"
        '<div onclick="steal()">block</div>\n\n'
        "**Bold** and *italic* stay formatting.\n\n"
        "[a link](javascript:alert(1))"
    )
    html = markdown_to_safe_html(body)
    assert "<script" not in html and "<div" not in html and "javascript:" not in html
    assert "&lt;script&gt;" in html and "<strong>Bold</strong>" in html
    text = flat(
        " ".join(pages_text(render_filing(make_filing(real_case, mcgrath, body=body)).data))
    )
    assert "Before <script>alert('x')</script> after." in text
    assert '<div onclick="steal()">block</div>' in text


def test_no_fetch_outside_static(real_case, mcgrath, monkeypatch):
    """Images and links typed in a draft never reach the network or the file system."""

    def no_network(*args, **kwargs):
        raise AssertionError("WeasyPrint tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    body = (
        "![tracking pixel](http://example.com/x.png)\n\n"
        '<img src="file:///etc/passwd">\n\n'
        "<link rel=stylesheet href='http://example.com/evil.css'>"
    )
    fetcher = LockedURLFetcher()
    result = render_filing(make_filing(real_case, mcgrath, body=body), fetcher=fetcher)
    assert fetcher.blocked == []
    assert [p.name for p in fetcher.served] == ["print.css"]
    assert all(p.is_relative_to(fetcher.root) for p in fetcher.served)
    assert "example.com/x.png" in " ".join(pages_text(result.data))  # shown as text


def test_locked_fetcher_refuses_raw_html_resources(monkeypatch, tmp_path):
    """Even hand-written HTML handed straight to render_pdf cannot read outside static/."""
    monkeypatch.setattr(
        socket.socket, "connect", lambda *a, **k: pytest.fail("network connection attempted")
    )
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    html = f"""<html><head>
      <link rel="stylesheet" href="css/print.css">
      <link rel="stylesheet" href="http://example.com/evil.css">
      <link rel="stylesheet" href="{secret.as_uri()}">
      <link rel="stylesheet" href="../casetracker/settings/base.py">
      </head><body><p>Hi</p>
      <img src="file:///etc/passwd"><img src="https://example.com/x.png">
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
      </body></html>"""
    fetcher = LockedURLFetcher()
    data = render_pdf(html, title="t", author="a", fetcher=fetcher)
    assert data.startswith(b"%PDF")
    assert set(fetcher.blocked) == {
        "http://example.com/evil.css",
        secret.as_uri(),
        (fetcher.root.parent / "casetracker/settings/base.py").as_uri(),
        "file:///etc/passwd",
        "https://example.com/x.png",
    }
    assert [p.name for p in fetcher.served] == ["print.css"]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://evil.example/share/x.css",
        "http://127.0.0.1:6379/",
        "ftp://example.com/x",
        "file:///work/main/static/../manage.py",
    ],
)
def test_locked_fetcher_unit(url):
    fetcher = LockedURLFetcher()
    with pytest.raises(BlockedFetch):
        fetcher.fetch(url)
    assert fetcher.served == []


def test_locked_fetcher_serves_static_files():
    fetcher = LockedURLFetcher()
    response = fetcher.fetch(fetcher.base_url + "css/print.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize("kind", [t for t in Filing.Type.values if t != Filing.Type.CERTIFICATE])
def test_every_type_renders_from_its_starter(real_case, mcgrath, kind):
    title, body = starter_for(kind, case=real_case)
    assert title and body
    pages = pages_text(
        render_filing(make_filing(real_case, mcgrath, type=kind, title=title, body=body)).data
    )
    assert title.upper() in flat(pages[0])
    assert pages[-1].startswith("CERTIFICATE OF SERVICE")


def test_motion_starter_has_the_local_rule_statements(real_case):
    _, body = starter_for("motion", case=real_case)
    assert "Local Civil Rule 7(m)" in body and "proposed order" in body


def test_standalone_certificate_of_service(real_case, mcgrath):
    title, body = starter_for("certificate", case=real_case)
    filing = make_filing(
        real_case,
        mcgrath,
        type="certificate",
        title=title,
        body=body,
        service_list="Jane Roe, Esq., U.S. Department of Justice",
    )
    pages = pages_text(render_filing(filing).data)
    assert len(pages) == 1  # the paper is the certificate; no second certificate page
    text = flat(pages[0])
    assert "CERTIFICATE OF SERVICE" in text
    assert "Jane Roe, Esq., U.S. Department of Justice" in text
    assert "/s/ Daniel A. McGrath" in text
    assert "Respectfully submitted" not in text
