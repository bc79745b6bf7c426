"""docket's factories for tests: entries (made through the one write path) and documents."""

import datetime as dt

import factory

from docket.models import DocketEntry, Document
from tests.casetracker.factories import CaseFactory


class EntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocketEntry
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory)
    number = factory.Sequence(lambda n: n + 1)
    date_filed = dt.date(2026, 2, 2)
    text = factory.Sequence(lambda n: f"Docket text {n}")
    kind = DocketEntry.Kind.OTHER

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Through the one write path, like every entry the app makes (docket.entries)."""
        from docket.entries.write import write_entry

        case = kwargs.pop("case")
        return write_entry(entry=model_class(case=case), values=kwargs).entry


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document
        skip_postgeneration_save = True

    entry = factory.SubFactory(EntryFactory)
    attachment_number = factory.Sequence(lambda n: n)
    description = "Exhibit"

    @factory.post_generation
    def indexed(obj, create, extracted, **kwargs):
        if create:
            from docket.search.indexing import index_entry

            index_entry(obj.entry)


def privilege_log_rows(case, rows):
    """`rows` withheld-or-produced record documents with privilege claims (every other one
    withheld), Bates IRS-AR-000001 onwards, three pages each: a privilege log to render."""
    from docket.models import RecordDocument

    return RecordDocument.objects.bulk_create(
        RecordDocument(
            case=case,
            bates_start=f"IRS-AR-{n * 3 + 1:06d}",
            bates_end=f"IRS-AR-{n * 3 + 3:06d}",
            title=f"Briefing memorandum {n}",
            document_date=dt.date(2025, 3, 1),
            author="Office of Chief Counsel",
            privilege_claim="Deliberative process",
            privilege_basis="Pre-decisional advice on disclosure policy",
            withheld=n % 2 == 0,
        )
        for n in range(rows)
    )
