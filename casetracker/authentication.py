"""MIDDLEWARE: Django's AuthenticationMiddleware, with the signed-in user's row kept in the cache
(Redis in production) under a token, so a signed-in page reads it in the same single round trip
as the session (casetracker.cache_tokens.PrefetchMiddleware) instead of a query per request.

`get_user` is Django 5.2's `django.contrib.auth.get_user` step for step — the session's backend
must still be listed in AUTHENTICATION_BACKENDS, an inactive user is refused
(`user_can_authenticate`), the session's password hash is verified against the user's current
password (fallback secrets included) and a session that fails it is flushed — with one
difference: for sessions signed in through ModelBackend (every password sign-in here) the user
row comes from `cached_user`. Sessions of any other backend go through Django's own `get_user`.

**Never stale.** The row is cached under `auth_token(user_id)`, which is replaced (now and again
after the commit, casetracker.cache_tokens.replace) whenever the user is saved or deleted —
password set or changed, deactivated, made staff or superuser, renamed, signed in — so the very
next request of every session of that user, on any worker, reads the row again: a deactivated
user or a changed password ends access at once, exactly as with a query per request. Roles are
not part of the row (they are memberships, read per case page). Writes that bypass model signals
(`User.objects.filter(...).update(...)`, raw SQL) must call `forget_user(user_id)`; a restore
clears the whole cache. On a miss the row is read with SQL compiled once per connection
(casetracker/prepared.py)."""

from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.contrib.auth.models import AnonymousUser
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from .cache_tokens import cached, replace
from .prepared import PreparedQuery

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

_user_by_pk = PreparedQuery(
    lambda pk: get_user_model()._default_manager.filter(pk=pk)[:1], (-7_364_022,)
)


def auth_token(user_id: Any) -> str:
    return f"token:auth-user:{user_id}"


def cached_user(user_id: Any) -> Any:
    """The user row with this primary key (None if there is none), from the cache while the
    user's token is unchanged, else from the database (module docstring)."""

    def from_database() -> Any:
        found = _user_by_pk(user_id)
        return found[0] if found else None

    return cached(f"auth-user:{user_id}", [auth_token(user_id)], from_database)


def forget_user(user_id: Any) -> None:
    """The user's row changed behind the ORM's back: the next request reads it again."""
    replace(auth_token(user_id))


@receiver([post_save, post_delete], sender=settings.AUTH_USER_MODEL, dispatch_uid="auth_user")
def _user_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    forget_user(instance.pk)  # raw saves (loaddata) too


def get_user(request: Any) -> Any:
    """The session's user, or AnonymousUser (django.contrib.auth.get_user, module docstring)."""
    try:
        user_id = auth._get_user_session_key(request)  # type: ignore[attr-defined]
        backend_path = request.session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    if backend_path != MODEL_BACKEND or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    user = cached_user(user_id)
    if user is not None and not ModelBackend().user_can_authenticate(user):
        user = None
    if user is not None:
        session_hash = request.session.get(HASH_SESSION_KEY)
        session_auth_hash = user.get_session_auth_hash()
        if not session_hash or not constant_time_compare(session_hash, session_auth_hash):
            if session_hash and any(
                constant_time_compare(session_hash, fallback_auth_hash)
                for fallback_auth_hash in user.get_session_auth_fallback_hash()
            ):
                request.session.cycle_key()
                request.session[HASH_SESSION_KEY] = session_auth_hash
            else:
                request.session.flush()
                user = None
    return user or AnonymousUser()


def _lazy_user(request: Any) -> Any:
    if not hasattr(request, "_cached_user"):
        request._cached_user = get_user(request)
    return request._cached_user


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    def process_request(self, request: Any) -> None:
        super().process_request(request)  # the checks, and request.auser (async: Django's own)
        request.user = SimpleLazyObject(partial(_lazy_user, request))
