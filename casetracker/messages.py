"""settings.MESSAGE_STORAGE: Django's FallbackStorage (messages in a signed cookie, the session
when they do not fit), with the cookie's signer made only when a messages cookie is read or
written. Django's CookieStorage builds it in `__init__`, on every request (~6 µs: the signing
backend imported and keyed, bench/floor.py), though almost no request carries or sets messages.
Signing, the cookie and the fallback are Django's, unchanged."""

from typing import Any

from django.contrib.messages.storage.base import BaseStorage
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core import signing
from django.utils.functional import cached_property


class LazySignerCookieStorage(CookieStorage):
    def __init__(self, request: Any, *args: Any, **kwargs: Any) -> None:
        # all of CookieStorage.__init__ but the signer (made on first use, below)
        BaseStorage.__init__(self, request, *args, **kwargs)

    @cached_property
    def signer(self) -> signing.Signer:
        django_storage: Any = self  # key_salt is not in django-stubs
        return signing.get_cookie_signer(salt=django_storage.key_salt)


class MessageStorage(FallbackStorage):
    storage_classes = (LazySignerCookieStorage, SessionStorage)
