"""The webhook pages in real Chromium, with a real Celery worker delivering to a real local HTTP
server (tests/notices/webhooks/receiver.py): a paralegal registers a webhook, copies the secret
shown once, sees it listed (the secret never again), sees a delivery in the log, disables it and
re-enables it. The secret read from the page verifies the signature the receiver got."""

import json
import time

import pytest
from django.utils import timezone

from notices.webhooks import signing
from notices.webhooks.models import Delivery, Webhook
from tests.conftest import PASSWORD
from tests.docket.factories import EntryFactory
from tests.live import wait_until
from tests.notices.webhooks.conftest import receiver_factory  # noqa: F401 - fixture

pytestmark = [pytest.mark.browser, pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def test_register_see_the_secret_once_the_log_disable_and_re_enable(
    page,
    login,
    live_server,
    users,
    real_case,
    celery_worker,
    receiver_factory,  # noqa: F811
):
    receiver = receiver_factory()
    login(page, "paralegal", PASSWORD)
    base = f"{live_server.url}/cases/{real_case.slug}/webhooks/"
    page.goto(base)
    page.get_by_role("link", name="Register a webhook").click()
    page.get_by_label("Address (URL)").fill(receiver.url)
    page.get_by_label("What it is for").fill("Docketing system")
    page.get_by_role("button", name="Register").click()

    # The answer shows the secret, this once.
    page.get_by_role("heading", name="Webhook registered").wait_for()
    secret = page.get_by_label("Signing secret").input_value()
    hook = Webhook.objects.get(case=real_case)
    assert secret.startswith("whsec_") and secret == hook.secret

    # Listed, and never shown again: the list and its page show only the first characters.
    page.goto(base)
    row = page.get_by_role("row").filter(has_text=receiver.url)
    assert "Docketing system" in row.inner_text() and "Active" in row.inner_text()
    assert secret not in page.content()
    row.get_by_role("link", name=receiver.url).click()
    page.get_by_role("heading", name=receiver.url).wait_for()
    assert hook.secret_prefix in page.content() and secret not in page.content()
    assert "Nothing sent yet." in page.content()

    # A new entry: the worker signs and POSTs it; the log shows the delivery and its attempt.
    entry = EntryFactory(
        case=real_case, number=390, kind="notice", text="NOTICE of Appearance by Jane Roe",
        date_filed=timezone.localdate(),
    )  # fmt: skip
    wait_until(
        lambda: Delivery.objects.filter(webhook=hook, entry=entry, status="succeeded").exists(),
        timeout=60,
        message="delivery",
    )
    got = receiver.requests[0]
    stamp, header = got.headers[signing.TIMESTAMP_HEADER], got.headers[signing.SIGNATURE_HEADER]
    assert signing.verify(secret, stamp, got.body, header, now=time.time())
    assert json.loads(got.body)["data"]["entry"]["number"] == 390
    page.reload()
    log = page.get_by_role("row").filter(has_text="entry.created")
    assert "ECF No. 390" in log.inner_text()
    assert "Delivered" in log.inner_text() and "HTTP 200" in log.inner_text()

    # Disable, with a reason; then re-enable.
    page.get_by_label("Why (optional)").fill("Moving servers")
    page.get_by_role("button", name="Disable").click()
    page.get_by_text("Disabled. No more events go to this address.").wait_for()
    assert "Moving servers" in page.locator(".facts").inner_text()
    assert page.get_by_role("button", name="Disable").count() == 0
    page.get_by_role("button", name="Re-enable").click()
    page.get_by_text("Re-enabled. New events go to this address again.").wait_for()
    assert "Active" in page.locator(".facts").inner_text()
    assert page.get_by_role("button", name="Re-enable").count() == 0
    hook.refresh_from_db()
    assert hook.is_active
    history = Webhook.history.filter(id=hook.pk).order_by("history_date", "history_id")
    assert [(h.history_type, h.is_active, h.history_user) for h in history] == [
        ("+", True, users["paralegal"]),
        ("~", False, users["paralegal"]),
        ("~", True, users["paralegal"]),
    ]
