"""Docket entries entered by hand (the paralegal's form), with validated PDF attachments. Each
function takes keyword arguments, runs in one transaction through the one write path
(docket.entries.write.write_entry), records who did it (`casetracker.audit.attribute_to`), and
raises ValidationError with a message a paralegal understands — in which case nothing is saved."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from casetracker import courttime
from casetracker.audit import attribute_to
from casetracker.locks import busy_as_validation_error
from casetracker.models import Case, Party, User
from casetracker.permissions import membership_for
from docket.entries.limits import entry_limit_errors
from docket.entries.uploads import ValidatedPdf, describe, validate_pdf
from docket.entries.write import number_clash, number_clash_message, write_entry
from docket.models import DocketEntry, Document
from docket.visibility import entry_visible

Source = DocketEntry.Source


@dataclass
class NewAttachment:
    """One file a user attached in the form. `label` names it in messages ("Attachment 3");
    `validated` is set when the form already checked the file (saves parsing it twice)."""

    attachment_number: int
    upload: File
    description: str = ""
    label: str = ""
    validated: ValidatedPdf | None = None

    @property
    def who(self) -> str:
        return describe(self.upload, self.label or _attachment_label(self.attachment_number))


def _attachment_label(number: int) -> str:
    return "Main document" if number == 0 else f"Attachment {number}"


ENTRY_FIELDS = (
    "number",
    "date_filed",
    "date_entered",
    "text",
    "kind",
    "visibility",
    "plain_summary",
    "is_key_order",
    "internal_note",
)


def _check_entry_fields(
    case: Case,
    fields: Mapping[str, Any],
    *,
    instance: DocketEntry | None = None,
    by: User | None = None,
) -> None:
    errors: dict[str, str] = {}
    text = (fields.get("text") or "").strip()
    if "text" in fields and not text:
        errors["text"] = "Enter the docket text (copy it from the docket or the notice)."
    number = fields.get("number")
    errors.update(entry_limit_errors(number=number, text=text if "text" in fields else None))
    if number is not None and "number" not in errors:
        clash = number_clash(case.pk, number, exclude_pk=instance.pk if instance else None)
        if clash is not None:
            may_see = entry_visible(clash, membership_for(by, case) if by else None)
            errors["number"] = number_clash_message(number, clash, quoted=may_see)
    filed, entered = fields.get("date_filed"), fields.get("date_entered")
    if filed and filed > courttime.court_today(case, timezone.now()):
        errors["date_filed"] = "The filing date is in the future; check the date."
    if filed and entered and entered < filed:
        errors["date_entered"] = "An entry cannot be entered on the docket before it was filed."
    if errors:
        raise ValidationError(errors)


def _check_links(
    case: Case,
    responds_to: Iterable[DocketEntry] | None,
    filed_by: Iterable[Party] | None,
    instance: DocketEntry | None = None,
) -> None:
    for target in responds_to or ():
        if target.case_id != case.pk:
            raise ValidationError(
                {"responds_to": "An entry can only respond to entries of its own case."}
            )
        if instance is not None and target.pk == instance.pk:
            raise ValidationError({"responds_to": "An entry cannot respond to itself."})
    for party in filed_by or ():
        if party.case_id != case.pk:
            raise ValidationError({"filed_by": "Choose parties of this case."})


def _check_attachments(entry: DocketEntry, attachments: list[NewAttachment]) -> list[ValidatedPdf]:
    """Validate every file (all of them, so the user hears about every bad one at once) and the
    numbering; return the ValidatedPdf for each, in order."""
    messages: list[str] = []
    results: list[ValidatedPdf | None] = []
    existing = {d.attachment_number: d for d in entry.documents.all()} if entry.pk else {}
    existing_hashes = {d.sha256: d for d in existing.values() if d.sha256 and d.file}
    seen_numbers: dict[int, NewAttachment] = {}
    seen_hashes: dict[str, NewAttachment] = {}
    for att in attachments:
        try:
            pdf = att.validated or validate_pdf(
                att.upload, label=att.label or _attachment_label(att.attachment_number)
            )
        except ValidationError as exc:
            messages.extend(exc.messages)
            results.append(None)
            continue
        att.validated = pdf  # checked again under the entry's lock: parse once
        results.append(pdf)
        number = att.attachment_number
        if number in seen_numbers:
            messages.append(
                f"{att.who}: {seen_numbers[number].who} already uses attachment number {number}; "
                "give each file its own number."
            )
        seen_numbers.setdefault(number, att)
        current = existing.get(number)
        if current is not None and current.file:
            messages.append(
                f"{att.who}: {_attachment_label(number).lower()} of this entry already has a "
                "file. Use the next free number for a new attachment."
            )
        if pdf.sha256 in seen_hashes:
            messages.append(f"{att.who}: this is the same file as {seen_hashes[pdf.sha256].who}.")
        elif pdf.sha256 in existing_hashes:
            other = existing_hashes[pdf.sha256]
            messages.append(
                f"{att.who}: this exact file is already on this entry as "
                f"{_attachment_label(other.attachment_number).lower()}"
                f"{f' ({other.original_name})' if other.original_name else ''}."
            )
        seen_hashes.setdefault(pdf.sha256, att)
    if messages:
        raise ValidationError(messages)
    return [pdf for pdf in results if pdf is not None]  # every one: a bad file raised above


def _store_attachments(
    entry: DocketEntry,
    attachments: list[NewAttachment],
    pdfs: list[ValidatedPdf],
    user: User | None,
    written: list[tuple[Storage, str]],
) -> None:
    existing = {d.attachment_number: d for d in entry.documents.all()}
    for att, pdf in zip(attachments, pdfs, strict=True):
        document = existing.get(att.attachment_number) or Document(
            entry=entry, attachment_number=att.attachment_number
        )
        if att.description:
            document.description = att.description[:300]
        elif not document.description:
            document.description = "Main document" if att.attachment_number == 0 else ""
        document.original_name = (getattr(att.upload, "name", "") or "")[:255]
        document.sha256 = pdf.sha256
        document.page_count = pdf.page_count
        document.byte_size = pdf.byte_size
        document.text = pdf.text
        document.active_content = ",".join(pdf.active_content)
        storage = document.file.storage
        att.upload.seek(0)
        path = document.file.field.generate_filename(document, "upload.pdf")
        existed = storage.exists(path)
        document.file.save(path, att.upload, save=False)
        if not existed:
            written.append((storage, document.file.name))
        attribute_to(document, user)
        document.save()


def _save_entry(
    *,
    entry: DocketEntry,
    created: bool,
    by: User | None,
    fields: Mapping[str, Any],
    responds_to: Iterable[DocketEntry] | None,
    filed_by: Iterable[Party] | None,
    attachments: list[NewAttachment],
) -> DocketEntry:
    if not created:
        # A ModelForm has already copied its values onto its instance: compare with the stored
        # row, so the write path sees (audits, announces) what really changed.
        entry = DocketEntry.objects.select_related("case__court").get(pk=entry.pk)
    case = entry.case
    _check_entry_fields(case, fields, instance=entry, by=by)
    _check_links(case, responds_to, filed_by, instance=entry)
    pdfs = _check_attachments(entry, attachments)
    values = {
        name: value.strip() if isinstance(value, str) else value
        for name, value in fields.items()
        if name in ENTRY_FIELDS
    }
    written: list[tuple[Storage, str]] = []

    def store(saved: DocketEntry) -> bool:
        _store_attachments(saved, attachments, pdfs, by, written)
        return bool(attachments)

    try:
        with busy_as_validation_error(SAVE_BUSY), transaction.atomic():
            if entry.pk:
                # Lock the entry (PostgreSQL row lock; SQLite: BEGIN IMMEDIATE) and check the
                # attachment numbers again: twenty people adding "attachment 1" at once must
                # give one success and nineteen clear errors, never overwritten documents.
                DocketEntry.objects.select_for_update(of=("self",)).filter(pk=entry.pk).first()
                pdfs = _check_attachments(entry, attachments)
            write_entry(
                entry=entry,
                by=by,
                values=values,
                filed_by=filed_by,
                responds_to=responds_to,
                then=store,
                source=Source.MANUAL if created else None,
            )
    except IntegrityError:
        _remove_unreferenced(written)
        raise ValidationError(
            {
                "number": "Someone saved the same ECF number or attachment a moment ago. "
                "Reload the entry and check it."
            }
        ) from None
    except BaseException:
        # The rows were rolled back; remove files this call put in storage so no orphan remains.
        _remove_unreferenced(written)
        raise
    return entry


SAVE_BUSY = "The docket is busy (an import is running). Nothing was saved; try again in a minute."


def _remove_unreferenced(written: list[tuple[Storage, str]]) -> None:
    """Delete files this call wrote, unless a committed row uses the same content (storage is
    content-addressed: another upload of the same bytes may have committed meanwhile)."""
    for storage, name in written:
        if not Document.all_objects.filter(file=name).exists():  # a withdrawn one keeps its file
            storage.delete(name)


def create_entry(
    *,
    case: Case,
    by: User | None,
    fields: Mapping[str, Any],
    responds_to: Iterable[DocketEntry] = (),
    filed_by: Iterable[Party] = (),
    attachments: Iterable[NewAttachment] = (),
) -> DocketEntry:
    """Add a docket entry by hand, with its PDFs. All or nothing."""
    entry = DocketEntry(case=case, source=Source.MANUAL)
    return _save_entry(
        entry=entry,
        created=True,
        by=by,
        fields=fields,
        responds_to=responds_to,
        filed_by=filed_by,
        attachments=list(attachments),
    )


def update_entry(
    *,
    entry: DocketEntry,
    by: User | None,
    fields: Mapping[str, Any],
    responds_to: Iterable[DocketEntry] | None = None,
    filed_by: Iterable[Party] | None = None,
    attachments: Iterable[NewAttachment] = (),
) -> DocketEntry:
    """Change an entry and add PDFs to it. All or nothing."""
    return _save_entry(
        entry=entry,
        created=False,
        by=by,
        fields=fields,
        responds_to=responds_to,
        filed_by=filed_by,
        attachments=list(attachments),
    )
