"""What becomes a webhook event, and when.

- `entry.created`: when new entries are *published* (docket.signals.entries_published): a
  single write at once; an import only after the whole import has succeeded — a failed import
  publishes nothing, so no event names an entry it takes back. Entries from the case-facts
  loader are not news and send nothing.
- `deadline.created`: a deadline saved outside an import (an obligation added to an order, a
  response period from an entry typed or edited by hand) at once (notices.deadlines.events);
  one derived from an import's entries is held with them and sent when they are published —
  the deadlines the published entries start or set, and those made from the entries it only
  changed (any deadline of the case first saved since the import began).
- `deadline.changed`: an existing deadline's due date or status changed (notices.deadlines.events
  .deadline_changed: met, missed, vacated, reopened, a suggestion accepted or dismissed, its date
  recomputed or overridden) at once; a change an import makes (an imported opposition meets a
  motion's deadline, an entry's new filing date moves the deadlines that run from it) is held
  and sent when the import is published — one event per deadline whose date or status differs
  from before the import; none from a failed import (its changes are taken back). Keyed on the
  deadline's history row, so each change is one event and the same change is never sent twice.

When an entry is unsealed (or otherwise made visible to more members), the events about it and
the deadlines it is a source of that a webhook's registrant could not see — withheld at sending,
or never queued — go out to those who may see them now, once (`entry_unsealed`).

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

from .models import DEADLINE_CHANGED, DEADLINE_CREATED, ENTRY_CREATED, Delivery, Webhook
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


def _hooks(case_id: int, event_type: str | None) -> list[tuple[Webhook, CaseMembership]]:
    """The case's active webhooks for this event (None: any), each with its registrant's
    membership now (a webhook whose registrant is no longer on the team is left out)."""
    hooks = Webhook.objects.filter(case_id=case_id, is_active=True).select_related(
        "case__court", "created_by"
    )
    found = []
    for hook in hooks:
        membership = registrant(hook)
        if (event_type is None or hook.sends(event_type)) and membership is not None:
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


# Delivery keys: one event is one key, reached by any route (at once, with its import, or at an
# unsealing), so it is queued once per webhook — every route must spell it the same way.
def entry_key(entry: DocketEntry) -> str:
    return f"entry:{entry.pk}"


def created_key(deadline: Deadline) -> str:
    return f"deadline:{deadline.pk}"


def changed_key(deadline: Deadline, history_id: int | None) -> str:
    """One change of due date or status: the deadline's history row that made it."""
    return f"deadline:{deadline.pk}:changed:{history_id}"


def entries_published(
    *,
    entries: Iterable[DocketEntry],
    source: str | None = None,
    changed: Iterable[DocketEntry] = (),
    since: datetime | None = None,
    now: datetime | None = None,
) -> int:
    """New entries are final: queue `entry.created` for each, then `deadline.created` for the
    deadlines they start or set. An import (`since`: when it began) also queues what it held:
    `deadline.created` / `deadline.changed` for its cases' deadlines made or changed since.
    Returns how many deliveries were queued."""
    now = now or timezone.now()
    entries, changed = list(entries), list(changed)
    queued = _new_entries(entries, source, now)
    if since is not None:
        for case_id in sorted({e.case_id for e in [*entries, *changed]}):
            queued += _held_deadlines(case_id, since, now)
    return queued


def _new_entries(entries: list[DocketEntry], source: str | None, now: datetime) -> int:
    loader = DocketEntry.Source.LOADER
    fresh = [e for e in entries if source != loader and e.source != loader]
    queued = 0
    for case_id in {e.case_id for e in fresh}:
        of_case = [e for e in fresh if e.case_id == case_id]
        for hook, member in _hooks(case_id, ENTRY_CREATED):
            for entry in of_case:
                queued += _queue(hook, member, ENTRY_CREATED, entry_key(entry), now, entry=entry)
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
                key = created_key(deadline)
                queued += _queue(hook, member, DEADLINE_CREATED, key, now, deadline=deadline)
    return queued


def _held_deadlines(case_id: int, since: datetime, now: datetime) -> int:
    """The case's deadlines an import made or changed since it began (`since`): created ones
    as `deadline.created`, those whose due date or status now differs from before as
    `deadline.changed`. Only one import runs per case, so what changed since is its doing (or
    was already announced at once: the same key, no second event)."""
    created_hooks = _hooks(case_id, DEADLINE_CREATED)
    changed_hooks = _hooks(case_id, DEADLINE_CHANGED)
    if not created_hooks and not changed_hooks:
        return 0
    since_rows = Deadline.history.filter(case_id=case_id, history_date__gte=since)
    latest: dict[int, int] = {}
    for pk, history_id in since_rows.values_list("id", "history_id"):
        latest[pk] = max(history_id, latest.get(pk, 0))
    earlier = Deadline.history.filter(id__in=list(latest), history_date__lt=since)
    before = {
        row["id"]: (row["status"], row["due_at"])
        for row in earlier.order_by("history_date", "history_id").values("id", "status", "due_at")
    }  # the last row before the import wins
    queued = 0
    for deadline in Deadline.objects.filter(pk__in=list(latest)).order_by("due_at", "pk"):
        if deadline.pk not in before:
            for hook, member in created_hooks:
                key = created_key(deadline)
                queued += _queue(hook, member, DEADLINE_CREATED, key, now, deadline=deadline)
        elif before[deadline.pk] != (deadline.status, deadline.due_at):
            key = changed_key(deadline, latest[deadline.pk])
            for hook, member in changed_hooks:
                queued += _queue(hook, member, DEADLINE_CHANGED, key, now, deadline=deadline)
    return queued


def entry_unsealed(*, entry: DocketEntry, now: datetime | None = None) -> int:
    """The entry's visibility changed (unsealed, made public): for each active webhook of the
    case whose registrant may see it now,
    - a delivery about it (or a deadline it is a source of) that was *withheld* because they
      could not see it then is queued again (pending; the task checks visibility once more);
    - an event that was never queued for that reason is queued now — `entry.created`, and
      `deadline.created` / the latest `deadline.changed` of the deadlines it is a source of — if
      it happened after the webhook was registered.
    Keys are the same as at first, so unsealing twice (or sealing and unsealing again) sends
    nothing twice. Held (an import's change): nothing. Returns how many deliveries were queued."""
    if _held.get():
        return 0
    now = now or timezone.now()
    sources = (
        Q(trigger=entry)
        | Q(obligation__order=entry)
        | Q(obligation__trigger=entry)
        | Q(satisfied_by=entry)
    )
    deadlines = list(Deadline.objects.filter(sources).distinct().order_by("due_at", "pk"))
    about = Q(entry=entry) | Q(deadline__in=[d.pk for d in deadlines])
    queued = 0
    for hook, member in _hooks(entry.case_id, None):
        withheld = Delivery.objects.filter(about, webhook=hook, status=Delivery.Status.WITHHELD)
        for delivery in withheld.select_related("entry", "deadline").order_by("pk"):
            if not may_see(member, entry=delivery.entry, deadline=delivery.deadline):
                continue
            again = Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.WITHHELD).update(
                status=Delivery.Status.PENDING,
                finished_at=None,
                claimed_until=None,
                next_attempt_at=now,
            )
            if again:
                enqueue_on_commit(TASK, delivery.pk)
                queued += 1
        if hook.sends(ENTRY_CREATED) and entry.created_at >= hook.created_at:
            queued += _queue(hook, member, ENTRY_CREATED, entry_key(entry), now, entry=entry)
        for deadline in deadlines:
            if deadline.created_at < hook.created_at:
                continue
            if hook.sends(DEADLINE_CREATED):
                key = created_key(deadline)
                queued += _queue(hook, member, DEADLINE_CREATED, key, now, deadline=deadline)
            change = _last_change(deadline, after=hook.created_at)
            if hook.sends(DEADLINE_CHANGED) and change is not None:
                key = changed_key(deadline, change)
                queued += _queue(hook, member, DEADLINE_CHANGED, key, now, deadline=deadline)
    return queued


def _last_change(deadline: Deadline, *, after: datetime) -> int | None:
    """The history row of the deadline's last change of due date or status, if made after
    `after` (None: none)."""
    rows = deadline.history.order_by("history_id").values_list(
        "history_id", "history_date", "status", "due_at"
    )
    last, before = None, None
    for history_id, when, status, due_at in rows:
        if before is not None and (status, due_at) != before and when >= after:
            last = history_id
        before = (status, due_at)
    return last


def deadline_changed(*, deadline: Deadline, now: datetime | None = None) -> int:
    """A deadline's due date or status changed. Held (an import's): sent when it is published."""
    if _held.get():
        return 0
    hooks = _hooks(deadline.case_id, DEADLINE_CHANGED)
    if not hooks:
        return 0
    now = now or timezone.now()
    change = deadline.history.order_by("-history_id").values_list("history_id", flat=True).first()
    key = changed_key(deadline, change)
    return sum(
        _queue(hook, member, DEADLINE_CHANGED, key, now, deadline=deadline)
        for hook, member in hooks
    )


def deadline_created(*, deadline: Deadline, now: datetime | None = None) -> int:
    """A deadline was saved. Held (an import's): sent when its entries are published."""
    if _held.get():
        return 0
    now = now or timezone.now()
    key = created_key(deadline)
    return sum(
        _queue(hook, member, DEADLINE_CREATED, key, now, deadline=deadline)
        for hook, member in _hooks(deadline.case_id, DEADLINE_CREATED)
    )
