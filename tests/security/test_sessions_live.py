"""Issue 9 §2: logging out ends the session on every gunicorn worker. With a per-process memory
cache, the other workers kept serving the cached session (36 of 60 requests returned 200); with
Redis as the shared cache and session store, none does. Real gunicorn (3 workers), real Redis."""

import pytest

from tests.conftest import PASSWORD

from .live_web import Browser, start_gunicorn, usable_password

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


def test_logout_ends_the_session_on_every_worker(users, redis_server, tmp_path):
    cache_url = redis_server.url.rsplit("/", 1)[0] + "/3"
    usable_password(users["attorney"], PASSWORD)
    web = start_gunicorn(tmp_path, env={"CACHE_URL": cache_url}, workers=3)
    try:
        browser = Browser(web.url).sign_in("attorney", PASSWORD)
        for _ in range(30):  # every worker reads (and caches) the session
            assert browser.request("/cases/")[0] == 200
        stolen = browser.cookie("sessionid")
        token = browser.csrf("/cases/")
        assert browser.request("/logout/", {"csrfmiddlewaretoken": token})[0] == 302
        replay = Browser(web.url)
        statuses = [
            replay.request("/cases/", headers={"Cookie": f"sessionid={stolen}"})[0]
            for _ in range(60)
        ]
        assert statuses.count(200) == 0, statuses
        assert set(statuses) == {302}
    finally:
        web.stop()


def test_without_a_shared_cache_the_probe_failure_is_reproduced(users, redis_server, tmp_path):
    """The control: the same steps with each worker's own memory cache let the old session in.
    This proves the test above can fail, and why CACHE_URL must be set wherever gunicorn runs."""
    usable_password(users["attorney"], PASSWORD)
    web = start_gunicorn(tmp_path, env={"CACHE_URL": ""}, workers=3)
    try:
        browser = Browser(web.url).sign_in("attorney", PASSWORD)
        for _ in range(30):
            browser.request("/cases/")
        stolen = browser.cookie("sessionid")
        token = browser.csrf("/cases/")
        browser.request("/logout/", {"csrfmiddlewaretoken": token})
        replay = Browser(web.url)
        statuses = [
            replay.request("/cases/", headers={"Cookie": f"sessionid={stolen}"})[0]
            for _ in range(60)
        ]
        assert statuses.count(200) > 0
    finally:
        web.stop()
