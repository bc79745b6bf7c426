"""Reminder rows: the schedule, and sending exactly once (in-process; the live Celery proofs are
in test_live_celery.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from notices.compliance import services as compliance_services
from notices.deadlines import obligations, services
from notices.deadlines.schedule import deadline_reminder_times
from notices.models import Notification, Reminder
from notices.reminders import sending as reminders
from tests.docket.factories import EntryFactory

pytestmark = pytest.mark.django_db
ET = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 1, 5, 9, 0, tzinfo=ET)


@pytest.fixture(autouse=True)
def locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def deadline(real_case, users):
    order = EntryFactory(case=real_case, number=80, date_filed=dt.date(2026, 1, 5), kind="order")
    _, deadline = obligations.add_obligation(
        order=order, party_side="defendant", text="Produce the record", period="30d",
        user=users["paralegal"], now=NOW,
    )  # fmt: skip
    return deadline


def test_deadline_schedule_is_7d_3d_1d_day_of_and_overdue():
    due = dt.datetime(2026, 2, 4, 23, 59, 59, tzinfo=ET)
    times = {label: moment for label, _, moment in deadline_reminder_times(due, ET)}
    assert times["7d"] == due - dt.timedelta(days=7)
    assert times["3d"] == due - dt.timedelta(days=3)
    assert times["1d"] == due - dt.timedelta(days=1)
    assert times["day-of"] == dt.datetime(2026, 2, 4, 9, 0, tzinfo=ET)
    assert times["overdue"] == due + dt.timedelta(minutes=1)


def test_deadline_reminder_rows_per_attorney_and_channel(deadline, users):
    rows = deadline.reminders.filter(recipient=users["attorney"], channel="email")
    kinds = sorted((r.kind, r.due_at.astimezone(ET)) for r in rows)
    due = deadline.due_at.astimezone(ET)
    assert kinds == [
        ("before_deadline", due - dt.timedelta(days=7)),
        ("before_deadline", due - dt.timedelta(days=3)),
        ("before_deadline", due - dt.timedelta(days=1)),
        ("before_deadline", dt.datetime(2026, 2, 4, 9, 0, tzinfo=ET)),
        ("overdue", due + dt.timedelta(minutes=1)),
    ]
    assert deadline.reminders.filter(recipient=users["attorney"], channel="in_app").count() == 5
    assert not deadline.reminders.exclude(recipient=users["attorney"]).exists()


def test_scheduling_twice_creates_no_duplicates(deadline):
    before = deadline.reminders.count()
    services.schedule_deadline_reminders(deadline=deadline, now=NOW)
    obligations.sync_deadline(obligation=deadline.obligation, now=NOW)
    assert deadline.reminders.count() == before


def test_reminders_long_past_are_not_created(real_case):
    # The loaded record deadline (24 Oct 2025) is long past: no reminder storm on load.
    assert not Reminder.objects.filter(deadline__case=real_case, deadline__obligation__period="45d")


def test_a_reminder_is_sent_once_even_if_processed_twice(deadline, users):
    due = deadline.due_at - dt.timedelta(days=7)
    email = deadline.reminders.get(channel="email", due_at=due)
    in_app = deadline.reminders.get(channel="in_app", due_at=due)
    assert reminders.process(email.pk, now=due) == "sent"
    assert reminders.process(email.pk, now=due) == "skipped"
    assert reminders.process(in_app.pk, now=due) == "sent"
    assert reminders.process(in_app.pk, now=due + dt.timedelta(hours=1)) == "skipped"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [users["attorney"].email]
    assert mail.outbox[0].extra_headers["Message-ID"] == reminders.message_id(email)
    assert "Produce the record" in mail.outbox[0].subject
    assert Notification.objects.filter(user=users["attorney"]).count() == 1


def test_a_claim_blocks_others_until_its_lease_expires(deadline):
    due = deadline.due_at - dt.timedelta(days=7)
    reminder = deadline.reminders.filter(due_at=due).first()
    assert reminders.claim(reminder.pk, now=due, worker="crashed")
    # The crashed worker never marks it sent; a sweep within the lease leaves it alone...
    assert reminder.pk not in reminders.due_ids(due + dt.timedelta(seconds=30))
    # ...and the first sweep after the lease sends it.
    later = due + reminders.lease() + dt.timedelta(seconds=1)
    assert reminders.sweep(now=later).get("sent", 0) >= 1
    reminder.refresh_from_db()
    assert reminder.sent_at is not None
    assert reminder.attempts == 2


def test_sweep_sends_only_due_reminders(deadline):
    due = deadline.due_at - dt.timedelta(days=7)
    counts = reminders.sweep(now=due)
    assert counts == {"sent": 2}  # the 7-day reminder: e-mail + in-app
    assert reminders.sweep(now=due) == {}


def test_reminders_of_a_met_deadline_are_cancelled_not_sent(deadline, users):
    entry = EntryFactory(case=deadline.case, number=81)
    services.mark_met(deadline=deadline, entry=entry, user=users["paralegal"])
    assert reminders.sweep(now=deadline.due_at + dt.timedelta(days=1)) == {}
    assert not mail.outbox


def test_reminders_held_back_by_a_seal_go_out_after_the_unseal(deadline, users):
    """Sealed (admins only): the attorney's 7-day reminder is cancelled, not sent, since it would
    name what they may not see. Unsealed two days later: it goes back in the queue and the next
    sweep sends it (late, words as of then) with the 3-day one; nothing is sent twice."""
    from docket.entries.write import write_entry

    order = deadline.obligation.order
    write_entry(entry=order, by=users["admin"], values={"visibility": "sealed"})
    seven_days_before = deadline.due_at - dt.timedelta(days=7)
    assert reminders.sweep(now=seven_days_before) == {"cancelled": 2}
    assert not mail.outbox

    write_entry(entry=order, by=users["admin"], values={"visibility": "public"})
    three_days_before = deadline.due_at - dt.timedelta(days=3)
    assert reminders.sweep(now=three_days_before) == {"sent": 4}
    assert len(mail.outbox) == 2 and all(m.to == [users["attorney"].email] for m in mail.outbox)
    assert reminders.sweep(now=three_days_before) == {}


def test_an_unrelated_change_does_not_rearm_a_sealed_deadlines_reminders(deadline, users):
    from docket.entries.write import write_entry

    order = deadline.obligation.order
    write_entry(entry=order, by=users["admin"], values={"visibility": "sealed"})
    seven_days_before = deadline.due_at - dt.timedelta(days=7)
    assert reminders.sweep(now=seven_days_before) == {"cancelled": 2}
    write_entry(entry=order, by=users["admin"], values={"text": "ORDER (sealed), corrected"})
    assert reminders.sweep(now=deadline.due_at - dt.timedelta(days=3)) == {"cancelled": 2}
    assert not mail.outbox


def test_their_missed_deadline_is_a_watch_item_not_our_alarm(deadline, users):
    # "Produce the record" is the defendants': theirs (our counsel represent the plaintiffs).
    assert deadline.owner == "theirs"
    after = deadline.due_at + dt.timedelta(minutes=2)
    services.mark_missed_deadlines(now=after)
    reminders.sweep(now=after)
    subjects = [m.subject for m in mail.outbox]
    assert subjects == [
        "Watch — Their non-compliance: Produce the record — " + deadline.case.short_name
    ]
    assert "The other side's obligation was due" in mail.outbox[0].body
    # The earlier "before" reminders are not sent late for a missed deadline.
    assert not any("Due soon" in s for s in subjects)


def test_our_overdue_escalation_says_missed_once_the_sweep_marked_it(real_case, users):
    order = EntryFactory(case=real_case, number=82, date_filed=dt.date(2026, 1, 5), kind="order")
    _, ours = obligations.add_obligation(
        order=order, party_side="plaintiff", text="File the joint status report", period="30d",
        user=users["paralegal"], now=NOW,
    )  # fmt: skip
    assert ours.owner == "ours"
    week = ours.due_at - dt.timedelta(days=7)
    reminders.sweep(now=week)
    assert mail.outbox[-1].subject.startswith("Due soon (in 7 days): File the joint status report")
    after = ours.due_at + dt.timedelta(minutes=2)
    services.mark_missed_deadlines(now=after)
    reminders.sweep(now=after)
    assert mail.outbox[-1].subject.startswith("Missed: File the joint status report")


def test_window_alerts_and_notifications_unread_count(real_case, users, client_for):
    window = compliance_services.record_notice(
        case=real_case, received_at=NOW, given_by="AUSA", data_description="addresses",
        user=users["paralegal"], now=NOW,
    )  # fmt: skip
    assert reminders.send_for_window(window.pk, now=NOW) == {"sent": 2}
    assert reminders.send_for_window(window.pk, now=NOW) == {}
    assert len(mail.outbox) == 1
    assert "window closes" in mail.outbox[0].subject
    client = client_for(users["attorney"])
    page = client.get("/notifications/")
    assert page.context["unread_notifications"] == 1
    assert "Notice of intended disclosure received" in page.content.decode()
    client.post("/notifications/read/")
    assert client.get("/notifications/").context["unread_notifications"] == 0


def test_sweep_reminders_command(deadline):
    out = []
    call_command("sweep_reminders", stdout=type("W", (), {"write": lambda s, x: out.append(x)})())
    assert "Reminders:" in out[0]


def test_an_attorney_who_joins_later_gets_the_open_reminders(real_case, users, member_factory):
    order = EntryFactory(case=real_case, number=82, date_filed=dt.date(2030, 1, 7), kind="order")
    _, deadline = obligations.add_obligation(
        order=order, party_side="defendant", text="Answer", period="60d", user=users["paralegal"]
    )
    newcomer = member_factory(real_case, "attorney")
    assert deadline.reminders.filter(recipient=newcomer).count() == 10
