"""The signed-in user is read from the cache (casetracker/authentication.py), with the session,
instead of a query per request — and every change that must end or change access does so on the
very next request: deactivation, a new password, deletion, staff/superuser flags, renaming;
membership and role changes (never cached with the user) at once too. Plus the prepared queries
(casetracker/prepared.py) giving exactly the ORM's rows."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casetracker.authentication import cached_user, forget_user
from casetracker.models import Case, CaseMembership, Role, User
from casetracker.permissions import _case_and_membership, _member_of
from casetracker.prepared import PreparedQuery
from tests.casetracker.test_page_floor import commands, html, redis_cache  # noqa: F401

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def status(web, url):
    return web.get(url).status_code


def signed_out(web, url):
    response = web.get(url)
    return response.status_code == 302 and reverse("login") in response["Location"]


def no_queries(web, url):
    with CaptureQueriesContext(connection) as captured:
        assert web.get(url).status_code == 200
    return len(captured.captured_queries) == 0


@pytest.fixture
def attorney_web(users, client_for):
    web = client_for(users["attorney"])
    url = reverse("case_list")
    html(web, url)
    assert no_queries(web, url)  # the user comes from the cache from now on
    return web, users["attorney"], url


def test_the_case_list_costs_no_query_once_the_user_is_cached(attorney_web):
    web, user, url = attorney_web
    assert f"Log out {user.username}" in html(web, url)


def test_a_deactivated_user_is_signed_out_on_the_next_request(attorney_web):
    web, user, url = attorney_web
    user.is_active = False
    user.save()
    assert signed_out(web, url)
    user.is_active = True
    user.save()
    assert html(web, url)  # the same session is good again (Django: inactive is refused only)


def test_a_changed_password_ends_the_session_on_the_next_request(attorney_web):
    web, user, url = attorney_web
    user.set_password("a-brand-new-password-9")
    user.save()
    assert signed_out(web, url)
    assert signed_out(web, url)  # flushed: it stays ended


def test_a_password_changed_by_reloading_the_row_also_ends_the_session(attorney_web):
    web, user, url = attorney_web
    fresh = User.objects.get(pk=user.pk)  # another copy of the row, as another process has
    fresh.set_unusable_password()
    fresh.save(update_fields=["password"])
    assert signed_out(web, url)


def test_a_deleted_user_is_signed_out_on_the_next_request(attorney_web):
    web, user, url = attorney_web
    User.objects.filter(pk=user.pk).delete()  # a queryset delete still sends post_delete
    assert signed_out(web, url)


def test_renaming_and_superuser_flags_show_at_once(attorney_web, other_case):
    web, user, url = attorney_web
    user.username = "renamed-attorney"
    user.save()
    assert "Log out renamed-attorney" in html(web, url)
    assert other_case.caption not in html(web, url)
    # the case list is cached per user and superuser flag: the flag comes from the fresh row
    user.is_superuser = True
    user.save()
    assert other_case.caption in html(web, url)
    user.is_superuser = False
    user.save()
    assert other_case.caption not in html(web, url)


def test_a_write_behind_the_orms_back_needs_forget_user(attorney_web):
    web, user, url = attorney_web
    User.objects.filter(pk=user.pk).update(is_active=False)  # no signal: documented
    assert status(web, url) == 200  # still the cached row: why forget_user exists
    forget_user(user.pk)
    assert signed_out(web, url)


def test_role_and_membership_changes_apply_at_once(real_case, users, client_for):
    web = client_for(users["attorney"])
    team_only = reverse("record_page", args=[real_case.slug])
    docket = reverse("docket_list", args=[real_case.slug])
    assert status(web, team_only) == 200 and status(web, docket) == 200
    membership = CaseMembership.objects.get(user=users["attorney"], case=real_case)
    membership.role = Role.CLIENT
    membership.party = real_case.parties.filter(side="plaintiff").first()
    membership.save()
    assert status(web, team_only) == 403
    membership.delete()
    assert status(web, docket) == 404 and status(web, team_only) == 404


def test_an_old_session_hash_is_refused_even_with_the_user_cached(attorney_web):
    web, user, url = attorney_web
    session = web.session
    session[HASH_SESSION_KEY] = "0" * 64  # a session signed in under another password
    session.save()
    assert signed_out(web, url)


def test_cached_user_reads_the_database_once_per_change(users):
    user = users["paralegal"]
    with CaptureQueriesContext(connection) as first:
        assert cached_user(user.pk).username == user.username
    with CaptureQueriesContext(connection) as second:
        assert cached_user(user.pk).username == user.username
    assert len(first.captured_queries) == 1 and len(second.captured_queries) == 0
    assert cached_user(987654321) is None  # no such user: nobody


def test_every_process_drops_the_cached_user_not_only_web_workers():
    """The receiver is connected when Django starts (AppConfig.ready), so a user saved by a
    management command or a Celery worker ends the sessions too — not only one saved by a page."""
    code = "import sys, django; django.setup(); print('casetracker.authentication' in sys.modules)"
    env = {"DJANGO_SETTINGS_MODULE": "casetracker.settings", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "True", out.stderr


# ---------------------------------------------------------------------- with a real Redis


def test_with_redis_the_user_comes_in_the_pages_one_round_trip_and_follows_changes(
    users,
    client_for,
    redis_cache,  # noqa: F811 - the fixture imported above
):
    web = client_for(users["attorney"])
    url = reverse("case_list")
    html(web, url)
    html(web, url)  # learns the page's keys, the user's among them
    before = commands(redis_cache)
    assert no_queries(web, url)
    assert commands(redis_cache) - before == 1 + 1  # one MGET (+ INFO itself)
    user = users["attorney"]
    user.is_active = False
    user.save()
    assert signed_out(web, url)


# -------------------------------------------------------------------------- prepared queries


def test_the_prepared_membership_query_gives_the_orms_rows(real_case, users):
    user = users["paralegal"]
    expected = CaseMembership.objects.select_related("case__court").get(user=user, case=real_case)
    with CaptureQueriesContext(connection) as captured:
        (found,) = _member_of(user.pk, real_case.slug)
    assert len(captured.captured_queries) == 1
    assert found.pk == expected.pk and found.role == expected.role
    for model_field in Case._meta.concrete_fields:  # dates converted as the ORM does
        name = model_field.attname
        assert getattr(found.case, name) == getattr(expected.case, name), name
    assert found.case.court.name == expected.case.court.name
    assert found.case.date_filed is None or hasattr(found.case.date_filed, "isoformat")
    assert _member_of(users["outsider"].pk, real_case.slug) == []
    assert _member_of.is_prepared()


def test_case_and_membership_for_members_appeals_and_superusers(real_case, users):
    case, membership = _case_and_membership(users["client"], real_case.slug)
    assert case == real_case and membership.role == Role.CLIENT
    case, membership = _case_and_membership(users["outsider"], real_case.slug)
    assert case == real_case and membership is None  # -> 404 in case_view
    superuser = User.objects.create_superuser("root-floor", password="x-long-password-1")
    assert _case_and_membership(superuser, real_case.slug)[1].role == Role.ADMIN


def test_a_query_whose_sql_depends_on_its_parameters_is_never_prepared(real_case):
    # icontains turns the parameter into "%…%": not the stand-in, so the ORM runs it each time
    by_caption = PreparedQuery(
        lambda word: Case.objects.filter(caption__icontains=word).order_by("pk"),
        ("prepared-stand-in-word",),
    )
    expected = Case.objects.filter(caption__icontains="taxpayer").order_by("pk")
    assert [case.pk for case in by_caption("taxpayer")] == [case.pk for case in expected]
    assert expected.exists()
    assert not by_caption.is_prepared()


def test_production_settings_keep_djangos_authentication_checks():
    assert "casetracker.authentication.AuthenticationMiddleware" in settings.MIDDLEWARE
    assert "django.contrib.auth.backends.ModelBackend" in settings.AUTHENTICATION_BACKENDS
