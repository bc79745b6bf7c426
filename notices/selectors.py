"""Reads for the notices app."""

from .models import Notification


def unread_count(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
