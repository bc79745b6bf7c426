"""The notices API serializers: deadlines, notice windows, disclosures, webhooks."""

from rest_framework import serializers

from casetracker.api.serializers import entry_key
from notices.models import Deadline, Disclosure, NoticeWindow
from notices.webhooks.models import EVENTS, Attempt, Delivery, Webhook


class DeadlineSerializer(serializers.ModelSerializer):
    trigger = serializers.SerializerMethodField()
    satisfied_by = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = [
            "id",
            "title",
            "rule",
            "period",
            "before",
            "due_at",
            "status",
            "is_public",
            "responsible_side",
            "responsible_party",
            "trigger",
            "satisfied_by",
            "explanation",
        ]

    def get_trigger(self, deadline) -> str | None:
        return entry_key(deadline.trigger)

    def get_satisfied_by(self, deadline) -> str | None:
        return entry_key(deadline.satisfied_by)


class NoticeWindowSerializer(serializers.ModelSerializer):
    entry = serializers.SerializerMethodField()

    class Meta:
        model = NoticeWindow
        fields = [
            "id",
            "received_at",
            "given_by",
            "data_description",
            "recipient",
            "entry",
            "clock_closes_at",
            "closes_at",
            "explanation",
        ]

    def get_entry(self, window) -> str | None:
        return entry_key(window.entry)


class DisclosureSerializer(serializers.ModelSerializer):
    class Meta:
        model = Disclosure
        fields = [
            "id",
            "occurred_at",
            "time_known",
            "data_description",
            "recipient",
            "source",
            "description",
            "window",
            "verdict",
            "summary",
            "explanation",
        ]


class WebhookSerializer(serializers.ModelSerializer):
    """A webhook as listed; `secret` only in the answer to its registration (shown once)."""

    events = serializers.MultipleChoiceField(choices=EVENTS)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    class Meta:
        model = Webhook
        fields = [
            "id",
            "url",
            "description",
            "events",
            "secret_prefix",
            "created_by",
            "created_at",
            "is_active",
            "disabled_at",
            "disabled_reason",
        ]
        read_only_fields = [
            "secret_prefix",
            "created_at",
            "is_active",
            "disabled_at",
            "disabled_reason",
        ]
        extra_kwargs: dict[str, dict[str, object]] = {"url": {"validators": []}}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["events"] = list(instance.events)
        return data


class RegisteredWebhookSerializer(WebhookSerializer):
    secret = serializers.CharField(read_only=True, help_text="Shown once; keep it to verify.")

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]


class DisableSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attempt
        fields = ["number", "started_at", "status_code", "error", "duration_ms", "next_retry_at"]


class DeliverySerializer(serializers.ModelSerializer):
    entry = serializers.SerializerMethodField()
    attempts = AttemptSerializer(source="attempt_log", many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "event_id",
            "event_type",
            "entry",
            "deadline",
            "occurred_at",
            "status",
            "next_attempt_at",
            "last_status_code",
            "finished_at",
            "attempts",
        ]

    def get_entry(self, delivery) -> str | None:
        return entry_key(delivery.entry)
