"""The one way to start a Celery task from a write: after the transaction commits.

A worker must see the row the task is about, so the task is sent from `transaction.on_commit`.
A broker that is down is logged, not raised: the user's save stands, and the row the task is
about stays queued (renders are re-sent by `requeue_stale_jobs`, reminders by the beat sweep)."""

import logging
from dataclasses import dataclass

from django.db import transaction

log = logging.getLogger(__name__)


@dataclass
class Enqueued:
    """`sent`: True once the broker took the task, False if it could not be reached, None while
    the surrounding transaction has not committed yet."""

    sent: bool | None = None


def enqueue_on_commit(task, *args) -> Enqueued:
    """Send `task(*args)` once the current transaction commits. `task` is a Celery task or its
    registered name (a name lets a lower layer start a task without importing its module)."""
    result = Enqueued()

    def send():
        try:
            if isinstance(task, str):
                from casetracker.celery import app

                app.send_task(task, args=args, retry=False)
            else:
                task.apply_async(args, retry=False)
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
