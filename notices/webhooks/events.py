"""What becomes a webhook event, and when.

- `entry.created`: when new entries are *published* (docket.signals.entries_published): a
  single write at once; an import only after the whole import has succeeded — a failed import
  publishes nothing, so no event names an entry it takes back. Entries from the case-facts
  loader are not news and send nothing.
- `deadline.created`: a deadline saved outside an import (an obligation added to an order, a
  response period from an entry typed or edited by hand) at once (notices.deadlines.events);
  one derived from an import's entries is held with them and sent when they are published —
  the deadlines the published entries start or set. (A deadline an import derives from an entry
  it only *changes* is not announced: that import publishes no entry.)

Each event is one Delivery per webhook that wants it (unique per webhook and event, so the same
deadline reached by both routes is sent once), queued only if the member who registered the
webhook may see it now, and sent after the transaction commits by notices.tasks.deliver_webhook,
which checks visibility again."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from casetracker.jobs import enqueue_on_commit
from casetracker.models import CaseMembership
from docket.models import DocketEntry
from notices.models import Deadline

from .models import DEADLINE_CREATED, ENTRY_CREATED, Delivery, Webhook
from .payloads import may_see, registrant

TASK = "notices.tasks.deliver_webhook"
_held: ContextVar[bool] = ContextVar("webhook_events_held", default=False)


@contextmanager
def holding(held: bool) -> Iterator[None]:
    """Within: deadlines created belong to an import that has not finished (held entries)."""
    token = _held.set(bool(held) or _held.get())
    try:
        yield
    finally:
        _held.reset(token)


def _hooks(case_id: int, event_type: str) -> list[tuple[Webhook, CaseMembership]]:
    """The case's active webhooks for this event, each with its registrant's membership now
    (a webhook whose registrant is no longer on the team is left out)."""
    hooks = Webhook.objects.filter(case_id=case_id, is_active=True).select_related(
        "case__court", "created_by"
    )
    found = []
    for hook in hooks:
        membership = registrant(hook)
        if hook.sends(event_type) and membership is not None:
            found.append((hook, membership))
    return found


def _queue(
    hook: Webhook,
    membership: CaseMembership,
    event_type: str,
    key: str,
    now: datetime,
    *,
    entry: DocketEntry | None = None,
    deadline: Deadline | None = None,
) -> bool:
    if not may_see(membership, entry=entry, deadline=deadline):
        return False  # the registrant may not see it: no event, not even a log row
    delivery, created = Delivery.objects.get_or_create(
        webhook=hook,
        event_key=key,
        defaults={
            "event_type": event_type,
            "entry": entry,
            "deadline": deadline,
            "occurred_at": now,
            "next_attempt_at": now,
        },
    )
    if created:
        enqueue_on_commit(TASK, delivery.pk)
    return created


def entries_published(
    *, entries: Iterable[DocketEntry], source: str | None = None, now: datetime | None = None
) -> int:
    """New entries are final: queue `entry.created` for each, then `deadline.created` for the
    deadlines they start or set. Returns how many deliveries were queued."""
    now = now or timezone.now()
    loader = DocketEntry.Source.LOADER
    fresh = [e for e in entries if source != loader and e.source != loader]
    queued = 0
    for case_id in {e.case_id for e in fresh}:
        of_case = [e for e in fresh if e.case_id == case_id]
        for hook, member in _hooks(case_id, ENTRY_CREATED):
            for entry in of_case:
                key = f"entry:{entry.pk}"
                queued += _queue(hook, member, ENTRY_CREATED, key, now, entry=entry)
        hooks = _hooks(case_id, DEADLINE_CREATED)
        if not hooks:
            continue
        ids = [e.pk for e in of_case]
        derived = (
            Deadline.objects.filter(
                Q(trigger__in=ids) | Q(obligation__order__in=ids) | Q(obligation__trigger__in=ids)
            )
            .distinct()
            .order_by("due_at", "pk")
        )
        for deadline in derived:
            for hook, member in hooks:
                key = f"deadline:{deadline.pk}"
                queued += _queue(hook, member, DEADLINE_CREATED, key, now, deadline=deadline)
    return queued


def deadline_created(*, deadline: Deadline, now: datetime | None = None) -> int:
    """A deadline was saved. Held (an import's): sent when its entries are published."""
    if _held.get():
        return 0
    now = now or timezone.now()
    key = f"deadline:{deadline.pk}"
    return sum(
        _queue(hook, member, DEADLINE_CREATED, key, now, deadline=deadline)
        for hook, member in _hooks(deadline.case_id, DEADLINE_CREATED)
    )
