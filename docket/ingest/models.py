"""How the docket comes to us by itself: each court's RSS feed (its poll state) and the NEF
e-mails the inbound SMTP receiver accepted (stored raw before anything else, then imported or
quarantined with the reason)."""

from django.db import models

from casetracker.models import Case, Court


class FeedState(models.Model):
    """Where polling a court's RSS feed stands. One row per court that has been polled; the feed
    URL itself is `Court.rss_url`. `next_poll_at` also serves as the poller's claim: a poller
    moves it forward in one conditional UPDATE before fetching, so two pollers never fetch the
    same feed at once."""

    court = models.OneToOneField(Court, on_delete=models.CASCADE, related_name="feed_state")
    url = models.URLField(max_length=300, blank=True, help_text="The URL last polled")
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_changed_at = models.DateTimeField(
        null=True, blank=True, help_text="Last poll that added or updated entries"
    )
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_status = models.CharField(max_length=40, blank=True, help_text="HTTP status or 'error'")
    last_error = models.TextField(blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_items = models.PositiveIntegerField(default=0, help_text="Items in the feed last time")
    last_matched = models.PositiveIntegerField(default=0, help_text="Of those, for tracked cases")
    last_added = models.PositiveIntegerField(default=0)
    last_updated = models.PositiveIntegerField(default=0)
    last_unchanged = models.PositiveIntegerField(default=0)
    total_polls = models.PositiveIntegerField(default=0)
    total_errors = models.PositiveIntegerField(default=0)
    total_added = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["court__name"]

    def __str__(self):
        return f"RSS feed of {self.court.cmecf_code}"


class InboundMessage(models.Model):
    """One e-mail the SMTP receiver accepted. The raw bytes are saved first, in their own
    transaction, so a notice is never lost even if importing it fails."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received, not yet imported"
        IMPORTED = "imported", "Imported"
        DUPLICATE = "duplicate", "Already on the docket"
        QUARANTINED = "quarantined", "Quarantined"
        RELEASED = "released", "Released from quarantine"
        DISCARDED = "discarded", "Discarded from quarantine"

    received_at = models.DateTimeField(db_index=True)
    mail_from = models.CharField(max_length=300, blank=True)
    recipients = models.JSONField(default=list)
    local_part = models.CharField(max_length=120, blank=True, help_text="Case slug it was sent to")
    subject = models.CharField(max_length=500, blank=True)
    message_id = models.CharField(max_length=300, blank=True, db_index=True)
    raw = models.BinaryField()
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField(default=0)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    reason = models.TextField(blank=True, help_text="Why it was quarantined")
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.received_at:%Y-%m-%d %H:%M} {self.subject[:60]}"
