"""The one write path for an order's obligations (the loader, the admin, notices' `add_obligation`):
save what changed, audited, and announce it so notices computes the deadline
(`docket.signals.obligation_saved`)."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import transaction

from casetracker.audit import attribute_to
from casetracker.models import User
from docket.entries.cache import bump_docket_version
from docket.models import Obligation
from docket.signals import obligation_saved


def write_obligation(
    *,
    obligation: Obligation,
    by: User | None = None,
    values: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> tuple[Obligation, bool]:
    """Create (`obligation.pk` is None) or change an obligation. Returns (obligation, touched).
    `now` (tests, replays) is passed on to whoever computes the deadline."""
    values = dict(values or {})
    created = obligation.pk is None
    with transaction.atomic():
        changed = [name for name, value in values.items() if getattr(obligation, name) != value]
        for name in changed:
            setattr(obligation, name, values[name])
        if not (created or changed):
            return obligation, False
        if created and obligation.created_by_id is None and by is not None:
            obligation.created_by = by
        attribute_to(obligation, by).save()
        bump_docket_version(obligation.order.case_id)  # the case page shows an order's terms
        obligation_saved.send(
            sender=Obligation, obligation=obligation, created=created, user=by, now=now
        )
    return obligation, True
