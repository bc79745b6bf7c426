"""The API's Swagger UI (/api/docs/) renders in a real Chromium under the site's strict
Content-Security-Policy: its assets come from drf-spectacular-sidecar on our own origin and its
init script is a separate file, so the page raises no CSP violation and no console error."""

import pytest

from casetracker.models import Role
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WATCH_CSP = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def test_swagger_ui_renders_without_csp_violations(
    page, login, live_server, real_case, member_factory
):
    member_factory(real_case, Role.ATTORNEY, username="ada")
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.add_init_script(WATCH_CSP)
    login(page, "ada", PASSWORD)
    response = page.goto(f"{live_server.url}/api/docs/")
    assert response.status == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    # the schema was fetched and rendered: every group of operations, with the case routes
    page.locator(".swagger-ui .opblock").first.wait_for()
    paths = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert any(p.startswith("/api/v1/cases/") for p in paths)
    assert any("/api/v1/search/" in p for p in paths)
    # open one operation: its parameters render too
    page.locator(".swagger-ui .opblock-summary").first.click()
    page.locator(
        ".swagger-ui .parameters, .swagger-ui .opblock-description-wrapper"
    ).first.wait_for()
    assert page.evaluate("window.__csp") == []
    assert errors == []
