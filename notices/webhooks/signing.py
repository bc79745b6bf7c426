"""How a webhook's body is signed and how a receiver checks it — pure (no ORM, no clock).

The signed material is "<timestamp>.<raw body>": the timestamp (Unix seconds, sent in
X-CaseTracker-Timestamp) is part of what is signed, so a receiver that refuses old timestamps
refuses a captured request replayed later; the event id (in the body) lets it drop duplicates."""

import hashlib
import hmac

SIGNATURE_HEADER = "X-CaseTracker-Signature"
TIMESTAMP_HEADER = "X-CaseTracker-Timestamp"
EVENT_HEADER = "X-CaseTracker-Event"
DELIVERY_HEADER = "X-CaseTracker-Delivery"
TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The header value: "sha256=" + hex HMAC-SHA256 of "<timestamp>.<body>" keyed by the secret."""
    message = str(int(timestamp)).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(
    secret: str,
    timestamp: str,
    body: bytes,
    header: str,
    *,
    now: float,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """What a receiver does: the timestamp is recent and the signature matches (constant time)."""
    try:
        sent = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(now - sent) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, sent, body), header or "")
