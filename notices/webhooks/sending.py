"""One delivery attempt, start to finish — called by the Celery task notices.tasks.deliver_webhook
(and by the retry sweep), safe to run twice: the delivery is claimed first (a conditional
UPDATE), so a duplicated or re-sent task finds it claimed or finished and does nothing.

1. claim the delivery (pending, due, not claimed by a live attempt);
2. the webhook disabled since: cancelled. The event no longer visible to the member who
   registered it (sealed since, membership ended): withheld, nothing sent;
3. check the URL again (https and public addresses in production) and POST the signed body to
   the checked address, with a short timeout and no redirects;
4. log the attempt (status code, error, duration, the next try) and decide: a 2xx is success;
   410 Gone disables the webhook (audited); anything else is retried after 1, 2, 4, 8… times
   WEBHOOK_RETRY_BASE_SECONDS, up to WEBHOOK_MAX_ATTEMPTS attempts, then failed."""

import logging
import time
from datetime import datetime, timedelta

import httpx
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from casetracker.jobs import enqueue_on_commit

from . import signing
from .addresses import AddressRefused, target_for
from .models import Attempt, Delivery
from .payloads import body_for
from .services import disable_webhook

log = logging.getLogger(__name__)
TASK = "notices.tasks.deliver_webhook"
USER_AGENT = "CaseTracker-Webhooks/1"


def max_attempts() -> int:
    return int(getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 5))


def backoff(attempt: int, base: float) -> timedelta:
    """Wait before the try after `attempt` (1-based): base, 2·base, 4·base, …"""
    return timedelta(seconds=base * 2 ** (attempt - 1))


def _lease() -> timedelta:
    return timedelta(seconds=float(getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 5)) * 3 + 30)


def claim(delivery_id: int, now: datetime) -> Delivery | None:
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    taken = Delivery.objects.filter(
        due & free, pk=delivery_id, status=Delivery.Status.PENDING
    ).update(claimed_until=now + _lease())
    if not taken:
        return None
    return Delivery.objects.select_related(
        "webhook__case__court", "webhook__created_by", "entry__case"
    ).get(pk=delivery_id)


def _finish(delivery: Delivery, status: str, now: datetime) -> None:
    delivery.status = status
    delivery.finished_at = now
    delivery.claimed_until = None
    delivery.save(update_fields=["status", "finished_at", "claimed_until"])


def post(url: str, body: bytes, headers: dict[str, str], server_name: str) -> int:
    """POST and return the status code (the answer's body is not read)."""
    timeout = float(getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 5))
    extensions = {"sni_hostname": server_name} if url.startswith("https:") else {}
    with (
        httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False) as client,
        client.stream("POST", url, content=body, headers=headers, extensions=extensions) as answer,
    ):
        return answer.status_code


def deliver(delivery_id: int, *, now: datetime | None = None) -> str:
    """Make one attempt at the delivery; returns what happened (for the task's result/log)."""
    now = now or timezone.now()
    delivery = claim(delivery_id, now)
    if delivery is None:
        return "not due"
    hook = delivery.webhook
    if not hook.is_active:
        _finish(delivery, Delivery.Status.CANCELLED, now)
        return "cancelled"
    body = body_for(delivery, now)
    if body is None:
        _finish(delivery, Delivery.Status.WITHHELD, now)
        return "withheld"
    timestamp = int(now.timestamp())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        signing.EVENT_HEADER: delivery.event_type,
        signing.DELIVERY_HEADER: str(delivery.event_id),
        signing.TIMESTAMP_HEADER: str(timestamp),
        signing.SIGNATURE_HEADER: signing.signature(hook.secret, timestamp, body),
    }
    code: int | None = None
    error = ""
    started = time.monotonic()
    try:
        target = target_for(hook.url)
        headers["Host"] = target.host_header
        code = post(target.url, body, headers, target.server_name)
    except AddressRefused as exc:
        error = str(exc)
    except httpx.TimeoutException:
        error = "No answer within the timeout."
    except httpx.HTTPError as exc:
        error = f"Could not connect: {exc}"[:500]
    duration = int((time.monotonic() - started) * 1000)
    if code is not None and 300 <= code < 400:
        error = "Redirects are not followed; register the final address."
    return _record(delivery, now, code=code, error=error, duration=duration)


def _record(
    delivery: Delivery, now: datetime, *, code: int | None, error: str, duration: int
) -> str:
    number = delivery.attempts + 1
    ok = code is not None and 200 <= code < 300
    gone = code == 410
    retry_at = None
    if not ok and not gone and number < max_attempts():
        base = float(getattr(settings, "WEBHOOK_RETRY_BASE_SECONDS", 30))
        retry_at = now + backoff(number, base)
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery,
            number=number,
            started_at=now,
            status_code=code,
            error=error[:500],
            duration_ms=duration,
            next_retry_at=retry_at,
        )
        delivery.attempts, delivery.last_status_code = number, code
        delivery.claimed_until = None
        if ok or retry_at is None:
            delivery.status = Delivery.Status.SUCCEEDED if ok else Delivery.Status.FAILED
            delivery.finished_at = now
        else:
            delivery.next_attempt_at = retry_at
            wait = max((retry_at - timezone.now()).total_seconds(), 0.0)
            enqueue_on_commit(TASK, delivery.pk, countdown=wait)
        delivery.save(
            update_fields=[
                "attempts",
                "last_status_code",
                "claimed_until",
                "status",
                "finished_at",
                "next_attempt_at",
            ]
        )
        if gone:
            disable_webhook(
                webhook=delivery.webhook,
                user=None,
                reason="The receiver answered 410 Gone: it no longer wants these events.",
                now=now,
            )
    if ok:
        return "delivered"
    if gone:
        return "gone: webhook disabled"
    return f"retry at {retry_at.isoformat()}" if retry_at else "failed"


def sweep(*, now: datetime | None = None, grace_seconds: float = 60) -> int:
    """Beat: re-send the task for pending deliveries whose message was lost (a broker that was
    down, a worker that died mid-attempt). The claim makes a duplicate harmless."""
    now = now or timezone.now()
    overdue = Delivery.objects.filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now),
        status=Delivery.Status.PENDING,
        next_attempt_at__lte=now - timedelta(seconds=grace_seconds),
    ).values_list("pk", flat=True)
    ids = list(overdue[:500])
    with transaction.atomic():
        for pk in ids:
            enqueue_on_commit(TASK, pk)
    return len(ids)
