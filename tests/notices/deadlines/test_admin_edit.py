"""Editing a deadline in the Django admin (notices.deadlines.services.edit_deadline): only its
description can change there — the date and the status are decisions with their own pages,
reasons and reminders, and a date moved behind their back would leave reminders on the old
day. An edit is audited to the admin, redoes the reminders and is announced (deadline.changed)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casetracker.models import Role
from notices.deadlines import services
from notices.deadlines.events import deadline_changed
from notices.models import Deadline, Reminder
from tests.notices.factories import deadline_events

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    with deadline_events(deadline_changed) as changes:
        yield changes


@pytest.fixture
def deadline(real_case, member_factory):
    member_factory(real_case, Role.ATTORNEY)  # someone to remind
    return services.create_deadline(
        user=None,
        case=real_case,
        title="Joint status report due",
        due_at=timezone.now() + dt.timedelta(days=30),
        is_public=True,
    )


def test_the_admin_edits_the_description_through_the_service(
    client, real_case, member_factory, deadline, heard
):
    admin_user = member_factory(real_case, Role.ADMIN)
    client.force_login(admin_user)
    url = reverse("admin:notices_deadline_change", args=[deadline.pk])
    page = client.get(url).content.decode()
    assert 'name="title"' in page
    assert 'name="due_at_0"' not in page and 'name="status"' not in page  # shown read-only
    due_before = deadline.due_at
    reminders_before = set(
        deadline.reminders.filter(sent_at__isnull=True, cancelled=False).values_list(
            "key", flat=True
        )
    )
    response = client.post(
        url,
        {
            "title": "Joint status report (amended)",
            "responsible_side": "",
            "responsible_party": "",
            "is_public": "",
            "owner": deadline.owner,
            "uncertain_reason": "",
            # a forged field of a decision: ignored, the date stays
            "due_at_0": "2030-01-01",
            "due_at_1": "12:00:00",
        },
    )
    assert response.status_code == 302, response.content[:3000]
    deadline.refresh_from_db()
    assert deadline.title == "Joint status report (amended)" and deadline.is_public is False
    assert deadline.due_at == due_before
    assert deadline.history.first().history_user == admin_user
    assert heard == [(deadline.pk, admin_user)]
    pending = set(
        deadline.reminders.filter(sent_at__isnull=True, cancelled=False).values_list(
            "key", flat=True
        )
    )
    assert pending == reminders_before and pending  # same day, still reminded


def test_an_edit_of_the_date_or_status_is_refused_whole(deadline, heard, users):
    rows = (Deadline.objects.count(), Reminder.objects.count())
    for field, value in (
        ("due_at", deadline.due_at + dt.timedelta(days=3)),
        ("status", Deadline.Status.VACATED),
        ("case_id", users["outsider"].memberships.get().case_id),
    ):
        edited = Deadline.objects.get(pk=deadline.pk)
        edited.title = "Changed too"
        setattr(edited, field, value)
        with pytest.raises(ValidationError, match=field.removesuffix("_id")):
            services.edit_deadline(deadline=edited, user=users["admin"])
    stored = Deadline.objects.get(pk=deadline.pk)
    assert stored.title == "Joint status report due" and stored.due_at == deadline.due_at
    assert (Deadline.objects.count(), Reminder.objects.count()) == rows
    assert heard == []
