"""What every signed-in page's header asks — "anything unread?" and "is this a team member?" —
kept in the cache (Redis in production) under the user's token (casetracker.cache_tokens), so a
page costs no query for them and one cache round trip (the value and its token in one
`get_many`; bench/floor.py).

The user's token is replaced whenever what the answers depend on changes: a membership of the
user is saved or deleted (casetracker.cache_tokens), a notification of the user is created,
deleted or read (`mark_read` calls `forget`) — each now and after the commit. A restore clears
the whole cache. The cached "anything unread" is the raw existence of an unread notification;
which of them the user may still see (an entry sealed since) is checked on every page that has
any, as before."""

import uuid

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from casetracker.cache_tokens import cached, replace, user_token
from notices.models import Notification


def forget(user_id):
    """What the header shows for this user changed: the next page asks the database again."""
    cache.set(user_token(user_id), uuid.uuid4().hex, None)


def header_facts(user):
    """{"any_unread": bool, "team": bool} for the user, from the cache or (once per change)
    from the database."""

    def from_database():
        return {
            "any_unread": Notification.objects.filter(user=user, read_at__isnull=True).exists(),
            "team": user.memberships.exclude(role="client").exists(),
        }

    return cached(f"nav:{user.pk}", [user_token(user.pk)], from_database)


@receiver([post_save, post_delete], sender=Notification, dispatch_uid="nav_cache_notification")
def _notification_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        replace(user_token(instance.user_id))
