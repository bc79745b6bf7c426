"""What was filed and ordered: docket entries, their documents, orders' obligations, the team's
outbound filings and the administrative record."""

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from casetracker.models import Attorney, Case, Party

from .storage import content_addressed_storage
from .visibility import (
    CurrentDocumentManager,
    DocketEntryQuerySet,
    DocumentQuerySet,
    ImportRunQuerySet,
    ObligationQuerySet,
    TextConflictQuerySet,
)


class DocketEntry(models.Model):
    class Kind(models.TextChoices):
        COMPLAINT = "complaint", "Complaint"
        MOTION = "motion", "Motion"
        OPPOSITION = "opposition", "Opposition"
        REPLY = "reply", "Reply"
        ORDER = "order", "Order"
        MINUTE_ORDER = "minute_order", "Minute order"
        NOTICE = "notice", "Notice"
        RECORD = "record", "Administrative record"
        OTHER = "other", "Other"

    class Source(models.TextChoices):
        MANUAL = "manual", "Entered by hand"
        PACER = "pacer", "PACER docket report"
        NEF = "nef", "NEF e-mail"
        LOADER = "loader", "Case facts loader"
        RSS = "rss", "PACER RSS feed"

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public"
        RESTRICTED = "restricted", "Restricted (team only)"
        SEALED = "sealed", "Sealed"

    ORDER_KINDS = (Kind.ORDER, Kind.MINUTE_ORDER)

    # Set before a save to label its history row (django-simple-history); not a field.
    _change_reason: str
    # Set by docket.entries.selectors.for_page on a page of entries (display only).
    document_count: int
    filer_list: list[str]

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="entries")
    number = models.PositiveIntegerField(null=True, blank=True, help_text="ECF number")
    date_filed = models.DateField()
    date_entered = models.DateField(null=True, blank=True)
    text = models.TextField()
    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.OTHER)
    filed_by = models.ManyToManyField(Party, blank=True, related_name="entries")
    filer_names = models.CharField(
        max_length=300,
        blank=True,
        help_text="Filers the court named who are not parties of the case (e.g. USA)",
    )
    responds_to = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="responses"
    )
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    plain_summary = models.CharField(
        max_length=300, blank=True, help_text="One plain-English line for clients"
    )
    is_key_order = models.BooleanField(default=False, help_text="Shown on the client status page")
    internal_note = models.TextField(blank=True, help_text="Team only; never shown to clients")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[responds_to])
    objects = DocketEntryQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "number"],
                condition=models.Q(number__isnull=False),
                name="one_entry_per_ecf_number",
            )
        ]
        indexes = [
            models.Index(fields=["case", "date_filed", "number"]),
            # the docket page's count of what a role may see, without reading the entries
            models.Index(fields=["case", "visibility"], name="docket_entry_case_visibility"),
            # the client status page's key orders, without reading the whole docket
            models.Index(
                fields=["case", "date_filed"],
                condition=models.Q(is_key_order=True),
                name="docket_entry_key_orders",
            ),
            # "is this a full docket?" (any imported entry) on the case page, without a scan
            models.Index(
                fields=["case"],
                condition=models.Q(source__in=["pacer", "nef"]),
                name="docket_entry_imported",
            ),
        ]
        ordering = ["date_filed", "number", "pk"]
        verbose_name_plural = "docket entries"

    def __str__(self):
        return self.name

    @property
    def name(self):
        """How a lawyer names the entry: "ECF No. 12" when it has a number, else its kind and
        date ("Minute order, 9 Sep 2025")."""
        if self.number:
            return f"ECF No. {self.number}"
        return f"{self.get_kind_display()}, {self._day()}"

    @property
    def dated_name(self):
        """The name with the date always shown: "ECF No. 12, 5 Sep 2025"."""
        return f"ECF No. {self.number}, {self._day()}" if self.number else self.name

    def _day(self):
        return f"{self.date_filed.day} {self.date_filed:%b %Y}" if self.date_filed else "undated"

    @property
    def is_order(self):
        return self.kind in self.ORDER_KINDS

    @property
    def permalink_key(self):
        """ECF number when known; entries without one (minute orders, loader facts) use `e<pk>`."""
        return str(self.number) if self.number else f"e{self.pk}"

    def get_absolute_url(self):
        return reverse(
            "entry_detail", kwargs={"slug": self.case.slug, "number": self.permalink_key}
        )


def document_upload_path(instance, filename):
    """Stored under the content hash, never the uploader's file name."""
    digest = instance.sha256
    return f"documents/{digest[:2]}/{digest[2:4]}/{digest}.pdf"


class Document(models.Model):
    entry = models.ForeignKey(DocketEntry, on_delete=models.CASCADE, related_name="documents")
    attachment_number = models.PositiveIntegerField(default=0, help_text="0 = main document")
    description = models.CharField(max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    file = models.FileField(
        upload_to=document_upload_path,
        storage=content_addressed_storage,
        max_length=200,
        blank=True,
    )
    sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    byte_size = models.PositiveBigIntegerField(null=True, blank=True)
    text = models.TextField(blank=True, help_text="Extracted text, for search")
    text_is_ocr = models.BooleanField(default=False, help_text="The text was read by OCR")
    ocr_tried_at = models.DateTimeField(null=True, blank=True)
    pacer_url = models.URLField(blank=True, help_text="Where PACER/NEF says the document is")
    active_content = models.CharField(
        max_length=60,
        blank=True,
        help_text="What the PDF carries besides pages (javascript, embedded_files), found on "
        "upload; such a PDF is only ever offered as a download",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Withdrawn (docket.entries.withdrawals): gone from every page, count and search for everyone; the
    # row, its file and its history are kept, the file for admins only.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_reason = models.TextField(blank=True)
    history = HistoricalRecords()
    objects = CurrentDocumentManager()  # not withdrawn; the default manager
    all_objects = DocumentQuerySet.as_manager()  # withdrawn ones too

    class Meta:
        constraints = [
            # A withdrawn attachment frees its number for the right file.
            models.UniqueConstraint(
                fields=["entry", "attachment_number"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_document_per_attachment",
            )
        ]
        ordering = ["attachment_number"]

    def __str__(self):
        return self.description or f"Attachment {self.attachment_number}"

    @property
    def label(self):
        """'Main document' or 'Attachment 3', then the description if any."""
        name = f"Attachment {self.attachment_number}" if self.attachment_number else "Main document"
        if self.description and self.description != name:
            return f"{name} — {self.description}"
        return name

    @property
    def is_withdrawn(self):
        return self.withdrawn_at is not None


class Obligation(models.Model):
    """What an order requires of a party, and when: a fixed date/time, a period after/before a
    trigger ("within 45 days"), or a standing notice requirement ("24 hours before any
    disclosure"). The notices app turns these into Deadlines and NoticeWindows."""

    # Set on the rows notices.compliance_selectors.order_terms lists (for display; not fields).
    term: Any  # notices.compliance.OrderTerm (docket does not import notices)
    running: bool
    description: str

    order = models.ForeignKey(DocketEntry, on_delete=models.CASCADE, related_name="obligations")
    party_side = models.CharField(
        max_length=12, choices=Party.Side.choices, help_text="Who must act (a side of the case)"
    )
    party = models.ForeignKey(Party, null=True, blank=True, on_delete=models.SET_NULL)
    text = models.CharField(max_length=500)
    due_at = models.DateTimeField(null=True, blank=True, help_text="A fixed date/time")
    period = models.CharField(max_length=20, blank=True, help_text="e.g. 45d or 24h")
    before = models.BooleanField(default=False, help_text="Period counted backward from trigger")
    trigger = models.ForeignKey(
        DocketEntry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="triggered",
        help_text="Entry the period runs from; the order itself if empty",
    )
    standing_notice_hours = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Advance notice required before each act (the 24-hour order)",
    )
    effective_until = models.DateField(
        null=True,
        blank=True,
        help_text="The day the term stopped running (e.g. the ruling that ended it); empty if open",
    )
    effective_until_event = models.CharField(
        max_length=300, blank=True, help_text="What ended it, e.g. the Court's ruling on the motion"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()
    objects = ObligationQuerySet.as_manager()

    def __str__(self):
        return self.text


class Filing(models.Model):
    """An outbound paper the team drafts and renders to a court-ready PDF."""

    class Type(models.TextChoices):
        NOTICE = "notice", "Notice"
        MOTION = "motion", "Motion"
        STATUS_REPORT = "status_report", "Status report"
        NON_COMPLIANCE = "non_compliance", "Notice of non-compliance"
        CERTIFICATE = "certificate", "Certificate of service"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        RENDERED = "rendered", "Ready"
        FAILED = "failed", "Failed"
        FILED = "filed", "Filed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="filings")
    type = models.CharField(max_length=16, choices=Type.choices, default=Type.NOTICE)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True, help_text="Markdown; raw HTML is not allowed")
    signing_attorney = models.ForeignKey(
        Attorney, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    service_list = models.TextField(blank=True, help_text="One recipient per line")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    error = models.TextField(blank=True)
    pdf = models.FileField(upload_to="filings/", blank=True, max_length=200)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life of the worker rendering it"
    )
    filed_entry = models.ForeignKey(
        DocketEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["heartbeat_at"])

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self):
        return self.title


class DocketExport(models.Model):
    """A file prepared in Celery for one member: the docket (PDF sheet or CSV) or the privilege
    log (PDF or CSV). It holds only what that member could see when they asked (`visibilities`),
    so only the requester may download it. A derived artefact rewritten on every progress tick,
    so it keeps no history of its own."""

    class Kind(models.TextChoices):
        DOCKET_PDF = "docket_pdf", "Docket sheet (PDF)"
        DOCKET_CSV = "docket_csv", "Docket (CSV)"
        PRIVILEGE_PDF = "privilege_pdf", "Privilege log (PDF)"
        PRIVILEGE_CSV = "privilege_csv", "Privilege log (CSV)"

    PRIVILEGE_KINDS = (Kind.PRIVILEGE_PDF, Kind.PRIVILEGE_CSV)
    CSV_KINDS = (Kind.DOCKET_CSV, Kind.PRIVILEGE_CSV)

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="docket_exports")
    kind = models.CharField(max_length=14, choices=Kind.choices, default=Kind.DOCKET_PDF)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    visibilities = models.CharField(
        max_length=60, help_text="Comma-separated entry visibilities included"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="0-100")
    entry_count = models.PositiveIntegerField(null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    # The prepared file, PDF or CSV (named when exports were PDFs only).
    pdf = models.FileField(upload_to="exports/", blank=True, max_length=200)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Last sign of life of the worker rendering it"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.case} ({self.get_status_display()})"

    @property
    def is_csv(self):
        return self.kind in self.CSV_KINDS


class RecordProduction(models.Model):
    """One production (volume) of the administrative record and its certified index."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="record_productions")
    volume = models.CharField(max_length=40)
    produced_on = models.DateField()
    certification = models.TextField(blank=True)
    certified_index = models.FileField(upload_to="record/index/", blank=True)
    entry = models.ForeignKey(
        DocketEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "volume"], name="one_volume")]
        ordering = ["produced_on", "volume"]

    def __str__(self):
        return f"Volume {self.volume} ({self.produced_on})"


class RecordDocument(models.Model):
    """A document in the certified index, identified by its Bates range."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="record_documents")
    production = models.ForeignKey(
        RecordProduction, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents"
    )
    bates_start = models.CharField(max_length=40)
    bates_end = models.CharField(max_length=40)
    title = models.CharField(max_length=500)
    document_date = models.DateField(null=True, blank=True)
    author = models.CharField(max_length=200, blank=True)
    privilege_claim = models.CharField(max_length=100, blank=True)
    privilege_basis = models.TextField(blank=True)
    withheld = models.BooleanField(default=False)
    redacted = models.BooleanField(default=False)
    in_index = models.BooleanField(default=True, help_text="Listed in the certified index")
    file = models.FileField(upload_to="record/files/", blank=True, max_length=200)
    sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    text_is_ocr = models.BooleanField(default=False, help_text="The text was read by OCR")
    ocr_tried_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["bates_start"]
        constraints = [
            models.UniqueConstraint(fields=["case", "bates_start"], name="one_doc_per_bates_start")
        ]

    def __str__(self):
        return f"{self.bates_start}–{self.bates_end} {self.title}"

    @property
    def is_privileged(self):
        return bool(self.privilege_claim) or self.withheld


class AdministrativeRecord(models.Model):
    """The case's administrative record as a whole: which order's obligation requires the
    defendants to produce it, so the record page can say whether it was produced on time."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="admin_record")
    obligation = models.ForeignKey(
        Obligation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The order's obligation to produce the record",
    )
    history = HistoricalRecords()

    def __str__(self):
        return f"Administrative record of {self.case}"


class ImportRun(models.Model):
    """What one import did to a case's docket or administrative record, kept for review
    (docket/ingest/review.py): the entries (or record documents) it added and, for each one it
    updated, the fields before and after."""

    RECORD_INDEX = "record"
    SOURCES = [*DocketEntry.Source.choices, (RECORD_INDEX, "Certified record index")]

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="import_runs")
    source = models.CharField(max_length=8, choices=SOURCES)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin = models.CharField(max_length=300, blank=True, help_text="File, feed or message")
    created_at = models.DateTimeField(auto_now_add=True)
    added = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    changes = models.JSONField(default=list, help_text="[{entry, name, action, fields}]")
    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_source_display()} import of {self.created_at:%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        return reverse("import_run", kwargs={"slug": self.case.slug, "pk": self.pk})


class TextConflict(models.Model):
    """An import brought docket text for an entry whose text the team typed by hand. Both are
    kept; the team says which is canonical (`kept`)."""

    class Keep(models.TextChoices):
        OURS = "ours", "The team's text"
        THEIRS = "theirs", "The court's text"

    entry = models.ForeignKey(DocketEntry, on_delete=models.CASCADE, related_name="text_conflicts")
    run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="conflicts"
    )
    source = models.CharField(max_length=8, choices=DocketEntry.Source.choices)
    ours = models.TextField(help_text="The text typed by hand, when the import came")
    theirs = models.TextField(help_text="The text the import brought")
    created_at = models.DateTimeField(auto_now_add=True)
    kept = models.CharField(max_length=6, choices=Keep.choices, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()
    objects = TextConflictQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]


class ImportJob(models.Model):
    """One import of a file into a case — a PACER docket report (a district court's or a court
    of appeals'), an NEF, or a certified index of the administrative record (`source` "record")
    — uploaded on a page or given to the command line, run in batches by docket.ingest.batches
    (docket.ingest.record_index for an index) — in a Celery worker for the page, in the process
    for the command. Holds the file (and its options, `params`) until it has been imported, the
    progress the page shows, the outcome, and what the import wrote so far (`undo`), so a failed
    or interrupted import can be taken back. Audited: its history says who started it and
    whether it succeeded or failed, and why. A court of appeals report uploaded on the district
    case's page moves to the appeal's case once the worker has found (or made) it.

    At most one import of a case runs at a time (the `one_running_import_per_case` constraint,
    on SQLite and PostgreSQL alike)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Failed"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="import_jobs")
    source = models.CharField(max_length=8, choices=ImportRun.SOURCES)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    origin = models.CharField(max_length=300, blank=True, help_text="File name, or where from")
    payload = models.BinaryField(blank=True, help_text="The file, until it has been imported")
    params = models.JSONField(
        default=dict, blank=True, help_text="Options (a record index's volume, production date)"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="0-100")
    total = models.PositiveIntegerField(
        null=True, blank=True, help_text="Entries (or record documents) in the file"
    )
    written = models.PositiveIntegerField(default=0, help_text="Rows gone through so far")
    summary = models.CharField(max_length=200, blank=True, help_text="added N, updated M, ...")
    notes = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    run = models.ForeignKey(
        ImportRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    undo = models.JSONField(default=dict, blank=True, help_text="What to take back on failure")
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(
        excluded_fields=["payload", "undo", "heartbeat_at", "progress", "written"]
    )
    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="running"),
                name="one_running_import_per_case",
            )
        ]

    def __str__(self):
        return f"{self.get_source_display()} import into {self.case} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("import_job", kwargs={"slug": self.case.slug, "pk": self.pk})

    @property
    def is_record_index(self):
        return self.source == ImportRun.RECORD_INDEX

    @property
    def rows_word(self):
        """What the file's rows are, for the progress line: "entries" or "documents"."""
        return "documents" if self.is_record_index else "entries"
