"""Values cached under tokens: read what rarely changes from the cache in one round trip, and
never serve it after a change.

A token is a random value kept in the cache without expiry and *replaced* (never counted up, so
an evicted token cannot bring back an old answer) when what it stands for changes:

- `user_token(user_id)`: the user's memberships (saved or deleted) — and, through notices, the
  user's notifications (notices.nav_cache);
- `CASES`: any case, court or link between cases (RelatedCase) saved or deleted — what a list of
  cases or a case header shows besides the case's own row.

`cached(key, tokens, compute)` stores `compute()` together with the tokens it was computed under,
read *before* computing: a value computed from rows that a writer changed meanwhile is tagged
with the old tokens and never matches again. It reads the value and every token with one
`get_many`. Writers replace tokens now (their own transaction's later pages) and again after the
commit (a page of another request that read the old rows in between and stored them under the
new token is dropped). A restore clears the whole cache, tokens included."""

import uuid
from collections.abc import Callable, Sequence
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


def _new_token(key: str) -> str:
    """The token under `key`, created if there is none (the first writer wins)."""
    cache.add(key, uuid.uuid4().hex, None)
    token: str | None = cache.get(key)
    return token or uuid.uuid4().hex  # evicted at once: a token nobody has, so a miss


def cached(
    key: str, tokens: Sequence[str], compute: Callable[[], Any], seconds: int = SECONDS
) -> Any:
    """`compute()`, from the cache while none of `tokens` has been replaced since it was stored."""
    found = cache.get_many([key, *tokens])
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

    now()
    transaction.on_commit(now)


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
