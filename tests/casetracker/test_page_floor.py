"""The per-request floor (issue 14 §4): what every signed-in page reads is cached under tokens
(casetracker/cache_tokens.py) and read with the session in one cache round trip — and is never
stale, and never crosses from the team to a client."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casetracker.models import CaseMembership, RelatedCase, Role
from docket.models import DocketEntry
from tests.casetracker.factories import CaseFactory, CourtFactory
from tests.docket.factories import EntryFactory
from tests.live import redis_server  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def html(web, url):
    response = web.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def queries(web, url):
    with CaptureQueriesContext(connection) as captured:
        assert web.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries]


# ------------------------------------------------------------------------------ /cases/


def test_the_case_list_costs_no_query_when_cached_and_follows_every_change(
    real_case, other_case, users, client_for
):
    web = client_for(users["attorney"])
    url = reverse("case_list")
    assert real_case.caption in html(web, url)
    assert other_case.caption not in html(web, url)
    # the signed-in user (casetracker/authentication.py), list, badge, team flag: cached
    assert queries(web, url) == []

    joined = CaseMembership.objects.create(
        user=users["attorney"], case=other_case, role=Role.ATTORNEY
    )
    assert other_case.caption in html(web, url)
    other_case.caption = "Renamed Plaintiff v. Renamed Agency"
    other_case.save()
    assert "Renamed Plaintiff v. Renamed Agency" in html(web, url)
    joined.delete()
    assert "Renamed Plaintiff" not in html(web, url)


def test_the_case_list_shows_an_appeal_once_it_is_tracked(real_case, users, client_for):
    web = client_for(users["paralegal"])
    url = reverse("case_list")
    html(web, url)  # cached without the appeal
    appeal = CaseFactory(
        court=CourtFactory(cmecf_code="cadc", name="Court of Appeals for the D.C. Circuit"),
        caption="Appeal of the taxpayer data case",
    )
    link = RelatedCase.objects.create(
        case=real_case, court=appeal.court, docket_number=appeal.docket_number
    )
    assert "Appeal of the taxpayer data case" not in html(web, url)
    link.tracked_case = appeal
    link.save()
    assert "Appeal of the taxpayer data case" in html(web, url)


def test_each_user_gets_their_own_case_list(real_case, other_case, users, client_for):
    url = reverse("case_list")
    assert real_case.caption in html(client_for(users["attorney"]), url)
    outsider = html(client_for(users["outsider"]), url)
    assert other_case.caption in outsider and real_case.caption not in outsider


# ------------------------------------------------------------------- the cached docket page


def test_the_cached_docket_page_costs_one_query(real_case, users, client_for):
    web = client_for(users["attorney"])
    url = reverse("docket_list", args=[real_case.slug])
    html(web, url)
    sql = queries(web, url)
    # the membership with its case and court (read on every case page: roles are never
    # cached); the signed-in user, the docket block, the case header and the header's facts
    # come from the cache
    assert len(sql) == 1, sql
    assert "casetracker_casemembership" in sql[0]


def test_the_cached_docket_page_shows_a_new_or_changed_entry_at_once(real_case, users, client_for):
    web = client_for(users["attorney"])
    url = reverse("docket_list", args=[real_case.slug])
    html(web, url)
    entry = EntryFactory(case=real_case, number=9001, text="Freshly filed motion to compel")
    assert "Freshly filed motion to compel" in html(web, url + "?q=compel")
    assert "Freshly filed motion to compel" in html(web, url + "?order=-number")
    from docket.entries.write import write_entry

    write_entry(entry=entry, values={"text": "Amended motion to compel"})
    page = html(web, url + "?order=-number")
    assert "Amended motion to compel" in page and "Freshly filed" not in page


def test_a_client_never_gets_the_teams_cached_header_or_docket(real_case, users, client_for):
    EntryFactory(
        case=real_case,
        number=9002,
        text="Restricted declaration of the whistleblower",
        visibility=DocketEntry.Visibility.RESTRICTED,
    )
    EntryFactory(
        case=real_case,
        number=9003,
        text="Sealed exhibit list",
        visibility=DocketEntry.Visibility.SEALED,
    )
    url = reverse("docket_list", args=[real_case.slug]) + "?order=-number"
    admin = html(client_for(users["admin"]), url)  # cached for an admin first
    assert "Sealed exhibit list" in admin
    team = html(client_for(users["attorney"]), url)
    assert "Restricted declaration of the whistleblower" in team
    assert "Sealed exhibit list" not in team
    assert reverse("record_page", args=[real_case.slug]) in team
    client = html(client_for(users["client"]), url)
    assert "Restricted declaration" not in client and "Sealed exhibit" not in client
    assert reverse("record_page", args=[real_case.slug]) not in client
    assert reverse("filing_list", args=[real_case.slug]) not in client
    # and the other way round: a client's cached header does not take the team's menu away
    assert reverse("record_page", args=[real_case.slug]) in html(client_for(users["admin"]), url)


def test_the_case_header_follows_case_and_link_changes(real_case, users, client_for):
    web = client_for(users["attorney"])
    url = reverse("docket_list", args=[real_case.slug])
    html(web, url)
    real_case.judge = "Judge Fictional Newname"
    real_case.save()
    assert "Judge Fictional Newname" in html(web, url)
    court = CourtFactory(cmecf_code="cadc", name="Court of Appeals for the D.C. Circuit")
    RelatedCase.objects.create(case=real_case, court=court, docket_number="26-5999")
    assert "26-5999" in html(web, url)


# ------------------------------------------------------------------- one round trip to Redis


@pytest.fixture
def redis_cache(redis_server, settings):  # noqa: F811 - the fixture imported above
    import redis

    url = f"redis://127.0.0.1:{redis_server.port}/7"
    settings.CACHES = {
        "default": {"BACKEND": "casetracker.cache.RedisCache", "LOCATION": url, "TIMEOUT": 600}
    }
    direct = redis.Redis.from_url(url)
    direct.flushdb()
    yield direct
    direct.flushdb()


def commands(direct):
    """Commands the Redis server has run so far (INFO itself counts as one)."""
    return int(direct.info("stats")["total_commands_processed"])


def test_a_signed_in_page_reads_the_cache_once(real_case, users, client_for, redis_cache):
    web = client_for(users["attorney"])
    for url in (reverse("case_list"), reverse("docket_list", args=[real_case.slug])):
        html(web, url)  # fills the cache
        html(web, url)  # learns which keys this page reads
        before = commands(redis_cache)
        page = html(web, url)
        # one MGET: the session, the page's tokens and cached parts, the header's facts
        assert commands(redis_cache) - before == 1 + 1, url
        assert real_case.caption in page


def test_a_session_ended_on_one_worker_is_ended_for_the_prefetch_too(
    real_case, users, client_for, redis_cache
):
    web = client_for(users["attorney"])
    url = reverse("case_list")
    html(web, url)
    html(web, url)
    cookie = web.cookies["sessionid"].value
    web.post(reverse("logout"))
    web.cookies["sessionid"] = cookie  # the old cookie, replayed
    response = web.get(url)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_redis_backend_reuses_one_client(redis_cache):
    from django.core.cache import cache

    cache.set("a", 1)
    assert cache.get("a") == 1
    assert cache._cache.get_client() is cache._cache.get_client()


# The page's one read is sent early and answered when first needed (casetracker.cache.PendingRead)


def in_use(cache):
    return len(cache._cache.get_client().connection_pool._in_use_connections)


def test_a_read_sent_early_answers_as_get_many(redis_cache):
    from django.core.cache import cache

    cache.set_many({"a": 1, "b": {"x": [1, 2]}, "c": "text"})
    pending = cache.get_many_later(["a", "b", "missing", "c"])
    assert in_use(cache) == 1  # the connection is held until the answer is read
    assert pending.result() == cache.get_many(["a", "b", "missing", "c"])
    assert pending.result() == {"a": 1, "b": {"x": [1, 2]}, "c": "text"}
    assert in_use(cache) == 0


def test_a_connection_cut_while_the_read_is_out_is_read_again(redis_cache):
    from django.core.cache import cache

    cache.set("a", "kept")
    pending = cache.get_many_later(["a"])
    assert redis_cache.client_kill_filter(_type="normal", skipme=True) >= 1  # the cache's own
    assert pending.result() == {"a": "kept"}
    assert in_use(cache) == 0


def test_a_read_that_cannot_be_sent_is_made_when_answered(redis_cache, monkeypatch):
    from django.core.cache import cache
    from redis.connection import Connection

    cache.set("a", 1)

    def refuse(self, *args, **kwargs):
        raise ConnectionError("refused")

    with monkeypatch.context() as patched:
        patched.setattr(Connection, "send_command", refuse)
        pending = cache.get_many_later(["a"])
    assert in_use(cache) == 0
    assert pending.result() == {"a": 1}


def test_every_page_gives_the_connection_back(real_case, users, client_for, redis_cache):
    from django.core.cache import cache

    web = client_for(users["attorney"])
    for url in (
        reverse("case_list"),
        reverse("docket_list", args=[real_case.slug]),
        reverse("home"),  # a redirect: needs the session, not the page's values
        "/no-such-page/",
    ):
        for _ in range(3):  # the third time with the learned keys
            web.get(url)
            assert in_use(cache) == 0, url


def test_a_page_is_right_when_its_early_read_fails(real_case, users, client_for, redis_cache):
    """The pooled connection breaks under the early read (Redis restarted, say): the read is
    made again and the page is the user's own, whole; the connection is not leaked."""
    from django.core.cache import cache
    from redis.connection import Connection

    web = client_for(users["attorney"])
    url = reverse("case_list")
    html(web, url)
    html(web, url)
    real_read = Connection.read_response
    failures = []

    def fail_once(self, *args, **kwargs):
        if not failures:
            failures.append(self)
            raise ConnectionError("connection reset by peer")
        return real_read(self, *args, **kwargs)

    Connection.read_response = fail_once
    try:
        page = html(web, url)
    finally:
        Connection.read_response = real_read
    assert failures  # the early read did fail
    assert f"Log out {users['attorney'].get_username()}<" in page and real_case.caption in page
    assert in_use(cache) == 0


def test_the_serializer_reads_what_djangos_reads(redis_cache):
    """casetracker.cache.Serializer: pickles straight to pickle.loads, the rest as Django."""
    import pickle

    from django.core.cache import cache
    from django.core.cache.backends.redis import RedisSerializer

    from casetracker.cache import Serializer

    values = [0, 7, -12, 2**70, True, False, None, "", "128", b"\x80raw", 3.5, {"a": [1]}, ("x", 1)]
    for value in values:
        for stored in (RedisSerializer().dumps(value), pickle.dumps(value, 0)):
            stored = stored if isinstance(stored, bytes) else str(stored).encode()
            assert Serializer().loads(stored) == RedisSerializer().loads(stored)
            assert type(Serializer().loads(stored)) is type(RedisSerializer().loads(stored))
    cache.set("n", 41)
    assert cache.incr("n") == 42 and cache.get("n") == 42
    cache.set_many({"a": {"b": 1}, "c": -3})
    assert cache.get_many(["a", "c"]) == {"a": {"b": 1}, "c": -3}
