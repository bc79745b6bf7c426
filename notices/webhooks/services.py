"""Registering, disabling, re-enabling and deleting webhooks — every change audited (django-simple-history,
attributed with casetracker.audit.attribute_to; the secret is never in the history)."""

import secrets
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casetracker.audit import attribute_to
from casetracker.models import Case, User
from docket.visibility import TEAM_ROLES
from notices.visibility import current_membership

from .addresses import AddressRefused, target_for
from .models import EVENTS, Delivery, Webhook
from .payloads import registrant

MAX_PER_CASE = 20


def new_secret() -> str:
    return "whsec_" + secrets.token_hex(32)


def register_webhook(
    *, case: Case, user: User, url: str, events: Iterable[str], description: str = ""
) -> tuple[Webhook, str]:
    """Register `url` for `case`'s `events` on behalf of `user` (a member of the case's team).
    Returns the webhook and its secret — shown once, never again."""
    membership = current_membership(user, case.pk)
    if membership is None or membership.role not in TEAM_ROLES:
        raise ValidationError("Only the case's team may register webhooks.")
    url = (url or "").strip()
    chosen = [name for name, _ in EVENTS if name in set(events)]
    errors: dict[str, str] = {}
    if not chosen:
        errors["events"] = (
            "Choose at least one event: new docket entries, new deadlines or deadline changes."
        )
    try:
        target_for(url)
    except AddressRefused as exc:
        errors["url"] = str(exc)
    if errors:
        raise ValidationError(errors)
    secret = new_secret()
    with transaction.atomic():
        active = Webhook.objects.select_for_update().filter(case=case, is_active=True)
        if active.count() >= MAX_PER_CASE:
            raise ValidationError(
                f"This case already has {MAX_PER_CASE} active webhooks; disable one first."
            )
        if active.filter(url=url).exists():
            raise ValidationError({"url": "This address is already registered for this case."})
        webhook = Webhook(
            case=case,
            url=url,
            description=description.strip()[:200],
            events=chosen,
            secret=secret,
            secret_prefix=secret[:12],
            created_by=user,
        )
        attribute_to(webhook, user).save()
    return webhook, secret


def disable_webhook(
    *, webhook: Webhook, user: User | None, reason: str = "", now: datetime | None = None
) -> Webhook:
    """Stop sending: no new events, and the deliveries still waiting are cancelled."""
    now = now or timezone.now()
    with transaction.atomic():
        webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
        if not webhook.is_active:
            return webhook
        webhook.is_active = False
        webhook.disabled_at = now
        who = f" by {user.get_full_name() or user.username}" if user is not None else ""
        webhook.disabled_reason = (reason.strip() or f"Disabled{who}.")[:300]
        attribute_to(webhook, user).save()
        Delivery.objects.filter(webhook=webhook, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.CANCELLED, finished_at=now, claimed_until=None
        )
    return webhook


def enable_webhook(*, webhook: Webhook, user: User) -> Webhook:
    """Send again to a disabled webhook (disabled by hand, or after its receiver answered 410
    Gone): new events from now on; the deliveries cancelled while it was disabled stay
    cancelled. The same limits as registering: at most MAX_PER_CASE active webhooks per case,
    one active webhook per address, and its registrant still on the case's team (events are
    sent only while they may see them)."""
    membership = current_membership(user, webhook.case_id)
    if membership is None or membership.role not in TEAM_ROLES:
        raise ValidationError("Only the case's team may re-enable webhooks.")
    with transaction.atomic():
        webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
        if webhook.is_active:
            return webhook
        if registrant(webhook) is None:
            raise ValidationError(
                "The member who registered this webhook is no longer on the case's team, so "
                "nothing could be sent to it: register the address again instead."
            )
        active = Webhook.objects.select_for_update().filter(case=webhook.case_id, is_active=True)
        if active.count() >= MAX_PER_CASE:
            raise ValidationError(
                f"This case already has {MAX_PER_CASE} active webhooks; disable one first."
            )
        if active.filter(url=webhook.url).exists():
            raise ValidationError(
                "Another active webhook of this case already sends to this address; "
                "disable or delete that one first."
            )
        webhook.is_active = True
        webhook.disabled_at = None
        webhook.disabled_reason = ""
        webhook._change_reason = "Re-enabled"
        attribute_to(webhook, user).save()
    return webhook


def delete_webhook(*, webhook: Webhook, user: User) -> None:
    """Delete the webhook and its delivery log; the audit history keeps who deleted it, when."""
    with transaction.atomic():
        attribute_to(webhook, user).delete()
