"""Webhooks, their deliveries and each delivery's attempts.

A Delivery is one event for one webhook (unique per webhook and event), sent by a Celery task
(notices.tasks.deliver_webhook) and retried with exponential backoff; every attempt is logged
(status code, error, duration, the next try). A delivery about a docket entry or a deadline
inherits that entry's visibility (docket/visibility.py): the delivery log shows it only to those
who may see the entry, and it is sent only while the member who registered the webhook may."""

import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from casetracker.models import Case
from docket.models import DocketEntry
from docket.visibility import TEAM_ROLES, VisibleQuerySet
from notices.models import Deadline
from notices.visibility import DEADLINE_SOURCES

ENTRY_CREATED = "entry.created"
DEADLINE_CREATED = "deadline.created"
DEADLINE_CHANGED = "deadline.changed"
EVENTS = (
    (ENTRY_CREATED, "New docket entry"),
    (DEADLINE_CREATED, "New deadline"),
    (DEADLINE_CHANGED, "Deadline changed (date or status)"),
)


class WebhookQuerySet(VisibleQuerySet):
    """The case's webhooks: its team's business (clients never see them)."""

    roles = TEAM_ROLES


class Webhook(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    events = models.JSONField(default=list, help_text="Event types sent, e.g. entry.created")
    # The signing key. It must be kept to sign (HMAC needs it); it is shown once when the
    # webhook is registered, never again, and left out of the audit history.
    secret = models.CharField(max_length=100)
    secret_prefix = models.CharField(max_length=12)
    # Events are sent only while this member may see them (their role on the case now).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True)

    objects = WebhookQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["secret"])
    _change_reason: str  # django-simple-history: why, in the audit history

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Webhook {self.url} ({self.case.short_name})"

    def sends(self, event_type: str) -> bool:
        return self.is_active and event_type in self.events

    @property
    def event_labels(self) -> list[str]:
        names = dict(EVENTS)
        return [names.get(e, e) for e in self.events]


class DeliveryQuerySet(VisibleQuerySet):
    """A delivery about an entry or a deadline is seen only by those who may see its entries."""

    case_path = "webhook__case"
    entry_paths = ("entry", *(f"deadline__{p}" for p in DEADLINE_SOURCES))
    roles = TEAM_ROLES


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Delivered"
        FAILED = "failed", "Failed"
        WITHHELD = "withheld", "Not sent (no longer visible)"
        CANCELLED = "cancelled", "Cancelled (webhook disabled)"

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event_type = models.CharField(max_length=30, choices=EVENTS)
    event_key = models.CharField(max_length=60, help_text="e.g. entry:123, one per webhook")
    entry = models.ForeignKey(
        DocketEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    deadline = models.ForeignKey(
        Deadline, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    occurred_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event_key"], name="one_delivery_per_event")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.event_type} {self.event_key} → {self.webhook.url}"


class Attempt(models.Model):
    """One POST (or one decision not to send), as the delivery log shows it."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    next_retry_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["number", "pk"]

    def __str__(self):
        return f"attempt {self.number} of {self.delivery}"

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
