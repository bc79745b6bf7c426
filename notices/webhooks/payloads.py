"""The JSON of an event, built when it is sent, from the entry or deadline as it then is.

Visibility is inherited: an event is sent only if the member who registered the webhook may see
its entry — or every entry its deadline comes from — *now*, by their current role on the case
(docket/visibility.py, notices/visibility.py). `body_for` returns None otherwise, and the
delivery is withheld: an entry sealed between its creation and the delivery is never sent."""

import json
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.urls import reverse

from casetracker.courttime import to_court_time
from casetracker.models import CaseMembership
from docket.models import DocketEntry
from docket.visibility import TEAM_ROLES, entry_visible
from notices.deadlines.selectors import view_of
from notices.models import Deadline
from notices.visibility import current_membership

from .models import ENTRY_CREATED, Delivery, Webhook

SHORT_TEXT = 500


def _site_url(path: str) -> str:
    return f"{getattr(settings, 'SITE_URL', '').rstrip('/')}{path}"


def utc_iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def short_text(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT_TEXT else text[: SHORT_TEXT - 1].rstrip() + "…"


def entry_data(entry: DocketEntry) -> dict[str, Any]:
    return {
        "number": entry.number,
        "key": entry.permalink_key,
        "name": entry.name,
        "kind": entry.kind,
        "date_filed": entry.date_filed.isoformat(),
        "text": short_text(entry.text),
        "url": _site_url(entry.get_absolute_url()),
    }


def deadline_data(deadline: Deadline, now: datetime) -> dict[str, Any]:
    view = view_of(deadline, now)
    return {
        "id": deadline.pk,
        "title": deadline.title,
        "due_at": utc_iso(deadline.due_at),
        "due_date": to_court_time(deadline.due_at, deadline.case).date().isoformat(),
        "due_text": view.due_text,
        "status": deadline.status,
        "status_words": view.label,
        "description": view.sentence,
        "rule": deadline.rule,
        "trigger": deadline.trigger.permalink_key if deadline.trigger is not None else None,
        "url": _site_url(
            reverse("deadline_detail", kwargs={"slug": deadline.case.slug, "pk": deadline.pk})
        ),
    }


def registrant(webhook: Webhook) -> CaseMembership | None:
    """The registering member's membership on the case now (None: gone, or no longer team)."""
    membership = current_membership(webhook.created_by, webhook.case_id)
    if membership is None or membership.role not in TEAM_ROLES:
        return None
    return membership


def may_see(
    membership: CaseMembership,
    *,
    entry: DocketEntry | None = None,
    deadline: Deadline | None = None,
) -> bool:
    """May this member see the entry, or every entry the deadline comes from, now?"""
    if entry is not None:
        return entry_visible(entry, membership)
    if deadline is not None:
        return Deadline.objects.visible_to(membership).filter(pk=deadline.pk).exists()
    return False


def data_for(delivery: Delivery, now: datetime) -> dict[str, Any] | None:
    """The event's object if the registrant may see it now, else None."""
    membership = registrant(delivery.webhook)
    if membership is None:
        return None
    if delivery.event_type == ENTRY_CREATED:
        entry = delivery.entry
        if entry is None or not entry_visible(entry, membership):
            return None
        return {"entry": entry_data(entry)}
    deadline = (
        Deadline.objects.visible_to(membership)
        .select_related("case__court", "trigger", "satisfied_by")
        .filter(pk=delivery.deadline_id)
        .first()
    )
    if deadline is None:
        return None
    return {"deadline": deadline_data(deadline, now)}


def body_for(delivery: Delivery, now: datetime) -> bytes | None:
    """The raw JSON body to sign and send, or None when it may not be sent."""
    data = data_for(delivery, now)
    if data is None:
        return None
    event = {
        "id": str(delivery.event_id),
        "type": delivery.event_type,
        "case": delivery.webhook.case.slug,
        "occurred_at": utc_iso(delivery.occurred_at),
        "data": data,
    }
    return json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode()
