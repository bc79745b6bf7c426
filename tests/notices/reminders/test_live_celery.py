"""Reminders with a real redis-server and a real Celery worker process (tests/live.py).

What is proved here, end to end: the window-opened alert reaches every attorney within seconds;
a task that runs twice sends once; a worker killed mid-send leaves the reminder to the next
sweep; with Redis stopped, saves succeed and the reminders go out once Redis is back."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from casetracker.models import Role
from notices.compliance import services as compliance_services
from notices.deadlines import obligations
from notices.models import Notification, Reminder
from tests.docket.factories import EntryFactory
from tests.live import reset_broker_connections, wait_until

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team(real_case, member_factory):
    return {
        "attorney": member_factory(real_case, Role.ATTORNEY, username="atty1"),
        "attorney2": member_factory(real_case, Role.ATTORNEY, username="atty2"),
        "paralegal": member_factory(real_case, Role.PARALEGAL, username="para"),
    }


def _notice(case, user):
    return compliance_services.record_notice(
        case=case,
        received_at=timezone.now() - dt.timedelta(minutes=1),
        given_by="AUSA for the IRS",
        data_description="Last known addresses",
        user=user,
    )


def _opened(window):
    return Reminder.objects.filter(window=window, kind=Reminder.Kind.WINDOW_OPENED)


def _all_sent(window):
    return lambda: not _opened(window).filter(sent_at__isnull=True).exists()


def _keys(worker):
    return [m["X-Reminder-Key"] for m in worker.messages()]


def test_window_opened_alert_is_delivered_by_a_real_worker(real_case, team, celery_worker):
    """Sent by the task queued when the notice was saved — not by a sweep (the test worker runs
    no beat) nor a retry — after the window was saved. (How fast: bench/deadlines.py prints the
    notice -> alert latency; no timed assertion here.)"""
    window = _notice(real_case, team["paralegal"])
    wait_until(_all_sent(window), timeout=30, message="window-opened alerts")
    for reminder in _opened(window):
        assert reminder.attempts == 1 and reminder.claimed_by
        assert window.created_at <= reminder.sent_at
    emails = celery_worker.messages()
    assert sorted(m["To"] for m in emails) == ["atty1@example.org", "atty2@example.org"]
    assert "window closes" in emails[0]["Subject"]
    assert Notification.objects.filter(user=team["attorney"], reminder__window=window).count() == 1


def test_sent_exactly_once_even_if_the_task_runs_twice(real_case, team, celery_worker, live_broker):
    window = _notice(real_case, team["paralegal"])
    for _ in range(3):  # duplicates of the on-commit task, and sweeps racing them
        live_broker.send_task("notices.tasks.send_window_alerts", args=[window.pk])
        live_broker.send_task("notices.tasks.sweep_reminders")
    wait_until(_all_sent(window), timeout=15, message="window-opened alerts")
    time.sleep(1.5)  # let every duplicate task finish
    keys = _keys(celery_worker)
    assert len(keys) == 2 and len(set(keys)) == 2
    assert Notification.objects.filter(reminder__window=window).count() == 2
    assert "succeeded" in celery_worker.log()


def test_a_worker_killed_mid_send_leaves_it_to_the_next_sweep(
    real_case, team, celery_worker_factory, live_broker
):
    lease = {"REMINDER_CLAIM_LEASE_SECONDS": "2"}
    doomed = celery_worker_factory(
        env={**lease, "EMAIL_BACKEND": "tests.notices.slow_mail.SlowEmailBackend"}, name="doomed"
    )
    window = _notice(real_case, team["paralegal"])
    in_flight = _opened(window).filter(channel="email", claimed_at__isnull=False, sent_at=None)
    reminder = wait_until(lambda: in_flight.first(), timeout=10, message="a claimed e-mail")
    doomed.kill()
    reminder.refresh_from_db()
    assert reminder.sent_at is None and reminder.claimed_by
    assert doomed.messages() == []

    survivor = celery_worker_factory(env=lease, name="survivor")
    time.sleep(2.1)  # the dead worker's lease expires
    live_broker.send_task("notices.tasks.sweep_reminders")  # what beat does every minute
    wait_until(_all_sent(window), timeout=15, message="the sweep to send the orphaned reminder")
    reminder.refresh_from_db()
    assert reminder.sent_at is not None and reminder.attempts == 2
    assert reminder.key in _keys(survivor)
    assert Notification.objects.filter(reminder__window=window).count() == 2


def test_with_redis_stopped_saves_succeed_and_reminders_go_out_after(
    real_case, team, redis_server, celery_worker_factory, live_broker
):
    redis_server.stop()
    try:
        window = _notice(real_case, team["paralegal"])
        order = EntryFactory(case=real_case, number=70, kind="order", date_filed=dt.date.today())
        _, deadline = obligations.add_obligation(
            order=order, party_side="defendant", text="File a status report", period="14d",
            user=team["paralegal"],
        )  # fmt: skip
        assert window.pk and deadline.pk
        assert _opened(window).filter(sent_at=None).count() == 4
        assert deadline.reminders.exists()
    finally:
        redis_server.start()
    reset_broker_connections(live_broker)
    worker = celery_worker_factory()
    live_broker.send_task("notices.tasks.sweep_reminders")  # the first beat tick after recovery
    wait_until(_all_sent(window), timeout=15, message="reminders after Redis returned")
    # Each attorney's window-opened e-mail goes out exactly once. (The docketed order's own
    # new-entry alert may go out in the same sweep; it is another message, so count by key.)
    emailed = set(
        _opened(window).filter(channel=Reminder.Channel.EMAIL).values_list("key", flat=True)
    )
    assert len(emailed) == 2
    assert sorted(k for k in _keys(worker) if k in emailed) == sorted(emailed)
