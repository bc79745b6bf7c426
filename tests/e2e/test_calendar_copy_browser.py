"""Issue 11 §2: from the status page a client reaches the calendar page, whose "Copy link" puts
the private feed address on the clipboard and says so; the copied address is the working feed.
Real Chromium; asserts the clipboard and the DOM, never pictures."""

import pytest

from casetracker.models import Role
from notices.models import CalendarToken
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
COPIED = "Copied. Paste it into your calendar app."


@pytest.fixture
def client_user(real_case, member_factory):
    return member_factory(real_case, Role.CLIENT, username="cora")


def _open_calendar_from_status(page, login, live_server, real_case):
    login(page, "cora", PASSWORD)
    assert page.url == f"{live_server.url}/cases/{real_case.slug}/status/"
    page.get_by_role("link", name="Subscribe to the dates").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/calendar/"


def test_copy_link_puts_the_feed_address_on_the_clipboard(
    browser, login, live_server, real_case, client_user
):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        _open_calendar_from_status(page, login, live_server, real_case)
        token = CalendarToken.objects.get(user=client_user).token
        feed_url = f"{live_server.url}/calendar/{token}.ics"
        assert page.get_by_label("Your private calendar address").input_value() == feed_url
        subscribe = page.get_by_role("link", name="Subscribe", exact=True)
        assert subscribe.get_attribute("href") == "webcal://" + feed_url.split("://", 1)[1]
        status = page.locator("#copy-status")
        assert status.inner_text() == ""
        page.evaluate("navigator.clipboard.writeText('something else')")

        page.get_by_role("button", name="Copy link").click()

        page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
        assert status.inner_text() == COPIED
        assert status.get_attribute("role") == "status"  # read out by screen readers
        assert page.evaluate("navigator.clipboard.readText()") == feed_url
        # What was copied is the working feed: the client's public dates as iCalendar.
        feed = page.request.get(feed_url)
        assert feed.status == 200
        assert feed.headers["content-type"].startswith("text/calendar")
        assert feed.text().startswith("BEGIN:VCALENDAR")
    finally:
        context.close()


def test_copy_link_without_clipboard_permission_still_selects_and_confirms(
    browser, login, live_server, real_case, client_user
):
    """A browser that refuses the clipboard API falls back to copying the selected field."""
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        _open_calendar_from_status(page, login, live_server, real_case)
        page.get_by_role("button", name="Copy link").click()
        page.wait_for_function("document.getElementById('copy-status').textContent.length > 0")
        assert page.locator("#copy-status").inner_text() == COPIED
        selected = page.evaluate(
            """() => { const f = document.getElementById('feed-url');
                       return [f.selectionStart, f.selectionEnd, f.value.length]; }"""
        )
        assert selected[0] == 0 and selected[1] == selected[2] > 0
    finally:
        context.close()
