"""The import doors: a saved PACER docket report (a district court's or a court of appeals'), or an
NEF e-mail — parsed by docket.ingest.importers, the case found or created, and applied by
docket.ingest.apply.apply_docket_report through the one write path. Each returns (case, summary)
and raises ValidationError with a message a paralegal understands; nothing is half-saved."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from casetracker.audit import attribute_to
from casetracker.locks import busy_as_validation_error
from casetracker.models import (
    Case,
    Court,
    RelatedCase,
    User,
    is_appellate_court,
)
from docket.ingest import apply
from docket.ingest.apply import (
    ImportSummary,
    _unique_slug,
    apply_docket_report,
    base_docket_number,
    create_case_for,
    find_case_for,
)
from docket.ingest.importers import DocketReportData, ImportFailed
from docket.models import DocketEntry, ImportJob

Source = DocketEntry.Source


def import_docket_report(
    *,
    html: str,
    by: User | None = None,
    case: Case | None = None,
    court_id: str | None = None,
    origin: str = "",
) -> tuple[Case, ImportSummary]:
    """Parse a saved PACER docket report — a district court's, or a court of appeals' (which it
    recognises by itself) — and apply it. Without `case`, the case is found by court and docket
    number, or created. Returns (case, summary); raises ValidationError."""
    from docket.ingest.importers.appellate import is_appellate_report
    from docket.ingest.importers.pacer import parse_docket_report

    if is_appellate_report(html):
        return import_appellate_report(html=html, by=by, case=case, court_id=court_id)
    try:
        report = parse_docket_report(
            html, court_id=court_id or (case.court.cmecf_code if case else None)
        )
    except ImportFailed as exc:
        raise ValidationError(str(exc)) from None
    if case is None:
        with busy_as_validation_error(), transaction.atomic():
            case = find_case_for(report) or create_case_for(report, by=by)
    return case, apply_docket_report(case, report, by=by, origin=origin)


def import_nef_email(
    *, raw: str | bytes, by: User | None = None, case: Case | None = None, origin: str = ""
) -> tuple[Case, ImportSummary]:
    """Parse an NEF e-mail and apply its entry. Without `case`, the case must already be in the
    tracker. Returns (case, summary); raises ValidationError."""
    from docket.ingest.importers.nef import parse_nef

    try:
        report = parse_nef(
            raw,
            docket_number=case.docket_number if case else None,
            court_id=case.court.cmecf_code if case else None,
        )
    except ImportFailed as exc:
        raise ValidationError(str(exc)) from None
    if case is None:
        case = find_case_for(report)
        if case is None:
            raise ValidationError(
                f"Case {report.docket_number} ({report.case_name or 'unnamed'}) is not in the "
                "tracker. Import its PACER docket report first, or name the case."
            )
    return case, apply_docket_report(case, report, by=by, origin=origin)


def _appellate_court(
    report: DocketReportData, district: Case | None, by: User | None
) -> tuple[Court, bool]:
    """The court of appeals (made if new: True)."""
    court = Court.objects.filter(cmecf_code=report.court_id).first()
    if court is not None:
        return court, False
    court = Court(
        cmecf_code=report.court_id,
        name=report.court_name or f"United States Court of Appeals ({report.court_id})",
        time_zone=district.court.time_zone if district else "America/New_York",
        holiday_subdivision=district.court.holiday_subdivision if district else "",
    )
    attribute_to(court, by).save()
    return court, True


def _appeal_link(
    report: DocketReportData, case: Case | None, by: User | None
) -> tuple[RelatedCase | None, dict[str, int | None]]:
    """The RelatedCase this appellate report belongs to: the one the case file already names
    (court and number), else one made from the report's originating-court block when that names
    a case in the tracker. None for an appeal of a case the tracker does not follow. With what
    it made ({"link", "court"}: pks), to be taken back if the import fails."""
    links = RelatedCase.objects.select_related("case__court", "court", "tracked_case")
    link = (
        links.select_for_update(of=("self",))
        .filter(court__cmecf_code=report.court_id, docket_number__iexact=report.docket_number)
        .first()
    )
    if link is not None:
        return link, {}
    district = None
    if case is not None and not is_appellate_court(case.court.cmecf_code):
        origin = base_docket_number(report.originating_docket_number)
        if origin != base_docket_number(case.docket_number):
            return None, {}
        district = case
    elif report.originating_docket_number:
        district = find_case_for(
            DocketReportData(
                source="pacer",
                court_id=report.originating_court_id,
                docket_number=report.originating_docket_number,
            )
        )
    if district is None:
        return None, {}
    court, made_court = _appellate_court(report, district, by)
    link = RelatedCase(
        case=district,
        court=court,
        docket_number=report.docket_number,
        relation=RelatedCase.Relation.APPEAL,
        from_order_date=report.originating_judgment_date,
    )
    attribute_to(link, by).save()
    return link, {"link": link.pk, "court": court.pk if made_court else None}


def _appeal_case(link: RelatedCase, report: DocketReportData, by: User | None) -> tuple[Case, bool]:
    """The tracker's case for the appeal: made once, from the report's own header (True)."""
    if link.tracked_case is not None:
        return link.tracked_case, False
    district = link.case
    name = report.case_name or f"Appeal No. {report.docket_number}"
    case = Case(
        court=link.court,
        docket_number=report.docket_number,
        caption=name[:300],
        short_name=f"{district.short_name} (appeal {report.docket_number})"[:120],
        slug=_unique_slug(f"{district.slug}-appeal-{report.docket_number}"),
        nature_of_suit=report.nature_of_suit[:120],
        date_filed=report.date_filed,
        is_demo=district.is_demo,
    )
    attribute_to(case, by).save()
    link.tracked_case = case
    attribute_to(link, by).save()
    return case, True


def _sides_from_below(report: DocketReportData, district: Case | None) -> DocketReportData:
    """Appellate parties listed only as Appellant/Appellee take their side from the district
    case (matched by name); others are noted as skipped."""
    from dataclasses import replace

    from docket.ingest.importers.filers import normalise_name

    below = {normalise_name(p.name): p.side for p in district.parties.all()} if district else {}
    parties, skipped = [], list(report.skipped)
    for party in report.parties:
        side = party.side or below.get(normalise_name(party.name))
        if side:
            parties.append(replace(party, side=side))
        else:
            skipped.append(f"Party {party.name!r}: not a party of the district case")
    return replace(report, parties=tuple(parties), skipped=tuple(skipped))


def import_appellate_report(
    *,
    html: str | bytes,
    by: User | None = None,
    case: Case | None = None,
    court_id: str | None = None,
    job: ImportJob | None = None,
    progress: Callable[[int], object] | None = None,
    requeue_if_busy: bool = False,
) -> tuple[Case, ImportSummary]:
    """A court of appeals docket report (the D.C. Circuit's), parsed by juriscraper's appellate
    parser, applied to the appeal's case through the same write path as a district report, in
    batches (docket.ingest.batches). `case` may be the appeal's case or the district case it
    comes from. Parse first; then, in one short transaction, the appeal's case found or made
    (with its court and link), recorded on the job's `undo` and the job moved to it; then the
    batches. All or nothing: a failure takes back the entries and what the first step made.
    `job`: the queued ImportJob of an upload (one is made for the command line). Returns
    (case, summary); raises ValidationError."""
    from docket.ingest import batches
    from docket.ingest.importers.appellate import parse_appellate_report

    if case is not None and is_appellate_court(case.court.cmecf_code):
        court_id = court_id or case.court.cmecf_code
    try:
        report = parse_appellate_report(html, court_id=court_id)
    except ImportFailed as exc:
        raise ValidationError(str(exc)) from None
    appeal, link, job = _appeal_job(report, case, by, job)
    report = _sides_from_below(report, link.case if link else None)
    made = dict((job.undo or {}).get("appeal") or {})  # a failure clears the job's `undo`
    try:
        summary = batches.run(
            job,
            report,
            rules=apply,
            by=by,
            progress=progress,
            requeue_if_busy=requeue_if_busy,
        )
    except BaseException:
        if made.get("case") and not made.get("home"):
            from docket.ingest.takeback import delete_orphan

            delete_orphan(made, by=by)  # an appeal of no tracked case, made for nothing
        raise
    if link is not None:
        note = f"{link.other_court_label}, the appeal of {link.case}: {appeal}"
        summary.notes.insert(0, note)
        ImportJob.objects.filter(pk=job.pk).update(notes=summary.notes)
    return appeal, summary


def _appeal_job(
    report: DocketReportData, case: Case | None, by: User | None, job: ImportJob | None
) -> tuple[Case, RelatedCase | None, ImportJob]:
    """One transaction: the appeal's case found or made (and its link and court), the job (made
    if not given) moved to it, and what was made recorded on the job's `undo` (merged with what
    an earlier try of the same job made)."""
    with busy_as_validation_error(), transaction.atomic():
        made: dict[str, int | None] = {}
        if case is not None and is_appellate_court(case.court.cmecf_code):
            appeal = case
            link = getattr(case, "lower_court_link", None)
        else:
            link, made = _appeal_link(report, case, by)
            if link is not None:
                appeal, made_case = _appeal_case(link, report, by)
                if made_case:
                    made.update(case=appeal.pk, tracked=link.pk, home=link.case_id)
            elif case is not None:
                raise ValidationError(
                    f"This is the docket of appeal No. {report.docket_number} "
                    f"({report.court_id}), which is not an appeal of {case}. Nothing was imported."
                )
            else:
                found = find_case_for(report)
                if found is None:
                    had_court = Court.objects.filter(cmecf_code=report.court_id).exists()
                    found = create_case_for(report, by=by)
                    made.update(case=found.pk, court=None if had_court else found.court_id)
                appeal = found
        if job is None:
            job = ImportJob(case=appeal, source=Source.PACER, requested_by=by)
        earlier = (job.undo or {}).get("appeal") or {}
        job.case = appeal
        job.undo = {**(job.undo or {}), "appeal": {**earlier, **made}}
        attribute_to(job, by).save()
    return appeal, link, job
