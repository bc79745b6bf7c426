"""Issue 9 §2: sign-in lockout by (username, IP) with a growing wait, X-Forwarded-For trusted only
from configured proxies, and an admin who can unlock."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from django.urls import reverse

from casetracker.lockout import lockout_minutes
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
OFFICE = "203.0.113.7"  # one NAT address for a whole office
HOME = "198.51.100.20"


def attempt(username, password, ip=OFFICE, **headers):
    client = Client(REMOTE_ADDR=ip, **headers)
    return client.post(reverse("login"), {"username": username, "password": password})


def lock(username, ip=OFFICE, **headers):
    for _ in range(5):
        attempt(username, "wrong", ip, **headers)
    assert attempt(username, PASSWORD, ip, **headers).status_code == 429


def age_attempts(minutes):
    """Let `minutes` pass for every recorded attempt (instead of sleeping)."""
    for model in (AccessAttempt, AccessFailureLog):
        for row in model.objects.all():
            row.attempt_time -= timedelta(minutes=minutes)
            row.save(update_fields=["attempt_time"])


def test_a_locked_pair_does_not_lock_colleagues_on_the_same_ip_or_the_user_elsewhere(users):
    lock("attorney")
    assert attempt("paralegal", PASSWORD).status_code == 302  # same office, other user
    assert attempt("attorney", PASSWORD, ip=HOME).status_code == 302  # same user, from home
    assert attempt("attorney", PASSWORD).status_code == 429  # still locked from the office


@pytest.mark.parametrize(
    ("lockouts", "minutes"), [(1, 1), (2, 2), (3, 4), (4, 8), (5, 15), (9, 15)]
)
def test_each_further_lockout_doubles_the_wait_up_to_15_minutes(lockouts, minutes):
    assert lockout_minutes(lockouts, first=1, cap=15) == minutes


def test_the_second_lockout_lasts_longer_than_the_first(users):
    lock("attorney")
    age_attempts(1.2)  # the first lockout (1 minute) is over
    assert attempt("attorney", "wrong").status_code == 200
    for _ in range(4):
        attempt("attorney", "wrong")
    assert attempt("attorney", PASSWORD).status_code == 429
    age_attempts(1.5)  # a second lockout lasts 2 minutes: still locked
    page = attempt("attorney", PASSWORD)  # (an attempt while locked restarts the wait)
    assert page.status_code == 429
    assert b"for 2 minutes" in page.content
    age_attempts(2.1)
    assert attempt("attorney", PASSWORD).status_code == 302


def test_x_forwarded_for_is_ignored_from_an_untrusted_client(users, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    # An attacker rotating X-Forwarded-For from one address is still one address.
    for n in range(5):
        attempt("attorney", "wrong", ip=OFFICE, HTTP_X_FORWARDED_FOR=f"10.9.8.{n}")
    assert attempt("attorney", PASSWORD, ip=OFFICE).status_code == 429
    assert AccessAttempt.objects.filter(ip_address=OFFICE).exists()
    assert not AccessAttempt.objects.filter(ip_address__startswith="10.9.8.").exists()


def test_x_forwarded_for_names_the_client_behind_a_trusted_proxy(users, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    behind = {"HTTP_X_FORWARDED_FOR": f"{OFFICE}, 10.1.1.1"}
    lock("attorney", ip="127.0.0.1", **behind)
    assert AccessAttempt.objects.filter(ip_address=OFFICE).exists()
    # Another client behind the same proxy is another address: not locked.
    other = {"HTTP_X_FORWARDED_FOR": HOME}
    assert attempt("attorney", PASSWORD, ip="127.0.0.1", **other).status_code == 302


def test_an_admin_unlocks_a_user(users, client_for):
    lock("attorney")
    admin = client_for(users["admin"])
    response = admin.post(
        reverse("admin:casetracker_user_changelist"),
        {"action": "unlock_sign_in", "_selected_action": [users["attorney"].pk]},
        follow=True,
    )
    assert b"Sign-in unlocked for attorney" in response.content
    assert attempt("attorney", PASSWORD).status_code == 302
