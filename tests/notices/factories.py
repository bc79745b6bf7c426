"""Factories for notices rows a test needs as they are stored, without the services' rules
(use the services — notices.deadlines.services, notices.compliance.services — to test those).
The case and user factories are casetracker's (tests/casetracker/factories.py), entries docket's
(tests/docket/factories.py)."""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import factory

from notices.models import Deadline, Disclosure, NoticeWindow, Notification
from tests.casetracker.factories import CaseFactory, UserFactory

ET = dt.timezone(dt.timedelta(hours=-4))


@contextmanager
def deadline_events(signal) -> Iterator[list]:
    """[(deadline id, user)] of every `signal` (notices.deadlines.events: deadline_created or
    deadline_changed) sent while the block runs."""
    heard = []

    def listen(sender, deadline, user=None, **kwargs):
        heard.append((deadline.pk, user))

    uid = f"tests.deadline_events.{id(heard)}"
    signal.connect(listen, sender=Deadline, dispatch_uid=uid)
    try:
        yield heard
    finally:
        signal.disconnect(sender=Deadline, dispatch_uid=uid)


class DeadlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deadline

    case = factory.SubFactory(CaseFactory)
    title = factory.Sequence(lambda n: f"Deadline {n}")
    due_at = dt.datetime(2030, 1, 15, 23, 59, 59, tzinfo=ET)


class NoticeWindowFactory(factory.django.DjangoModelFactory):
    """A notice of intended disclosure received at `received_at`; the window closes 24 hours
    later unless a test says otherwise."""

    class Meta:
        model = NoticeWindow

    case = factory.SubFactory(CaseFactory)
    received_at = dt.datetime(2025, 9, 12, 16, 0, tzinfo=ET)
    closes_at = factory.LazyAttribute(lambda w: w.received_at + dt.timedelta(hours=24))
    given_by = "AUSA"
    data_description = "Addresses"


class DisclosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disclosure

    case = factory.SubFactory(CaseFactory)
    occurred_at = dt.datetime(2025, 9, 14, 10, 0, tzinfo=ET)
    data_description = "Addresses"


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    case = None
    subject = factory.Sequence(lambda n: f"Notification {n}")
    body = "Body"
