"""Writes for outbound filings: drafts, queueing a render, recording that a paper was filed.

A filing moves draft → queued → rendering → rendered (or failed) → filed. Editing a rendered
draft sends it back to draft (the PDF no longer matches the text); a filed paper is frozen.
Rendering happens in Celery (docket.tasks.render_filing); if the broker cannot be reached the
filing stays queued, the caller is told, and Render can simply be pressed again."""

import hashlib
import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from pypdf import PdfReader

from casetracker.audit import attribute_to
from casetracker.jobs import enqueue_on_commit
from casetracker.models import Attorney, Party, Representation
from docket.entries.write import write_entry
from docket.models import DocketEntry, Document, Filing
from docket.papers.readiness import filing_problems
from docket.search.indexing import index_filing

Status = Filing.Status
EDITABLE = (Status.DRAFT, Status.RENDERED, Status.FAILED)
RENDERABLE = (Status.DRAFT, Status.RENDERED, Status.FAILED, Status.QUEUED)
ENTRY_KIND = {
    Filing.Type.NOTICE: DocketEntry.Kind.NOTICE,
    Filing.Type.MOTION: DocketEntry.Kind.MOTION,
    Filing.Type.STATUS_REPORT: DocketEntry.Kind.OTHER,
    Filing.Type.NON_COMPLIANCE: DocketEntry.Kind.NOTICE,
    Filing.Type.CERTIFICATE: DocketEntry.Kind.OTHER,
}


def lead_attorney(case):
    """Who signs by default: the plaintiffs' lead attorney of record (the team represents the
    plaintiffs), else their first-listed current counsel; None if the case has no counsel."""
    ours = case_counsel(case).filter(representations__party__side=Party.Side.PLAINTIFF)
    lead = ours.filter(representations__role=Representation.Role.LEAD).order_by("pk").first()
    return lead or ours.order_by("pk").first()


def case_counsel(case):
    """Attorneys who may sign for the case: counsel with a current representation in it."""
    return Attorney.objects.filter(
        representations__party__case=case, representations__terminated__isnull=True
    ).distinct()


def _clean(case, *, type, title, signing_attorney):
    errors = {}
    if type not in Filing.Type.values:
        errors["type"] = "Choose what kind of paper this is."
    if not (title or "").strip():
        errors["title"] = "Give the paper a title, e.g. “Notice of Supplemental Authority”."
    if signing_attorney is not None and not case_counsel(case).filter(pk=signing_attorney.pk):
        errors["signing_attorney"] = (
            f"{signing_attorney} is not counsel of record in this case; pick one of the case's "
            "attorneys."
        )
    if errors:
        raise ValidationError(errors)


def create_filing(*, case, user, type, title, body="", signing_attorney=None, service_list=""):
    _clean(case, type=type, title=title, signing_attorney=signing_attorney)
    with transaction.atomic():
        filing = Filing(
            case=case,
            type=type,
            title=title.strip(),
            body=body,
            signing_attorney=signing_attorney,
            service_list=service_list,
            created_by=user,
        )
        attribute_to(filing, user).save()
        index_filing(filing)
    return filing


def update_filing(*, filing, user, **fields):
    """Change a draft. A new text makes any earlier PDF stale, so the filing returns to draft."""
    allowed = {"type", "title", "body", "signing_attorney", "service_list"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"update_filing() got unexpected fields {sorted(unknown)}")
    with transaction.atomic():
        filing = Filing.objects.select_for_update().get(pk=filing.pk)
        if filing.status == Status.FILED:
            raise ValidationError("This paper has been filed and can no longer be changed.")
        if filing.status not in EDITABLE:
            raise ValidationError(
                "The PDF is being rendered; wait until it is ready before editing."
            )
        values = {name: getattr(filing, name) for name in allowed} | fields
        _clean(
            filing.case,
            type=values["type"],
            title=values["title"],
            signing_attorney=values["signing_attorney"],
        )
        changed = [name for name in fields if getattr(filing, name) != fields[name]]
        if not changed:
            return filing
        for name in changed:
            setattr(filing, name, fields[name].strip() if name == "title" else fields[name])
        _discard_pdf(filing)
        filing.status = Status.DRAFT
        attribute_to(filing, user).save()
        index_filing(filing)
    return filing


def save_filing(*, filing, user=None):
    """Save a filing edited in the admin: audited, its search index row rewritten."""
    with transaction.atomic():
        attribute_to(filing, user).save()
        index_filing(filing)
    return filing


def _discard_pdf(filing):
    if filing.pdf:
        filing.pdf.delete(save=False)
    filing.pdf_sha256, filing.page_count, filing.rendered_at, filing.error = "", None, None, ""


def queue_render(*, filing, user):
    """Ask for a PDF. Returns an `Enqueued` saying whether the task reached the queue."""
    with transaction.atomic():
        filing = Filing.objects.select_for_update().get(pk=filing.pk)
        if filing.status not in RENDERABLE:
            message = {
                Status.FILED: "This paper has been filed; its PDF is final.",
                Status.RENDERING: "The PDF is already being rendered.",
            }[filing.status]
            raise ValidationError(message)
        if filing.signing_attorney_id is None:
            raise ValidationError(
                {"signing_attorney": "Choose the signing attorney before rendering the PDF."}
            )
        if not filing.body.strip() and filing.type != Filing.Type.CERTIFICATE:
            raise ValidationError({"body": "The paper has no text yet."})
        _discard_pdf(filing)
        filing.status = Status.QUEUED
        attribute_to(filing, user).save()
        enqueued = enqueue_on_commit("docket.tasks.render_filing", filing.pk)
    return filing, enqueued


def pdf_page_count(data):
    return len(PdfReader(io.BytesIO(data)).pages)


def _pdf_text(data):
    try:
        return "\f".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    except Exception:  # text is only for search; a PDF pypdf cannot read still files fine
        return ""


def _check_fileable(filing, number):
    """Why a locked filing cannot be recorded as filed (ValidationError), else the PDF's bytes
    and their sha256."""
    if filing.status == Status.FILED:
        raise ValidationError("This paper is already recorded as filed.")
    if filing.status != Status.RENDERED or not filing.pdf:
        raise ValidationError("Render the PDF first; only a rendered paper can be filed.")
    problems = filing_problems(
        attorney=filing.signing_attorney, body=filing.body, title=filing.title
    )
    if problems:
        raise ValidationError(["Not recorded: the paper is not ready to sign and file.", *problems])
    if number is not None and DocketEntry.objects.filter(case=filing.case, number=number):
        raise ValidationError(
            {"number": f"ECF No. {number} is already on this docket; check the number."}
        )
    with filing.pdf.open("rb") as handle:
        data = handle.read()
    digest = hashlib.sha256(data).hexdigest()
    if filing.pdf_sha256 and digest != filing.pdf_sha256:
        raise ValidationError("The stored PDF does not match its checksum; render it again.")
    return data, digest


def _filers(filing):
    """The parties the signing attorney represents now: they filed the paper."""
    if not filing.signing_attorney_id:
        return []
    return list(
        filing.case.parties.filter(
            representations__attorney=filing.signing_attorney,
            representations__terminated__isnull=True,
        )
    )


def mark_filed(*, filing, user, date_filed, number=None, docket_text=""):
    """Record that the rendered PDF was filed: a new docket entry with the PDF as its main
    document, filed by the parties the signing attorney represents."""
    with transaction.atomic():
        filing = (
            Filing.objects.select_for_update(of=("self",))
            .select_related("case", "signing_attorney")
            .get(pk=filing.pk)
        )
        data, digest = _check_fileable(filing, number)

        def store_pdf(entry):
            document = Document(
                entry=entry,
                attachment_number=0,
                description=filing.title[:300],
                original_name=f"{filing.title[:200]}.pdf",
                sha256=digest,
                page_count=pdf_page_count(data),
                byte_size=len(data),
                text=_pdf_text(data),
            )
            document.file.save(f"{digest}.pdf", ContentFile(data), save=False)
            attribute_to(document, user).save()
            return True

        entry = write_entry(
            entry=DocketEntry(case=filing.case, created_by=user),
            by=user,
            values={
                "number": number,
                "date_filed": date_filed,
                "date_entered": date_filed,
                "text": (docket_text or "").strip() or filing.title,
                "kind": ENTRY_KIND.get(filing.type, DocketEntry.Kind.OTHER),
                "visibility": DocketEntry.Visibility.PUBLIC,
            },
            filed_by=_filers(filing),
            then=store_pdf,
            source=DocketEntry.Source.MANUAL,
        ).entry

        filing.status = Status.FILED
        filing.filed_entry = entry
        attribute_to(filing, user).save()
        index_filing(filing)
    return filing
