"""Writes for the administrative record: productions, the certified index, produced files, and
the link to the order's production obligation. Each runs in one transaction and raises
ValidationError with a message a paralegal understands; nothing is half-saved.

Record documents are written in bulk by one function, `write_record_documents` (the certified
index's batches, run by docket.ingest.record_index, and taking a failed import back), one at a
time by `attach_record_file` and `save_record_document`."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models import Field
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from casetracker.audit import attribute_to
from casetracker.models import Case, User
from docket.entries.cache import bump_record_version
from docket.entries.uploads import validate_pdf
from docket.models import AdministrativeRecord, Obligation, RecordDocument, RecordProduction
from docket.record.bates import Bates, BatesError, check_length, parse, range_for_pages
from docket.search.indexing import index_record_documents
from docket.signals import record_produced


def record_production(
    *,
    case: Case,
    volume: str,
    produced_on: date | None,
    certification: str = "",
    user: User | None = None,
    announce: bool = True,
) -> RecordProduction:
    """Create or update the production (volume) of the record. `announce=False`: the caller
    sends `record_produced` itself once its import has succeeded (an index import in batches
    announces its production only when the whole index is in)."""
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
            if announce:
                record_produced.send(sender=RecordProduction, case=case, user=user)
    return production


def announce_production(*, case: Case, user: User | None = None) -> None:
    """Tell the rest of the tracker the record was produced (deadlines met)."""
    record_produced.send(sender=RecordProduction, case=case, user=user)


def save_record_document(*, document: RecordDocument, user: User | None = None) -> RecordDocument:
    """Save a record document edited outside the import and upload flows (the admin): audited,
    and its search index row rewritten in the same transaction."""
    with transaction.atomic():
        attribute_to(document, user).save()
        index_record_documents([document])
    return document


def write_record_documents(
    *,
    case: Case,
    create: Sequence[RecordDocument] = (),
    update: Sequence[RecordDocument] = (),
    fields: Iterable[str] = (),
    user: User | None = None,
    reason: str = "",
) -> list[RecordDocument]:
    """The batch write path of record documents (a certified index's batches, and taking a
    failed one back): one INSERT for the new documents and one UPDATE of `fields` for the
    changed ones, one audit row each (bulk, attributed to `user`), their search rows, and the
    record's version bumped (bulk writes send no post_save). One transaction."""
    touched = [*create, *update]
    with transaction.atomic():
        if create:
            bulk_create_with_history(
                list(create),
                RecordDocument,
                batch_size=500,
                default_user=user,
                default_change_reason=reason or None,
            )
        if update:
            bulk_update_with_history(
                list(update),
                RecordDocument,
                sorted(fields),
                batch_size=500,
                default_user=user,
                default_change_reason=reason or None,
            )
        if touched:
            index_record_documents(touched)
            bump_record_version(case.pk)
    return touched


def discard_record_documents(*, case: Case, pks: Sequence[int], user: User | None = None) -> int:
    """Delete the case's record documents `pks` (a failed index import's new ones), audited one
    by one; their search rows go with them. Returns how many were deleted."""
    with transaction.atomic():
        documents = list(RecordDocument.objects.filter(case=case, pk__in=pks))
        for document in documents:
            attribute_to(document, user).delete()
        if documents:
            bump_record_version(case.pk)
    return len(documents)


def restore_record_documents(
    *, case: Case, before: dict[int, dict[str, Any]], user: User | None = None, reason: str = ""
) -> int:
    """Put back the values `before` ({pk: {field: value}}, as JSON) of documents a failed index
    import changed, through the batch write path. Returns how many were restored."""
    documents = RecordDocument.objects.filter(case=case).in_bulk([int(pk) for pk in before])
    fields: set[str] = set()
    for pk, values in before.items():
        document = documents.get(int(pk))
        if document is None:
            continue
        for name, value in values.items():
            field = RecordDocument._meta.get_field(name.removesuffix("_id"))
            if value is not None and isinstance(field, Field):
                value = field.to_python(value)
            setattr(document, name, value)
            fields.add(name.removesuffix("_id"))
    write_record_documents(
        case=case, update=list(documents.values()), fields=fields, user=user, reason=reason
    )
    return len(documents)


def take_back_production(
    *,
    case: Case,
    pk: int,
    created: bool,
    before: dict[str, Any],
    user: User | None = None,
) -> None:
    """Undo what a failed index import did to a production: delete the one it recorded, or put
    back the date and certification it changed."""
    with transaction.atomic():
        production = RecordProduction.objects.filter(case=case, pk=pk).first()
        if production is None:
            return
        if created:
            attribute_to(production, user).delete()
            return
        values = {
            "produced_on": date.fromisoformat(before["produced_on"])
            if before.get("produced_on")
            else None,
            "certification": before.get("certification", ""),
        }
        if any(getattr(production, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(production, key, value)
            attribute_to(production, user).save()


def keep_certified_index(
    *, production: RecordProduction, data: bytes, file_name: str, user: User | None = None
) -> None:
    """Keep the index file as filed on its production (stored under its hash, once)."""
    digest = hashlib.sha256(data).hexdigest()
    if digest in (production.certified_index.name or ""):
        return
    with transaction.atomic():
        production.certified_index.save(
            f"{digest}.csv", ContentFile(data, name=file_name), save=False
        )
        attribute_to(production, user).save(update_fields=["certified_index"])


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
