"""Webhooks end to end: a real redis-server, a real Celery worker process (tests/live.py) and a
real HTTP server receiving the deliveries (receiver.py). The task is queued when the entry's
transaction commits; the worker signs and POSTs it, logs a 500 and retries after the backoff.
No timing is asserted: only that it happens, with generous waits."""

import json
import time

import pytest
from django.utils import timezone

from notices.webhooks import services, signing
from notices.webhooks.models import Delivery
from tests.docket.factories import EntryFactory
from tests.live import wait_until

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def _status(delivery_id):
    return Delivery.objects.get(pk=delivery_id).status


def test_a_real_worker_delivers_signed_and_retries_after_a_500(
    real_case, users, celery_worker_factory, receiver_factory
):
    celery_worker_factory(env={"WEBHOOK_RETRY_BASE_SECONDS": "0.5"})
    receiver = receiver_factory([500])
    hook, secret = services.register_webhook(
        case=real_case, user=users["attorney"], url=receiver.url, events=["entry.created"]
    )
    entry = EntryFactory(
        case=real_case, number=350, kind="notice", text="NOTICE of Appearance",
        date_filed=timezone.localdate(),
    )  # fmt: skip
    delivery = Delivery.objects.get(webhook=hook)
    wait_until(lambda: _status(delivery.pk) == "succeeded", timeout=60, message="delivery")
    assert receiver.count() == 2
    log = list(delivery.attempt_log.values_list("number", "status_code"))
    assert log == [(1, 500), (2, 200)]
    assert delivery.attempt_log.first().next_retry_at is not None
    for got in receiver.requests:
        stamp, header = (
            got.headers["X-CaseTracker-Timestamp"],
            got.headers[signing.SIGNATURE_HEADER],
        )
        assert signing.verify(secret, stamp, got.body, header, now=time.time())
        event = json.loads(got.body)
        assert event["id"] == str(delivery.event_id) and event["data"]["entry"]["number"] == 350
    assert event["case"] == real_case.slug and entry.pk == delivery.entry_id


def test_a_real_worker_never_sends_a_sealed_entry(
    real_case, users, celery_worker, receiver_factory
):
    receiver = receiver_factory()
    hook, _ = services.register_webhook(
        case=real_case, user=users["paralegal"], url=receiver.url, events=["entry.created"]
    )
    EntryFactory(case=real_case, number=351, text="SEALED MOTION", visibility="sealed")
    EntryFactory(case=real_case, number=352, text="NOTICE of filing")
    [delivery] = Delivery.objects.filter(webhook=hook)
    wait_until(lambda: _status(delivery.pk) == "succeeded", timeout=60, message="delivery")
    assert [json.loads(r.body)["data"]["entry"]["number"] for r in receiver.requests] == [352]
