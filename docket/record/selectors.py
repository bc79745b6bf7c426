"""Reads for the administrative record: what a member may see, the checks, the productions and
the order's obligation to produce it."""

from __future__ import annotations

from datetime import date

from django.core.cache import cache
from django.db.models import Min, Q, QuerySet

from casetracker.models import Case, CaseMembership
from docket.entries.cache import CACHE_SECONDS, record_checks_key
from docket.models import (
    AdministrativeRecord,
    ImportJob,
    ImportRun,
    Obligation,
    RecordDocument,
    RecordProduction,
)
from docket.permissions import can_see_privileged
from docket.record.bates import Problem, Row, check_ranges

PRIVILEGED = Q(withheld=True) | ~Q(privilege_claim="")


def record_documents_for(case: Case, membership: CaseMembership | None) -> QuerySet[RecordDocument]:
    """The record documents a member may see: the team sees all; anyone else never sees a
    privileged document (a privilege claim, or withheld)."""
    documents = RecordDocument.objects.filter(case=case).select_related("production")
    if not can_see_privileged(membership):
        documents = documents.exclude(PRIVILEGED)
    return documents.order_by("bates_start", "pk")


def index_imports_for(case: Case, limit: int = 5) -> list[ImportJob]:
    """The case's latest certified-index imports (queued, running or finished), for the record
    page's list of uploads and their progress."""
    return list(
        ImportJob.objects.filter(case=case, source=ImportRun.RECORD_INDEX).select_related(
            "requested_by"
        )[:limit]
    )


def privilege_log(case: Case) -> QuerySet[RecordDocument]:
    """Every document with a privilege claim or withheld, in Bates order (team only)."""
    return (
        RecordDocument.objects.filter(case=case)
        .filter(PRIVILEGED)
        .select_related("production")
        .order_by("bates_start", "pk")
    )


def record_checks(case: Case) -> list[Problem]:
    """Problems with the whole record (every document, whoever asks: the checks are for the
    team, and a gap is a gap whether or not the document in it is privileged). Cached under the
    case's record version: recomputed only after the record changed (docket/entries/cache.py)."""
    key = record_checks_key(case)
    problems = cache.get(key)
    if problems is None:
        documents = RecordDocument.objects.filter(case=case).values_list(
            "pk", "bates_start", "bates_end", "title", "page_count", "in_index", "file", "withheld"
        )
        problems = check_ranges(
            Row(
                bates_start=start,
                bates_end=end,
                title=title,
                page_count=pages,
                in_index=in_index,
                produced=bool(file),
                withheld=withheld,
                ref=pk,
            )
            for pk, start, end, title, pages, in_index, file, withheld in documents
        )
        cache.set(key, problems, CACHE_SECONDS)
    return problems


def privilege_claims(documents: QuerySet[RecordDocument]) -> list[str]:
    """The distinct privilege claims among `documents`, for the filter's choices (in the
    database: the record page once read every document's claim to find a handful)."""
    claims = (
        documents.exclude(privilege_claim="").order_by().values_list("privilege_claim", flat=True)
    )
    return sorted(set(claims.distinct()))


def productions_for(case: Case) -> list[RecordProduction]:
    return list(RecordProduction.objects.filter(case=case).select_related("entry"))


def first_production_date(case: Case) -> date | None:
    return RecordProduction.objects.filter(case=case).aggregate(first=Min("produced_on"))["first"]


def record_obligation(
    case: Case, membership: CaseMembership | None = None
) -> tuple[Obligation, str] | tuple[None, None]:
    """(obligation, how) — the order's obligation to produce the record, and whether it was
    `linked` by the team or `matched` by its text ("administrative record") because exactly one
    obligation of the case says so. (None, None) when there is neither.

    With a membership, an obligation whose order that member may not see is not returned."""
    visible = (
        Obligation.objects.visible_to(membership)
        if membership is not None
        else Obligation.objects.all()
    )
    record = AdministrativeRecord.objects.filter(case=case).select_related("obligation").first()
    if record is not None and record.obligation is not None:
        if visible.filter(pk=record.obligation_id).exists():
            return record.obligation, "linked"
        return None, None
    candidates = visible.filter(
        order__case=case, text__icontains="administrative record"
    ).select_related("order")
    first_two = list(candidates[:2])
    if len(first_two) == 1:
        return first_two[0], "matched"
    return None, None


def obligations_for(case: Case, membership: CaseMembership | None) -> list[Obligation]:
    """The case's obligations this member may see (not those of orders sealed from them)."""
    return list(
        Obligation.objects.visible_to(membership)
        .filter(order__case=case)
        .select_related("order")
        .order_by("order__date_filed", "pk")
    )


def record_summary(case: Case) -> dict[str, int]:
    """Counts for the page header."""
    documents = RecordDocument.objects.filter(case=case)
    return {
        "total": documents.count(),
        "produced": documents.exclude(file="").count(),
        "privileged": documents.filter(PRIVILEGED).count(),
        "withheld": documents.filter(withheld=True).count(),
    }
