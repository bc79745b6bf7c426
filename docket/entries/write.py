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
5. announces the change: `docket.signals.entry_saved` with what changed, then, for a new entry,
   `entries_published` (it is final: news). notices (deadlines, alerts) subscribes to both;
   docket never imports notices.

`write_entries` is the same path for many entries at once (imports): one transaction for the
batch, rows written with bulk_create / bulk_update, one audit row per entry written in bulk
(django-simple-history's bulk_history_create, with the "responds to" snapshot), filers and links
through their join tables in bulk, the docket version bumped and the search index written once
per batch, and `entry_saved` sent for every entry it touched. An import calls it once per batch
with `held=True` (what each entry starts is derived at once, but nobody is told of it) and
publishes the entries it created when the whole import has succeeded (`publish_entries`); a
failed import discards them (`discard_entries`).

Nothing else saves a DocketEntry; tests/docket/entries/test_write_path.py checks that, and runs one
motion through every path to show they produce the same deadlines."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery, prefetch_related_objects
from django.utils import timezone

from casetracker.audit import attribute_to, bulk_history_copy
from casetracker.bulk import insert_many, insert_select
from casetracker.models import Party, User
from docket.entries.cache import bump_docket_version
from docket.entries.limits import entry_limit_errors
from docket.models import DocketEntry, Document
from docket.search.indexing import index_entries, index_entry, index_new_entries
from docket.signals import (
    entries_discarded,
    entries_published,
    entries_restored,
    entry_deleted,
    entry_saved,
)

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
        clash = number_clash(entry.case_id, number, exclude_pk=entry.pk)
        if clash is not None:
            errors["number"] = number_clash_message(number, clash, quoted=_may_see(by, clash))
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
                held=False,
            )
            if created:
                publish_entries([entry], by=by, source=source or entry.source)
    return result


def number_clash(case_id: int, number: int, *, exclude_pk: int | None) -> DocketEntry | None:
    """Another entry of the case already holding ECF No. `number` (the one check of every path)."""
    clashes = DocketEntry.objects.filter(case_id=case_id, number=number)
    if exclude_pk:
        clashes = clashes.exclude(pk=exclude_pk)
    return clashes.first()


def number_clash_message(number: int, clash: DocketEntry, *, quoted: bool) -> str:
    """The error for a taken ECF number; `quoted` only when the user may see the clashing entry
    (never quote a sealed one: the error is derived data)."""
    if quoted:
        return (
            f"ECF No. {number} is already on this docket (filed "
            f"{clash.date_filed:%-d %b %Y}: “{clash.text[:80]}”). Check the number."
        )
    return f"ECF No. {number} is already on this docket. Check the number."


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


# --------------------------------------------------------------------------- many at once


@dataclass
class EntryChange:
    """One entry of a batch for `write_entries`: like write_entry's arguments, with the
    documents as data (created or filled in bulk) instead of a callable."""

    entry: DocketEntry
    values: dict = field(default_factory=dict)
    filed_by: Sequence | None = None  # the complete new set of parties (None: leave as is)
    add_responds_to: Sequence = ()  # entries to link in addition
    new_documents: Sequence[dict] = ()  # Document field values of documents to add
    document_values: Sequence[tuple[Document, dict]] = ()  # (document, fields to set)
    reason: str = ""  # the audit row's change reason
    # Taking back what a failed import added (docket.ingest.batches.undo):
    remove_responds_to: Sequence[int] = ()  # ids of entries to unlink
    remove_documents: Sequence[int] = ()  # attachment numbers of documents to remove


def _batch_errors(case_id: int, changes: list[EntryChange], by: User | None) -> list[str]:
    """write_entry's checks for a whole batch: limits, one entry per ECF number (against the
    docket and inside the batch), links inside the case. Messages name the entry."""
    messages = []
    wanted = {}  # number -> change
    for change in changes:
        entry, values = change.entry, change.values
        label = _label(entry, values)
        for message in entry_limit_errors(
            number=values.get("number"), text=values.get("text")
        ).values():
            messages.append(f"{label}: {message}")
        number = values.get("number")
        if number is not None and number != entry.number:
            if number in wanted:
                messages.append(f"{label}: ECF No. {number} appears twice in this file.")
            wanted[number] = change
        if any(t.case_id != case_id for t in change.add_responds_to):
            messages.append(f"{label}: an entry can only respond to entries of its own case.")
        if change.filed_by is not None and any(p.case_id != case_id for p in change.filed_by):
            messages.append(f"{label}: choose parties of this case.")
    if wanted:
        batch_pks = [c.entry.pk for c in changes if c.entry.pk]
        clashes = DocketEntry.objects.filter(case_id=case_id, number__in=list(wanted)).exclude(
            pk__in=batch_pks
        )
        for clash in clashes:
            change = wanted[clash.number]
            quoted = (
                f" (filed {clash.date_filed:%-d %b %Y}: “{clash.text[:80]}”)"
                if _may_see(by, clash)
                else ""
            )
            messages.append(
                f"{_label(change.entry, change.values)}: ECF No. {clash.number} is already on "
                f"this docket{quoted}. Check the number."
            )
    return messages


def _label(entry: DocketEntry, values: Mapping[str, Any]) -> str:
    number = values.get("number", entry.number)
    if number:
        return f"ECF No. {number}"
    day = values.get("date_filed", entry.date_filed)
    return f"Unnumbered entry of {day:%-d %b %Y}" if day else "An unnumbered entry"


def write_entries(
    *,
    changes: Iterable[EntryChange],
    by: User | None = None,
    source: str | None = None,
    held: bool = False,
) -> list[EntryWrite]:
    """Create or change many entries of one case at once, in one transaction, with every
    guarantee of `write_entry` (checks, only what changed saved, audited to `by`, filers and
    links, documents, docket version, search index, `entry_saved` for each touched entry).

    held=True: part of an import that is not finished; the entries it creates are announced
    with `held=True` and published later by the caller (`publish_entries`), so nobody hears of
    an entry that a failed import takes back. Returns one EntryWrite per change, in order."""
    changes = list(changes)
    if not changes:
        return []
    case_id = changes[0].entry.case_id
    if any(c.entry.case_id != case_id for c in changes):
        raise ValueError("write_entries writes the entries of one case at a time")
    messages = _batch_errors(case_id, changes, by)
    if messages:
        raise ValidationError(messages)
    now = timezone.now()
    with transaction.atomic():
        changed, new, updated = _set_values(changes, by, source, now)
        insert_many([changes[i].entry for i in new])
        if updated:
            names = sorted({n for i in updated for n in changed[i]} | {"updated_at"})
            DocketEntry.objects.bulk_update([changes[i].entry for i in updated], names)
        for i in _write_documents(changes, by, now):
            changed[i].add("documents")
        for i in _write_filers(changes):
            changed[i].add("filed_by")
        for i in _write_links(changes):
            changed[i].add("responds_to")
        writes = [
            EntryWrite(entry=c.entry, created=i in new, changed=frozenset(changed[i]))
            for i, c in enumerate(changes)
        ]
        touched = [w for w in writes if w.touched]
        if touched:
            _audit(changes, writes, by, now)
            bump_docket_version(case_id)
            index_new_entries([w.entry for w in touched if w.created])
            index_entries([w.entry for w in touched if not w.created])
            # Shared by this batch's announcements: the filers and links as written, and what
            # receivers keep for the batch (per-case facts).
            batch: dict[Any, Any] = _relations_as_written(changes, writes)
            for write in touched:
                entry_saved.send(
                    sender=DocketEntry,
                    entry=write.entry,
                    created=write.created,
                    changed=write.changed,
                    user=by,
                    source=source or write.entry.source,
                    held=held,
                    batch=batch,
                )
            if not held:
                publish_entries([w.entry for w in touched if w.created], by=by, source=source)
    return writes


def _set_values(
    changes: list[EntryChange], by: User | None, source: str | None, now: datetime
) -> tuple[list[set[str]], set[int], list[int]]:
    changed: list[set[str]] = []
    new: set[int] = set()
    updated: list[int] = []
    for i, change in enumerate(changes):
        entry, values = change.entry, dict(change.values)
        if source and entry.pk is None:
            values.setdefault("source", source)
        names = {name for name, value in values.items() if getattr(entry, name) != value}
        for name in names:
            setattr(entry, name, values[name])
        attribute_to(entry, by)
        if change.reason:
            entry._change_reason = change.reason
        if entry.pk is None:
            if entry.created_by_id is None and by is not None:
                entry.created_by = by
            new.add(i)
        elif names:
            entry.updated_at = now
            updated.append(i)
        changed.append(names)
    return changed, new, updated


def _write_documents(changes: list[EntryChange], by: User | None, now: datetime) -> set[int]:
    """Add and fill in documents in bulk, with their audit rows. Returns the indexes of the
    changes whose documents changed."""
    touched, created, filled, fields = set(), [], [], set()
    for i, change in enumerate(changes):
        for values in change.new_documents:
            created.append(attribute_to(Document(entry=change.entry, **values), by))
            touched.add(i)
        for document, values in change.document_values:
            names = {n for n, v in values.items() if getattr(document, n) != v}
            if names:
                for name in names:
                    setattr(document, name, values[name])
                filled.append(attribute_to(document, by))
                fields |= names
                touched.add(i)
    gone = [
        (i, n)
        for i, change in enumerate(changes)
        for n in change.remove_documents
        if change.entry.pk
    ]
    for i, number in gone:
        withdrawn_or_gone = Document.objects.filter(
            entry_id=changes[i].entry.pk, attachment_number=number
        ).first()
        if withdrawn_or_gone is not None:
            attribute_to(withdrawn_or_gone, by).delete()
            touched.add(i)
    if created:
        insert_many(created)
        bulk_history_copy(created, default_user=by, when=now)
    if filled:
        Document.objects.bulk_update(filled, sorted(fields))
        bulk_history_copy(filled, update=True, default_user=by, when=now)
    return touched


def _write_filers(changes: list[EntryChange]) -> set[int]:
    through = DocketEntry.filed_by.through
    wanted = {i: c for i, c in enumerate(changes) if c.filed_by is not None}
    if not wanted:
        return set()
    have: dict[int, set[int]] = {}
    pks = [c.entry.pk for c in wanted.values()]
    for entry_id, party_id in through.objects.filter(docketentry_id__in=pks).values_list(
        "docketentry_id", "party_id"
    ):
        have.setdefault(entry_id, set()).add(party_id)
    touched, drop, add = set(), [], []
    for i, change in wanted.items():
        want = {p.pk for p in change.filed_by or ()}
        current = have.get(change.entry.pk, set())
        if want == current:
            continue
        touched.add(i)
        drop += [(change.entry.pk, p) for p in current - want]
        add += [through(docketentry_id=change.entry.pk, party_id=p) for p in want - current]
    for entry_id, party_id in drop:
        through.objects.filter(docketentry_id=entry_id, party_id=party_id).delete()
    through.objects.bulk_create(add)
    return touched


def _write_links(changes: list[EntryChange]) -> set[int]:
    """Add "responds to" links (imports only ever add them; a failed import's are removed)."""
    through = DocketEntry.responds_to.through
    touched = set()
    for i, change in enumerate(changes):
        if (
            change.remove_responds_to
            and through.objects.filter(
                from_docketentry_id=change.entry.pk, to_docketentry_id__in=change.remove_responds_to
            ).delete()[0]
        ):
            touched.add(i)
    wanted = {i: c for i, c in enumerate(changes) if c.add_responds_to}
    if not wanted:
        return touched
    have = set(
        through.objects.filter(
            from_docketentry_id__in=[c.entry.pk for c in wanted.values()]
        ).values_list("from_docketentry_id", "to_docketentry_id")
    )
    add = []
    for i, change in wanted.items():
        source = change.entry.pk
        for target in change.add_responds_to:
            if target.pk == source or (source, target.pk) in have:
                continue
            have.add((source, target.pk))
            add.append(through(from_docketentry_id=source, to_docketentry_id=target.pk))
            touched.add(i)
    through.objects.bulk_create(add)
    return touched


def _relations_as_written(changes: list[EntryChange], writes: list[EntryWrite]) -> dict[Any, Any]:
    """{"filed_by": {entry id: [Party]}, "responds_to": {entry id: [DocketEntry]}} of the touched
    entries, as written — so the receivers of the announcements read them without a query (or
    a queryset) per entry, and never from a cache filled before the write. A new entry's are
    what the change gave; a changed entry's are read, one query each for the batch."""
    filers: dict[int, list[Party]] = {}
    links: dict[int, list[DocketEntry]] = {}
    changed = []
    for change, write in zip(changes, writes, strict=True):
        entry = write.entry
        if not write.touched:
            continue
        getattr(entry, "_prefetched_objects_cache", {}).clear()
        if not write.created:
            changed.append(entry)
            continue
        parties = {p.pk: p for p in change.filed_by or ()}
        filers[entry.pk] = sorted(parties.values(), key=lambda p: (p.side, p.pk))
        targets = links[entry.pk] = []
        for target in change.add_responds_to:
            if target.pk != entry.pk and target not in targets:
                targets.append(target)
    if changed:
        prefetch_related_objects(changed, "filed_by", "responds_to")
        for entry in changed:
            filers[entry.pk] = list(entry.filed_by.all())
            links[entry.pk] = list(entry.responds_to.all())
    return {"filed_by": filers, "responds_to": links}


def _audit(
    changes: list[EntryChange], writes: list[EntryWrite], by: User | None, now: datetime
) -> None:
    """One history row per touched entry (+ for new, ~ for changed), with the snapshot of its
    "responds to" links, as django-simple-history's m2m tracking keeps them."""
    for created in (True, False):
        entries = [w.entry for w in writes if w.touched and w.created is created]
        if not entries:
            continue
        rows = bulk_history_copy(entries, update=not created, default_user=by, when=now)
        _audit_links(rows)


def _audit_links(rows: dict[int, int]) -> None:
    """The "responds to" snapshot of the audit rows {entry id: history id} just written, copied
    by the database from the links as saved (one INSERT … SELECT)."""
    if not rows:
        return
    through = DocketEntry.responds_to.through
    history = DocketEntry.history.model
    m2m_history = history.responds_to.model
    names = [f.attname for f in through._meta.concrete_fields]  # ids only
    row_of_entry = Subquery(
        history.objects.filter(
            history_id__in=list(rows.values()), id=OuterRef("from_docketentry_id")
        ).values("history_id")[:1]
    )
    links = through.objects.filter(from_docketentry_id__in=list(rows)).annotate(
        _history=row_of_entry
    )
    insert_select(m2m_history, [*names, "history"], links.values_list(*names, "_history"))


def publish_entries(
    entries: Sequence[DocketEntry],
    *,
    by: User | None = None,
    source: str | None = None,
    changed: Sequence[DocketEntry] = (),
    since: datetime | None = None,
) -> None:
    """The entries are final (their write, or the whole import, succeeded): announce them as
    news (`entries_published`; notices alerts the members who may see them). An import passes
    the entries it changed and when it began: what it derived from them while held is news too."""
    entries, changed = list(entries), list(changed)
    if entries or changed:
        extra = {"changed": changed, "since": since} if since is not None else {}
        entries_published.send(sender=DocketEntry, entries=entries, user=by, source=source, **extra)


def discard_entries(entries: Sequence[DocketEntry], *, by: User | None = None) -> None:
    """Take back entries a failed import created (never published): dependants drop what they
    derived from them (`entries_discarded`), then the entries go, audited, with their
    documents, links and search rows."""
    entries = list(entries)
    if not entries:
        return
    with transaction.atomic():
        entries_discarded.send(sender=DocketEntry, entries=entries, user=by)
        case_ids = {e.case_id for e in entries}
        for entry in entries:
            attribute_to(entry, by)
        DocketEntry.objects.filter(pk__in=[e.pk for e in entries]).delete()
        for case_id in case_ids:
            bump_docket_version(case_id)


def restore_entries(
    *, changes: Sequence[EntryChange], since: datetime, by: User | None = None
) -> list[EntryWrite]:
    """Take back what a failed import changed on existing entries: `changes` give them their
    values, filers, links and documents as before (write_entries); then dependants drop what
    the import's changes derived since `since`, when it began (`entries_restored`: notices
    deletes the deadlines they started and puts back the deadlines they met)."""
    changes = list(changes)
    if not changes:
        return []
    with transaction.atomic():
        writes = write_entries(changes=changes, by=by)
        entries_restored.send(
            sender=DocketEntry, entries=[c.entry for c in changes], since=since, user=by
        )
    return writes
