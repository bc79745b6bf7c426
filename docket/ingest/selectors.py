"""Reads for the operator page: each court feed's poll state and the inbound mail."""

from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q

from casetracker.models import Case, Court
from docket.ingest.models import FeedState, InboundMessage


def feed_rows() -> list[dict[str, Any]]:
    """One row per court that has a feed URL or a tracked case: its URL, poll state and cases."""
    courts = Court.objects.filter(Q(cases__isnull=False) | ~Q(rss_url="")).distinct()
    states = {s.court_id: s for s in FeedState.objects.all()}
    cases: dict[int, list[Case]] = {}
    for case in Case.objects.select_related("court").order_by("short_name"):
        cases.setdefault(case.court_id, []).append(case)
    rows = []
    for court in courts.order_by("cmecf_code"):
        rows.append(
            {
                "court": court,
                "state": states.get(court.pk),
                "cases": cases.get(court.pk, []),
                "polled": bool(court.rss_url and cases.get(court.pk)),
            }
        )
    return rows


def inbound_summary() -> dict[str, Any]:
    counts = dict(InboundMessage.objects.values_list("status").annotate(n=Count("pk")).order_by())
    last = InboundMessage.objects.aggregate(last=Max("received_at"))["last"]
    return {
        "counts": {label: counts.get(value, 0) for value, label in InboundMessage.Status.choices},
        "quarantined": counts.get(InboundMessage.Status.QUARANTINED, 0),
        "last_received": last,
        "domain": settings.INBOUND_DOMAIN,
        "listen": f"{settings.SMTP_INBOUND_HOST}:{settings.SMTP_INBOUND_PORT}",
        "addresses": [
            (case, f"{case.slug}@{settings.INBOUND_DOMAIN or '<INBOUND_DOMAIN>'}")
            for case in Case.objects.select_related("court").order_by("short_name")
        ],
    }


def recent_messages(limit: int = 50) -> list[InboundMessage]:
    return list(
        InboundMessage.objects.select_related("case").defer("raw").order_by("-received_at")[:limit]
    )


def quarantine() -> list[InboundMessage]:
    return list(
        InboundMessage.objects.filter(status=InboundMessage.Status.QUARANTINED)
        .defer("raw")
        .order_by("-received_at")
    )
