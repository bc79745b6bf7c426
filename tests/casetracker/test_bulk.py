"""casetracker.bulk.insert_many writes the rows bulk_create writes and sets the primary keys."""

from datetime import date

from casetracker.bulk import insert_many
from docket.models import DocketEntry, Document

SKIP = {"id", "created_at", "updated_at"}  # the key, and the moment of writing


def _entries(case, first):
    return [
        DocketEntry(
            case=case,
            number=first + n,
            date_filed=date(2025, 4, 1 + n),
            date_entered=None if n % 2 else date(2025, 4, 2 + n),
            text=f"MOTION {n} with “quotes”, 'apostrophes' and %s and %(x)s",
            kind="motion" if n % 2 else "minute_order",
            source="pacer",
            filer_names="USA" if n else "",
            is_key_order=bool(n % 2),
        )
        for n in range(3)
    ]


def _rows(model, objs, key):
    names = [f.attname for f in model._meta.concrete_fields if f.attname not in SKIP | {key}]
    return [
        model._base_manager.filter(pk=obj.pk).values_list(*names).get()
        for obj in objs  # in the order given: the keys came back in that order
    ]


def test_insert_many_writes_what_bulk_create_writes(real_case):
    built = DocketEntry.objects.bulk_create(_entries(real_case, 700))
    made = _entries(real_case, 800)
    insert_many(made)
    assert all(e.pk and not e._state.adding for e in made)
    assert _rows(DocketEntry, made, "number") == _rows(DocketEntry, built, "number")
    assert [e.number for e in DocketEntry.objects.filter(pk__in=[e.pk for e in made])] == [
        800,
        801,
        802,
    ]
    assert all(e.created_at and e.updated_at for e in DocketEntry.objects.filter(number__gte=800))
    documents = [Document(entry=e, attachment_number=1, description="Exhibit A") for e in made]
    built_documents = [
        Document(entry=e, attachment_number=1, description="Exhibit A") for e in built
    ]
    insert_many(documents)
    Document.objects.bulk_create(built_documents)
    assert [d.entry_id for d in documents] == [e.pk for e in made]
    assert _rows(Document, documents, "entry_id") == _rows(Document, built_documents, "entry_id")
