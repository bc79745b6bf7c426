"""What every signed-in page's header asks — "anything unread?" and "is this a team member?" —
kept in the cache (Redis in production) under a per-user token, so a page costs no query for
them (bench/floor.py: the badge and the team check were two of the four queries of /cases/).

The token is replaced (never counted up, so an evicted token cannot bring back an old answer)
whenever what the answers depend on changes: a notification of the user is created, deleted or
read (`mark_read` calls `forget`), a membership of the user is saved or deleted — each after the
commit. A restore clears the whole cache. The cached
"anything unread" is the raw existence of an unread notification; which of them the user may
still see (an entry sealed since) is checked on every page that has any, as before."""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from casetracker.models import CaseMembership
from notices.models import Notification

SECONDS = 600


def _token(user_id):
    key = f"nav-token:{user_id}"
    token = cache.get(key)
    if token is None:
        token = uuid.uuid4().hex
        cache.add(key, token, None)
        token = cache.get(key) or token
    return token


def forget(user_id):
    """What the header shows for this user changed: the next page asks the database again."""
    cache.set(f"nav-token:{user_id}", uuid.uuid4().hex, None)


def header_facts(user):
    """{"any_unread": bool, "team": bool} for the user, from the cache or (once per change)
    from the database."""
    key = f"nav:{user.pk}:{_token(user.pk)}"
    facts = cache.get(key)
    if facts is None:
        facts = {
            "any_unread": Notification.objects.filter(user=user, read_at__isnull=True).exists(),
            "team": user.memberships.exclude(role="client").exists(),
        }
        cache.set(key, facts, SECONDS)
    return facts


def _forget_now_and_after_commit(user_id):
    """Now (this transaction's own pages) and after the commit (a page of another request that
    read the old rows in between must not have cached them under the new token)."""
    forget(user_id)
    transaction.on_commit(lambda: forget(user_id))


@receiver([post_save, post_delete], sender=Notification, dispatch_uid="nav_cache_notification")
def _notification_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _forget_now_and_after_commit(instance.user_id)


@receiver([post_save, post_delete], sender=CaseMembership, dispatch_uid="nav_cache_membership")
def _membership_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        _forget_now_and_after_commit(instance.user_id)
