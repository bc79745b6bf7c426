"""Screenshots of the main pages at 1366 and 390 px for the README (docs/screenshots/).

Not a test of the app (the other browser tests assert the DOM): it only runs when asked,
`SCREENSHOTS=1 python -m pytest tests/e2e/test_screenshots.py`, and writes the PNG files."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

from .pages import Furnished

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("SCREENSHOTS"), reason="set SCREENSHOTS=1 to refresh"),
]
OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


def shots(w):
    slug = w.case.slug
    return [
        ("attorney", "overview", reverse("case_detail", args=[slug])),
        ("attorney", "docket-search", reverse("docket_list", args=[slug]) + "?q=habeas"),
        ("attorney", "compliance", reverse("compliance_ledger", args=[slug])),
        ("attorney", "filing", reverse("filing_detail", args=[slug, w.filing.pk])),
        ("attorney", "withdraw", reverse("document_withdraw", args=[slug, w.document.pk])),
        ("client", "client-status", reverse("client_status", args=[slug])),
        ("client", "client-calendar", reverse("calendar_settings")),
    ]


def test_screenshots(browser, live_server, login, real_case, users):
    furnished = Furnished(real_case, users)
    OUT.mkdir(parents=True, exist_ok=True)
    for width_name, viewport in WIDTHS.items():
        for role in ("attorney", "client"):
            context = browser.new_context(viewport=viewport)
            page = context.new_page()
            login(page, role, PASSWORD)
            for who, name, url in shots(furnished):
                if who != role:
                    continue
                page.goto(f"{live_server.url}{url}")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(OUT / f"{name}-{width_name}.png"), full_page=True)
            context.close()
