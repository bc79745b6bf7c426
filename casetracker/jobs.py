"""Starting Celery tasks and keeping long ones alive: the one home of both helpers.

`enqueue_on_commit`: the one way to start a Celery task from a write, after the transaction
commits. `Heartbeat`: a long task's sign of life on its row (renders, exports, imports).

A worker must see the row the task is about, so the task is sent from `transaction.on_commit`.
A broker that is down is logged, not raised: the user's save stands, and the row the task is
about stays queued (renders are re-sent by `requeue_stale_jobs`, reminders by the beat sweep)."""

import logging
import threading
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

log = logging.getLogger(__name__)


@dataclass
class Enqueued:
    """`sent`: True once the broker took the task, False if it could not be reached, None while
    the surrounding transaction has not committed yet."""

    sent: bool | None = None


def enqueue_on_commit(task, *args, countdown: float | None = None) -> Enqueued:
    """Send `task(*args)` once the current transaction commits. `task` is a Celery task or its
    registered name (a name lets a lower layer start a task without importing its module).
    `countdown`: seconds the broker holds it before a worker may run it (a retry's backoff)."""
    result = Enqueued()

    def send():
        try:
            if isinstance(task, str):
                from casetracker.celery import app

                app.send_task(task, args=args, retry=False, countdown=countdown)
            else:
                task.apply_async(args, retry=False, countdown=countdown)
        except Exception:  # kombu raises OperationalError and friends when Redis is down
            name = task if isinstance(task, str) else task.name
            log.warning(
                "Could not queue %s%r: broker unreachable; the row stays queued", name, args
            )
            result.sent = False
        else:
            result.sent = True

    transaction.on_commit(send)
    return result


HEARTBEAT_EVERY = 5  # seconds between a working task's signs of life


class Heartbeat:
    """While a long task runs (a render, an export, an import), a thread stamps `heartbeat_at`
    on its row every few seconds. A worker killed mid-task stops stamping, so the beat's
    stale-jobs sweeps (every 15 s) see the row go quiet and send the job again, or take the
    import back, within a minute. The thread uses its own database connection and closes it.
    `model` is any model with a `heartbeat_at` field."""

    def __init__(self, model, pk, every=HEARTBEAT_EVERY):
        self.model, self.pk, self.every = model, pk, every
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True, name=f"heartbeat-{pk}")

    def beat(self):
        self.model.objects.filter(pk=self.pk).update(heartbeat_at=timezone.now())

    def _run(self):
        try:
            while not self.stop.wait(self.every):
                try:
                    self.beat()
                except Exception:  # noqa: BLE001 - a missed beat only risks an early retry
                    log.warning("Heartbeat of %s %s failed", self.model.__name__, self.pk)
        finally:
            connection.close()

    def __enter__(self):
        self.beat()
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(timeout=self.every + 5)
        return False
