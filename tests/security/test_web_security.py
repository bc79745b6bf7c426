"""Cross-cutting web security: escaping everywhere, CSRF on every form, login rate limiting,
security headers."""

import pytest
from django.test import Client
from django.urls import reverse

from casetracker.models import Party
from tests.conftest import PASSWORD
from tests.docket.factories import EntryFactory

from .test_url_matrix import EVERYONE, TEAM, URLS

pytestmark = pytest.mark.django_db
XSS = '<script>alert("xss")</script>'


@pytest.fixture
def hostile_world(world, real_case):
    """Script-bearing docket text, party name, file name and filing title."""
    Party.objects.create(case=real_case, name=f"Evil Corp {XSS}", side="defendant")
    entry = world["own"].entry
    entry.text = f"MOTION {XSS} to dismiss"
    entry.filed_by.add(real_case.parties.get(name__startswith="Evil Corp"))
    entry.internal_note = XSS
    entry.save()
    document = world["own"].document
    document.description = f"Exhibit {XSS}"
    document.original_name = f"{XSS}.pdf"
    document.save()
    world["own"].filing.title = f"Notice {XSS}"
    world["own"].filing.save()
    world["own"].deadline.title = f"Reply {XSS}"
    world["own"].deadline.save()
    EntryFactory(case=real_case, number=950, kind="order", text=f"ORDER {XSS}", is_key_order=True)
    return world


@pytest.mark.parametrize("role", ["admin", "client"])
def test_script_in_user_data_is_escaped_on_every_page(client_for, users, hostile_world, role):
    client = client_for(users[role])
    checked = 0
    for name, (who, kwargs) in URLS.items():
        if who not in (EVERYONE, TEAM):
            continue
        response = client.get(reverse(name, kwargs=kwargs(hostile_world, "own")))
        content_type = response.get("Content-Type", "")
        if response.status_code != 200 or "html" not in content_type:
            continue
        body = response.content.decode()
        assert XSS not in body, f"unescaped script on {name} as {role}"
        checked += 1
    assert checked >= (10 if role == "admin" else 4)


def test_every_form_refuses_a_post_without_csrf_token(users, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["admin"])
    for name, (_who, kwargs) in URLS.items():
        if name in ("calendar_feed",):
            continue  # GET-only token feed; no session
        response = client.post(reverse(name, kwargs=kwargs(world, "own")), {"x": "1"})
        assert response.status_code == 403, name


def test_login_is_rate_limited(users, settings):
    client = Client()
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(url, {"username": "attorney", "password": "wrong"})
        assert response.status_code == 200
    assert client.post(url, {"username": "attorney", "password": "x"}).status_code == 429
    locked = client.post(url, {"username": "attorney", "password": PASSWORD})
    assert locked.status_code == 429
    assert b"Too many sign-in attempts" in locked.content
    assert "_auth_user_id" not in client.session


def test_successful_login_works_below_the_limit(users):
    client = Client()
    client.post(reverse("login"), {"username": "paralegal", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "paralegal", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(users["paralegal"].pk)


def test_security_headers_on_every_page(client_for, users, real_case):
    response = client_for(users["attorney"]).get(reverse("case_detail", args=[real_case.slug]))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script(client_for, users, real_case):
    """The CSP forbids inline script; a page relying on one would silently break."""
    html = client_for(users["attorney"]).get(reverse("case_detail", args=[real_case.slug]))
    body = html.content.decode()
    assert "<script>" not in body and "onclick=" not in body
