"""casetracker.messages.MessageStorage: Django's fallback storage with the cookie signer made
only when needed — messages still travel in a signed cookie, fall back to the session when
too big, and a tampered cookie is still refused."""

import secrets

from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory

from casetracker.messages import MessageStorage


def request(cookies=None, session=None):
    made = RequestFactory().get("/")
    made.COOKIES.update(cookies or {})
    made.session = session if session is not None else SessionStore()
    made._messages = MessageStorage(made)
    return made


def stored(made):
    """The messages cookie the response to `made` sets (what the browser keeps)."""
    response = HttpResponse()
    made._messages.update(response)
    return response.cookies[CookieStorage.cookie_name].value


def test_no_signer_is_made_for_a_request_without_messages():
    made = request()
    assert list(made._messages) == []
    assert "signer" not in made._messages.storages[0].__dict__


def test_messages_travel_in_a_signed_cookie_and_come_back():
    first = request()
    messages.success(first, "Entry 12 saved.")
    cookie = stored(first)
    assert CookieStorage(first)._decode(cookie[:-1] + "A") is None  # signed: changed is refused
    second = request({CookieStorage.cookie_name: cookie})
    assert [str(m) for m in second._messages] == ["Entry 12 saved."]


def test_a_tampered_cookie_is_refused_and_big_messages_fall_back_to_the_session():
    first = request()
    messages.info(first, "fine")
    cookie = stored(first)
    tampered = request({CookieStorage.cookie_name: cookie[:-2] + "xx"})
    assert list(tampered._messages) == []

    session = SessionStore()
    big = request(session=session)
    for n in range(40):
        messages.warning(big, f"Deadline {n}: " + secrets.token_hex(100))  # incompressible
    cookie = stored(big)
    assert session.get("_messages")  # the part that did not fit the cookie
    back = request({CookieStorage.cookie_name: cookie}, session=session)
    assert [str(m)[:11] for m in back._messages][:2] == ["Deadline 0:", "Deadline 1:"]
    assert len(list(request({CookieStorage.cookie_name: cookie}, session=session)._messages)) == 40
