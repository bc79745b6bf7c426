"""Deadlines from orders, the 24-hour notice window, breaches and the non-compliance draft."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from docket.entries import write_entry
from docket.models import DocketEntry, Filing, Obligation
from notices import services
from notices.models import Deadline, Disclosure, NoticeWindow, Reminder
from tests.factories import EntryFactory

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
    from docket.loader import load_case

    load_case()
    assert Deadline.objects.filter(case=real_case).count() == 1


def test_add_obligation_computes_deadline_with_explanation_and_audit(order, users):
    obligation, deadline = services.add_obligation(
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


def test_add_obligation_rejects_bad_period_and_saves_nothing(order, users):
    with pytest.raises(ValidationError) as error:
        services.add_obligation(
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
        services.add_obligation(
            order=motion, party_side="defendant", text="x", period="7d", user=users["paralegal"]
        )


def test_chained_deadline_recomputes_when_trigger_date_changes(order, users):
    opposition = EntryFactory(
        case=order.case, number=91, date_filed=dt.date(2026, 1, 9), kind="opposition"
    )
    _, deadline = services.add_obligation(
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
    _, deadline = services.add_obligation(
        order=order, party_side="plaintiff", text="Reply", period="7d", trigger=opposition,
        user=users["paralegal"],
    )  # fmt: skip
    old = set(deadline.reminders.values_list("pk", flat=True))
    assert old
    write_entry(entry=opposition, values={"date_filed": dt.date(2030, 3, 4)})
    assert not Reminder.objects.filter(pk__in=old, cancelled=False, sent_at__isnull=True).exists()
    assert deadline.reminders.filter(cancelled=False).exists()


def test_mark_met_links_the_entry_and_cancels_reminders(order, users):
    _, deadline = services.add_obligation(
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
    _, deadline = services.add_obligation(
        order=order, party_side="defendant", text="x", period="30d", user=users["paralegal"]
    )
    stranger = EntryFactory(case=other_case)
    with pytest.raises(ValidationError):
        services.mark_met(deadline=deadline, entry=stranger, user=users["paralegal"])


def test_mark_missed_deadlines(order, users):
    _, deadline = services.add_obligation(
        order=order, party_side="defendant", text="x", period="7d", user=users["paralegal"]
    )
    assert services.mark_missed_deadlines(now=deadline.due_at - dt.timedelta(minutes=1)) == 1
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.OPEN  # only the loaded 2025 record deadline
    services.mark_missed_deadlines(now=deadline.due_at + dt.timedelta(minutes=1))
    deadline.refresh_from_db()
    assert deadline.status == Deadline.Status.MISSED


# --------------------------------------------------------------------------- notice windows


def test_friday_4pm_notice_closes_monday_4pm_under_rule_6a2c(real_case, users):
    friday = dt.datetime(2025, 9, 12, 16, 0, tzinfo=ET)
    window = services.record_notice(
        case=real_case,
        received_at=friday,
        given_by="AUSA for the IRS",
        data_description="Addresses of 1,000 taxpayers",
        recipient="ICE",
        user=users["paralegal"],
        now=friday + dt.timedelta(minutes=5),
    )
    assert window.closes_at.astimezone(ET) == dt.datetime(2025, 9, 15, 16, 0, tzinfo=ET)
    text = " ".join(window.explanation)
    assert "24-hour advance notice required by the order of 5 Sep 2025" in text
    assert "Sat 13 Sep 2025 is a Saturday" in text
    assert "FRCP 6(a)(2)(C)" in text
    assert window.obligation.standing_notice_hours == 24
    assert window.history.first().history_user == users["paralegal"]


def test_notice_alerts_every_attorney_at_once_and_before_close(real_case, users, member_factory):
    second = member_factory(real_case, "attorney")
    received = NOW
    window = services.record_notice(
        case=real_case, received_at=received, given_by="AUSA", data_description="data",
        user=users["paralegal"], now=received,
    )  # fmt: skip
    opened = window.reminders.filter(kind=Reminder.Kind.WINDOW_OPENED)
    assert {r.recipient for r in opened} == {users["attorney"], second}
    assert {r.channel for r in opened} == {"email", "in_app"}
    assert all(r.due_at == received for r in opened)
    closing = window.reminders.filter(kind=Reminder.Kind.BEFORE_WINDOW_CLOSE, recipient=second)
    offsets = sorted(window.closes_at - r.due_at for r in closing.filter(channel="email"))
    assert offsets == [dt.timedelta(hours=1), dt.timedelta(hours=4), dt.timedelta(hours=12)]
    # Paralegals and clients are not alerted.
    assert not window.reminders.filter(recipient__in=[users["paralegal"], users["client"]]).exists()


def test_notice_rejects_missing_fields_and_saves_nothing(real_case, users):
    with pytest.raises(ValidationError) as error:
        services.record_notice(
            case=real_case,
            received_at=None,
            given_by=" ",
            data_description="",
            user=users["paralegal"],
        )
    assert set(error.value.message_dict) >= {"received_at", "given_by", "data_description"}
    assert not NoticeWindow.objects.exists()


# --------------------------------------------------------------------------- breaches


def _notice(case, user, received):
    return services.record_notice(
        case=case, received_at=received, given_by="AUSA", data_description="addresses",
        user=user, now=received,
    )  # fmt: skip


def test_disclosure_with_no_notice_is_a_breach(real_case, users):
    disclosure = services.record_disclosure(
        case=real_case, occurred_at=NOW, source="ICE declaration", user=users["paralegal"], now=NOW
    )
    assert disclosure.is_breach
    assert disclosure.window is None
    assert disclosure.breach_reason == "Disclosed with no prior notice"
    assert (
        Reminder.objects.filter(kind=Reminder.Kind.BREACH, recipient=users["attorney"]).count() == 2
    )


def test_disclosure_before_the_window_closes_is_a_breach(real_case, users):
    window = _notice(real_case, users["paralegal"], NOW)
    disclosure = services.record_disclosure(
        case=real_case, occurred_at=NOW + dt.timedelta(hours=20), source="ICE", user=users["paralegal"],
        now=NOW + dt.timedelta(days=2),
    )  # fmt: skip
    assert disclosure.is_breach
    assert disclosure.window == window
    assert "before the notice window closed" in disclosure.breach_reason


def test_disclosure_after_the_window_closes_is_not_a_breach(real_case, users):
    window = _notice(real_case, users["paralegal"], NOW)
    disclosure = services.record_disclosure(
        case=real_case, occurred_at=window.closes_at + dt.timedelta(minutes=1), source="ICE",
        user=users["paralegal"], now=NOW + dt.timedelta(days=2),
    )  # fmt: skip
    assert not disclosure.is_breach
    assert disclosure.window == window
    assert not Reminder.objects.filter(kind=Reminder.Kind.BREACH).exists()


def test_notice_entered_late_rejudges_an_earlier_recorded_disclosure(real_case, users):
    disclosure = services.record_disclosure(
        case=real_case, occurred_at=NOW + dt.timedelta(days=2), source="ICE", user=users["paralegal"],
        now=NOW + dt.timedelta(days=3),
    )  # fmt: skip
    assert disclosure.is_breach
    _notice(real_case, users["paralegal"], NOW)
    disclosure.refresh_from_db()
    assert not disclosure.is_breach


def test_draft_non_compliance_filing_states_the_facts(real_case, users):
    window = _notice(real_case, users["paralegal"], dt.datetime(2025, 9, 12, 16, 0, tzinfo=ET))
    disclosure = services.record_disclosure(
        case=real_case, occurred_at=dt.datetime(2025, 9, 13, 10, 0, tzinfo=ET), source="ICE <b>decl</b>",
        user=users["paralegal"], now=NOW,
    )  # fmt: skip
    filing = services.draft_non_compliance(disclosure=disclosure, user=users["attorney"])
    assert filing.type == Filing.Type.NON_COMPLIANCE
    assert filing.status == Filing.Status.DRAFT
    assert "Non-Compliance" in filing.title
    assert "order of September 5, 2025" in filing.body
    assert "Fri 12 Sep 2025, 4:00 p.m. ET" in filing.body
    assert "Mon 15 Sep 2025, 4:00 p.m. ET" in filing.body  # when the window closed
    assert "Sat 13 Sep 2025, 10:00 a.m. ET" in filing.body
    assert filing.created_by == users["attorney"]
    assert window.given_by in filing.body


def test_no_non_compliance_draft_for_a_compliant_disclosure(real_case, users):
    window = _notice(real_case, users["paralegal"], NOW)
    disclosure = services.record_disclosure(
        case=real_case, occurred_at=window.closes_at, source="ICE", user=users["paralegal"],
        now=NOW + dt.timedelta(days=3),
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.draft_non_compliance(disclosure=disclosure, user=users["attorney"])
    assert not Filing.objects.exists()
    assert Disclosure.objects.count() == 1
    assert DocketEntry.objects.filter(case=real_case).exists()
