"""Keyboard only, in real Chromium: log a notice, record a disclosure, render a filing. Every
step is Tab / Shift+Tab / typing / Enter — no mouse — and the focused control is always
visibly marked (the :focus-visible outline)."""

import datetime as dt

import pytest
from django.utils import timezone

from casetracker.courttime import to_court_time
from docket.models import Filing
from notices.models import Disclosure, NoticeWindow
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MAX_TABS = 120

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const label = e.labels && e.labels.length ? e.labels[0].innerText : "";
  const style = getComputedStyle(e);
  return {tag: e.tagName, text: (e.innerText || e.value || "").trim(), label: label.trim(),
          outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0};
}"""


def tab_to(page, want, *, field="text"):
    """Press Tab until the focused element's text (or label) starts with `want`; it must show
    a focus outline when it gets there."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused and focused[field].startswith(want):
            assert focused["outline"], f"{want!r} has focus but no visible focus outline"
            return focused
    raise AssertionError(f"Tab never reached {want!r}")


def type_moment(page, moment):
    """Type a court-time moment into a focused datetime-local box, segment by segment."""
    page.keyboard.type(f"{moment:%m%d%Y}")
    page.keyboard.press("Tab")
    page.keyboard.type(f"{moment:%I%M}")
    page.keyboard.type("P" if moment.hour >= 12 else "A")


def test_keyboard_only_notice_disclosure_and_filing(
    page, login, live_server, users, real_case, celery_worker_factory, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    celery_worker_factory(env={"MEDIA_ROOT": str(settings.MEDIA_ROOT)})
    login(page, "paralegal", PASSWORD)
    page.goto(f"{live_server.url}{real_case.get_absolute_url()}")

    # 1. Log a notice: Compliance (case menu) -> Record a notice -> fill -> Enter.
    tab_to(page, "Compliance")
    page.keyboard.press("Enter")
    page.wait_for_url("**/compliance/")
    tab_to(page, "Record a notice")
    page.keyboard.press("Enter")
    page.wait_for_url("**/notices/new/")
    received = to_court_time(timezone.now() - dt.timedelta(hours=3), real_case).replace(
        second=0, microsecond=0
    )
    tab_to(page, "Notice received", field="label")
    type_moment(page, received)
    tab_to(page, "Data to be disclosed", field="label")
    page.keyboard.type("Last-known addresses of 20 taxpayers")
    tab_to(page, "Given by", field="label")
    page.keyboard.type("Counsel for Defendants")
    tab_to(page, "Record notice and alert the team")
    page.keyboard.press("Enter")
    page.wait_for_url("**/compliance/")
    window = NoticeWindow.objects.get(case=real_case)
    assert window.received_at == received and window.given_by == "Counsel for Defendants"

    # 2. Record a disclosure an hour later (before the window closes: a breach).
    tab_to(page, "Record a disclosure")
    page.keyboard.press("Enter")
    page.wait_for_url("**/disclosures/new/")
    tab_to(page, "Disclosure happened", field="label")
    type_moment(page, received + dt.timedelta(hours=1))
    tab_to(page, "What data was disclosed", field="label")
    page.keyboard.type("Last-known addresses of 20 taxpayers")
    tab_to(page, "How we learned of it", field="label")
    page.keyboard.type("Declaration filed by Defendants")
    tab_to(page, "Record disclosure")
    page.keyboard.press("Enter")
    page.wait_for_url("**/compliance/")
    disclosure = Disclosure.objects.get(case=real_case, source="Declaration filed by Defendants")
    assert disclosure.occurred_at == received + dt.timedelta(hours=1)

    # 3. Render a filing: Filings -> Notice starter -> Save draft -> Render PDF -> Ready.
    tab_to(page, "Filings")
    page.keyboard.press("Enter")
    page.wait_for_url("**/filings/")
    tab_to(page, "Notice")
    page.keyboard.press("Enter")
    page.wait_for_url("**/filings/new/**")
    tab_to(page, "Save draft")
    page.keyboard.press("Enter")
    page.wait_for_url("**/filings/*/")
    tab_to(page, "Render PDF")
    page.keyboard.press("Enter")
    page.wait_for_url("**/filings/*/")
    page.locator("[data-status-download]").wait_for(state="visible", timeout=90000)
    assert page.locator("[data-status-label]").inner_text() == "Ready"
    assert "Rendering" not in page.locator(".render-status").inner_text()
    preview = page.locator("img[data-preview-src]")
    preview.wait_for(state="visible")
    page.wait_for_function("() => document.querySelector('img[data-preview-src]').naturalWidth > 0")
    tab_to(page, "Download PDF")
    filing = Filing.objects.get(case=real_case)
    assert filing.status == Filing.Status.RENDERED and filing.pdf
