"""Behaviour that lives in the browser: the notice window's countdown ticks, and a filing's
render status moves queued → ready without a reload (real Chromium, real Celery worker)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from casetracker.models import Attorney
from docket.models import Filing
from docket.papers import filings
from notices.compliance import services as compliance_services
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
COUNTDOWN = re.compile(r"^(\d+d )?\d\dh \d\dm \d\ds$")


def test_open_notice_window_counts_down_on_the_case_page(
    page, login, live_server, users, real_case
):
    compliance_services.record_notice(
        case=real_case, received_at=timezone.now() - dt.timedelta(hours=1),
        given_by="Counsel for Defendants", data_description="Taxpayer addresses",
        user=users["paralegal"],
    )  # fmt: skip
    login(page, "attorney", PASSWORD)
    page.goto(f"{live_server.url}{real_case.get_absolute_url()}")
    countdown = page.locator(".countdown").first
    first = countdown.inner_text()
    assert COUNTDOWN.match(first), first
    page.wait_for_function(
        "(first) => document.querySelector('.countdown').textContent !== first", arg=first
    )
    assert COUNTDOWN.match(countdown.inner_text())


@pytest.mark.celery_live
def test_filing_status_updates_without_reload(
    page, login, live_server, users, real_case, celery_worker_factory, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    celery_worker_factory(env={"MEDIA_ROOT": str(settings.MEDIA_ROOT)})
    filing = filings.create_filing(
        case=real_case, user=users["attorney"], type=Filing.Type.NOTICE,
        title="Notice of Supplemental Authority", body="Plaintiffs give notice.",
        signing_attorney=Attorney.objects.get(name="Robin F. Thurston"),
    )  # fmt: skip
    login(page, "attorney", PASSWORD)
    page.goto(f"{live_server.url}/cases/{real_case.slug}/filings/{filing.pk}/")
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("button", name="Render PDF").click()
    page.wait_for_url(f"**/filings/{filing.pk}/")
    page.evaluate("window.__sameDocument = true")  # the POST redirects once; mark the new page
    download = page.locator("[data-status-download]")
    download.wait_for(state="visible", timeout=60000)
    assert page.evaluate("window.__sameDocument") is True  # no reload happened while polling
    assert page.locator("[data-status-label]").inner_text() == "Ready"
    assert download.get_attribute("href").endswith("/pdf/")
