"""casetracker/csrf.py: the CSRF token's mask drawn from one random read. The token must be
exactly what Django's middleware accepts (it unmasks to the cookie's secret), the mask's
characters uniformly random (BREACH masking is only as good as its randomness), and the pages'
forms must carry it: a POST with it passes the CSRF check, a changed one is refused."""

import collections
import re

import pytest
from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    _get_new_csrf_string,
    _unmask_cipher_token,
)
from django.test import Client
from django.urls import reverse

from casetracker import csrf

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"')


def test_a_masked_token_unmasks_to_its_secret():
    for _ in range(300):
        secret = _get_new_csrf_string()
        token = csrf.mask_secret(secret)
        assert len(token) == 64 and set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == secret


def test_every_mask_is_new():
    secret = _get_new_csrf_string()
    masks = {csrf.mask_secret(secret)[:32] for _ in range(2000)}
    assert len(masks) == 2000


def test_mask_characters_are_uniform():
    """62,000 characters: each of the 62 appears, and Pearson's chi-square statistic (61 degrees
    of freedom: mean 61, standard deviation 11) stays far below 160, which a biased draw such
    as `byte % 62` over all 256 bytes (the first 8 characters 5/4 as likely) exceeds (~400)."""
    counts = collections.Counter("".join(csrf.random_csrf_string() for _ in range(62 * 1000 // 32)))
    assert set(counts) == set(CSRF_ALLOWED_CHARS)
    expected = sum(counts.values()) / len(CSRF_ALLOWED_CHARS)
    chi_square = sum((counts[c] - expected) ** 2 / expected for c in CSRF_ALLOWED_CHARS)
    assert chi_square < 160, chi_square


def test_bytes_that_would_bias_the_draw_are_dropped(monkeypatch):
    """0xff % 62 is 7 ('h'): used, it would make 'a'..'h' likelier. It must be thrown away."""
    reads = iter([b"\xff" * 40, b"\xf8" * 20 + b"\x01" * 40])
    monkeypatch.setattr(csrf.secrets, "token_bytes", lambda n: next(reads))
    assert csrf.random_csrf_string() == "b" * 32


@pytest.mark.django_db
def test_pages_carry_a_fresh_token_that_the_middleware_accepts(users):
    web = Client(enforce_csrf_checks=True)
    web.force_login(users["attorney"])
    first = web.get(reverse("case_list"))
    second = web.get(reverse("case_list"))
    tokens = [TOKEN.search(page.content).group(1).decode() for page in (first, second)]
    assert tokens[0] != tokens[1]  # a new mask per response
    secret = web.cookies["csrftoken"].value
    assert [_unmask_cipher_token(t) for t in tokens] == [secret, secret]

    changed = tokens[1][:-1] + ("a" if tokens[1][-1] != "a" else "b")
    refused = web.post(reverse("logout"), {"csrfmiddlewaretoken": changed})
    assert refused.status_code == 403
    assert web.get(reverse("case_list")).status_code == 200  # still signed in

    accepted = web.post(reverse("logout"), {"csrfmiddlewaretoken": tokens[0]})
    assert accepted.status_code == 302
    assert web.get(reverse("case_list")).status_code == 302  # signed out: to the sign-in page


@pytest.mark.django_db
def test_the_first_page_without_a_cookie_makes_the_secret(users):
    web = Client(enforce_csrf_checks=True)
    web.force_login(users["attorney"])  # no CSRF cookie: as after a browser restart
    page = web.get(reverse("case_list"))
    secret = page.cookies["csrftoken"].value
    assert _unmask_cipher_token(TOKEN.search(page.content).group(1).decode()) == secret
    assert (
        web.post(
            reverse("logout"), {"csrfmiddlewaretoken": TOKEN.search(page.content).group(1).decode()}
        ).status_code
        == 302
    )


@pytest.mark.django_db
def test_the_csrf_cookie_lasts_the_browser_session_and_is_not_resent(users):
    """CSRF_COOKIE_AGE = None: the first page sets a cookie with no expiry; later pages do not
    set the same value again (nothing to renew). With an expiry configured, every page renews
    it as Django does; a cookie in Django's older masked form is replaced by the plain secret."""
    web = Client(enforce_csrf_checks=True)
    web.force_login(users["attorney"])
    cookie = web.get(reverse("case_list")).cookies["csrftoken"]
    assert not cookie["max-age"] and not cookie["expires"]
    assert "csrftoken" not in web.get(reverse("case_list")).cookies


@pytest.mark.django_db
def test_with_an_expiry_pages_renew_the_cookie(users, settings):
    settings.CSRF_COOKIE_AGE = 3600
    web = Client(enforce_csrf_checks=True)
    web.force_login(users["attorney"])
    web.get(reverse("case_list"))
    renewed = web.get(reverse("case_list")).cookies["csrftoken"]
    assert renewed["max-age"] == 3600


@pytest.mark.django_db
def test_a_masked_cookie_is_replaced_by_its_secret(users):
    web = Client(enforce_csrf_checks=True)
    web.force_login(users["attorney"])
    secret = web.get(reverse("case_list")).cookies["csrftoken"].value
    web.cookies["csrftoken"] = csrf.mask_secret(secret)  # the form Django wrote before 4.1
    page = web.get(reverse("case_list"))
    assert page.cookies["csrftoken"].value == secret
