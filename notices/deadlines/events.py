"""What the deadlines room announces to the rooms above it (webhooks), explicitly, from the one
write path for new deadlines (notices.deadlines.services.create_deadline) — never from
post_save. Receivers are connected in notices/signals.py.

deadline_created: a new Deadline row was saved (response and appeal periods, an order's
obligation, a date read from docket text), inside the creating transaction.

    deadline_created.send(sender=Deadline, deadline=deadline, user=user)

deadline_changed: an existing deadline's due date or status changed (met, missed, vacated,
reopened, a suggestion accepted or dismissed, its date recomputed or overridden), inside the
changing transaction, after the row was saved. Not sent for a deadline still being created (it
is announced once, as created), nor when a failed import's changes are taken back.

    deadline_changed.send(sender=Deadline, deadline=deadline, user=user)"""

from django.dispatch import Signal

deadline_created = Signal()  # sender=Deadline, deadline, user
deadline_changed = Signal()  # sender=Deadline, deadline, user
