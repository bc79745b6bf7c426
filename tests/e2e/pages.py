"""The app's pages, per role, over a furnished real case: what the phone-width, accessibility and
screenshot walks visit. Built through the services (a notice, a breach, a filing, a deadline,
record documents) so every page has content to lay out, not an empty state."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from casetracker.models import Attorney
from docket.models import DocketEntry, Filing, RecordDocument
from docket.papers import filings
from notices.compliance import services as compliance_services
from notices.models import Deadline
from tests.docket.factories import DocumentFactory, EntryFactory

TEAM_ROLES = ("admin", "attorney", "paralegal")


class Furnished:
    def __init__(self, case, users):
        now = timezone.now()
        self.case = case
        self.entry = EntryFactory(
            case=case,
            number=31,
            kind="motion",
            date_filed=dt.date(2025, 9, 12),
            text="MOTION to Enforce the Court's Order of September 5, 2025 by CENTER FOR TAXPAYER "
            "RIGHTS, MAIN STREET ALLIANCE, COMMUNICATIONS WORKERS OF AMERICA, NATIONAL FEDERATION "
            "OF FEDERAL EMPLOYEES. (Attachments: # 1 Declaration of a very long name, # 2 Text "
            "of Proposed Order)(Thurston, Robin) (Entered: 09/12/2025)",
        )
        doc = DocumentFactory(entry=self.entry, attachment_number=0, sha256="b" * 64)
        doc.file.save("x.pdf", ContentFile(b"%PDF-1.4\n%%EOF"), save=True)
        self.document = doc
        self.order = (
            DocketEntry.objects.filter(case=case, kind__in=DocketEntry.ORDER_KINDS)
            .order_by("-date_filed")
            .first()
        )
        self.deadline = Deadline.objects.create(
            case=case,
            title="Opposition to the motion to enforce",
            due_at=now + dt.timedelta(days=3),
            explanation=["Start: Fri 12 Sep 2025", "Deadline: Fri 26 Sep 2025, 11:59 p.m. ET"],
        )
        window = compliance_services.record_notice(
            case=case,
            received_at=now - dt.timedelta(hours=2),
            given_by="Counsel for Defendants",
            data_description="Last-known addresses of 1,000 taxpayers",
            user=users["paralegal"],
        )
        self.disclosure = compliance_services.record_disclosure(
            case=case,
            occurred_at=now - dt.timedelta(hours=1),
            data_description="Last-known addresses of 1,000 taxpayers",
            recipient="ICE",
            source="Declaration of the IRS Chief Privacy Officer",
            user=users["paralegal"],
            window=window,
        )
        attorney = Attorney.objects.filter(representations__party__case=case).first()
        self.filing = filings.create_filing(
            case=case,
            user=users["attorney"],
            type=Filing.Type.NOTICE,
            title="Notice of Supplemental Authority",
            body="Plaintiffs respectfully give notice of the attached decision.",
            signing_attorney=attorney,
        )
        RecordDocument.objects.get_or_create(
            case=case,
            bates_start="IRS-AR-000001",
            defaults={
                "bates_end": "IRS-AR-000057",
                "title": "Memorandum of Understanding between IRS and ICE (April 7, 2025)",
                "author": "Internal Revenue Service",
                "privilege_claim": "Deliberative process",
                "privilege_basis": "Pre-decisional draft",
            },
        )


def team_pages(w: Furnished) -> list[tuple[str, str]]:
    slug = w.case.slug
    return [
        ("Cases", reverse("case_list")),
        ("Overview", reverse("case_detail", args=[slug])),
        ("Docket", reverse("docket_list", args=[slug])),
        ("Docket, no match", reverse("docket_list", args=[slug]) + "?q=habeas"),
        ("Entry", w.entry.get_absolute_url()),
        ("New entry", reverse("entry_new", args=[slug])),
        ("Edit entry", reverse("entry_edit", args=[slug, w.entry.permalink_key])),
        ("PACER import", reverse("import_pacer", args=[slug])),
        ("NEF import", reverse("import_nef", args=[slug])),
        ("Record", reverse("record_page", args=[slug])),
        ("Filings", reverse("filing_list", args=[slug])),
        ("New filing", reverse("filing_new", args=[slug])),
        ("Filing", reverse("filing_detail", args=[slug, w.filing.pk])),
        ("Edit filing", reverse("filing_edit", args=[slug, w.filing.pk])),
        ("Export", reverse("docket_export", args=[slug])),
        ("Client view", reverse("client_status", args=[slug])),
        ("Deadlines", reverse("case_deadlines", args=[slug])),
        ("Deadline", reverse("deadline_detail", args=[slug, w.deadline.pk])),
        ("Add obligation", reverse("obligation_new", args=[slug, w.order.permalink_key])),
        ("Log a notice", reverse("notice_new", args=[slug])),
        ("Record a disclosure", reverse("disclosure_new", args=[slug])),
        ("Compliance", reverse("compliance_ledger", args=[slug])),
        ("All deadlines", reverse("all_deadlines")),
        ("Alerts", reverse("notifications")),
        ("Calendar", reverse("calendar_settings")),
    ]


def client_pages(w: Furnished) -> list[tuple[str, str]]:
    slug = w.case.slug
    return [
        ("Status", reverse("client_status", args=[slug])),
        ("Public docket", reverse("docket_list", args=[slug])),
        ("Docket, no match", reverse("docket_list", args=[slug]) + "?q=habeas"),
        ("Public entry", w.entry.get_absolute_url()),
        ("Export", reverse("docket_export", args=[slug])),
        ("Calendar", reverse("calendar_settings")),
        ("Alerts", reverse("notifications")),
        ("Cases", reverse("case_list")),
    ]


def decider_pages(w: Furnished) -> list[tuple[str, str]]:
    """The confirm pages of risky actions (casetracker.decisions): attorneys and admins only."""
    slug = w.case.slug
    return [
        ("Override a date", reverse("deadline_override", args=[slug, w.deadline.pk])),
        ("Vacate a deadline", reverse("deadline_vacate", args=[slug, w.deadline.pk])),
        ("Withdraw a document", reverse("document_withdraw", args=[slug, w.document.pk])),
    ]


def pages_for(role, w):
    if role == "client":
        return client_pages(w)
    return team_pages(w) + (decider_pages(w) if role in ("admin", "attorney") else [])
