"""Import review: what each import did, kept for the team to read, and the text questions it
raised.

Every import that adds or changes entries (a PACER docket report, an NEF — uploaded or received
by e-mail —, an RSS poll) leaves an `ImportRun`: the entries it added and, for each entry it
updated, a before/after diff of the fields it changed (text, number, dates, kind, source, links,
documents). Entry rows are also saved with the change reason "import: <source>" in their audit
history (django-simple-history).

An import never replaces text the team typed by hand (an entry entered by hand, or whose text a
person last edited): it keeps the team's text, records the court's text in a `TextConflict`, and
asks, on the import page, which one is canonical. The same question is never asked twice."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from docket.models import DocketEntry, ImportRun, TextConflict

Source = DocketEntry.Source
IMPORT_REASON = "import: "
FIELDS = {
    "number": "ECF number",
    "date_filed": "Filed",
    "date_entered": "Entered",
    "text": "Docket text",
    "kind": "Kind",
    "source": "Source",
    "plain_summary": "Plain-English line",
}


def _show(field, value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if field == "kind":
        return DocketEntry.Kind(value).label if value in DocketEntry.Kind.values else value
    if field == "source":
        return DocketEntry.Source(value).label if value in DocketEntry.Source.values else value
    return str(value)


def diff(entry, values):
    """{field label: [before, after]} for the fields an import is about to change."""
    return {
        FIELDS.get(name, name): [_show(name, getattr(entry, name)), _show(name, value)]
        for name, value in values.items()
        if getattr(entry, name) != value
    }


LINK_FIELDS = {
    "documents": "Documents",
    "responds_to": "Responds to",
    "filed_by": "Filed by",
}


def with_links(fields, changed):
    """Add the relations an import changed (write_entry's `changed`) to an entry's diff."""
    fields = dict(fields)
    for name, label in LINK_FIELDS.items():
        if name in changed and label not in fields:
            fields[label] = ["", "added"]
    return fields


def typed_by_hand(entry):
    """Whether the entry's current text was typed by a person (entered by hand, or last edited
    by someone rather than by an import or the loader)."""
    if entry.source == Source.MANUAL:
        return True
    rows = list(
        entry.history.order_by("-history_date", "-history_id").values(
            "text", "history_change_reason", "history_user_id"
        )[:100]
    )
    for newer, older in zip(rows, rows[1:], strict=False):
        if newer["text"] != older["text"]:
            reason = newer["history_change_reason"] or ""
            return not reason.startswith(IMPORT_REASON) and newer["history_user_id"] is not None
    return False


def ask(entry, proposed, source):
    """Keep the team's text; remember the court's. Returns the new TextConflict, or None when
    this exact question was already asked (open or answered)."""
    if TextConflict.objects.filter(entry=entry, theirs=proposed).exists():
        return None
    return TextConflict.objects.create(entry=entry, ours=entry.text, theirs=proposed, source=source)


def record(*, case, source, by, summary, changes, conflicts, origin=""):
    """The ImportRun of an import that did something; None if it changed nothing."""
    if not (summary.added or summary.updated or conflicts):
        return None
    run = ImportRun.objects.create(
        case=case,
        source=source,
        by=by,
        origin=origin[:300],
        added=summary.added,
        updated=summary.updated,
        unchanged=summary.unchanged,
        changes=[
            {"entry": entry.pk, "name": entry.name, "action": "added", "fields": {}}
            for entry in summary.added_entries
        ]
        + [
            {"entry": entry.pk, "name": entry.name, "action": "updated", "fields": fields}
            for entry, fields in changes
            if entry in summary.updated_entries
        ],
    )
    TextConflict.objects.filter(pk__in=[c.pk for c in conflicts]).update(run=run)
    return run


def resolve(*, conflict, keep, by):
    """The team's answer: keep "ours" (the text typed by hand) or take "theirs" (the court's).
    The entry's text change (if any) is audited; the answer is kept on the conflict."""
    if keep not in ("ours", "theirs"):
        raise ValidationError("Choose which text is canonical: the team's or the court's.")
    with transaction.atomic():
        conflict = TextConflict.objects.select_for_update().get(pk=conflict.pk)
        if conflict.resolved_at is not None:
            raise ValidationError("This question was already answered.")
        entry = conflict.entry
        if keep == "theirs" and entry.text != conflict.theirs:
            from docket.entries.write import write_entry

            # The court's text now stands as an import's would (a later import may update it).
            entry._change_reason = f"{IMPORT_REASON}{conflict.source}, chosen as canonical"
            write_entry(entry=entry, by=by, values={"text": conflict.theirs})
        conflict.kept = keep
        conflict.resolved_at = timezone.now()
        conflict.resolved_by = by
        conflict.save(update_fields=["kept", "resolved_at", "resolved_by"])
    return conflict


RECORD_FIELDS = {
    "bates_end": "Bates end",
    "title": "Title",
    "document_date": "Date",
    "author": "Author",
    "privilege_claim": "Privilege claim",
    "privilege_basis": "Privilege basis",
    "withheld": "Withheld",
    "redacted": "Redacted",
    "in_index": "In the certified index",
    "production": "Volume",
}


def record_row(bates, title, action, fields=None):
    """One row of a certified-index import's review: a record document added or updated."""
    return {
        "record": bates,
        "name": f"{bates} — {title}"[:300],
        "action": action,
        "fields": {
            RECORD_FIELDS.get(name, name): [_show(name, before), _show(name, after)]
            for name, (before, after) in (fields or {}).items()
        },
    }


def record_index_run(*, case, by, report, changes, origin="certified index"):
    """The ImportRun of a certified-index import that added or changed documents."""
    if not (report.created or report.updated):
        return None
    return ImportRun.objects.create(
        case=case,
        source=ImportRun.RECORD_INDEX,
        by=by,
        origin=origin,
        added=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        changes=changes,
    )


# --------------------------------------------------------------------------- reads


def runs_for(case, membership, limit=100):
    return list(
        ImportRun.objects.visible_to(membership).filter(case=case).select_related("by")[:limit]
    )


def run_for(case, membership, pk):
    return ImportRun.objects.visible_to(membership).filter(case=case, pk=pk).first()


def rows_for(run, membership):
    """(added rows, updated rows, hidden count): the run's rows whose entries the member may see,
    with the entry attached; rows of entries they may not see (sealed) are only counted."""
    ids = [row["entry"] for row in run.changes if "entry" in row]
    visible = {e.pk: e for e in DocketEntry.objects.visible_to(membership).filter(pk__in=ids)}
    added: list[dict[str, Any]] = []
    updated: list[dict[str, Any]] = []
    hidden = 0
    for row in run.changes:
        entry = visible.get(row.get("entry"))
        if entry is None and "record" not in row:
            hidden += 1
            continue
        # Record documents: the run (like the record page) is the team's only.
        item = {**row, "entry_obj": entry, "fields": list(row.get("fields", {}).items())}
        (added if row["action"] == "added" else updated).append(item)
    return added, updated, hidden


def open_conflicts(case, membership):
    return list(
        TextConflict.objects.visible_to(membership)
        .filter(entry__case=case, resolved_at__isnull=True)
        .select_related("entry", "run")
    )
