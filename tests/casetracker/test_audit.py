"""casetracker.audit.bulk_history_copy writes exactly the audit rows django-simple-history's
bulk_history_create writes (same columns, user, change reason, date, type), only copied by the
database instead of built in Python."""

from datetime import date

import pytest
from django.utils import timezone

from casetracker.audit import attribute_to, bulk_history_copy
from docket.models import DocketEntry, Document


def _rows(model, history_ids):
    """Every column of these audit rows but the history id."""
    history = model.history.model
    names = [f.attname for f in history._meta.concrete_fields if f.attname != "history_id"]
    return sorted(history.objects.filter(history_id__in=history_ids).values_list(*names), key=repr)


def _entries(case, users):
    made = []
    for n, (who, reason) in enumerate(
        [(users["paralegal"], "import: pacer"), (None, ""), (users["attorney"], "")]
    ):
        entry = DocketEntry(
            case=case,
            number=900 + n,
            date_filed=date(2025, 3, 1 + n),
            text=f"MOTION {n} for “quotes” and 'apostrophes'",
            kind="motion",
            filer_names="USA" if n else "",
        )
        if who is not None:
            attribute_to(entry, who)
        if reason:
            entry._change_reason = reason
        made.append(entry)
    DocketEntry.objects.bulk_create(made)
    return made


@pytest.mark.parametrize("update", [False, True])
def test_the_copy_writes_what_bulk_history_create_writes(real_case, users, update):
    entries = _entries(real_case, users)
    documents = Document.objects.bulk_create(
        [Document(entry=e, attachment_number=0, description="Main", page_count=3) for e in entries]
    )
    now = timezone.now()
    for model, objects in ((DocketEntry, entries), (Document, documents)):
        built = model.history.bulk_history_create(
            objects, update=update, default_user=users["admin"], default_date=now
        )
        copied = bulk_history_copy(objects, update=update, default_user=users["admin"], when=now)
        assert set(copied) == {o.pk for o in objects}
        assert _rows(model, list(copied.values())) == _rows(model, [r.pk for r in built])
        # the user of each row: the instance's own, else the default
        users_of = dict(
            model.history.filter(history_id__in=copied.values()).values_list(
                "id", "history_user__username"
            )
        )
        assert users_of[objects[1].pk] == "admin"
        if model is DocketEntry:
            assert users_of[objects[0].pk] == "paralegal"


def test_an_instance_given_twice_gets_two_rows(real_case, users):
    entry = _entries(real_case, users)[0]
    now = timezone.now()
    copied = bulk_history_copy([entry, entry], when=now)
    assert list(copied) == [entry.pk]
    assert entry.history.filter(history_date=now).count() == 2
    assert copied[entry.pk] == entry.history.filter(history_date=now).latest("history_id").pk
