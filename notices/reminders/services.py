"""Writes of the reminder channels a person controls: read marks on in-app notifications and the
calendar feed's token (one per user, revocable). Keyword arguments, one transaction each."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from casetracker.models import User
from notices.models import CalendarToken, Notification


def mark_read(
    *, user: User, notification_ids: Iterable[int] | None = None, now: datetime | None = None
) -> int:
    """Mark the user's notifications read (all of them when no ids are given)."""
    from notices.nav_cache import forget

    now = now or timezone.now()
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        rows = rows.filter(pk__in=notification_ids)
    forget(user.pk)  # the header's cached "anything unread?" (and again after the commit)
    transaction.on_commit(lambda: forget(user.pk))
    with transaction.atomic():
        return rows.update(read_at=now)


def calendar_token_for(*, user: User) -> CalendarToken:
    token, _ = CalendarToken.objects.get_or_create(user=user)
    return token


def revoke_calendar_token(*, user: User) -> CalendarToken:
    """The old feed URL stops working at once; a new one is issued."""
    with transaction.atomic():
        CalendarToken.objects.filter(user=user).delete()
        return CalendarToken.objects.create(user=user)
