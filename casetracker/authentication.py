"""MIDDLEWARE: Django's AuthenticationMiddleware, loading the signed-in user with a query whose
SQL is compiled once (casetracker/prepared.py) instead of on every request.

`get_user` is Django 5.2's `django.contrib.auth.get_user` step for step — the session's backend
must still be listed in AUTHENTICATION_BACKENDS, an inactive user is refused
(`user_can_authenticate`), the session's password hash is verified (fallback secrets included)
and a session that fails it is flushed — with one difference: for sessions signed in through
ModelBackend (every password sign-in here) the user row is read through the prepared query, so
it is read from the database on every request exactly as before, only without re-compiling the
SQL. Sessions of any other backend go through Django's own `get_user`."""

from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.auth.middleware import auser
from django.contrib.auth.models import AnonymousUser
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

from .prepared import PreparedQuery

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

_user_by_pk = PreparedQuery(
    lambda pk: get_user_model()._default_manager.filter(pk=pk)[:1], (-7_364_022,)
)


def get_user(request: Any) -> Any:
    """The session's user, or AnonymousUser (django.contrib.auth.get_user, module docstring)."""
    try:
        user_id = auth._get_user_session_key(request)  # type: ignore[attr-defined]
        backend_path = request.session[BACKEND_SESSION_KEY]
    except KeyError:
        return AnonymousUser()
    if backend_path != MODEL_BACKEND or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    found = _user_by_pk(user_id)
    user = found[0] if found and ModelBackend().user_can_authenticate(found[0]) else None
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
