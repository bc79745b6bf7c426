"""A failed import takes back everything of itself (issue 14 §1), not only its entries: the
deadlines its changes to existing entries met or started, the case header it filled in, the
counsel, representations and contact details it added, and nothing it derived reaches anyone
while it runs (deadline reminders of the case are held like its new-entry alerts)."""

import dataclasses
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from casetracker.models import Attorney, Case, Representation
from docket.ingest import apply, batches
from docket.ingest.apply import apply_docket_report
from docket.ingest.importers.pacer import parse_docket_report
from docket.ingest.importers.synthetic import SyntheticEntry, SyntheticParty
from docket.models import DocketEntry, ImportJob
from notices.models import Deadline, EntryAlert, Notification, Reminder
from notices.reminders import sending
from tests.docket.ingest.test_import_batches import snapshot
from tests.docket.ingest.test_pacer_import import cvtr_entries, cvtr_report

HEADER = ("judge", "nature_of_suit", "date_filed", "cause", "jurisdiction", "jury_demand")
COUNSEL = ("name", "organisation", "email", "phone", "address")


def today():
    return timezone.localdate()


def motions(first=100):
    """Fifteen motions of the other side filed 6 to 20 days ago: each starts a 14-day
    opposition period, so on any day some deadline falls due today, in 2 or in 6 days (one of
    the three is a court day, whatever the weekday or holiday) and has a reminder due now (the
    day before or the morning of, 3 or 7 days before)."""
    return [
        SyntheticEntry(
            today() - timedelta(days=6 + n),
            f"MOTION for Extension of Time (item {n}) by INTERNAL REVENUE SERVICE.",
            first + n,
            f"046{first + n:08d}",
        )
        for n in range(15)
    ]


def opposition(text):
    return SyntheticEntry(today() - timedelta(days=1), text, 150, "04600000150")


UNLINKED = "Memorandum in opposition filed by CENTER FOR TAXPAYER RIGHTS."
LINKED = (
    "Memorandum in opposition to re 100 MOTION filed by CENTER FOR TAXPAYER RIGHTS. "
    f"Reply due by {(timezone.localdate() + timedelta(days=20)):%m/%d/%Y}."
)


def filler(count, start=200):
    return [
        SyntheticEntry(today() - timedelta(days=30), f"NOTICE number {n} by IRS.", n, f"046{n:08d}")
        for n in range(start, start + count)
    ]


def parties(*, more=False):
    """The report's parties; `more`: a new attorney (with contact details) for an existing party
    and a new party with its own new attorney."""
    listed = [
        SyntheticParty(
            "CENTER FOR TAXPAYER RIGHTS",
            "Plaintiff",
            [("Daniel A. McGrath", "DEMOCRACY FORWARD FOUNDATION", "dmcgrath@example.org", [])],
        ),
        SyntheticParty("INTERNAL REVENUE SERVICE", "Defendant"),
    ]
    if more:
        listed[1] = SyntheticParty(
            "INTERNAL REVENUE SERVICE",
            "Defendant",
            [("Newly Appearing Counsel", "U.S. DOJ", "new@example.gov", ["LEAD ATTORNEY"])],
        )
        listed.append(
            SyntheticParty(
                "A BRAND NEW INTERVENOR",
                "Intervenor",
                [("Intervenor Lawyer", "SOME LLP", "iv@example.org", [])],
            )
        )
    return listed


def the_whole_case(case):
    """snapshot() of the docket plus what it leaves out: deadlines in full, reminders with their
    state, notifications and mail, the case header, counsel and their representations."""
    case = Case.objects.get(pk=case.pk)
    return {
        **snapshot(case),
        "deadline rows": sorted(
            Deadline.objects.filter(case=case).values_list(
                "pk", "status", "satisfied_by_id", "met_on", "due_at", "rule", "trigger_id"
            )
        ),
        "reminder rows": sorted(
            Reminder.objects.filter(deadline__case=case).values_list(
                "key", "cancelled", "sent_at", "due_at"
            )
        ),
        "notifications": Notification.objects.count(),
        "mail": len(mail.outbox),
        "header": {name: getattr(case, name) for name in HEADER},
        "attorneys": sorted(Attorney.objects.values_list("pk", *COUNSEL)),
        "representations": sorted(
            Representation.objects.values_list(
                "pk", "attorney_id", "party_id", "role", "terminated"
            )
        ),
    }


@pytest.fixture
def imported(transactional_db, real_case, users):
    """The case after a good import: the motions with their open deadlines and reminders, an
    opposition that answers none of them yet."""
    report = cvtr_report(cvtr_entries() + motions() + [opposition(UNLINKED)], parties())
    apply_docket_report(real_case, parse_docket_report(report), by=users["paralegal"])
    motion = real_case.entries.get(number=100)
    assert Deadline.objects.filter(trigger=motion, status="open").count() == 1
    return real_case


def failing_report(*, bad_at):
    """The same docket, now with the opposition answering motion 100 (and setting a reply date),
    new counsel, and 30 more entries, of which the one at `bad_at` reuses ECF No. 200 (the first
    of them, written by an earlier batch)."""
    rows = cvtr_entries() + motions() + [opposition(LINKED)] + filler(30)
    rows[bad_at] = dataclasses.replace(rows[bad_at], number=200)
    return parse_docket_report(cvtr_report(rows, parties(more=True)))


def test_a_failed_import_leaves_the_whole_case_as_it_was(imported, users, monkeypatch):
    case = imported
    # what the failing import will fill in: a header the team left blank, a missing e-mail
    Case.objects.filter(pk=case.pk).update(cause="", jurisdiction="", jury_demand="", judge="")
    Attorney.objects.filter(name="Daniel A. McGrath").update(email="", organisation="")
    Representation.objects.filter(attorney__name="Daniel A. McGrath").update(role="")
    before = the_whole_case(case)
    monkeypatch.setattr(batches, "BATCH_SIZE", 10)
    report = failing_report(bad_at=-3)
    met_during, filled_during = [], []

    def watch(percent):
        motion = DocketEntry.objects.get(case=case, number=100)
        met_during.append(Deadline.objects.filter(trigger=motion, status="met").exists())
        filled = Case.objects.get(pk=case.pk)
        filled_during.append({name: getattr(filled, name) for name in HEADER})

    with pytest.raises(ValidationError, match="ECF No. 200"):
        batches.run(
            ImportJob.objects.create(case=Case.objects.get(pk=case.pk), source="pacer"),
            report,
            rules=apply,
            by=users["paralegal"],
            progress=watch,
        )
    # the committed batches had met the motion's deadline, filled the header, added counsel
    assert True in met_during and filled_during[-1] != before["header"], filled_during[-1]
    after = the_whole_case(case)
    for part in before:
        assert after[part] == before[part], part
    assert ImportJob.objects.get(case=case, status="failed")


def test_reminders_of_a_running_import_wait_for_its_outcome(imported, users, monkeypatch):
    """A deadline an early batch started has a reminder due at once: no sweep sends it while
    the import runs; the import fails, and it never goes. The same import without the bad row
    succeeds, and the next sweep sends it."""
    case = imported
    Deadline.objects.filter(case=case).delete()  # the motions' deadlines come again, from scratch
    DocketEntry.objects.filter(case=case, number__gte=100).delete()
    sending.sweep()  # the first import's new-entry alerts go now, not during the next one
    before = the_whole_case(case)
    monkeypatch.setattr(batches, "BATCH_SIZE", 10)
    swept = []

    def sweep_now(percent):
        due = sending.due_ids(timezone.now())
        made = Reminder.objects.filter(deadline__case=case, due_at__lte=timezone.now())
        swept.append((made.count(), len(due), sending.sweep()))

    with pytest.raises(ValidationError):
        batches.run(
            ImportJob.objects.create(case=Case.objects.get(pk=case.pk), source="pacer"),
            failing_report(bad_at=-3),
            rules=apply,
            by=users["paralegal"],
            progress=sweep_now,
        )
    assert max(made for made, _, _ in swept) > 0  # due reminders existed during the import
    assert all(due == 0 and counts == {} for _, due, counts in swept), swept
    assert the_whole_case(case) == before
    # the same import, good this time: nothing goes while it runs, the due ones go after it
    swept.clear()
    rows = cvtr_entries() + motions() + [opposition(LINKED)] + filler(30)
    batches.run(
        ImportJob.objects.create(case=Case.objects.get(pk=case.pk), source="pacer"),
        parse_docket_report(cvtr_report(rows, parties(more=True))),
        rules=apply,
        by=users["paralegal"],
        progress=sweep_now,
    )
    *running, (_, _, after) = swept  # the last call comes when the import is done
    assert all(counts == {} for _, _, counts in running), swept
    assert after.get("sent", 0) > 0
    assert Notification.objects.filter(reminder__deadline__case=case).exists()
    assert EntryAlert.objects.filter(case=case).exists()
