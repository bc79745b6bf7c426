"""The objects of two cases that the security tests point URLs at."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from docket.ingest.models import InboundMessage
from docket.models import DocketExport, Filing, ImportJob, ImportRun, RecordDocument, TextConflict
from notices.models import CalendarToken, Deadline, Disclosure
from notices.webhooks.models import Webhook
from tests.docket.factories import DocumentFactory, EntryFactory
from tests.docket.pdfmaker import text_pdf


class Side:
    """The objects of one case that object URLs point at."""

    def __init__(self, case, user):
        self.entry = EntryFactory(case=case, number=901, text="Public entry")
        self.order = EntryFactory(case=case, number=902, kind="order", text="ORDER")
        self.document = DocumentFactory(entry=self.entry, attachment_number=0, sha256="a" * 64)
        self.document.file.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF"), save=True)
        self.filing = Filing.objects.create(
            case=case, title="Draft notice", body="Text", status=Filing.Status.RENDERED
        )
        # A real one-page PDF: the filing's first-page preview is made from it.
        self.filing.pdf.save("filing.pdf", ContentFile(text_pdf("Draft notice")), save=True)
        self.deadline = Deadline.objects.create(
            case=case, title="Reply", due_at=timezone.now() + dt.timedelta(days=9)
        )
        self.disclosure = Disclosure.objects.create(
            case=case, occurred_at=timezone.now(), source="Press report", verdict="breach"
        )
        self.export = DocketExport.objects.create(
            case=case, requested_by=user, status=DocketExport.Status.READY
        )
        self.export.pdf.save("sheet.pdf", ContentFile(b"%PDF-1.4\n%%EOF"), save=True)
        self.import_run = ImportRun.objects.create(
            case=case,
            source="pacer",
            added=1,
            changes=[{"entry": self.entry.pk, "name": "ECF No. 901", "action": "added"}],
        )
        self.import_job = ImportJob.objects.create(
            case=case, source="pacer", status="done", summary="added 1, updated 0, unchanged 0"
        )
        self.conflict = TextConflict.objects.create(
            entry=self.entry, run=self.import_run, source="pacer", ours="typed", theirs="court"
        )
        self.record_document = RecordDocument.objects.create(
            case=case, bates_start="AR-000001", bates_end="AR-000002", title="Memo"
        )
        self.record_document.file.save("ar.pdf", ContentFile(b"%PDF-1.4\n%%EOF"), save=True)
        self.webhook = Webhook.objects.create(
            case=case,
            url="http://127.0.0.1:9/hook",
            events=["entry.created"],
            secret="whsec_test",
            secret_prefix="whsec_test",
            created_by=user,
        )


class World(dict):
    pass


@pytest.fixture
def world(real_case, other_case, users):
    w = World(own=Side(real_case, users["attorney"]), other=Side(other_case, users["outsider"]))
    w.slug = real_case.slug
    w.token = CalendarToken.objects.create(user=users["attorney"]).token
    w.inbound = InboundMessage.objects.create(
        received_at=timezone.now(),
        raw=b"Subject: hello\n\nnot a notice",
        sha256="0" * 64,
        status=InboundMessage.Status.QUARANTINED,
        reason="Not a CM/ECF NEF",
    )
    return w
