"""Imports in batches: parse first, then write the docket in short transactions, all or nothing
for the result.

A 10,000-entry docket report written in one transaction held SQLite's only write lock for
most of a minute (every sign-in and save waited, some failed with "database is locked"). Here
an import (an `ImportJob`) runs in steps, each its own short transaction:

1. claim the job: at most one running import per case (a unique constraint on running jobs,
   on SQLite and PostgreSQL alike); a second import of the case waits up to LOCK_WAIT_SECONDS,
   then is told "Another import of this case is running";
2. the case header and parties;
3. the entries, BATCH_SIZE at a time, through the one write path in its batch form
   (`docket.entries.write_entries`, held: what they start is derived, nobody is told yet); each
   batch also records on the job what it wrote (`undo`) in the same transaction;
4. "responds to" links to entries later in the file, in batches;
5. the review record, publishing the new entries (alerts) and "done", in one transaction.

If any step fails — a row the database refuses, a check of the write path, a crash — the steps
already committed are taken back (`undo`: new entries discarded with what was derived from
them, changed entries restored with what their changes derived, added documents, links,
parties, attorneys and representations removed, the header's and counsel's fills undone), the
job is marked failed with the reason (audited), and nothing of the import remains. While an
import runs, no deadline reminder of its case is sent (notices.reminders.sending): what its
batches derived is not final yet. A worker that dies
mid-import stops its heartbeat; the next claim of that case, or the stale-jobs sweep, takes the
partial import back the same way. Readers are never blocked (SQLite WAL); writers wait at most
one batch."""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone

from casetracker.audit import attribute_to
from casetracker.locks import BUSY_MESSAGE, LOCK_WAIT_SECONDS, CaseBusy, busy_as_validation_error
from casetracker.models import Attorney
from docket.entries.write import (
    EntryChange,
    EntryWrite,
    discard_entries,
    publish_entries,
    restore_entries,
    write_entries,
)
from docket.ingest import review as import_review
from docket.ingest import takeback
from docket.models import DocketEntry, Document, ImportJob, TextConflict

log = logging.getLogger(__name__)
Source = DocketEntry.Source
BATCH_SIZE = 500
LEASE = timedelta(seconds=60)  # no heartbeat for this long: the importing worker is gone
ENTRY_FIELDS = [f.name for f in DocketEntry._meta.concrete_fields]


@dataclass
class _Row:
    item: object
    entry: DocketEntry
    change: EntryChange
    before: dict  # import review: {field label: [before, after]}
    undo: dict | None  # for an existing entry: what to restore
    proposed_text: str | None = None  # a text conflict to record


# --------------------------------------------------------------------------- claiming


def claim(job, *, wait=LOCK_WAIT_SECONDS):
    """Make `job` the case's running import, waiting up to `wait` seconds for another one to
    finish; a running import whose worker stopped beating is taken back first."""
    give_up = time.monotonic() + wait
    while True:
        _take_back_stale(job.case_id)
        try:
            with transaction.atomic():
                now = timezone.now()
                job.status = ImportJob.Status.RUNNING
                job.started_at = job.heartbeat_at = now
                job.error = ""
                job.save(update_fields=["status", "started_at", "heartbeat_at", "error"])
            return job
        except IntegrityError:
            if time.monotonic() >= give_up:
                raise CaseBusy(BUSY_MESSAGE) from None
            time.sleep(0.2)


def _take_back_stale(case_id, now=None):
    quiet = (now or timezone.now()) - LEASE
    for stale in ImportJob.objects.filter(
        case_id=case_id, status=ImportJob.Status.RUNNING, heartbeat_at__lt=quiet
    ):
        fail(
            stale,
            "The import stopped before it finished (its worker was stopped); nothing "
            "of it was kept. Upload the file again.",
        )


def sweep_stale(now=None):
    """Take back every running import whose worker stopped beating (beat's stale-jobs sweep).
    Returns their ids."""
    quiet = (now or timezone.now()) - LEASE
    stale = ImportJob.objects.filter(status=ImportJob.Status.RUNNING, heartbeat_at__lt=quiet)
    ids = []
    for case_id in set(stale.values_list("case_id", flat=True)):
        ids += list(stale.filter(case_id=case_id).values_list("pk", flat=True))
        _take_back_stale(case_id, now)
    return ids


# --------------------------------------------------------------------------- running


def run(
    job, report, *, rules, by=None, progress=None, wait=LOCK_WAIT_SECONDS, requeue_if_busy=False
):
    """Apply a parsed report to the job's case in batches. Returns the ImportSummary; on any
    failure takes back what was written, marks the job failed and raises. Another import of
    the case running for longer than `wait`: CaseBusy (with `requeue_if_busy`, the job stays
    queued for a later try; otherwise it fails). `rules`: docket.ingest.apply, the module with
    the import's rules (matching, field values, header, parties), passed in so the two modules
    do not import each other."""
    case = job.case
    try:
        rules._check_report_is_for(case, report)
        start(job, wait=wait, requeue_if_busy=requeue_if_busy)
        summary = _apply(
            job, case, report, rules=rules, by=by, progress=progress or (lambda p: None)
        )
    except ImportBusy:
        raise
    except BaseException as exc:
        fail(job, _reason(exc), by=by)
        raise
    return summary


def start(job, *, wait=LOCK_WAIT_SECONDS, requeue_if_busy=False):
    """Claim the job (`claim`); another import of the case running for longer than `wait`:
    CaseBusy, or with `requeue_if_busy` ImportBusy with the job queued again. Every kind of
    import (docket report, NEF, record index) starts here."""
    try:
        with busy_as_validation_error():
            claim(job, wait=wait)
    except CaseBusy:
        if requeue_if_busy:
            ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.QUEUED)
            job.status = ImportJob.Status.QUEUED
            raise ImportBusy() from None
        raise


class ImportBusy(Exception):
    """Another import of the case is running; this job is still queued."""


def _reason(exc):
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    if isinstance(exc, IntegrityError):
        return (
            "The database refused a row of this file (" + str(exc).splitlines()[0][:200] + "). "
            "Nothing of it was kept."
        )
    return f"The import failed ({type(exc).__name__}: {str(exc)[:200]}). Nothing of it was kept."


def fail(job, message, *, by=None):
    """Take back what the job wrote, then mark it failed with `message` (audited)."""
    try:
        job.refresh_from_db(fields=["undo"])  # what committed batches recorded, no more
        undo(job, by=by)
    finally:
        job.refresh_from_db(fields=["status"])
        job.status = ImportJob.Status.FAILED
        job.error = message
        job.finished_at = timezone.now()
        job.undo = {}
        attribute_to(job, by).save(update_fields=["status", "error", "finished_at", "undo"])


def _beat(job, written, total):
    job.written = written
    job.heartbeat_at = timezone.now()
    job.progress = 10 + int(85 * written / max(total, 1))
    ImportJob.objects.filter(pk=job.pk).update(
        written=job.written,
        heartbeat_at=job.heartbeat_at,
        progress=job.progress,
        undo=job.undo,
    )


def _apply(job, case, report, *, rules, by, progress):

    source = report.source
    summary = rules.ImportSummary(skipped=len(report.skipped), notes=list(report.skipped))
    # Keys written before the batches (an appeal's case made for this import) are kept.
    job.undo = {**(job.undo or {}), "created": [], "updated": [], "header": {}, "conflicts": []}
    job.total = len(report.entries)
    ImportJob.objects.filter(pk=job.pk).update(total=job.total)
    _apply_header_and_parties(job, case, report, summary, rules=rules, by=by)
    progress(job.progress)
    documents, links = _relations(case)
    current = {k: [d for d in v if not d.is_withdrawn] for k, v in documents.items()}
    pairs, existing = rules._match_entries(case, report, current)
    rows = _plan(case, report, pairs, existing, source, documents, links, rules._entry_values)
    by_number = {e.number: e for e in existing if e.number is not None}
    writes = _write_batches(job, rows, by_number, by=by, source=source, progress=progress)
    _link_forward(job, rows, writes, by_number, by=by, source=source)
    _count(summary, rows, writes)
    conflicts = _conflicts(job, summary)
    _finish(job, case, summary, rows, writes, conflicts, by=by, source=source)
    progress(100)
    return summary


def _apply_header_and_parties(
    job: ImportJob, case: Any, report: Any, summary: Any, *, rules: Any, by: Any
) -> None:
    """Step 2, one transaction: the case header and parties; what it adds (parties, attorneys,
    representations) and the values it fills in go on the job's `undo` in the same
    transaction."""
    with busy_as_validation_error(), transaction.atomic():
        written: dict[str, list[Any]] = {"created": [], "values": []}
        rules._apply_case_header(case, report, by, written)
        rules._apply_parties(case, report, by, summary, written)
        job.undo["header"] = _jsonable(written)
        _beat(job, 0, job.total)


def _write_batches(
    job: ImportJob,
    rows: list[_Row],
    by_number: dict[int, DocketEntry],
    *,
    by: Any,
    source: Any,
    progress: Callable[[int], object],
) -> dict[int, EntryWrite]:
    """Step 3: the entries, BATCH_SIZE at a time, each batch its own transaction with what it
    wrote recorded on the job (`undo`) and any text conflicts asked. Returns {id(row): what was
    written}; `by_number` is kept up to date for the forward links of step 4."""
    writes: dict[int, EntryWrite] = {}
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        with busy_as_validation_error(), transaction.atomic():
            done = write_entries(changes=[r.change for r in batch], by=by, source=source, held=True)
            for row, written in zip(batch, done, strict=True):
                writes[id(row)] = written
                _remember(job, row, written)
                if row.proposed_text is not None:
                    conflict = import_review.ask(row.entry, row.proposed_text, source)
                    if conflict is not None:
                        job.undo["conflicts"].append(conflict.pk)
            _beat(job, start + len(batch), len(rows))
        progress(job.progress)  # after the commit: the page sees what is written
        for row in batch:
            if row.entry.number is not None:
                by_number[row.entry.number] = row.entry
    return writes


def _count(summary: Any, rows: list[_Row], writes: dict[int, EntryWrite]) -> None:
    """Added, updated and unchanged entries on the summary, in the order of the report."""
    for row in rows:
        written = writes[id(row)]
        if written.created:
            summary.added += 1
            summary.added_entries.append(written.entry)
        elif written.touched:
            summary.updated += 1
            summary.updated_entries.append(written.entry)
        else:
            summary.unchanged += 1


def _conflicts(job: ImportJob, summary: Any) -> list[TextConflict]:
    """The text conflicts this import recorded, with a note on the summary when there are any."""
    conflicts = list(TextConflict.objects.filter(pk__in=job.undo["conflicts"]))
    if conflicts:
        summary.notes.append(
            f"{len(conflicts)} entr{'y' if len(conflicts) == 1 else 'ies'}: the court's text "
            "differs from the text typed by hand; both are kept — choose which is canonical "
            "on the import's review page."
        )
    return conflicts


def _finish(
    job: ImportJob,
    case: Any,
    summary: Any,
    rows: list[_Row],
    writes: dict[int, EntryWrite],
    conflicts: list[TextConflict],
    *,
    by: Any,
    source: Any,
) -> None:
    """Step 5, one transaction: the review record, publishing the new entries (alerts) and the
    job marked done (its payload and `undo` cleared: nothing is left to take back)."""
    with busy_as_validation_error(), transaction.atomic():
        summary.run = import_review.record(
            case=case,
            source=source,
            by=by,
            summary=summary,
            changes=[
                (w.entry, import_review.with_links(row.before, w.changed))
                for row in rows
                for w in [writes[id(row)]]
                if not w.created and w.touched
            ],
            conflicts=conflicts,
            origin=job.origin,
        )
        publish_entries(
            summary.added_entries,
            by=by,
            source=source,
            changed=summary.updated_entries,
            since=job.started_at or job.created_at,
        )
        job.status = ImportJob.Status.DONE
        job.progress = 100
        job.summary = str(summary)[:200]
        job.notes = summary.notes
        job.run = summary.run
        job.payload = b""
        job.undo = {}
        job.finished_at = timezone.now()
        attribute_to(job, by).save()


def _relations(case):
    """({entry id: [Document]}, {entry id: {linked entry ids}}) of the case, one query each.
    Withdrawn documents are included (docket.withdrawals): the importer must know them so as
    never to bring one back; matching and filling in use the current ones only."""
    documents: dict[int, list[Document]] = {}
    links: dict[int, set[int]] = {}
    for document in Document.all_objects.filter(entry__case=case):
        documents.setdefault(document.entry_id, []).append(document)
    through = DocketEntry.responds_to.through
    for source, target in through.objects.filter(from_docketentry__case=case).values_list(
        "from_docketentry_id", "to_docketentry_id"
    ):
        links.setdefault(source, set()).add(target)
    return documents, links


def _plan(case, report, pairs, existing, source, documents, links, _entry_values):
    """What each row of the report does to the docket (no writes): an EntryChange per row."""

    with_filers = set(
        DocketEntry.filed_by.through.objects.filter(docketentry__case=case).values_list(
            "docketentry_id", flat=True
        )
    )
    by_number = {e.number: e for e in existing if e.number is not None}
    parties = list(case.parties.all())
    rows = []
    for item, entry in zip(report.entries, pairs, strict=True):
        proposed = None
        if entry is None:
            entry = DocketEntry(case=case)
            values = {
                "number": item.number,
                "date_filed": item.date_filed,
                "date_entered": item.date_entered,
                "text": item.text,
                "kind": item.kind,
            }
        else:
            values = _entry_values(entry, item, source)
            if "text" in values and import_review.typed_by_hand(entry):
                # Never replace what the team typed: keep it, ask which is canonical.
                proposed = values.pop("text")
                values.pop("plain_summary", None)
        filed_by, names = _report_filers_known(entry, item, parties, with_filers)
        if names is not None:
            values["filer_names"] = names
        targets = [by_number[n] for n in item.refers_to if n in by_number]
        new_documents, document_values = _documents(entry, item, source, documents)
        change = EntryChange(
            entry=entry,
            values=values,
            filed_by=filed_by,
            add_responds_to=targets,
            new_documents=new_documents,
            document_values=document_values,
            reason=f"{import_review.IMPORT_REASON}{source}",
        )
        before = import_review.diff(entry, values) if entry.pk else {}
        undo = None
        if entry.pk is not None:
            undo = {
                "pk": entry.pk,
                "values": {n: getattr(entry, n) for n in values if getattr(entry, n) != values[n]},
                "filed_by": None if filed_by is None else [],
                "links": [t.pk for t in targets],
                "had_links": sorted(links.get(entry.pk, ())),
                "documents": [d["attachment_number"] for d in new_documents],
                "document_values": [
                    [d.pk, {n: getattr(d, n) for n in v}] for d, v in document_values
                ],
            }
        rows.append(_Row(item, entry, change, before, undo, proposed))
        if entry.number is not None or values.get("number") is not None:
            by_number[values.get("number") or entry.number] = entry
    return rows


def _report_filers_known(entry, item, parties, with_filers):
    """docket.services._report_filers without a query per entry: whether an existing entry has
    filers is known from one query for the case."""
    if not item.filers or (entry.pk and (entry.filer_names or entry.pk in with_filers)):
        return None, None
    from docket.ingest.importers.filers import match_parties

    matched, unmatched = match_parties(item.filers, parties)
    return (matched or None), ", ".join(unmatched)[:300]


def _documents(entry, item, source, documents):
    """(new documents, [(document, values)]) the report gives an entry: a document it lacks is
    added; a known one gets its CM/ECF link, description and page count filled in (a stored
    file's own count wins; an RSS item's bare link never replaces one)."""
    current = [d for d in documents.get(entry.pk, ()) if not d.is_withdrawn] if entry.pk else []
    withdrawn = {d.attachment_number for d in documents.get(entry.pk, ()) if d.is_withdrawn}
    existing = {d.attachment_number: d for d in current}
    new, filled = [], []
    for doc in item.documents:
        document = existing.get(doc.attachment_number)
        if document is None and doc.attachment_number in withdrawn:
            continue  # withdrawn by the team (docket.withdrawals): an import never brings it back
        if document is None:
            new.append(
                {
                    "attachment_number": doc.attachment_number,
                    "description": doc.description,
                    "pacer_url": doc.pacer_url,
                    "page_count": doc.page_count,
                }
            )
            continue
        values = {}
        if doc.pacer_url and document.pacer_url != doc.pacer_url:
            if not (source == Source.RSS and document.pacer_url):  # RSS links are bare
                values["pacer_url"] = doc.pacer_url
        if doc.description and not document.description:
            values["description"] = doc.description
        if doc.page_count and not document.file and document.page_count != doc.page_count:
            values["page_count"] = doc.page_count  # a stored file's own count wins
        if values:
            filled.append((document, values))
    return new, filled


def _remember(job, row, written):
    if written.created:
        job.undo["created"].append(written.entry.pk)
    elif written.touched and row.undo is not None:
        job.undo["updated"].append(_jsonable(row.undo))


def _jsonable(value):
    import json

    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _link_forward(job, rows, writes, by_number, *, by, source):
    """Second pass: "re 12" naming an entry that comes later in the file."""
    late = []
    for row in rows:
        targets = [by_number[n] for n in row.item.refers_to if n in by_number]
        linked = {t.pk for t in row.change.add_responds_to}
        missing = [t for t in targets if t.pk not in linked and t.pk != row.entry.pk]
        if missing:
            late.append((row, missing))
    for start in range(0, len(late), BATCH_SIZE):
        batch = late[start : start + BATCH_SIZE]
        with busy_as_validation_error(), transaction.atomic():
            done = write_entries(
                changes=[EntryChange(entry=row.entry, add_responds_to=t) for row, t in batch],
                by=by,
                source=source,
                held=True,
            )
            for (row, targets), again in zip(batch, done, strict=True):
                if not again.touched:
                    continue
                first = writes[id(row)]
                writes[id(row)] = EntryWrite(
                    first.entry, first.created, first.changed | again.changed
                )
                if not first.created:
                    entry_undo = _jsonable(
                        {
                            "pk": row.entry.pk,
                            "values": {},
                            "filed_by": None,
                            "links": [t.pk for t in targets],
                            "had_links": [],
                            "documents": [],
                            "document_values": [],
                        }
                    )
                    job.undo["updated"].append(entry_undo)
            ImportJob.objects.filter(pk=job.pk).update(undo=job.undo, heartbeat_at=timezone.now())


# --------------------------------------------------------------------------- taking back


def undo(job, *, by=None):
    """Take back what a failed or interrupted import wrote (its committed batches), in short
    transactions: the entries it created are discarded (with what was derived from them), the
    entries it changed get their values, filers, links and documents back, the parties it
    added and the text questions it asked go."""
    plan = job.undo or {}
    created = plan.get("created") or []
    for start in range(0, len(created), BATCH_SIZE):
        entries = list(DocketEntry.objects.filter(pk__in=created[start : start + BATCH_SIZE]))
        discard_entries(entries, by=by)
    for start in range(0, len(plan.get("updated") or []), BATCH_SIZE):
        with transaction.atomic():
            _restore(
                plan["updated"][start : start + BATCH_SIZE],
                since=job.started_at or job.created_at,
                by=by,
            )
    with transaction.atomic():
        TextConflict.objects.filter(pk__in=plan.get("conflicts") or []).delete()
        _take_back_header(plan.get("header") or {}, by=by)
    takeback.record_index(job, plan.get("record"), by=by)
    takeback.appeal(job, plan.get("appeal"), by=by)


def _take_back_header(written, *, by):
    """The case header's fills, counsel's contact details, representations' roles and parties'
    termination dates get their values back; the parties, attorneys and representations the
    import added go (an attorney only if no other case's import has since linked it)."""
    for label, pk, before in reversed(written.get("values") or []):
        model = apps.get_model(label)
        instance = model._base_manager.filter(pk=pk).first()
        if instance is None:
            continue
        for name, value in before.items():
            setattr(instance, name, model._meta.get_field(name).to_python(value))
        attribute_to(instance, by).save(update_fields=list(before))
    for label, pk in reversed(written.get("created") or []):
        instance = apps.get_model(label)._base_manager.filter(pk=pk).first()
        if instance is None:
            continue
        if isinstance(instance, Attorney) and instance.representations.exists():
            continue  # linked meanwhile by another case's import: it is theirs now too
        attribute_to(instance, by).delete()


def _restore(records, *, since, by):
    entries = DocketEntry.objects.in_bulk([r["pk"] for r in records])
    documents = Document.objects.in_bulk(
        [pk for r in records for pk, _before in r["document_values"]]
    )
    changes = []
    for record in reversed(records):  # the second pass's records come last: undo them first
        entry = entries.get(record["pk"])
        if entry is None:
            continue
        values = {
            name: DocketEntry._meta.get_field(name).to_python(value)  # type: ignore[union-attr]
            for name, value in record["values"].items()
        }
        changes.append(
            EntryChange(
                entry=entry,
                values=values,
                filed_by=[] if record["filed_by"] is not None else None,
                remove_responds_to=sorted(set(record["links"]) - set(record["had_links"])),
                remove_documents=record["documents"],
                document_values=[
                    (documents[pk], before)
                    for pk, before in record["document_values"]
                    if pk in documents
                ],
                reason=f"{import_review.IMPORT_REASON}failed, taken back",
            )
        )
    restore_entries(changes=changes, since=since, by=by)
