"""The notices API serializers: deadlines, notice windows, disclosures."""

from rest_framework import serializers

from casetracker.api.serializers import entry_key
from notices.models import Deadline, Disclosure, NoticeWindow


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
