"""User stories a paralegal performs in the browser (real Chromium):

- enter an order with several PDFs added through the "Add another PDF" button; one bad file
  saves nothing and names the file, and what was typed is kept;
- add "Defendants shall file the administrative record within 30 days" to the order and see
  the deadline, computed and explained (story 2 of the design card)."""

import datetime as dt
import io

import pytest
from pypdf import PdfWriter

from casetracker.models import Role
from docket.models import DocketEntry
from notices.models import Deadline
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ORDER_TEXT = "ORDER: Defendants shall file the administrative record within 30 days."


@pytest.fixture(autouse=True)
def mid_november_2026(monkeypatch):
    """The app's clock (live_server runs in this process) is pinned between the order and its
    deadline, so the test does not depend on the day it runs."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 11, 20, 15, tzinfo=dt.UTC))


def pdf_file(tmp_path, name, pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def add_pdf_rows(page, files):
    """Put the first file in the form's first row and the second in a row added by the
    "Add another PDF" button (JavaScript). Returns the indexes of the rows used."""
    inputs = page.locator("#attachment-rows input[type=file]")
    before = inputs.count()
    page.get_by_role("button", name="Add another PDF").click()
    assert inputs.count() == before + 1
    used = [0, before]
    for index, path in zip(used, files, strict=True):
        inputs.nth(index).set_input_files(str(path))
    return used


def test_paralegal_enters_an_order_with_pdfs_then_its_obligation(
    page, login, live_server, real_case, member_factory, tmp_path
):
    member_factory(real_case, Role.PARALEGAL, username="pat")
    attorney = member_factory(real_case, Role.ATTORNEY, username="alex")
    login(page, "pat", PASSWORD)
    page.goto(f"{live_server.url}/cases/{real_case.slug}/docket/new/")
    page.get_by_label("ECF number").fill("140")
    page.get_by_label("Date filed").fill("2026-11-02")  # a Monday
    page.get_by_label("Kind of entry").select_option("order")
    page.get_by_label("Docket text").fill(ORDER_TEXT)

    fake = tmp_path / "exhibit-a.pdf"
    fake.write_text("<html><script>alert(1)</script></html>")  # HTML renamed .pdf
    used = add_pdf_rows(page, [pdf_file(tmp_path, "order.pdf", pages=3), fake])
    page.get_by_role("button", name="Add entry").click()

    banner = page.locator("#form-errors")
    assert "Nothing was saved" in banner.inner_text()
    assert "exhibit-a.pdf" in banner.inner_text()
    assert page.get_by_label("Docket text").input_value() == ORDER_TEXT  # typed text kept
    assert not DocketEntry.objects.filter(number=140).exists()

    files = [pdf_file(tmp_path, "order.pdf", pages=3), pdf_file(tmp_path, "exhibit-a.pdf")]
    inputs = page.locator("#attachment-rows input[type=file]")
    for index, path in zip(used, files, strict=True):  # browsers drop files after an error
        inputs.nth(index).set_input_files(str(path))
    page.get_by_role("button", name="Add entry").click()
    page.wait_for_url("**/docket/140/")
    entry = DocketEntry.objects.get(case=real_case, number=140)
    assert sorted(entry.documents.values_list("page_count", flat=True)) == [1, 3]

    page.get_by_role("link", name="Add an obligation").click()
    page.get_by_label("What the order requires").fill("File the administrative record")
    page.get_by_label("Who must act").select_option("defendant")
    page.get_by_label("Period (optional)").fill("30 days")
    page.get_by_role("button", name="Add and compute the deadline").click()
    page.wait_for_url("**/docket/140/")
    # Mon 2 Nov 2026, trigger day excluded; day 30 is Wed 2 Dec 2026, a working day.
    line = page.locator(".deadline-line").first
    assert "Wed 2 Dec 2026" in line.inner_text()
    line.locator("summary").click()
    steps = line.locator("ol.steps").inner_text()
    assert "FRCP 6(a)(1)" in steps and "Wed 2 Dec 2026" in steps
    deadline = Deadline.objects.get(trigger=entry)
    assert deadline.reminders.filter(recipient=attorney, sent_at__isnull=True).exists()
