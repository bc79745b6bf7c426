"""Writing the search index. Called by the services that write its sources (docket entries and
their documents, filings, record documents) inside their transaction, so the index is never
behind what was saved; `rebuild()` re-derives everything (after a restore, or to repair).

Internal notes are never indexed: nothing a client could be shown is derived from them."""

from django.db import connection, transaction

from casetracker.jobs import enqueue_on_commit
from docket.search.models import SearchItem

Source = SearchItem.Source


def _vector_update(ids):
    """PostgreSQL: store the English tsvector of the rows just written (title weighted A)."""
    if connection.vendor != "postgresql" or not ids:
        return
    from django.contrib.postgres.search import SearchVector

    SearchItem.objects.filter(pk__in=ids).update(
        vector=SearchVector("title", weight="A", config="english")
        + SearchVector("body", weight="B", config="english")
    )


def _upsert(lookup, values):
    """Write one row; returns its id if the text changed (the vector then needs updating)."""
    item = SearchItem.objects.filter(**lookup).first()
    if item is None:
        return SearchItem.objects.create(**lookup, **values).pk
    changed = [name for name, value in values.items() if getattr(item, name) != value]
    if not changed:
        return None
    for name in changed:
        setattr(item, name, values[name])
    item.save(update_fields=changed)
    return item.pk if {"title", "body"} & set(changed) or item.vector is None else None


def _entry_values(entry):
    return {
        "case_id": entry.case_id,
        "kind": entry.kind,
        "date": entry.date_filed,
        "title": entry.get_kind_display(),
        "body": entry.text,
    }


def _document_values(document, entry):
    return {
        "case_id": entry.case_id,
        "entry_id": entry.pk,
        "kind": entry.kind,
        "date": entry.date_filed,
        "title": document.description or "",
        "body": document.text or "",
        "is_ocr": document.text_is_ocr,
    }


def _upsert_many(source, key, wanted):
    """Write many rows of one source at once ({source id: values}); returns the ids of rows
    whose text changed (their vector needs updating). Two statements, not one per row, so an
    import's batch of hundreds of entries costs the same few queries."""
    existing = {
        getattr(item, f"{key}_id"): item
        for item in SearchItem.objects.filter(source=source, **{f"{key}_id__in": list(wanted)})
    }
    create, update, fields, changed = [], [], set(), []
    for ident, values in wanted.items():
        item = existing.get(ident)
        if item is None:
            create.append(SearchItem(source=source, **{f"{key}_id": ident}, **values))
            continue
        names = [name for name, value in values.items() if getattr(item, name) != value]
        if not names:
            continue
        for name in names:
            setattr(item, name, values[name])
        update.append(item)
        fields.update(names)
        if {"title", "body"} & set(names) or item.vector is None:
            changed.append(item.pk)
    SearchItem.objects.bulk_create(create)
    if update:
        SearchItem.objects.bulk_update(update, sorted(fields))
    return [item.pk for item in create] + changed


def index_entries(entries):
    """(Re)index docket entries and all their current documents (a withdrawn one's hit is
    removed); queue OCR for documents that have a file but no text layer. Call inside the write's
    transaction."""
    from docket.models import Document

    entries = list(entries)
    if not entries:
        return
    changed = _upsert_many(Source.ENTRY, "entry", {e.pk: _entry_values(e) for e in entries})
    documents = list(
        Document.objects.filter(entry__in=[e.pk for e in entries]).select_related("entry")
    )
    # A document no longer there (withdrawn: Document.objects leaves it out) leaves no hit.
    SearchItem.objects.filter(source=Source.DOCUMENT, entry_id__in=[e.pk for e in entries]).exclude(
        document_id__in=[d.pk for d in documents]
    ).delete()
    changed += _upsert_many(
        Source.DOCUMENT,
        "document",
        {d.pk: _document_values(d, d.entry) for d in documents},
    )
    _vector_update(changed)
    for document in documents:
        if document.file and not document.text.strip() and document.ocr_tried_at is None:
            enqueue_on_commit("search.tasks.ocr_document", document.pk)


def index_new_entries(entries):
    """Index entries just created (with their documents), which have no search rows yet: the
    rows are copied by the database from the entries and documents as saved (one INSERT …
    SELECT each, casetracker.bulk), the same values `index_entries` writes. Call inside the
    write's transaction."""
    from django.db.models import Case, F, Value, When

    from casetracker.bulk import insert_select
    from docket.models import DocketEntry, Document

    pks = [e.pk for e in entries]
    if not pks:
        return
    label = Case(
        *[When(kind=value, then=Value(str(name))) for value, name in DocketEntry.Kind.choices],
        default=F("kind"),
    )
    insert_select(
        SearchItem,
        ["source", "entry", "case", "kind", "date", "title", "body", "is_ocr"],
        DocketEntry.objects.filter(pk__in=pks).values_list(
            Value(Source.ENTRY.value),
            "pk",
            "case_id",
            "kind",
            "date_filed",
            label,
            "text",
            Value(False),
        ),
    )
    documents = Document.objects.filter(entry__in=pks)  # current ones (not withdrawn)
    insert_select(
        SearchItem,
        ["source", "document", "entry", "case", "kind", "date", "title", "body", "is_ocr"],
        documents.values_list(
            Value(Source.DOCUMENT.value),
            "pk",
            "entry_id",
            "entry__case_id",
            "entry__kind",
            "entry__date_filed",
            "description",
            "text",
            "text_is_ocr",
        ),
    )
    if connection.vendor == "postgresql":
        _vector_update(list(SearchItem.objects.filter(entry__in=pks).values_list("pk", flat=True)))
    scans = documents.exclude(file="").filter(ocr_tried_at__isnull=True)
    for pk, text in scans.values_list("pk", "text"):
        if not text.strip():
            enqueue_on_commit("search.tasks.ocr_document", pk)


def index_entry(entry):
    index_entries([entry])


def index_filing(filing):
    values = {
        "case_id": filing.case_id,
        "kind": filing.type,
        "date": filing.updated_at.date() if filing.updated_at else None,
        "title": filing.title,
        "body": filing.body,
    }
    _vector_update([_upsert({"source": Source.FILING, "filing_id": filing.pk}, values)])


def index_record_documents(documents):
    """(Re)index record documents, a few statements for any number of them (an index import's
    batch of 500 once cost a query or two per document); queue OCR for a produced file with no
    text layer. Call inside the write's transaction."""
    documents = list(documents)
    if not documents:
        return
    changed = _upsert_many(
        Source.RECORD,
        "record_document",
        {
            document.pk: {
                "case_id": document.case_id,
                "kind": "record",
                "date": document.document_date,
                "title": " ".join(
                    part for part in (document.title, document.author, document.bates_start) if part
                ),
                "body": document.text or "",
                "is_ocr": document.text_is_ocr,
            }
            for document in documents
        },
    )
    _vector_update(changed)
    for document in documents:
        if document.file and not document.text.strip() and document.ocr_tried_at is None:
            enqueue_on_commit("search.tasks.ocr_record_document", document.pk)


def rebuild(case=None):
    """Re-derive the whole index (or one case's) from its sources. Returns the row count."""
    from docket.models import DocketEntry, Filing, RecordDocument

    def scoped(qs, field="case"):
        return qs.filter(**{field: case}) if case is not None else qs

    with transaction.atomic():
        scoped(SearchItem.objects.all()).delete()
        entries = scoped(DocketEntry.objects.all())
        for start in range(0, entries.count(), 500):
            index_entries(entries.order_by("pk")[start : start + 500])
        for filing in scoped(Filing.objects.all()):
            index_filing(filing)
        index_record_documents(scoped(RecordDocument.objects.all()))
        return scoped(SearchItem.objects.all()).count()
