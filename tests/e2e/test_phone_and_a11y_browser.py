"""Every page, for every role, in real Chromium: at 390 px nothing scrolls sideways
(`document.documentElement.scrollWidth <= 390`) and axe-core finds no serious or critical
accessibility violation; the legal team's tables become stacked cards on a phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import PASSWORD

from .pages import Furnished, pages_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
ROLES = ("admin", "attorney", "paralegal", "client")


@pytest.fixture
def furnished(real_case, users):
    return Furnished(real_case, users)


def _blocking(results):
    """axe violations of impact serious or critical, as readable lines."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def _walk(browser, live_server, login, role, furnished, viewport, axe):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(20000)
    problems = []
    try:
        login(page, role, PASSWORD)
        for name, url in pages_for(role, furnished):
            response = page.goto(f"{live_server.url}{url}")
            page.wait_for_load_state("load")
            label = f"{role} · {name} ({url}) at {viewport['width']} px"
            if response.status >= 400:
                problems.append(f"{label}: HTTP {response.status}")
                continue
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > viewport["width"]:
                wide = page.evaluate(
                    """(limit) => Array.from(document.querySelectorAll('body *'))
                        .filter(e => e.getBoundingClientRect().right > limit + 1)
                        .slice(0, 3).map(e => e.tagName + '.' + e.className).join(', ')""",
                    viewport["width"],
                )
                problems.append(f"{label}: scrollWidth {width} (too wide: {wide})")
            if axe is not None:
                problems.extend(f"{label}: {line}" for line in _blocking(axe.run(page)))
    finally:
        context.close()
    return problems


@pytest.mark.parametrize("role", ROLES)
def test_every_page_fits_a_phone_and_passes_axe(browser, live_server, login, role, furnished):
    problems = _walk(browser, live_server, login, role, furnished, PHONE, Axe())
    assert not problems, "\n".join(problems)


def test_every_team_page_passes_axe_at_desktop_width(browser, live_server, login, furnished):
    problems = _walk(browser, live_server, login, "attorney", furnished, DESKTOP, Axe())
    assert not problems, "\n".join(problems)


def test_docket_becomes_stacked_cards_on_a_phone(page, browser, live_server, login, furnished):
    context = browser.new_context(viewport=PHONE)
    phone = context.new_page()
    login(phone, "paralegal", PASSWORD)
    phone.goto(f"{live_server.url}/cases/{furnished.case.slug}/docket/")
    row = phone.locator("table.docket tbody tr").first
    assert phone.locator("table.docket thead").bounding_box()["height"] <= 1  # headers hidden
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    label = row.locator("td").nth(1).evaluate("td => getComputedStyle(td, '::before').content")
    assert label == '"Filed"'
    # The deadlines table is labelled by the script from its header row.
    phone.goto(f"{live_server.url}/cases/{furnished.case.slug}/deadlines/")
    cell = phone.locator("table.deadlines tbody tr td").first
    assert cell.get_attribute("data-label")
    context.close()
