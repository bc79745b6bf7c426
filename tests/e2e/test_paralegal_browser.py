"""A paralegal, in a real browser, logs in, filters the docket and opens an entry."""

import datetime as dt

import pytest

from casetracker.models import Role
from tests.conftest import PASSWORD
from tests.docket.factories import EntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_paralegal_filters_the_docket_and_opens_an_entry(
    page, login, live_server, real_case, member_factory
):
    member_factory(real_case, Role.PARALEGAL, username="pat")
    motion = EntryFactory(
        case=real_case,
        number=31,
        kind="motion",
        date_filed=dt.date(2025, 8, 20),
        text="MOTION for Preliminary Injunction by Center for Taxpayer Rights",
    )
    EntryFactory(
        case=real_case,
        number=32,
        kind="notice",
        date_filed=dt.date(2025, 8, 21),
        text="NOTICE of Appearance by Demo Counsel",
    )
    login(page, "pat", PASSWORD)
    assert "Center for Taxpayer Rights et al. v. Internal Revenue Service et al." in page.content()

    page.goto(f"{live_server.url}/cases/{real_case.slug}/docket/")
    page.get_by_label("Kind").select_option("motion")
    # PostgreSQL drops English stop words such as "by"; "Center" tells the two motions apart
    # on both databases.
    page.get_by_label("Text contains").fill("injunction by Center")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**kind=motion**")
    rows = page.locator("table.docket tbody tr")
    assert rows.count() == 1
    assert "MOTION for Preliminary Injunction" in rows.first.inner_text()

    # Keyboard only: focus the entry link and press Enter.
    rows.first.get_by_role("link", name="31").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{motion.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == "ECF No. 31"
    assert "Filed" in page.locator("dl.facts").inner_text()


def test_wrong_password_shows_a_message_and_stays_on_login(page, login, live_server, users):
    login(page, "paralegal", "not-the-password")
    assert "/login/" in page.url
    assert "did not match" in page.locator("[role=alert]").inner_text()
