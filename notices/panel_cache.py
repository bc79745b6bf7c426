"""The case page's time panel (next deadline, past due, notice windows, breaches), cached.

Its key is the case's `docket_version` and the member's role. The version is bumped by every
change to an entry, document, party or link (docket/entries/cache.py), to a deadline or notice
window (notices/reminders/feed_cache.py), to an order's obligation (its one write path,
docket.entries.obligations, for the advance-notice terms) and, below, to a disclosure (the
breach counts) — so a change shows at once. The role decides
everything the panel may show (which deadlines a member may see follows from the entries they
come from, notices/visibility.py, and that depends only on the role), so one member's panel is
never served to another role: an admin's panel, which may name a deadline set by a sealed
order, is cached apart from an attorney's.

What the panel says also changes with time alone (a deadline falls due, a window closes), so a
panel is kept at most a minute, and never past the next such moment among what it shows.

Bulk writes that bypass signals (queryset.update on disclosures) must call
docket.entries.cache.bump_docket_version for the case."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from casetracker.models import Case
from docket.entries.cache import bump_docket_version
from notices.deadlines.status_words import SOON
from notices.models import Disclosure

MAX_SECONDS = 60


def key(case: Case, role: str) -> str:
    return f"case-time-panel:{case.pk}:{case.docket_version}:{role}"


def seconds_fresh(now: datetime, moments: Iterable[datetime | None]) -> int:
    """How long a panel built at `now` stays true: until the first of `moments` still ahead
    (at least a second), and at most MAX_SECONDS."""
    ahead = [(m - now).total_seconds() for m in moments if m is not None and m > now]
    return max(1, min([MAX_SECONDS, *[int(s) for s in ahead]]))


def moments_of(deadline, windows) -> list[datetime | None]:
    """When the panel's words change by the clock: the next deadline becomes due soon, then
    due; a window's two ends pass."""
    moments: list[datetime | None] = []
    if deadline is not None:
        moments += [deadline.due_at - SOON, deadline.due_at]
    for window in windows:
        moments += [window.clock_closes_at, window.closes_at]
    return moments


@receiver([post_save, post_delete], sender=Disclosure, dispatch_uid="panel_disclosure_changed")
def _disclosure_changed(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata (restore) writes the version as it was; the restore clears the cache
        return
    bump_docket_version(instance.case_id)
