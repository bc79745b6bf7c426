"""The calendar feed, cached by what it is made of.

A calendar app polls its feed every few minutes, and the feed changes only when a deadline or a
notice window changes, or what the user may see does (their cases and roles, the docket entries
the deadlines come from). So the feed's version is: the user's memberships (case, role) with
each case's `docket_version` (bumped by every docket change, docket/entries/cache.py, and by every
deadline and notice-window save or delete, below), plus the court date (a deadline's wording
can change with the day). One query gives it; the body is cached under it, and it is the ETag,
so a poll with If-None-Match (or If-Modified-Since) gets 304 without building anything.

Bulk writes that bypass signals (queryset.update on deadlines or windows) must call
docket.entries.cache.bump_docket_version for the case."""

import hashlib

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from docket.entries.cache import bump_docket_version
from notices.models import Deadline, NoticeWindow

FEED_CACHE_SECONDS = 24 * 3600


def feed_version(user):
    """A short hex digest of everything the user's feed depends on (one query)."""
    parts = sorted(
        user.memberships.values_list("case_id", "role", "case__docket_version", "party_id")
    )
    today = timezone.localdate()
    raw = f"{user.pk}|{today.isoformat()}|{parts!r}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


def cached_feed(version, build):
    """(body, built_at) for `version`, built by `build()` on a miss."""
    key = f"calendar-feed:{version}"
    found = cache.get(key)
    if found is None:
        found = (build(), timezone.now())
        cache.set(key, found, FEED_CACHE_SECONDS)
    return found


@receiver([post_save, post_delete], sender=Deadline, dispatch_uid="feed_deadline_changed")
@receiver([post_save, post_delete], sender=NoticeWindow, dispatch_uid="feed_window_changed")
def _feed_item_changed(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata (restore) writes the version as it was; the restore clears the cache
        return
    bump_docket_version(instance.case_id)
