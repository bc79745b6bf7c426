"""Writes for the administrative record: productions, the certified index, produced files, and
the link to the order's production obligation. Each runs in one transaction and raises
ValidationError with a message a paralegal understands; nothing is half-saved."""

from __future__ import annotations

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction

from casetracker.audit import attribute_to
from casetracker.models import Case, User
from docket.entries.uploads import validate_pdf
from docket.models import AdministrativeRecord, Obligation, RecordDocument, RecordProduction
from docket.record.bates import Bates, BatesError, check_length, parse, range_for_pages
from docket.record.index_import import ImportReport, import_index
from docket.search.indexing import index_record_documents
from docket.signals import record_produced


def record_production(
    *,
    case: Case,
    volume: str,
    produced_on: date | None,
    certification: str = "",
    user: User | None = None,
) -> RecordProduction:
    """Create or update the production (volume) of the record."""
    volume = (volume or "").strip()
    if not volume:
        raise ValidationError("A production needs a volume name, e.g. 1.")
    if len(volume) > 40:
        raise ValidationError("The volume name is too long (40 characters at most).")
    if produced_on is None:
        raise ValidationError(f"Give the date volume {volume} was produced (YYYY-MM-DD).")
    with transaction.atomic():
        production = RecordProduction.objects.filter(case=case, volume=volume).first()
        if production is None:
            production = RecordProduction(case=case, volume=volume)
        changed = production.pk is None
        for key, value in (("produced_on", produced_on), ("certification", certification)):
            if value is not None and getattr(production, key) != value:
                setattr(production, key, value)
                changed = True
        if changed:
            attribute_to(production, user).save()
            record_produced.send(sender=RecordProduction, case=case, user=user)
    return production


def save_record_document(*, document: RecordDocument, user: User | None = None) -> RecordDocument:
    """Save a record document edited outside the import and upload flows (the admin): audited,
    and its search index row rewritten in the same transaction."""
    with transaction.atomic():
        attribute_to(document, user).save()
        index_record_documents([document])
    return document


def import_record_index(
    *,
    case: Case,
    data: bytes,
    user: User | None = None,
    volume: str | None = None,
    produced_on: date | None = None,
    certification: str | None = None,
    file_name: str = "index.csv",
) -> ImportReport:
    """Import a certified index; with `volume`, record that production too and keep the index
    file as filed on it. All or nothing."""
    with transaction.atomic():
        production = None
        if volume:
            existing = RecordProduction.objects.filter(case=case, volume=volume).first()
            if produced_on is None and existing is None:
                raise ValidationError(
                    f"Volume {volume} is not recorded yet: give the date it was produced "
                    "(--produced-on YYYY-MM-DD)."
                )
            production = record_production(
                case=case,
                volume=volume,
                produced_on=produced_on or (existing.produced_on if existing else None),
                certification=certification
                if certification is not None
                else (existing.certification if existing else ""),
                user=user,
            )
        report = import_index(case=case, data=data, user=user, production=production)
        index_record_documents(RecordDocument.objects.filter(case=case))
        if production is not None:
            digest = hashlib.sha256(data).hexdigest()
            current = production.certified_index.name or ""
            if digest not in current:
                production.certified_index.save(
                    f"{digest}.csv", ContentFile(data, name=file_name), save=False
                )
                attribute_to(production, user).save(update_fields=["certified_index"])
    return report


def attach_record_file(
    *,
    case: Case,
    bates_start: str,
    data: bytes,
    user: User | None = None,
    bates_end: str | None = None,
    title: str | None = None,
    production: RecordProduction | None = None,
    file_name: str = "",
) -> RecordDocument:
    """Attach the produced PDF to the record document starting at `bates_start`.

    A file whose Bates number is not in the certified index is still kept, as a document marked
    "not in the index" (its range runs from `bates_start` for as many pages as the file has,
    unless `bates_end` is given), so the checks can report it."""
    try:
        start = check_length(parse(bates_start))
    except BatesError as exc:
        raise ValidationError(f"Bates number {exc}.") from None
    checked = validate_pdf(ContentFile(data, name=file_name or "produced.pdf"), label=str(start))
    pages, text, digest = checked.page_count, checked.text, checked.sha256
    try:
        range_for_pages(start, pages)  # the file's own range must be writable like its start
    except BatesError as exc:
        raise ValidationError(f"The file was not attached: {exc}.") from None
    written: list[tuple[Storage, str]] = []
    try:
        return _attach(
            case, start, pages, text, digest, data, user, bates_end, title, production, written
        )
    except BaseException:
        for storage, name in written:  # rolled back: no orphaned PDF stays behind
            if not RecordDocument.objects.filter(file=name).exists():
                storage.delete(name)
        raise


def _attach(
    case: Case,
    start: Bates,
    pages: int,
    text: str,
    digest: str,
    data: bytes,
    user: User | None,
    bates_end: str | None,
    title: str | None,
    production: RecordProduction | None,
    written: list[tuple[Storage, str]],
) -> RecordDocument:
    with transaction.atomic():
        document = (
            RecordDocument.objects.select_for_update()
            .filter(case=case, bates_start=str(start))
            .first()
        )
        if document is None:
            end = _end_for(start, pages, bates_end)
            document = RecordDocument(
                case=case,
                bates_start=str(start),
                bates_end=str(end),
                title=(title or "").strip() or "Produced document not in the certified index",
                in_index=False,
                production=production,
            )
        elif production is not None:
            document.production = production
        document.sha256 = digest
        document.page_count = pages
        document.text = text
        if not (document.file and digest in document.file.name):
            document.file.save(
                f"{digest[:2]}/{digest[2:4]}/{digest}.pdf", ContentFile(data), save=False
            )
            written.append((document.file.storage, document.file.name))
        attribute_to(document, user).save()
        index_record_documents([document])
    return document


def _end_for(start: Bates, pages: int, bates_end: str | None) -> Bates:
    if not bates_end:
        return range_for_pages(start, pages)
    try:
        end = check_length(parse(bates_end))
    except BatesError as exc:
        raise ValidationError(f"Last Bates number {exc}.") from None
    if end.prefix != start.prefix or end.number < start.number:
        raise ValidationError(f"{end} cannot end a range starting at {start}.")
    return end


def link_record_obligation(
    *, case: Case, obligation: Obligation | None, user: User | None = None
) -> AdministrativeRecord:
    """Say which order's obligation requires the record (None unlinks)."""
    if obligation is not None and obligation.order.case_id != case.pk:
        raise ValidationError("That obligation belongs to another case.")
    with transaction.atomic():
        record, _ = AdministrativeRecord.objects.get_or_create(case=case)
        if record.obligation_id != (obligation.pk if obligation else None):
            record.obligation = obligation
            attribute_to(record, user).save()
            if obligation is not None:
                record_produced.send(sender=RecordProduction, case=case, user=user)
    return record
