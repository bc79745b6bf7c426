"""Imports in batches (issue 14 §1): the batch form of the one write path gives what the single
form gives; a failed import leaves nothing of itself (its committed batches are taken back);
one import of a case at a time; new-entry alerts only once the import has succeeded."""

import dataclasses
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from casetracker.locks import CaseBusy
from docket.ingest import apply, batches
from docket.ingest.apply import apply_docket_report
from docket.ingest.importers.pacer import parse_docket_report
from docket.ingest.importers.synthetic import SyntheticEntry
from docket.models import DocketEntry, Document, ImportJob
from docket.search.models import SearchItem
from notices.models import Deadline, EntryAlert, Reminder
from tests.docket.ingest.test_pacer_import import cvtr_entries, cvtr_report


def recent():
    return timezone.localdate() - timedelta(days=5)


def big_report(count, *, start=100, first=None, bad=None):
    """The real case's report rows, then `count` motions/oppositions numbered from `start`
    (each opposition answers the motion before it).
    `bad`: (row index, number) to give a row a number already used higher up."""
    rows, first = cvtr_entries(), first or recent()
    for n in range(count):
        number = start + n
        if n % 2 == 0:
            text = f"MOTION for Extension of Time (item {n}) by INTERNAL REVENUE SERVICE."
        else:
            text = f"Memorandum in opposition to re {number - 1} MOTION filed by CENTER FOR TAXPAYER RIGHTS."
        rows.append(
            SyntheticEntry(first + timedelta(days=n // 10), text, number, f"046{number:08d}")
        )
    if bad is not None:
        index, number = bad
        rows[index] = dataclasses.replace(rows[index], number=number)
    return cvtr_report(rows)


def snapshot(case):
    entries = DocketEntry.objects.filter(case=case).order_by("pk")
    return {
        "entries": list(
            entries.values_list("pk", "number", "text", "kind", "source", "date_filed")
        ),
        # sorted: without ORDER BY, PostgreSQL returns re-inserted link rows in a new order
        "filers": sorted(
            DocketEntry.filed_by.through.objects.filter(docketentry__case=case).values_list(
                "docketentry_id", "party_id"
            )
        ),
        "links": sorted(
            DocketEntry.responds_to.through.objects.filter(from_docketentry__case=case).values_list(
                "from_docketentry_id", "to_docketentry_id"
            )
        ),
        "documents": list(
            Document.objects.filter(entry__case=case)
            .order_by("pk")
            .values_list("pk", "entry_id", "attachment_number", "pacer_url")
        ),
        "parties": sorted(case.parties.values_list("pk", "name")),
        "deadlines": sorted(
            Deadline.objects.filter(case=case).values_list("pk", "status", "due_at")
        ),
        "search": SearchItem.objects.filter(case=case).count(),
        "alerts": EntryAlert.objects.filter(case=case).count(),
        "reminders": Reminder.objects.filter(entry__case=case).count(),
    }


@pytest.mark.parametrize("size", [1, 7, 500])
def test_batches_of_any_size_write_the_same_docket(real_case, users, size, monkeypatch):
    monkeypatch.setattr(batches, "BATCH_SIZE", size)
    summary = apply_docket_report(
        real_case, parse_docket_report(big_report(30)), by=users["paralegal"]
    )
    assert str(summary) == "added 32, updated 3, unchanged 0"
    entries = {e.number: e for e in real_case.entries.filter(number__isnull=False)}
    assert len(entries) == 34
    # links (to an entry of the same or an earlier batch), filers, documents
    assert [e.number for e in entries[101].responds_to.all()] == [100]
    assert [p.name for p in entries[100].filed_by.all()] == ["Internal Revenue Service"]
    assert entries[100].documents.get(attachment_number=0).pacer_url.endswith("/04600000100")
    # one audit row per new entry, attributed, with its links in the snapshot
    history = entries[101].history.all()
    assert history.count() == 1 and history[0].history_user == users["paralegal"]
    assert history[0].history_change_reason == "import: pacer"
    assert [r.to_docketentry_id for r in history[0].responds_to.all()] == [entries[100].pk]
    # search rows for the entries and their documents; deadlines derived (motions filed this week)
    assert SearchItem.objects.filter(entry=entries[100], source="entry").count() == 1
    assert SearchItem.objects.filter(document__entry=entries[100]).count() == 1
    assert Deadline.objects.filter(trigger=entries[100]).exists()
    # news, told once the import succeeded: one alert per member who may see it, not the importer
    alerted = set(
        EntryAlert.objects.filter(entry=entries[100]).values_list("user__username", flat=True)
    )
    assert alerted == {"admin", "attorney"}  # the client hears of public orders only
    # re-import: nothing changes
    again = apply_docket_report(real_case, parse_docket_report(big_report(30)))
    assert str(again) == "added 0, updated 0, unchanged 35"


def _db_refused(report):
    """A row the database refuses: no filing date (NOT NULL)."""
    rows = list(report.entries)
    rows[-3] = dataclasses.replace(rows[-3], date_filed=None)
    return dataclasses.replace(report, entries=tuple(rows))


FAILURES = [
    # (what goes wrong, report html, make the parsed report bad, error raised, reason the job gives)
    (
        "a number used twice",
        dict(bad=(40, 101)),
        None,
        ValidationError,
        "ECF No. 101 is already on this docket",
    ),
    ("a row the database refuses", {}, _db_refused, IntegrityError, "The database refused a row"),
]


@pytest.mark.parametrize(
    ("what", "html_args", "spoil", "error", "reason"), FAILURES, ids=[f[0] for f in FAILURES]
)
def test_a_failed_import_leaves_nothing_of_itself(
    transactional_db, real_case, users, what, html_args, spoil, error, reason, monkeypatch
):
    case = real_case
    monkeypatch.setattr(batches, "BATCH_SIZE", 10)
    before = snapshot(case)
    report = parse_docket_report(big_report(40, **html_args))
    if spoil:
        report = spoil(report)
    with pytest.raises(error):
        apply_docket_report(case, report, by=users["paralegal"], origin="bad.html")
    # batches 1-4 had committed (the loader's entries numbered, motions added, deadlines made)
    # and were taken back: the audit keeps their rows and their removal
    assert snapshot(case) == before
    assert DocketEntry.history.filter(case_id=case.pk, history_type="-").count() >= 35
    job = ImportJob.objects.get(case=case)
    assert job.status == ImportJob.Status.FAILED and reason in job.error
    assert job.history.first().status == "failed" and reason in job.history.first().error
    assert not case.import_runs.exists()


def test_one_import_of_a_case_at_a_time(real_case):
    running = ImportJob.objects.create(
        case=real_case, source="pacer", status="running", heartbeat_at=timezone.now()
    )
    second = ImportJob.objects.create(case=real_case, source="pacer")
    with pytest.raises(CaseBusy, match="Another import of this case is running"):
        batches.claim(second, wait=0.3)
    # an import whose worker stopped beating is taken back and failed; the next one runs
    ImportJob.objects.filter(pk=running.pk).update(heartbeat_at=timezone.now() - 2 * batches.LEASE)
    batches.claim(second, wait=0)
    running.refresh_from_db()
    assert running.status == "failed" and "stopped before it finished" in running.error
    assert ImportJob.objects.get(pk=second.pk).status == "running"


def test_an_interrupted_import_is_taken_back_when_found_stale(real_case, monkeypatch):
    """A worker killed between batches leaves committed batches and a running job; the next
    claim of the case (or the stale-jobs sweep) takes them back."""
    monkeypatch.setattr(batches, "BATCH_SIZE", 10)
    before = snapshot(real_case)
    job = ImportJob.objects.create(case=real_case, source="pacer")
    calls = []

    def die_after_two(percent):
        calls.append(percent)
        if len(calls) == 3:  # header, two batches
            raise SystemExit("worker killed")

    with pytest.raises(SystemExit):
        batches._apply(
            batches.claim(job),
            real_case,
            parse_docket_report(big_report(40)),
            rules=apply,
            by=None,
            progress=die_after_two,
        )
    assert real_case.entries.filter(number__gte=100).count() == 15  # two batches committed
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - 2 * batches.LEASE)
    batches.sweep_stale()
    assert snapshot(real_case) == before
    assert ImportJob.objects.get(pk=job.pk).status == "failed"
