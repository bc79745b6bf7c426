"""A client, in a real Chromium, signs in through the login form, lands on the status page of
their case, and cannot reach internal pages by typing their URLs."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from casetracker.models import Role
from docket.models import Document, RecordDocument
from tests.conftest import PASSWORD
from tests.docket.factories import EntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET_NOTE = "Team only: weak point in our standing argument"
RESTRICTED = "Restricted: draft settlement outline"
PRIVILEGED = "Deliberative memo to the Commissioner"


def test_client_sees_only_the_status_page(page, login, live_server, real_case, member_factory):
    member_factory(real_case, Role.CLIENT, username="cora")
    real_case.stage = "Preliminary relief granted in part"
    real_case.save()
    order = real_case.entries.get(date_filed=dt.date(2025, 11, 21))
    order.plain_summary = "The judge paused the IRS's address-sharing with ICE for now."
    order.internal_note = SECRET_NOTE
    order.save()
    pdf = Document(entry=order, attachment_number=0, sha256="b" * 64, page_count=2)
    pdf.file.save("order.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    hidden = EntryFactory(case=real_case, text=RESTRICTED, visibility="restricted", number=77)
    RecordDocument.objects.create(
        case=real_case,
        bates_start="IRS-AR-000001",
        bates_end="IRS-AR-000002",
        title=PRIVILEGED,
        privilege_claim="Deliberative process",
        privilege_basis="Pre-decisional",
        withheld=True,
    )

    login(page, "cora", PASSWORD)
    status_path = f"/cases/{real_case.slug}/status/"
    assert page.url == f"{live_server.url}{status_path}"
    assert page.get_by_role("heading", level=1).inner_text() == real_case.caption
    main = page.locator("main").inner_text()
    assert "Preliminary relief granted in part" in main
    assert "Four organisations challenge the IRS" in main
    assert "The judge paused the IRS's address-sharing with ICE for now." in main
    assert "The 24-hour notice order" in main
    assert "No notices were received." in main  # the order ended with the 21 Nov 2025 ruling
    assert "That requirement ended on Fri 21 Nov 2025" in main
    link = page.get_by_role("link", name="Read the order (PDF, 2 pages)")
    assert link.get_attribute("href") == f"/cases/{real_case.slug}/documents/{pdf.pk}/"
    content = page.content()
    for secret in (SECRET_NOTE, RESTRICTED, PRIVILEGED, "Edit what clients read"):
        assert secret not in content
    assert page.get_by_role("link", name="Deadlines").count() == 0
    assert page.get_by_role("link", name="Record").count() == 0
    # Printable: navigation and the print button disappear on paper; the content stays.
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("button", name="Print this page").is_visible()
    assert page.get_by_role("heading", name="Key orders").is_visible()
    page.emulate_media(media="screen")
    # Phone width: the page still fits without sideways scrolling.
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    # Internal pages, by guessing URLs: 403 (wrong role) or 404 (no such object for them).
    for path in (
        "/deadlines/",
        f"/cases/{real_case.slug}/docket/{hidden.number}/",
        f"/cases/{real_case.slug}/docket/{hidden.number}/edit/",
        f"/cases/{real_case.slug}/record/",
        f"/cases/{real_case.slug}/record/privilege-log.csv",
        "/admin/",
        "/admin/docket/docketentry/",
        "/cases/other-case/status/",
    ):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status in (403, 404), (path, response.status)
        body = page.content()
        assert SECRET_NOTE not in body and RESTRICTED not in body and PRIVILEGED not in body

    # The overview page sends clients back to their status page.
    page.goto(f"{live_server.url}/cases/{real_case.slug}/")
    assert page.url == f"{live_server.url}{status_path}"
