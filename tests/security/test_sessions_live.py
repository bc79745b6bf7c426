"""Issue 9 §2: logging out ends the session on every gunicorn worker. With a per-process memory
cache, another worker kept serving the cached session (36 of 60 requests returned 200 in the
probe); with Redis as the shared cache and session store, none does.

Which of several workers in one gunicorn takes a request is up to the kernel, so a single
3-worker server cannot promise that the logout and the replay land on different workers. Two
real gunicorn servers (one worker each) on the same database can: the session is read on B, the
user logs out on A, the stolen cookie is replayed on B. Real gunicorn, real Redis."""

import pytest

from tests.conftest import PASSWORD

from .live_web import Browser, start_gunicorn, usable_password

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def replay_after_logout_on_the_other_worker(tmp_path, cache_url):
    """Statuses of 20 replays of a logged-out session cookie on the worker that did not log out."""
    env = {"CACHE_URL": cache_url}
    first = start_gunicorn(tmp_path, env=env, workers=1)
    second = start_gunicorn(tmp_path, env=env, workers=1)
    try:
        browser = Browser(first.url).sign_in("attorney", PASSWORD)
        assert browser.request("/cases/")[0] == 200
        stolen = {"Cookie": f"sessionid={browser.cookie('sessionid')}"}
        replay = Browser(second.url)
        assert replay.request("/cases/", headers=stolen)[0] == 200  # B reads and caches it
        token = browser.csrf("/cases/")
        assert browser.request("/logout/", {"csrfmiddlewaretoken": token})[0] == 302
        return [replay.request("/cases/", headers=stolen)[0] for _ in range(20)]
    finally:
        first.stop()
        second.stop()


def test_logout_ends_the_session_on_every_worker(users, redis_server, tmp_path):
    usable_password(users["attorney"], PASSWORD)
    cache_url = redis_server.url.rsplit("/", 1)[0] + "/3"
    statuses = replay_after_logout_on_the_other_worker(tmp_path, cache_url)
    assert set(statuses) == {302}, statuses


def test_without_a_shared_cache_the_probe_failure_is_reproduced(users, redis_server, tmp_path):
    """The control: the same steps with each worker's own memory cache let the old session in.
    This proves the test above can fail, and why CACHE_URL must be set wherever gunicorn runs."""
    usable_password(users["attorney"], PASSWORD)
    statuses = replay_after_logout_on_the_other_worker(tmp_path, "")
    assert set(statuses) == {200}, statuses
