"""Shared fixtures: the real case loaded from its fact file, one user per role, and a member of
another case (for IDOR and permission tests)."""

import os
import tempfile

import pytest

from casetracker.models import Party, Role
from docket.ingest.loader import load_case
from tests.casetracker.factories import CaseFactory, MembershipFactory, PartyFactory, UserFactory

from .live import *  # noqa: F403 - redis_server, celery_worker... (see tests/live.py)

PASSWORD = "pw-for-tests-1"


def pytest_configure(config):
    """A fast password hasher: PBKDF2's deliberate slowness only slows the suite down."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded files go to a throwaway folder, inherited by worker subprocesses via the env.
    media = tempfile.mkdtemp(prefix="casetracker-media-")
    settings.MEDIA_ROOT = media
    os.environ["MEDIA_ROOT"] = media


ROLES = ("admin", "attorney", "paralegal", "client")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Test databases reuse primary keys after rollback, so cached pages must not outlive a test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def real_case(db):
    case, _ = load_case()
    return case


@pytest.fixture
def other_case(db):
    return CaseFactory(slug="other-case")


@pytest.fixture
def member_factory(db):
    """member_factory(case, role) -> user with that role on that case."""

    def make(case, role, **kwargs):
        if role == Role.ADMIN:  # admins run the Django admin site
            kwargs.setdefault("is_staff", True)
            kwargs.setdefault("is_superuser", True)
        party = None
        if role == Role.CLIENT:
            party = case.parties.filter(side=Party.Side.PLAINTIFF).first() or PartyFactory(
                case=case
            )
        user = UserFactory(**kwargs)
        MembershipFactory(user=user, case=case, role=role, party=party)
        return user

    return make


@pytest.fixture
def users(real_case, other_case, member_factory):
    """One user per role on the real case, plus `outsider`: an attorney of another case."""
    made = {role: member_factory(real_case, role, username=role) for role in ROLES}
    made["outsider"] = member_factory(other_case, Role.ATTORNEY, username="outsider")
    return made


@pytest.fixture
def client_for(client):
    """client_for(user) -> the test client logged in as that user (None = anonymous)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


def pytest_unconfigure(config):
    import shutil

    media = os.environ.get("MEDIA_ROOT", "")
    if "casetracker-media-" in media:
        shutil.rmtree(media, ignore_errors=True)
