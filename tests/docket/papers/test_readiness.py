"""Filings ready to sign: the FRCP 11(a) / LCvR 5.1 signature block, bracketed placeholders,
Record as filed refused until both are clean, the first-page preview, and the lead attorney
chosen for a new draft."""

import io
from types import SimpleNamespace

import pytest
from django.urls import reverse
from PIL import Image

from casetracker.models import Attorney, Party, Representation
from docket.models import Filing
from docket.papers import filings
from docket.papers.readiness import filing_problems, placeholders, signature_problems
from docket.papers.tasks import render_filing

COMPLETE = dict(
    name="Robin F. Thurston", bar_number="1531399", organisation="Democracy Forward Foundation",
    address="P.O. Box 34553, Washington, DC 20043", email="rthurston@example.org",
    phone="(202) 448-9090",
)  # fmt: skip


@pytest.mark.parametrize(
    ("missing", "label"),
    [
        ("bar_number", "bar number"),
        ("organisation", "firm or organisation"),
        ("address", "office address"),
        ("email", "e-mail address"),
        ("phone", "telephone number"),
    ],
)
def test_each_missing_signature_field_is_one_warning(missing, label):
    attorney = SimpleNamespace(**{**COMPLETE, missing: "  "})
    assert signature_problems(attorney) == [
        f"The signature block has no {label} for Robin F. Thurston (FRCP 11(a), LCvR 5.1): "
        "add it to the attorney's record."
    ]


def test_complete_signature_and_no_signer():
    assert signature_problems(SimpleNamespace(**COMPLETE)) == []
    assert signature_problems(None) == [
        "Choose the signing attorney: a paper must be signed by counsel of record."
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Plaintiffs move for [describe the relief sought].", ["[describe the relief sought]"]),
        ("See [the order](https://example.org) and fn [1].", []),  # a link and a footnote
        ("[X] and [X] again, then [date of order]", ["[X]", "[date of order]"]),
        ("Brackets [ ] empty, [12] number", []),
        ("No placeholders at all.", []),
    ],
)
def test_placeholders(body, expected):
    assert placeholders(body) == expected


def test_filing_problems_name_title_and_body_placeholders():
    problems = filing_problems(
        attorney=SimpleNamespace(**COMPLETE),
        title="Notice of [subject]",
        body="Plaintiffs ask for [describe the relief sought].",
    )
    assert problems == [
        "The title still holds the placeholder “[subject]”: replace it with the real words.",
        "The text still holds the placeholder “[describe the relief sought]”: replace it with "
        "the real words.",
    ]


# ------------------------------------------------------------------------- with the database


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def signer(real_case):
    attorney = Attorney.objects.get(name="Daniel A. McGrath")
    for field, value in COMPLETE.items():
        if field != "name":
            setattr(attorney, field, value)
    attorney.save()
    return attorney


def _rendered(case, user, signer, body):
    filing = filings.create_filing(
        case=case, user=user, type=Filing.Type.NOTICE, title="Notice of Supplemental Authority",
        body=body, signing_attorney=signer,
    )  # fmt: skip
    filings.queue_render(filing=filing, user=user)
    render_filing(filing.pk)
    filing.refresh_from_db()
    assert filing.status == Filing.Status.RENDERED
    return filing


@pytest.mark.django_db
def test_record_as_filed_is_refused_until_ready(media, real_case, users, client_for, signer):
    filing = _rendered(real_case, users["attorney"], signer, "We ask for [describe the relief].")
    client = client_for(users["attorney"])
    detail = reverse("filing_detail", args=[real_case.slug, filing.pk])
    page = client.get(detail).content.decode()
    assert "Not ready to sign and file (1 to fix)" in page
    assert "“[describe the relief]”" in page
    assert 'id="file-refused"' in page and "filing-file-form" not in page
    response = client.post(
        reverse("filing_mark_filed", args=[real_case.slug, filing.pk]),
        {"date_filed": "09/15/2025", "number": "", "docket_text": ""},
    )
    assert response.status_code == 400
    assert "Not recorded: the paper is not ready to sign and file." in response.content.decode()
    filing.refresh_from_db()
    assert filing.status == Filing.Status.RENDERED and filing.filed_entry is None
    # A missing phone number is refused the same way.
    filing.body = "We ask for relief."
    filing.save()
    signer.phone = ""
    signer.save()
    with pytest.raises(Exception, match="no telephone number for Daniel A. McGrath"):
        filings.mark_filed(
            filing=filing, user=users["attorney"], date_filed=filing.created_at.date()
        )
    signer.phone = COMPLETE["phone"]
    signer.save()
    filed = filings.mark_filed(
        filing=filing, user=users["attorney"], date_filed=filing.created_at.date()
    )
    assert filed.status == Filing.Status.FILED


@pytest.mark.django_db
def test_first_page_preview_is_a_png_of_the_rendered_pdf(
    media, real_case, users, client_for, signer
):
    filing = _rendered(real_case, users["attorney"], signer, "PLEASE TAKE NOTICE.")
    client = client_for(users["paralegal"])
    response = client.get(reverse("filing_preview", args=[real_case.slug, filing.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size[0] == 612 and 780 <= image.size[1] <= 800  # letter paper, 8.5 x 11
    assert image.convert("L").getextrema()[0] < 64  # there is dark ink (the caption) on it
    page = client.get(reverse("filing_detail", args=[real_case.slug, filing.pk])).content.decode()
    assert (
        f'src="/cases/{real_case.slug}/filings/{filing.pk}/preview.png?v={filing.pdf_sha256}"'
        in page
    )
    draft = filings.create_filing(
        case=real_case, user=users["attorney"], type=Filing.Type.NOTICE, title="Draft", body="x"
    )
    assert client.get(reverse("filing_preview", args=[real_case.slug, draft.pk])).status_code == 404


@pytest.mark.django_db
def test_new_drafts_start_with_the_lead_attorney(real_case, users, client_for):
    plaintiff = real_case.parties.filter(side=Party.Side.PLAINTIFF).first()
    lead = Attorney.objects.create(name="Lead Counsel", organisation="DF")
    Representation.objects.create(attorney=lead, party=plaintiff, role="lead")
    assert filings.lead_attorney(real_case) == lead
    page = client_for(users["paralegal"]).get(reverse("filing_new", args=[real_case.slug]))
    assert f'<option value="{lead.pk}" selected>' in page.content.decode()
