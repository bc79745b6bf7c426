"""Deadlines from orders, the 24-hour notice window, breaches and the non-compliance draft."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from docket.entries.write import write_entry
from docket.models import Obligation
from notices.deadlines import obligations, services
from notices.models import Deadline, Reminder
from tests.docket.factories import EntryFactory

pytestmark = pytest.mark.django_db
ET = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 1, 5, 9, 0, tzinfo=ET)  # a Monday


@pytest.fixture
def order(real_case):
    return EntryFactory(
        case=real_case, number=90, date_filed=dt.date(2026, 1, 5), kind="order", text="ORDER"
    )


# --------------------------------------------------------------------------- deadlines


def test_real_case_record_deadline_is_friday_24_october_2025(real_case):
    deadline = Deadline.objects.get(case=real_case, title="Produce the administrative record")
    assert deadline.due_at.astimezone(ET) == dt.datetime(2025, 10, 24, 23, 59, 59, tzinfo=ET)
    assert deadline.responsible_side == "defendant"
    assert any("Fri 24 Oct 2025" in step for step in deadline.explanation)
    assert deadline.status == Deadline.Status.OPEN


def test_standing_notice_obligation_creates_no_deadline(real_case):
    standing = Obligation.objects.get(order__case=real_case, standing_notice_hours=24)
    assert not standing.deadlines.exists()


def test_loading_the_case_twice_keeps_one_deadline(real_case):
    from docket.ingest.loader import load_case

    load_case()
    assert Deadline.objects.filter(case=real_case).count() == 1


def test_add_obligation_computes_deadline_with_explanation_and_audit(order, users):
    obligation, deadline = obligations.add_obligation(
        order=order,
        party_side="defendant",
        text="Defendants shall produce the administrative record",
        period="30d",
        user=users["paralegal"],
        now=NOW,
    )
    # 5 Jan 2026 + 30 days = Wed 4 Feb 2026
    assert deadline.due_at.astimezone(ET).date() == dt.date(2026, 2, 4)
    assert deadline.obligation == obligation
    assert deadline.explanation[0].startswith("30 days after this order")
    assert deadline.history.first().history_user == users["paralegal"]
    assert obligation.history.first().history_user == users["paralegal"]


def test_add_obligation_goes_through_the_one_obligation_write_path(order, users):
    """add_obligation saves through docket.entries.obligations.write_obligation: one
    obligation_saved signal (what computes the deadline for the loader and the admin too),
    carrying who and the `now` the caller gave."""
    from docket.signals import obligation_saved

    seen = []

    def listen(sender, obligation, created, user, now, **kwargs):
        seen.append((obligation.pk, created, user, now))

    obligation_saved.connect(listen, dispatch_uid="test_one_write_path")
    try:
        obligation, deadline = obligations.add_obligation(
            order=order, party_side="defendant", text="File a status report", period="14d",
            user=users["paralegal"], now=NOW,
        )  # fmt: skip
    finally:
        obligation_saved.disconnect(dispatch_uid="test_one_write_path")
    assert seen == [(obligation.pk, True, users["paralegal"], NOW)]
    # 5 Jan 2026 + 14 days = Mon 19 Jan 2026, Martin Luther King Jr. Day -> Tue 20 Jan 2026
    assert deadline.due_at.astimezone(ET).date() == dt.date(2026, 1, 20)
    assert list(obligation.deadlines.all()) == [deadline]


def test_add_obligation_rejects_bad_period_and_saves_nothing(order, users):
    with pytest.raises(ValidationError) as error:
        obligations.add_obligation(
            order=order,
            party_side="defendant",
            text="Do it",
            period="two weeks",
            user=users["paralegal"],
        )
    assert "period" in error.value.message_dict
    assert not Obligation.objects.filter(order=order).exists()


def test_add_obligation_requires_an_order(real_case, users):
    motion = EntryFactory(case=real_case, kind="motion")
    with pytest.raises(ValidationError, match="order"):
        obligations.add_obligation(
            order=motion, party_side="defendant", text="x", period="7d", user=users["paralegal"]
        )


def test_chained_deadline_recomputes_when_trigger_date_changes(order, users):
    opposition = EntryFactory(
        case=order.case, number=91, date_filed=dt.date(2026, 1, 9), kind="opposition"
    )
    _, deadline = obligations.add_obligation(
        order=order,
        party_side="plaintiff",
        text="Plaintiffs' reply due 7 days after the opposition",
        period="7d",
        trigger=opposition,
        user=users["paralegal"],
        now=NOW,
    )
    assert deadline.due_at.astimezone(ET).date() == dt.date(2026, 1, 16)
    # The opposition was in fact filed on 12 Jan (the docket is corrected).
    write_entry(entry=opposition, by=users["attorney"], values={"date_filed": dt.date(2026, 1, 12)})
    deadline.refresh_from_db()
    # 12 Jan + 7 = Mon 19 Jan 2026 = Martin Luther King Jr. Day -> Tue 20 Jan
    assert deadline.due_at.astimezone(ET).date() == dt.date(2026, 1, 20)
    assert any("Martin Luther King" in step for step in deadline.explanation)
    dates = [h.due_at.astimezone(ET).date() for h in deadline.history.order_by("history_date")]
    assert dates == [dt.date(2026, 1, 16), dt.date(2026, 1, 20)]
    assert deadline.history.first().history_user == users["attorney"]


def test_recompute_moves_reminders_to_the_new_date(order, users):
    # Dates far ahead: the recompute triggered by saving the entry uses the real clock.
    opposition = EntryFactory(case=order.case, number=92, date_filed=dt.date(2030, 3, 1))
    _, deadline = obligations.add_obligation(
        order=order, party_side="plaintiff", text="Reply", period="7d", trigger=opposition,
        user=users["paralegal"],
    )  # fmt: skip
    old = set(deadline.reminders.values_list("pk", flat=True))
    assert old
    write_entry(entry=opposition, values={"date_filed": dt.date(2030, 3, 4)})
    assert not Reminder.objects.filter(pk__in=old, cancelled=False, sent_at__isnull=True).exists()
    assert deadline.reminders.filter(cancelled=False).exists()


def test_mark_met_links_the_entry_and_cancels_reminders(order, users):
    _, deadline = obligations.add_obligation(
        order=order, party_side="defendant", text="File the record", period="30d",
        user=users["paralegal"], now=NOW,
    )  # fmt: skip
    record = EntryFactory(case=order.case, number=93, kind="record", date_filed=dt.date(2026, 2, 2))
    services.mark_met(deadline=deadline, entry=record, user=users["paralegal"])
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MET
    assert deadline.satisfied_by == record
    assert not deadline.reminders.filter(cancelled=False, sent_at__isnull=True).exists()
    assert deadline.history.first().history_user == users["paralegal"]


def test_mark_met_refuses_an_entry_of_another_case(order, users, other_case):
    _, deadline = obligations.add_obligation(
        order=order, party_side="defendant", text="x", period="30d", user=users["paralegal"]
    )
    stranger = EntryFactory(case=other_case)
    with pytest.raises(ValidationError):
        services.mark_met(deadline=deadline, entry=stranger, user=users["paralegal"])


def test_mark_missed_deadlines(order, users):
    _, deadline = obligations.add_obligation(
        order=order, party_side="defendant", text="x", period="7d", user=users["paralegal"]
    )
    assert services.mark_missed_deadlines(now=deadline.due_at - dt.timedelta(minutes=1)) == 1
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.OPEN  # only the loaded 2025 record deadline
    services.mark_missed_deadlines(now=deadline.due_at + dt.timedelta(minutes=1))
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MISSED
