"""The CSRF token a page's forms carry: Django's `get_token`, with the mask drawn from one read
of the operating system's random source instead of thirty-three.

Django masks the CSRF secret afresh for every response, so that a compressed page never repeats
the secret (the BREACH attack). Its mask is `get_random_string(32)`, which draws each character
with its own `secrets.choice`: 33 `os.urandom` calls and a `random.SystemRandom` step each, about
60 µs — a tenth of the smallest signed-in page, whose header carries the log-out form
(bench/floor.py). `masked_token` draws the 32 characters from one `secrets.token_bytes` read by
rejection sampling: a byte is used as `byte % 62` only below 248 (4 × 62), so each of the 62
characters is exactly as likely as with `secrets.choice`, from the same source. Everything else
is `get_token`'s: the same secret, the same cipher (`mask + (secret + mask) mod 62`), which
Django's middleware unmasks and checks unchanged.

`get_token` also asks for the cookie to be set again on every response, to push its expiry
(CSRF_COOKIE_AGE) a year on. With CSRF_COOKIE_AGE = None (settings: the cookie lasts the
browser session) there is no expiry to push: setting the same value again changes nothing in
the browser, and costs ~25 µs a page (the Set-Cookie header built and sent). So the cookie is
set again only when it can change something: an expiry is configured, or the browser's cookie
is not the plain secret (Django's older masked form, replaced as `get_token` would).

`casetracker.context_processors.layout` gives templates this token as `csrf_token` (it runs after
Django's built-in csrf processor, so its value is the one `{% csrf_token %}` prints). A request
without a CSRF cookie yet goes through Django's own `get_token`, which makes the secret."""

import secrets
from typing import Any

from django.conf import settings
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token

_SIZE = len(CSRF_ALLOWED_CHARS)  # 62
_UNBIASED_BELOW = 256 - 256 % _SIZE  # 248: bytes from here up would favour the first 8 chars
# bytes.translate tables: a random byte b becomes CSRF_ALLOWED_CHARS[b % 62]; bytes ≥ 248 dropped.
_BYTE_TO_CHAR = bytes(ord(CSRF_ALLOWED_CHARS[b % _SIZE]) for b in range(256))
_DROPPED = bytes(range(_UNBIASED_BELOW, 256))
# (secret character, mask character) -> cipher character: (secret + mask) mod 62, as Django.
_CIPHER = {
    (s, m): CSRF_ALLOWED_CHARS[(i + j) % _SIZE]
    for i, s in enumerate(CSRF_ALLOWED_CHARS)
    for j, m in enumerate(CSRF_ALLOWED_CHARS)
}


def random_csrf_string(length: int = CSRF_SECRET_LENGTH) -> str:
    """`length` characters of CSRF_ALLOWED_CHARS, each uniformly random (module docstring)."""
    chars = b""
    while len(chars) < length:
        chars += secrets.token_bytes(length + 8).translate(_BYTE_TO_CHAR, _DROPPED)
    return chars[:length].decode("ascii")


def mask_secret(secret: str) -> str:
    """Django's `_mask_cipher_secret`, with `random_csrf_string` as the mask."""
    mask = random_csrf_string()
    return mask + "".join(map(_CIPHER.__getitem__, zip(secret, mask, strict=True)))


def masked_token(request: Any) -> str:
    """`django.middleware.csrf.get_token(request)`, with the faster mask (module docstring)."""
    secret = request.META.get("CSRF_COOKIE")
    if not secret or len(secret) != CSRF_SECRET_LENGTH:
        return get_token(request)  # no secret yet: Django makes it and sets the cookie
    if (
        settings.CSRF_COOKIE_AGE is not None
        or settings.CSRF_USE_SESSIONS
        or request.COOKIES.get(settings.CSRF_COOKIE_NAME) != secret
    ):
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token (module docstring)
    return mask_secret(secret)
