"""Events from an import (docket.ingest.batches): none while its batches are being written —
not for the entries, not for the deadlines they start — and all of them once it has succeeded;
none at all from an import that fails (its committed batches are taken back). A deadline an
import only changes (met by an imported opposition) is announced as `deadline.changed`, on the
same terms."""

import json

import pytest
from django.core.exceptions import ValidationError

from docket.ingest import apply, batches
from docket.ingest.importers.pacer import parse_docket_report
from docket.models import DocketEntry, ImportJob
from notices.models import Deadline
from notices.webhooks import services
from notices.webhooks.models import Delivery
from notices.webhooks.sending import deliver
from tests.docket.ingest.test_import_batches import big_report


def _run(case, user, report, seen):
    """Import in batches of 10, counting the deliveries after each committed batch."""
    job = ImportJob.objects.create(case=case, source=report.source, requested_by=user)
    progress = lambda percent: seen.append((percent, Delivery.objects.count()))  # noqa: E731
    try:
        batches.run(job, report, rules=apply, by=user, progress=progress)
    finally:
        seen.append(("end", Delivery.objects.count()))
    return seen


@pytest.fixture
def hook(real_case, users, receiver):
    hook, _ = services.register_webhook(
        case=real_case,
        user=users["attorney"],
        url=receiver.url,
        events=["entry.created", "deadline.created"],
    )
    return hook


def test_events_only_after_the_import_succeeded(
    transactional_db, real_case, users, hook, monkeypatch
):
    monkeypatch.setattr(batches, "BATCH_SIZE", 10)
    seen = _run(real_case, users["paralegal"], parse_docket_report(big_report(40)), [])
    # every batch committed (progress below 100) with nothing queued yet
    during = [count for percent, count in seen if percent != "end" and percent < 100]
    assert len(during) >= 5 and set(during) == {0}
    added = DocketEntry.objects.filter(case=real_case, number__gte=100)
    assert added.count() == 40
    derived = Deadline.objects.filter(trigger__in=added)
    assert derived.exists()
    entry_keys = {f"entry:{pk}" for pk in added.values_list("pk", flat=True)}
    deadline_keys = {f"deadline:{pk}" for pk in derived.values_list("pk", flat=True)}
    queued = set(Delivery.objects.filter(webhook=hook).values_list("event_key", flat=True))
    assert entry_keys | deadline_keys <= queued
    assert seen[-1] == ("end", Delivery.objects.count())


def test_no_event_from_a_failed_import(transactional_db, real_case, users, hook, monkeypatch):
    monkeypatch.setattr(batches, "BATCH_SIZE", 10)
    report = parse_docket_report(big_report(40, bad=(40, 101)))  # row 40 reuses ECF No. 101
    seen = []
    with pytest.raises(ValidationError):
        _run(real_case, users["paralegal"], report, seen)
    assert len(seen) >= 4 and {count for _, count in seen} == {0}  # never, not even mid-way
    assert ImportJob.objects.get(case=real_case).status == "failed"
    assert not DocketEntry.objects.filter(case=real_case, number__gte=100).exists()
    assert Delivery.objects.count() == 0


def _changed(hook):
    return list(
        Delivery.objects.filter(webhook=hook, event_type="deadline.changed").values_list(
            "deadline_id", "event_key"
        )
    )


def test_a_deadline_an_import_meets_is_announced_as_changed_after_it_succeeded(
    transactional_db, real_case, users, hook, receiver, monkeypatch
):
    """The first import dockets a motion (its opposition deadline is created); the second
    brings the opposition, which meets it: one `deadline.changed`, queued only once the second
    import has succeeded, sent with the status the pages show."""
    monkeypatch.setattr(batches, "BATCH_SIZE", 10)
    hook.events = ["deadline.created", "deadline.changed"]
    hook.save()
    _run(real_case, users["paralegal"], parse_docket_report(big_report(1)), [])
    motion = DocketEntry.objects.get(case=real_case, number=100)
    deadline = Deadline.objects.get(trigger=motion, rule="LCvR 7(b)")
    assert deadline.status == "open" and _changed(hook) == []
    before = Delivery.objects.count()
    seen = _run(real_case, users["paralegal"], parse_docket_report(big_report(2)), [])
    deadline.refresh_from_db()
    assert deadline.status == "met"
    during = {count for percent, count in seen if percent != "end" and percent < 100}
    assert during == {before}  # nothing queued while its batches ran
    [(about, key)] = _changed(hook)
    assert about == deadline.pk
    assert key == f"deadline:{deadline.pk}:changed:{deadline.history.latest('history_id').pk}"
    delivery = Delivery.objects.get(webhook=hook, event_key=key)
    assert deliver(delivery.pk) == "delivered"
    event = json.loads(receiver.requests[-1].body)
    assert event["type"] == "deadline.changed"
    assert receiver.requests[-1].headers["X-CaseTracker-Event"] == "deadline.changed"
    assert event["data"]["deadline"]["id"] == deadline.pk
    assert event["data"]["deadline"]["status"] == "met"
    # The same import again changes nothing: no second event.
    _run(real_case, users["paralegal"], parse_docket_report(big_report(2)), [])
    assert len(_changed(hook)) == 1


def test_no_changed_event_from_a_failed_import(
    transactional_db, real_case, users, hook, monkeypatch
):
    monkeypatch.setattr(batches, "BATCH_SIZE", 10)
    hook.events = ["deadline.changed"]
    hook.save()
    _run(real_case, users["paralegal"], parse_docket_report(big_report(1)), [])
    deadline = Deadline.objects.get(trigger__number=100, rule="LCvR 7(b)")
    report = parse_docket_report(big_report(40, bad=(40, 101)))  # fails after meeting it
    with pytest.raises(ValidationError):
        _run(real_case, users["paralegal"], report, [])
    deadline.refresh_from_db()
    assert deadline.history.filter(status="met").exists()  # a committed batch had met it
    assert deadline.status == "open"  # taken back
    assert _changed(hook) == []
