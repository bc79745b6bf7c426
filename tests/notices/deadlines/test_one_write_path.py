"""One write path for new deadlines (notices.deadlines.services.create_deadline): whichever of the
four creators makes a deadline — a response period, the time to appeal, a date read from docket
text, an order's obligation — it is saved with its author in the audit history, gets its
reminders (a suggestion once accepted), and is announced with `deadline_created` (webhooks), all
in one transaction. tests/test_architecture.py checks that no module writes one another way."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from docket.entries import services as entry_services
from notices.deadlines import obligations, services
from notices.deadlines.events import deadline_created
from notices.models import Deadline, Reminder
from notices.webhooks.models import DEADLINE_CREATED, Delivery
from notices.webhooks.services import register_webhook
from tests.notices.factories import deadline_events

pytestmark = pytest.mark.django_db
ET = ZoneInfo("America/New_York")


@pytest.fixture
def announced():
    """[(deadline id, user)] of every deadline_created sent during the test."""
    with deadline_events(deadline_created) as heard:
        yield heard


@pytest.fixture
def hook(real_case, users):
    """A webhook for new deadlines, registered by the paralegal (who sees public entries)."""
    webhook, _secret = register_webhook(
        case=real_case,
        user=users["paralegal"],
        url="http://127.0.0.1:9/",
        events=[DEADLINE_CREATED],
    )
    return webhook


def today():
    return timezone.now().astimezone(ET).date()


def docket(case, user, **fields):
    fields.setdefault("visibility", "public")
    filed_by = fields.pop("filed_by", ())
    return entry_services.create_entry(case=case, by=user, fields=fields, filed_by=filed_by)


def assert_through_the_one_path(deadline, user, announced, hook, *, reminded=True):
    assert (deadline.pk, user) in announced, "deadline_created was not sent"
    assert deadline.history.earliest("history_date").history_user == user
    reminders = Reminder.objects.filter(deadline=deadline)
    if reminded:
        assert reminders.filter(recipient__username="attorney").exists()
        assert all(r.due_at <= deadline.due_at + dt.timedelta(days=1) for r in reminders)
    else:
        assert not reminders.exists()
    assert Delivery.objects.filter(
        webhook=hook, event_type=DEADLINE_CREATED, deadline=deadline
    ).exists()


def test_a_response_period_goes_through_the_one_path(real_case, users, announced, hook):
    irs = real_case.parties.get(name="Internal Revenue Service")
    motion = docket(
        real_case,
        users["paralegal"],
        number=301,
        date_filed=today(),
        kind="motion",
        text="MOTION to Dismiss by INTERNAL REVENUE SERVICE",
        filed_by=[irs],
    )
    deadline = Deadline.objects.get(trigger=motion, obligation__isnull=True, rule="LCvR 7(b)")
    assert deadline.status == Deadline.Status.OPEN
    assert_through_the_one_path(deadline, users["paralegal"], announced, hook)


def test_the_time_to_appeal_goes_through_the_one_path(real_case, users, announced, hook):
    order = docket(
        real_case,
        users["paralegal"],
        number=302,
        date_filed=today() - dt.timedelta(days=2),
        kind="order",
        text="ORDER granting in part 20 Motion for Preliminary Injunction.",
    )
    deadline = Deadline.objects.get(trigger=order, rule="FRAP 4(a)(1)(B)")
    assert deadline.status == Deadline.Status.OPEN
    assert_through_the_one_path(deadline, users["paralegal"], announced, hook)


def test_a_date_read_from_docket_text_goes_through_the_one_path(real_case, users, announced, hook):
    due = today() + dt.timedelta(days=20)
    entry = docket(
        real_case,
        users["paralegal"],
        number=303,
        date_filed=today(),
        kind="minute_order",
        text=f"MINUTE ORDER: Responses due by {due.month}/{due.day}/{due.year}.",
    )
    deadline = Deadline.objects.get(trigger=entry, rule=services.DOCKET_TEXT)
    assert deadline.status == Deadline.Status.SUGGESTED
    # A suggestion has no reminders until the team accepts it; then it has them.
    assert_through_the_one_path(deadline, users["paralegal"], announced, hook, reminded=False)
    services.accept_suggestion(deadline=deadline, user=users["attorney"])
    assert Reminder.objects.filter(deadline=deadline, recipient__username="attorney").exists()


def test_an_obligation_goes_through_the_one_path(real_case, users, announced, hook):
    order = docket(
        real_case, users["paralegal"], number=304, date_filed=today(), kind="order", text="ORDER"
    )
    _, deadline = obligations.add_obligation(
        order=order,
        party_side="defendant",
        text="Defendants shall file a status report",
        period="30d",
        user=users["paralegal"],
    )
    assert deadline.status == Deadline.Status.OPEN
    assert_through_the_one_path(deadline, users["paralegal"], announced, hook)


def test_a_failure_while_announcing_leaves_nothing_half_saved(real_case, users):
    """The receiver fails after the row and its reminders were written: all of it goes."""

    def fail(sender, deadline, **kwargs):
        raise RuntimeError("receiver down")

    order = docket(
        real_case, users["paralegal"], number=305, date_filed=today(), kind="order", text="ORDER"
    )
    before = (Deadline.objects.count(), Reminder.objects.count())
    deadline_created.connect(fail, sender=Deadline, dispatch_uid="test_one_write_path_fail")
    try:
        with pytest.raises(RuntimeError):
            services.create_deadline(
                user=users["paralegal"],
                case=real_case,
                title="Status report due",
                trigger=order,
                due_at=timezone.now() + dt.timedelta(days=30),
            )
    finally:
        deadline_created.disconnect(sender=Deadline, dispatch_uid="test_one_write_path_fail")
    assert (Deadline.objects.count(), Reminder.objects.count()) == before


def test_a_deadline_added_in_the_django_admin_goes_through_the_one_path(
    real_case, users, announced, hook
):
    from django.contrib import admin
    from django.test import RequestFactory

    model_admin = admin.site._registry[Deadline]
    request = RequestFactory().post("/admin/")
    request.user = users["admin"]
    deadline = Deadline(
        case=real_case,
        title="Joint status report due",
        due_at=timezone.now() + dt.timedelta(days=30),
        is_public=True,
    )
    model_admin.save_model(request, deadline, form=None, change=False)
    saved = Deadline.objects.get(pk=deadline.pk, title="Joint status report due")
    assert_through_the_one_path(saved, users["admin"], announced, hook)
