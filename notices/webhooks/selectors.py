"""Reads for the webhook pages and the API: the case's webhooks (its team's business), and a
webhook's delivery log — only the deliveries whose entries the reader may see now."""

from django.db.models import Prefetch, QuerySet

from casetracker.models import CaseMembership

from .models import Attempt, Delivery, Webhook


def webhooks_for(membership: CaseMembership | None) -> QuerySet[Webhook]:
    return Webhook.objects.visible_to(membership).select_related("created_by")


def deliveries_for(
    membership: CaseMembership | None, webhook: Webhook, *, limit: int = 100
) -> list[Delivery]:
    rows = (
        Delivery.objects.visible_to(membership)
        .filter(webhook=webhook)
        .select_related("entry", "deadline")
        .prefetch_related(Prefetch("attempt_log", queryset=Attempt.objects.order_by("number")))
    )
    return list(rows[:limit])


def deliveries_queryset(membership: CaseMembership | None, webhook: Webhook) -> QuerySet[Delivery]:
    return (
        Delivery.objects.visible_to(membership)
        .filter(webhook=webhook)
        .prefetch_related(Prefetch("attempt_log", queryset=Attempt.objects.order_by("number")))
    )
