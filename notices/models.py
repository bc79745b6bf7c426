"""Time: deadlines computed from orders, the 24-hour notice windows, disclosures, reminders and
in-app notifications. Dates are stored as aware UTC datetimes and shown in court time."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from casetracker.courttime import court_datetime
from casetracker.models import Case, Party
from docket.models import DocketEntry, Obligation, RecordProduction

from .visibility import (
    DeadlineQuerySet,
    DisclosureQuerySet,
    NoticeWindowQuerySet,
    NotificationQuerySet,
)


class Deadline(models.Model):
    """A date someone must meet. What it *is* is stored (status, owner, what met it and when,
    who vacated it and why); how it reads ("Overdue", "Due soon", "Their non-compliance") is a
    view computed by `notices.deadlines.status_words` through `notices.deadlines.selectors.deadline_views`, the one
    wording every page, feed, alert and export uses."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        MET = "met", "Met"
        MISSED = "missed", "Missed"
        VACATED = "vacated", "Vacated"
        SUGGESTED = "suggested", "Suggested"

    class Owner(models.TextChoices):
        OURS = "ours", "Ours"
        THEIRS = "theirs", "Theirs"
        COURT = "court", "Court"

    # Set before a save to label its history row (django-simple-history); not a field.
    _change_reason: str
    # Set by notices.selectors.view_of / dashboard for display; not fields.
    view: Any  # notices.deadlines.status_words.DeadlineView (models do not import rooms)
    urgency: str

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.CASCADE, related_name="deadlines"
    )
    title = models.CharField(max_length=300)
    rule = models.CharField(max_length=60, blank=True, help_text="Named rule or free period")
    period = models.CharField(max_length=20, blank=True)
    before = models.BooleanField(default=False)
    trigger = models.ForeignKey(
        DocketEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="deadlines"
    )
    responsible_side = models.CharField(max_length=12, choices=Party.Side.choices, blank=True)
    responsible_party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL)
    due_at = models.DateTimeField()
    is_public = models.BooleanField(default=True, help_text="Clients may see this date")
    owner = models.CharField(
        max_length=6,
        choices=Owner.choices,
        default=Owner.OURS,
        help_text="Ours: a party our counsel represent; theirs: an opposing party; the court",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    satisfied_by = models.ForeignKey(
        DocketEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="satisfies"
    )
    satisfied_by_production = models.ForeignKey(
        RecordProduction,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="satisfies",
        help_text="The production of the record that met it",
    )
    met_on = models.DateField(null=True, blank=True, help_text="Court-local day it was met")
    vacated_at = models.DateTimeField(null=True, blank=True)
    vacated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    vacate_reason = models.TextField(blank=True)
    # What it is: a deadline (someone must act) or a hearing (the Court's date).
    kind = models.CharField(
        max_length=8, choices=[("deadline", "Deadline"), ("hearing", "Hearing")], default="deadline"
    )
    # A suggestion the team confirms: why the rule or the reading is uncertain, and the sentence
    # of docket text a date was read from.
    uncertain_reason = models.TextField(blank=True)
    source_text = models.TextField(blank=True, help_text="The docket text sentence it came from")
    review = models.CharField(
        max_length=10,
        blank=True,
        choices=[("accepted", "Accepted"), ("dismissed", "Dismissed")],
        help_text="What the team decided about a suggestion",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An override keeps the date the rule gives and says why it was changed.
    computed_due_at = models.DateTimeField(
        null=True, blank=True, help_text="The rule's date when the team overrode it"
    )
    override_reason = models.TextField(blank=True)
    overridden_at = models.DateTimeField(null=True, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    explanation = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    objects = DeadlineQuerySet.as_manager()

    class Meta:
        ordering = ["due_at"]
        indexes = [models.Index(fields=["case", "status", "due_at"])]

    def __str__(self):
        return self.title


class ClerkInaccessibility(models.Model):
    """A time the clerk's office (or CM/ECF) was inaccessible: FRCP 6(a)(3), a different rule
    from the legal holidays of 6(a)(6) (court closures): it extends only a period whose last
    day (days) or last hour (hours) it covers, to the first accessible day."""

    court = models.ForeignKey(
        "casetracker.Court", on_delete=models.CASCADE, related_name="inaccessibility"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    reason = models.CharField(max_length=300, help_text="e.g. CM/ECF outage")
    source = models.CharField(max_length=300, blank=True, help_text="e.g. the Clerk's notice")
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_at"]
        verbose_name_plural = "clerk's office inaccessibility"

    def __str__(self):
        return f"{self.reason} ({self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%Y-%m-%d %H:%M})"


class NoticeWindow(models.Model):
    """Defendants' notice of an intended disclosure (what data, to whom), and its window's two
    ends: elapsed clock hours (`clock_closes_at`) and FRCP 6(a)(2) (`closes_at`, the later one).
    See notices/compliance/windows.py."""

    # Set by the selectors and template tags that list windows (for display; not fields).
    is_open: bool
    used_by: Disclosure | None
    outside_order: bool

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notice_windows")
    obligation = models.ForeignKey(
        Obligation, null=True, blank=True, on_delete=models.SET_NULL, related_name="windows"
    )
    received_at = models.DateTimeField()
    given_by = models.CharField(max_length=200, blank=True, help_text="Who gave the notice")
    data_description = models.TextField(help_text="What data is to be disclosed")
    recipient = models.CharField(max_length=200, default="ICE", help_text="To whom")
    entry = models.ForeignKey(
        DocketEntry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The notice as docketed",
    )
    clock_closes_at = models.DateTimeField(
        null=True, help_text="Received + the order's hours, elapsed clock time"
    )
    closes_at = models.DateTimeField(help_text="The FRCP 6(a)(2) end (never before the clock end)")
    explanation = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    objects = NoticeWindowQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]

    def __str__(self):
        return f"Notice {self.pk} of {court_datetime(self.received_at, self.case)}"

    @property
    def is_disputable(self):
        """True when the two readings give different ends."""
        return self.clock_closes_at is not None and self.clock_closes_at != self.closes_at


class Disclosure(models.Model):
    """A disclosure of taxpayer data that actually happened (as reported), and the verdict on it
    under the advance-notice order. `window` is the notice that covers it (one notice, one
    disclosure); `pinned_window` the notice the user said it was made under, if any."""

    class Verdict(models.TextChoices):
        COMPLIANT = "compliant", "Compliant"
        DISPUTED = "disputed", "Disputed"
        BREACH = "breach", "Breach"
        OUTSIDE = "outside-order", "Outside the order"

    # Set by notices.compliance_selectors for the ledger (for display; not fields).
    when_local: datetime
    when_iso: str
    notice_hidden: bool

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="disclosures")
    occurred_at = models.DateTimeField()
    time_known = models.BooleanField(
        default=True, help_text="False when only the day is known (e.g. from press reports)"
    )
    data_description = models.TextField(blank=True, help_text="What data was disclosed")
    recipient = models.CharField(max_length=200, blank=True, help_text="To whom")
    source = models.CharField(max_length=300, blank=True, help_text="How we learned of it")
    description = models.TextField(blank=True, help_text="Other facts")
    pinned_window = models.ForeignKey(
        NoticeWindow, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    window = models.ForeignKey(
        NoticeWindow, null=True, blank=True, on_delete=models.SET_NULL, related_name="disclosures"
    )
    verdict = models.CharField(max_length=16, choices=Verdict.choices, default=Verdict.BREACH)
    summary = models.CharField(max_length=600, blank=True)
    explanation = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()
    objects = DisclosureQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["window"],
                condition=models.Q(window__isnull=False),
                name="one_disclosure_per_notice",
            )
        ]

    def __str__(self):
        return f"Disclosure {self.pk} of {self.occurred_at:%Y-%m-%d}"

    @property
    def is_breach(self):
        return self.verdict == self.Verdict.BREACH

    @property
    def breach_reason(self):
        return self.summary if self.is_breach else ""


class Reminder(models.Model):
    """One alert to one person. The row is the source of truth: the beat sweep claims due rows
    atomically and sending is idempotent on `key`, so nothing is sent twice or lost."""

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        IN_APP = "in_app", "In-app"

    class Kind(models.TextChoices):
        WINDOW_OPENED = "window_opened", "Notice window opened"
        BEFORE_DEADLINE = "before_deadline", "Deadline approaching"
        BEFORE_WINDOW_CLOSE = "before_window_close", "Notice window closing"
        OVERDUE = "overdue", "Deadline overdue"
        BREACH = "breach", "Breach of the notice order"
        DISPUTED = "disputed", "Disputed disclosure"
        NEW_ENTRY = "new_entry", "New docket entry"
        NEW_ORDER = "new_order", "New order"
        DIGEST = "digest", "Daily digest of new entries"
        CLIENT_ORDER = "client_order", "Notice of a public order (client)"

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    deadline = models.ForeignKey(
        Deadline, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    window = models.ForeignKey(
        NoticeWindow, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    entry = models.ForeignKey(
        DocketEntry, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    due_at = models.DateTimeField(db_index=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    cancelled = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at"]


class Notification(models.Model):
    """The in-app channel: a message in the user's list, with an unread count in the header.
    Shown only while the user may still see its source (notices/visibility.py): the reminder's
    deadline or window, or `entry`, read against the user's current role on `case`."""

    class Audience(models.TextChoices):
        TEAM = "team", "The legal team"
        EVERYONE = "everyone", "Everyone on the case (clients too)"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    case = models.ForeignKey(Case, null=True, on_delete=models.CASCADE)
    reminder = models.OneToOneField(
        Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="notification"
    )
    subject = models.CharField(max_length=300)
    body = models.TextField()
    url = models.CharField(max_length=300, blank=True)
    entry = models.ForeignKey(
        DocketEntry,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The docket entry this announces, if any: its visibility is inherited",
    )
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.TEAM)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]


def new_token():
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """A revocable secret for the user's .ics feed; revoking issues a new token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token"
    )
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)


class AlertMode(models.TextChoices):
    AT_ONCE = "at_once", "At once"
    DIGEST = "digest", "Daily digest"
    OFF = "off", "Off"


class AlertPreference(models.Model):
    """How a team member hears of new docket entries on one case. No row = the defaults (every
    new entry and order at once, by e-mail and in the app)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preferences"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="alert_preferences")
    entries = models.CharField(
        "new entries", max_length=8, choices=AlertMode.choices, default=AlertMode.AT_ONCE
    )
    orders = models.CharField(
        "new orders", max_length=8, choices=AlertMode.choices, default=AlertMode.AT_ONCE
    )
    email = models.BooleanField("by e-mail", default=True)
    in_app = models.BooleanField("in the app", default=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "case"], name="one_alert_preference_per_case")
        ]


class EntryAlert(models.Model):
    """The one decision "this person hears of this entry, this way". Unique per (entry, user), so
    an entry that arrives by RSS, then NEF, then a PACER report alerts each person once."""

    class Mode(models.TextChoices):
        AT_ONCE = "at_once", "At once"
        DIGEST = "digest", "Daily digest"
        CLIENT = "client", "Client notice of a public order"

    entry = models.ForeignKey(DocketEntry, on_delete=models.CASCADE, related_name="alerts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    mode = models.CharField(max_length=8, choices=Mode.choices)
    source = models.CharField(max_length=8, blank=True, help_text="How the entry arrived")
    created_at = models.DateTimeField(auto_now_add=True)
    digest_key = models.CharField(max_length=120, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "user"], name="one_alert_per_entry_and_user")
        ]
        ordering = ["created_at"]
