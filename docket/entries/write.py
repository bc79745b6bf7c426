"""The one write path for docket entries.

Every way an entry is created or changed — the paralegal's form (docket.entries.services.create_entry /
update_entry), a PACER docket report or an NEF (docket.ingest.apply.apply_docket_report), Record as
filed (docket.papers.filings.mark_filed), the fact-file loader (docket.ingest.loader) and the Django admin
(docket.admin) — ends in `write_entry`, which, in one transaction:

1. checks what every path must respect (one entry per ECF number; links stay inside the case),
2. saves only what changed, audited to the acting user (casetracker.audit.attribute_to),
3. sets the filers and the "responds to" links, and runs the caller's own step (`then`, e.g.
   storing the PDFs),
4. bumps the case's docket version (the docket page cache key) and re-indexes the entry and its
   documents for search (search.indexing; OCR is queued for a scan without a text layer), and
5. announces the change: `docket.signals.entry_saved` with what changed. notices (deadlines)
   subscribes to it; docket never imports notices.

Nothing else saves a DocketEntry; tests/docket/entries/test_write_path.py checks that, and runs one
motion through every path to show they produce the same deadlines."""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from casetracker.audit import attribute_to
from casetracker.models import Party, User
from docket.entries.cache import bump_docket_version
from docket.entries.limits import entry_limit_errors
from docket.models import DocketEntry, Document
from docket.search.indexing import index_entry
from docket.signals import entry_deleted, entry_saved

LINKS = ("filed_by", "responds_to")


@dataclass
class EntryWrite:
    """What `write_entry` did. `changed` names the fields that changed, plus "filed_by",
    "responds_to" and "documents" when those did."""

    entry: DocketEntry
    created: bool
    changed: frozenset[str] = field(default_factory=frozenset)

    @property
    def touched(self) -> bool:
        return self.created or bool(self.changed)


def _check(
    entry: DocketEntry,
    values: dict[str, Any],
    filed_by: Iterable[Party] | None,
    responds_to: Iterable[DocketEntry] | None,
    by: User | None = None,
) -> None:
    errors = entry_limit_errors(number=values.get("number"), text=values.get("text"))
    number = values.get("number", entry.number)
    if number is not None and "number" not in errors and ("number" in values or entry.pk is None):
        clashes = DocketEntry.objects.filter(case_id=entry.case_id, number=number)
        if entry.pk:
            clashes = clashes.exclude(pk=entry.pk)
        clash = clashes.first()
        if clash is not None and _may_see(by, clash):
            errors["number"] = (
                f"ECF No. {number} is already on this docket (filed "
                f"{clash.date_filed:%-d %b %Y}: “{clash.text[:80]}”). Check the number."
            )
        elif clash is not None:  # never quote an entry the user may not see (a sealed one)
            errors["number"] = f"ECF No. {number} is already on this docket. Check the number."
    for target in responds_to or ():
        if target.case_id != entry.case_id:
            errors["responds_to"] = "An entry can only respond to entries of its own case."
        elif entry.pk and target.pk == entry.pk:
            errors["responds_to"] = "An entry cannot respond to itself."
    for party in filed_by or ():
        if party.case_id != entry.case_id:
            errors["filed_by"] = "Choose parties of this case."
    if errors:
        raise ValidationError(errors)


def write_entry(
    *,
    entry: DocketEntry,
    by: User | None = None,
    values: Mapping[str, Any] | None = None,
    filed_by: Iterable[Party] | None = None,
    responds_to: Iterable[DocketEntry] | None = None,
    add_responds_to: Iterable[DocketEntry] = (),
    then: Callable[[DocketEntry], bool] | None = None,
    source: str | None = None,
) -> EntryWrite:
    """Create (`entry.pk` is None) or change a docket entry. All or nothing.

    values: field -> value; only those that differ are saved.
    filed_by / responds_to: the complete new set of parties / entries (None: leave as is).
    add_responds_to: entries to link in addition (imports only ever add links).
    then: callable(entry) -> bool run after the entry is saved (documents); True if it changed
      anything.
    source: how the change came (a DocketEntry.Source value); a new entry records it.
    Returns an EntryWrite; an unchanged entry is neither saved nor announced."""
    values = dict(values or {})
    if source and entry.pk is None:
        values.setdefault("source", source)
    _check(entry, values, filed_by, list(responds_to or ()) + list(add_responds_to), by)
    created = entry.pk is None
    with transaction.atomic():
        changed = {name for name, value in values.items() if getattr(entry, name) != value}
        for name in changed:
            setattr(entry, name, values[name])
        if created and entry.created_by_id is None and by is not None:
            entry.created_by = by
        if created or changed:
            attribute_to(entry, by).save()
        if filed_by is not None and _set_links(entry, "filed_by", filed_by, by, replace=True):
            changed.add("filed_by")
        wanted = list(responds_to) if responds_to is not None else None
        if wanted is not None and _set_links(entry, "responds_to", wanted, by, replace=True):
            changed.add("responds_to")
        if add_responds_to and _set_links(entry, "responds_to", add_responds_to, by):
            changed.add("responds_to")
        if then is not None and then(entry):
            changed.add("documents")
        result = EntryWrite(entry=entry, created=created, changed=frozenset(changed))
        if result.touched:
            bump_docket_version(entry.case_id)
            index_entry(entry)
            entry_saved.send(
                sender=DocketEntry,
                entry=entry,
                created=created,
                changed=result.changed,
                user=by,
                source=source or entry.source,
            )
    return result


def _may_see(user: User | None, entry: DocketEntry) -> bool:
    from casetracker.permissions import membership_for
    from docket.visibility import entry_visible

    return user is not None and entry_visible(entry, membership_for(user, entry.case))


def _set_links(
    entry: DocketEntry,
    name: str,
    targets: Iterable[Party] | Iterable[DocketEntry],
    by: User | None,
    *,
    replace: bool = False,
) -> bool:
    manager = getattr(entry, name)
    have = {t.pk for t in manager.all()}
    want = {t.pk for t in targets if t.pk != entry.pk or name != "responds_to"}
    if replace:
        if want == have:
            return False
        attribute_to(entry, by)
        manager.set(want)
        return True
    missing = want - have
    if not missing:
        return False
    attribute_to(entry, by)
    manager.add(*missing)
    return True


def save_document(*, document: Document, by: User | None = None) -> EntryWrite:
    """Save a document edited outside the upload flow (the admin): as a change to its entry's
    documents through write_entry, so it is audited, the docket cache bumped, dependants told and
    the search index rewritten in the same transaction. A document moved to another entry
    changes both entries."""

    def save(entry: DocketEntry) -> bool:
        attribute_to(document, by).save()
        return True

    with transaction.atomic():
        before = Document.all_objects.filter(pk=document.pk).values_list("entry_id", flat=True)
        moved_from = next(iter(before), None)
        result = write_entry(entry=document.entry, by=by, then=save)
        if moved_from is not None and moved_from != document.entry_id:
            write_entry(entry=DocketEntry.objects.get(pk=moved_from), by=by, then=lambda e: True)
    return result


def delete_entry(*, entry: DocketEntry, by: User | None = None) -> None:
    """Remove an entry (the admin's delete): audited, the cache bumped, dependants told first
    (their rows that point at the entry go with it)."""
    with transaction.atomic():
        case_id = entry.case_id
        entry_deleted.send(sender=DocketEntry, entry=entry, user=by)
        attribute_to(entry, by).delete()
        bump_docket_version(case_id)
