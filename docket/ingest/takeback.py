"""Taking back what a failed import wrote besides docket entries (docket.ingest.batches.undo
calls these after the entries): a certified index's record documents and production, and the
appeal's case, link and court that a court of appeals report made. Each part was recorded on the
job's `undo` in the same transaction as the write, so exactly what committed is taken back —
through the record's write path and audited (the failing import's user)."""

from django.db import transaction

from casetracker.audit import attribute_to
from casetracker.models import Case, Court, RelatedCase
from docket.models import ImportJob
from docket.record import services as record_services

BATCH_SIZE = 500
REASON = "import: record index failed, taken back"


def record_index(job, plan, *, by=None):
    """`plan`: {"created": [pk], "updated": {pk: {field: value before}}, "production": {"pk",
    "created", "before"} or None}. New documents are deleted, changed ones get their values
    back, a production the import recorded is deleted (or its date and certification put
    back), in short transactions."""
    if not plan:
        return
    case = Case.objects.get(pk=job.case_id)
    created = plan.get("created") or []
    for start in range(0, len(created), BATCH_SIZE):
        record_services.discard_record_documents(
            case=case, pks=created[start : start + BATCH_SIZE], user=by
        )
    updated = list((plan.get("updated") or {}).items())
    for start in range(0, len(updated), BATCH_SIZE):
        record_services.restore_record_documents(
            case=case, before=dict(updated[start : start + BATCH_SIZE]), user=by, reason=REASON
        )
    production = plan.get("production")
    if production:
        record_services.take_back_production(
            case=case,
            pk=production["pk"],
            created=production["created"],
            before=production.get("before") or {},
            user=by,
        )


def appeal(job, plan, *, by=None):
    """`plan`: what a court of appeals report made before its entries — {"case": the appeal's
    case, "link": the RelatedCase, "tracked": the link it pointed at the new case, "court": the
    court, "home": the case the job goes back to} (pks, each only if this import made it).
    The job moves back to `home` (the case whose page it was uploaded on) first, so it outlives
    the appeal's case; without a home the appeal's case is left to the caller."""
    if not plan:
        return
    made_case = plan.get("case")
    home = plan.get("home")
    with transaction.atomic():
        if made_case and home:
            ImportJob.objects.filter(pk=job.pk).update(case_id=home)
            job.case_id = home
        tracked = RelatedCase.objects.filter(pk=plan.get("tracked")).first()
        if tracked is not None and tracked.tracked_case_id == made_case:
            tracked.tracked_case = None
            attribute_to(tracked, by).save()
        link = RelatedCase.objects.filter(pk=plan.get("link")).first()
        if link is not None:
            attribute_to(link, by).delete()
        if made_case and home:
            delete_case(made_case, by=by)
        court = Court.objects.filter(pk=plan.get("court")).first()
        if court is not None and not Case.objects.filter(court=court).exists():
            if not RelatedCase.objects.filter(court=court).exists():
                attribute_to(court, by).delete()


def delete_case(pk, *, by=None):
    """Delete a case a failed import made (nothing of the import is kept)."""
    case = Case.objects.filter(pk=pk).first()
    if case is not None:
        attribute_to(case, by).delete()


def delete_orphan(plan, *, by=None):
    """The case (and court) a failed command-line import of an appeal of no tracked case made;
    its job goes with it (the job's audit rows stay)."""
    with transaction.atomic():
        delete_case(plan.get("case"), by=by)
        court = Court.objects.filter(pk=plan.get("court")).first()
        if court is not None and not Case.objects.filter(court=court).exists():
            attribute_to(court, by).delete()
