"""Values cached under tokens, read in as few cache round trips as a page can take.

**Tokens.** A token is a random value kept in the cache without expiry and *replaced* (never
counted up, so an evicted token cannot bring back an old answer) when what it stands for changes:

- `user_token(user_id)`: the user's memberships (saved or deleted) — and, through notices, the
  user's notifications (notices.nav_cache);
- `CASES`: any case, court or link between cases (RelatedCase) saved or deleted — what a list of
  cases or a case header shows.

`cached(key, tokens, compute)` stores `compute()` together with the tokens it was computed under,
read *before* computing: a value computed from rows that a writer changed meanwhile is tagged
with the old tokens and never matches again. Writers replace tokens now (their own transaction's
later pages) and again after the commit (a page of another request that read the old rows in
between and stored them under the new token is dropped). A restore clears the whole cache.

**One round trip a page.** On a busy machine every round trip to Redis (another process) costs a
context switch, often more than the work itself (bench/floor.py). `PrefetchMiddleware` reads the
session and everything this session's last request of the same page read through this module
(`cached`, `lookup`) in ONE `get_many` — sent at once and answered when the session is first
needed, so the middleware runs while Redis answers (casetracker.cache.PendingRead); the reads of
the page are then answered from that request-local memo. What was prefetched is only a guess
of which keys to read: the session from the same read decides who the user is, and a value is
used only under its exact key (which names the user, the case, the role or the version it is
for), so a wrong guess costs one more round trip, never a wrong page. `replace` empties the
memo (a page that writes reads afresh)."""

import uuid
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Case, CaseMembership, Court, RelatedCase

CASES = "token:cases"
SECONDS = 600


def user_token(user_id: int) -> str:
    return f"token:user:{user_id}"


class Memo:
    """What this request read from the cache (absent keys included) and which keys it asked."""

    def __init__(self) -> None:
        self.found: dict[str, Any] = {}
        self.asked: set[str] = set()
        self.used: list[str] = []
        self.pending: Any = None

    def start(self, keys: Iterable[str]) -> None:
        """Ask for `keys` now, take the answer when a value is first needed (or at `settle`):
        the request's work meanwhile hides the round trip (casetracker.cache.PendingRead)."""
        keys = list(dict.fromkeys(keys))
        later = getattr(cache, "get_many_later", None)
        if later is None:  # a cache without it (tests' local memory): read now
            self.read(keys)
            return
        self.settle()
        self.pending = (later(keys), keys)

    def settle(self) -> None:
        """Take the answer of the read `start` sent, if one is still out. If the cache is down,
        nothing is noted as read: each later read asks again and says so itself."""
        if self.pending is not None:
            (read, keys), self.pending = self.pending, None
            try:
                found = read.result()
            except Exception:  # noqa: BLE001 - as above
                return
            self.found.update(found)
            self.asked.update(keys)

    def read(self, keys: Iterable[str]) -> dict[str, Any]:
        self.settle()
        keys = list(dict.fromkeys(keys))
        missing = [key for key in keys if key not in self.asked]
        if missing:
            self.found.update(cache.get_many(missing))
            self.asked.update(missing)
        return {key: self.found[key] for key in keys if key in self.found}

    def forget(self) -> None:
        self.settle()  # the connection goes back to the pool; the answer is forgotten too
        self.found.clear()
        self.asked.clear()


_memo: ContextVar[Memo | None] = ContextVar("cache_tokens_memo", default=None)


def _read(keys: Sequence[str]) -> dict[str, Any]:
    memo = _memo.get()
    if memo is None:
        return cache.get_many(list(keys))
    memo.used.extend(keys)
    return memo.read(keys)


def lookup(key: str) -> Any:
    """`cache.get(key)`, answered from the request's prefetch when it has the key."""
    return _read([key]).get(key)


def _new_token(key: str) -> str:
    """The token under `key`, created if there is none (the first writer wins)."""
    cache.add(key, uuid.uuid4().hex, None)
    token: str | None = cache.get(key)
    return token or uuid.uuid4().hex  # evicted at once: a token nobody has, so a miss


def cached(
    key: str, tokens: Sequence[str], compute: Callable[[], Any], seconds: int = SECONDS
) -> Any:
    """`compute()`, from the cache while none of `tokens` has been replaced since it was stored."""
    found = _read([key, *tokens])
    current = tuple(found.get(token) for token in tokens)
    stored = found.get(key)
    if stored is not None and None not in current and stored[0] == current:
        return stored[1]
    current = tuple(
        c if c is not None else _new_token(t) for t, c in zip(tokens, current, strict=True)
    )
    value = compute()
    cache.set(key, (current, value), seconds)
    return value


def replace(*tokens: str) -> None:
    """What these tokens stand for changed: now and again after the commit (module docstring)."""

    def now() -> None:
        cache.set_many({token: uuid.uuid4().hex for token in tokens}, None)
        memo = _memo.get()
        if memo is not None:
            memo.forget()

    now()
    transaction.on_commit(now)


# (session key, page) -> the keys its last request read here; bounded, per process.
LEARNED_LIMIT = 5000
_learned: dict[tuple[str, str], tuple[str, ...]] = {}


class PrefetchMiddleware:
    """Right after SessionMiddleware: the session and the page's usual reads in one round trip
    (module docstring). The session store (casetracker.sessions) takes its data from here."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        memo = Memo()
        reset = _memo.set(memo)
        try:
            session: Any = getattr(request, "session", None)
            session_key = getattr(session, "session_key", None)
            page = request.get_full_path()
            first = session.prefetch_key() if hasattr(session, "prefetch_key") else None
            if session_key and first:
                self._prefetch(memo, [first, *_learned.get((session_key, page), ())])
            response = self.get_response(request)
            if session_key and memo.used and getattr(session, "session_key", None) == session_key:
                if len(_learned) >= LEARNED_LIMIT:
                    _learned.pop(next(iter(_learned), ("", "")), None)
                _learned[(session_key, page)] = tuple(dict.fromkeys(memo.used))
            return response
        finally:
            memo.settle()  # a page that needed none of the values: the connection goes back
            _memo.reset(reset)

    @staticmethod
    def _prefetch(memo: Memo, keys: list[str]) -> None:
        try:
            memo.start(keys)
        except Exception:  # noqa: BLE001 - the cache is down: each read will say so itself
            memo.forget()


def prefetched(key: str) -> tuple[bool, Any]:
    """(True, value or None) if this request's prefetch read `key`, else (False, None)."""
    memo = _memo.get()
    if memo is None:
        return False, None
    memo.settle()
    if key not in memo.asked:
        return False, None
    return True, memo.found.get(key)


@receiver([post_save, post_delete], sender=CaseMembership, dispatch_uid="token_membership")
def _membership_changed(
    sender: Any, instance: CaseMembership, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        replace(user_token(instance.user_id))


@receiver([post_save, post_delete], sender=Case, dispatch_uid="token_case")
@receiver([post_save, post_delete], sender=Court, dispatch_uid="token_court")
@receiver([post_save, post_delete], sender=RelatedCase, dispatch_uid="token_related_case")
def _cases_changed(sender: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        replace(CASES)
