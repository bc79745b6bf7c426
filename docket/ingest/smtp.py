"""The inbound SMTP receiver (aiosmtpd). It accepts mail for `<anything>@INBOUND_DOMAIN` (any
domain when INBOUND_DOMAIN is unset), stores each message before saying 250, then routes and
imports it (ingest.inbound). If the database cannot store the message, it answers 451 so the
sending server keeps the mail and tries again: a notice is never accepted and then lost."""

import logging

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections

from docket.ingest import inbound

logger = logging.getLogger(__name__)
MAX_BYTES = inbound.MAX_BYTES


def _receive(raw, mail_from, recipients):
    close_old_connections()
    try:
        return inbound.receive(raw=raw, mail_from=mail_from, recipients=recipients)
    finally:
        close_old_connections()


class InboundHandler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        local, domain = inbound.split_address(address)
        if not local:
            return "501 5.1.3 Bad recipient address syntax"
        if not inbound.domain_accepted(domain):
            return f"550 5.7.1 Not accepting mail for {domain}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        raw = envelope.original_content or envelope.content or b""
        try:
            message = await sync_to_async(_receive, thread_sensitive=True)(
                raw, envelope.mail_from or "", list(envelope.rcpt_tos)
            )
        except Exception:  # noqa: BLE001 - not stored: make the sender keep it and retry
            logger.exception("Could not store an inbound message; answered 451")
            return "451 4.3.0 Temporary failure storing the message; try again later"
        return f"250 2.0.0 Message {message.pk} accepted ({message.get_status_display()})"


class LenientSMTP(SMTP):
    """RFC 5321 caps lines at 1,000 octets, but mail systems (and CM/ECF's own notices, whose
    docket text is one line) exceed it; refusing them would lose notices. Accept up to 64 KB."""

    line_length_limit = 64 * 1024


class InboundController(Controller):
    def factory(self):
        return LenientSMTP(self.handler, **self.SMTP_kwargs)


def controller(host=None, port=None):
    """An aiosmtpd Controller (not started) listening on host:port (settings' defaults)."""
    return InboundController(
        InboundHandler(),
        hostname=host or settings.SMTP_INBOUND_HOST,
        port=int(port or settings.SMTP_INBOUND_PORT),
        data_size_limit=MAX_BYTES,
        decode_data=False,
        server_hostname="casetracker-inbound",
    )
