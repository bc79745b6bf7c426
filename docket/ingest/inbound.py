"""Inbound NEFs: CM/ECF's secondary e-mail address for a case is `<case-slug>@INBOUND_DOMAIN`.

    message = store(raw=..., mail_from=..., recipients=[...])   # 1. keep the raw bytes
    process(message)                                            # 2. route, import or quarantine

`store` commits the raw message on its own before anything else, so a notice is never lost: if
importing fails for a reason we did not foresee, the message stays `received` and
`retry_pending` (beat) tries again. `process` routes by the recipient's local part (a case slug;
the domain is checked only when INBOUND_DOMAIN is set), imports the mail through the same NEF
importer as an uploaded .eml (docket.ingest.imports.import_nef_email: idempotent, so the same NEF
delivered twice changes nothing), and quarantines — with the reason, for an admin to see on the
operator page — mail that is not a CM/ECF NEF, is for no tracked case, or is for another case
than its address. Nothing reaches the docket from quarantined mail unless an admin releases it."""

import email
import email.policy
import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from casetracker.models import Case
from docket.ingest.imports import import_nef_email
from docket.ingest.models import InboundMessage

logger = logging.getLogger(__name__)
Status = InboundMessage.Status
MAX_BYTES = 10 * 1024 * 1024


def split_address(address):
    """`Slug@Example.org` -> ("slug", "example.org"); ("", "") if it is not an address."""
    address = (address or "").strip().strip("<>")
    local, at, domain = address.rpartition("@")
    if not at or not local:
        return "", ""
    return local.lower(), domain.lower()


def domain_accepted(domain):
    expected = settings.INBOUND_DOMAIN
    return not expected or domain == expected


def _header(message, name, limit):
    try:
        return str(message.get(name, "") or "")[:limit]
    except Exception:  # noqa: BLE001 - a malformed header must not stop us keeping the mail
        return ""


def store(*, raw, mail_from="", recipients=(), now=None):
    """Save the raw message, committed on its own. Returns the InboundMessage."""
    now = now or timezone.now()
    if isinstance(raw, str):
        raw = raw.encode("utf-8", errors="surrogateescape")
    parsed = email.message_from_bytes(raw[:200_000], policy=email.policy.default)
    local = next(
        (
            split_address(r)[0]
            for r in recipients
            if split_address(r)[0] and domain_accepted(split_address(r)[1])
        ),
        "",
    )
    with transaction.atomic():
        return InboundMessage.objects.create(
            received_at=now,
            mail_from=(mail_from or "")[:300],
            recipients=[str(r)[:300] for r in recipients][:20],
            local_part=local[:120],
            subject=_header(parsed, "Subject", 500),
            message_id=_header(parsed, "Message-ID", 300),
            raw=raw,
            sha256=hashlib.sha256(raw).hexdigest(),
            size=len(raw),
        )


def _quarantine(message, reason, now):
    message.status = Status.QUARANTINED
    message.reason = reason
    message.processed_at = now
    message.save(update_fields=["status", "reason", "processed_at", "case"])
    logger.warning("Inbound mail %s quarantined: %s", message.pk, reason)
    return message


def _case_for(message):
    if not message.local_part:
        addresses = ", ".join(message.recipients) or "no recipient"
        return None, (
            f"Addressed to {addresses}: no address here is a case's inbound address "
            f"(<case-slug>@{settings.INBOUND_DOMAIN or 'this server'})."
        )
    case = Case.objects.select_related("court").filter(slug__iexact=message.local_part).first()
    if case is None:
        return None, (
            f"No tracked case has the address “{message.local_part}”: the part before the @ "
            "must be a case's slug (see the operator page for each case's address)."
        )
    return case, ""


def process(message, *, case=None, by=None, now=None):
    """Import the stored message as an NEF for its case (or `case`, when an admin releases it
    into one), or quarantine it with the reason. Returns the message."""
    now = now or timezone.now()
    releasing = case is not None
    if case is None:
        case, reason = _case_for(message)
        if case is None:
            return _quarantine(message, reason, now)
    message.case = case
    if len(message.raw) > MAX_BYTES:
        return _quarantine(message, "Larger than 10 MB: not a court notice.", now)
    try:
        _case, summary = import_nef_email(
            raw=bytes(message.raw),
            case=case,
            by=by,
            origin=f"e-mail to {message.local_part or 'the inbound address'}: {message.subject}",
        )
    except ValidationError as exc:
        return _quarantine(message, " ".join(exc.messages), now)
    message.added, message.updated = summary.added, summary.updated
    message.unchanged = summary.unchanged
    if releasing:
        message.status = Status.RELEASED
    elif summary.added or summary.updated:
        message.status = Status.IMPORTED
    else:
        message.status = Status.DUPLICATE
    message.reason = ""
    message.processed_at = now
    message.save()
    return message


def receive(*, raw, mail_from="", recipients=(), now=None):
    """What the SMTP receiver calls for each message: store first, then process. A failure while
    processing leaves the stored message `received` for retry_pending; it is logged, not raised."""
    message = store(raw=raw, mail_from=mail_from, recipients=recipients, now=now)
    try:
        process(message, now=now)
    except Exception:  # noqa: BLE001 - the mail is safe in the database; retry later
        logger.exception("Inbound mail %s stored but not processed; will retry", message.pk)
        InboundMessage.objects.filter(pk=message.pk).update(
            reason="Stored; importing failed with an unexpected error (see the log). It is "
            "retried every few minutes."
        )
    message.refresh_from_db()
    return message


def retry_pending(*, now=None, older_than=timedelta(minutes=1)):
    """Beat: process messages stored but never processed (the receiver died, or a bug)."""
    now = now or timezone.now()
    done = 0
    for message in InboundMessage.objects.filter(
        status=Status.RECEIVED, received_at__lte=now - older_than
    ):
        try:
            process(message, now=now)
            done += 1
        except Exception:  # noqa: BLE001
            logger.exception("Inbound mail %s still cannot be processed", message.pk)
    return done


def release(*, message, case, by):
    """An admin's decision: import a quarantined message into `case` after all. Raises
    ValidationError if it still cannot be imported (the message stays quarantined)."""
    if message.status not in (Status.QUARANTINED, Status.RECEIVED):
        raise ValidationError("Only quarantined mail can be released.")
    done = process(message, case=case, by=by)
    if done.status == Status.QUARANTINED:
        raise ValidationError(f"Still cannot import it: {done.reason}")
    return done


def discard(*, message, by):
    """An admin's decision: the quarantined mail is not a notice for us. Its raw bytes are kept
    (audit); it simply leaves the quarantine list."""
    if message.status != Status.QUARANTINED:
        raise ValidationError("Only quarantined mail can be discarded.")
    message.status = Status.DISCARDED
    message.reason = f"{message.reason} — discarded by {by}".strip(" —")
    message.save(update_fields=["status", "reason"])
    return message
