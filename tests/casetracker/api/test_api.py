"""The REST API: tokens, the same visibility as the pages, cursor pages, filters, drafts, search,
ETags, rate limits, JSON errors and the OpenAPI schema."""

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openapi_spec_validator import validate

from casetracker.api.models import ApiToken
from docket.models import DocketEntry
from tests.docket.factories import EntryFactory
from tests.notices.factories import DeadlineFactory

pytestmark = pytest.mark.django_db


def token_for(user):
    return ApiToken.issue(user)[1]


def api(user=None, key=None):
    """A test client that sends `Authorization: Token <key>` (made for `user` if no key)."""
    key = key or (token_for(user) if user is not None else None)
    headers = {"HTTP_AUTHORIZATION": f"Token {key}"} if key else {}
    client = Client(**headers)
    return client


@pytest.fixture
def entries(real_case):
    return {
        "public": EntryFactory(
            case=real_case,
            number=501,
            text="Public motion",
            kind="motion",
            internal_note="team strategy note",
        ),
        "restricted": EntryFactory(
            case=real_case, number=502, text="Restricted", visibility="restricted"
        ),
        "sealed": EntryFactory(case=real_case, number=503, text="Sealed", visibility="sealed"),
    }


def test_api_token_command_creates_rotates_and_revokes(users, real_case, capsys):
    call_command("api_token", "paralegal")
    lines = capsys.readouterr().out.strip().splitlines()
    first = lines[-1]
    assert lines[0] == "New API token for paralegal; it is shown only once:"
    assert api(key=first).get("/api/v1/cases/").status_code == 200
    call_command("api_token", "paralegal")
    lines = capsys.readouterr().out.strip().splitlines()
    second = lines[-1]
    assert "(the previous one no longer works)" in lines[0]
    assert second != first
    assert api(key=first).get("/api/v1/cases/").status_code == 401
    assert api(key=second).get("/api/v1/cases/").status_code == 200
    assert first not in str(list(ApiToken.objects.values()))  # only its hash is stored
    call_command("api_token", "paralegal", "--revoke")
    assert api(key=second).get("/api/v1/cases/").status_code == 401


def test_cases_list_has_slugs_and_only_my_cases(users, real_case, other_case):
    body = api(users["attorney"]).get("/api/v1/cases/").json()
    assert set(body) == {"next", "results"} and body["next"] is None
    assert [c["slug"] for c in body["results"]] == [real_case.slug]
    assert body["results"][0]["docket_number"] == real_case.docket_number


def test_entries_follow_the_roles(users, real_case, entries):
    url = f"/api/v1/cases/{real_case.slug}/entries/?page_size=200"
    seen = {}
    for role in ("admin", "attorney", "client"):
        results = api(users[role]).get(url).json()["results"]
        seen[role] = {r["number"] for r in results if r["number"]}
        if role == "client":
            assert all("internal_note" not in r for r in results)
        else:
            assert any(r.get("internal_note") == "team strategy note" for r in results)
    assert {501, 502, 503} <= seen["admin"]
    assert 501 in seen["attorney"] and 502 in seen["attorney"] and 503 not in seen["attorney"]
    assert 501 in seen["client"] and not {502, 503} & seen["client"]
    # detail of an entry the role may not see: 404, like one that does not exist
    client = api(users["client"])
    hidden = client.get(f"/api/v1/cases/{real_case.slug}/entries/502/")
    missing = client.get(f"/api/v1/cases/{real_case.slug}/entries/9999/")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()


def test_cursor_pages_walk_the_docket_once(users, real_case):
    for n in range(7):
        EntryFactory(case=real_case, number=600 + n, date_filed=dt.date(2025, 12, 1 + n))
    client = api(users["attorney"])
    url, seen = f"/api/v1/cases/{real_case.slug}/entries/?page_size=3", []
    while url:
        body = client.get(url).json()
        assert set(body) == {"next", "results"}
        seen += [r["key"] for r in body["results"]]
        url = body["next"]
    total = DocketEntry.objects.filter(case=real_case).exclude(visibility="sealed").count()
    assert len(seen) == len(set(seen)) == total


def test_entry_filters_are_the_docket_pages(users, real_case, entries):
    client = api(users["attorney"])
    body = client.get(f"/api/v1/cases/{real_case.slug}/entries/?kind=motion").json()
    assert {r["kind"] for r in body["results"]} == {"motion"}
    bad = client.get(f"/api/v1/cases/{real_case.slug}/entries/?kind=nope&filed_after=x")
    assert bad.status_code == 400 and set(bad.json()) == {"kind", "filed_after"}


def test_deadlines_team_only_and_not_leaking_the_case(users, real_case, other_case):
    DeadlineFactory(
        case=real_case, title="Opposition due", due_at=timezone.now() + dt.timedelta(days=3)
    )
    url = f"/api/v1/cases/{real_case.slug}/deadlines/"
    body = api(users["paralegal"]).get(url).json()
    assert "Opposition due" in [d["title"] for d in body["results"]]
    denied = api(users["client"]).get(url)
    assert denied.status_code == 403 and "detail" in denied.json()
    outsider = api(users["outsider"]).get(url)
    nowhere = api(users["outsider"]).get("/api/v1/cases/no-such-case/deadlines/")
    assert outsider.status_code == nowhere.status_code == 404
    assert outsider.json() == nowhere.json()
    assert api().get(url).status_code == 401


def test_create_a_draft_filing(users, real_case):
    url = f"/api/v1/cases/{real_case.slug}/filings/"
    client = api(users["attorney"])
    created = client.post(
        url,
        {"type": "notice", "title": "Notice of appearance", "body": "Hi"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "draft"
    listed = client.get(url).json()["results"]
    assert [f["title"] for f in listed] == ["Notice of appearance"]
    bad = client.post(url, {"type": "nonsense", "title": ""}, content_type="application/json")
    assert bad.status_code == 400 and {"type", "title"} <= set(bad.json())
    assert (
        api(users["client"]).post(url, {"title": "x"}, content_type="application/json").status_code
        == 403
    )


def test_search_api(users, real_case, entries):
    url = reverse("api_search")
    body = api(users["attorney"]).get(url, {"q": "preliminary", "case": real_case.slug}).json()
    assert set(body) == {"next", "total", "more", "results"} and body["total"] == 3
    assert body["more"] is False
    hit = body["results"][0]
    assert "<mark>" in hit["snippet"] and hit["case"] == real_case.slug
    assert hit["url"].startswith("http://testserver/cases/")
    client = api(users["client"])
    assert client.get(url, {"q": "restricted"}).json()["total"] == 0
    assert client.get(url, {"q": ""}).status_code == 400
    assert client.get(url, {"q": "x", "case": "other-case"}).status_code == 404


def test_search_api_pages(users, real_case):
    for n in range(25):
        EntryFactory(
            case=real_case, number=700 + n, text=f"Status report number {n} on the armadillo"
        )
    from docket.search.indexing import rebuild

    rebuild(real_case)
    client = api(users["attorney"])
    first = client.get(reverse("api_search"), {"q": "armadillo"}).json()
    assert first["total"] == 25 and len(first["results"]) == 20 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 5 and second["next"] is None


def test_etags_on_detail(users, real_case, entries):
    client = api(users["attorney"])
    url = f"/api/v1/cases/{real_case.slug}/entries/501/"
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    entries["public"].text = "Public motion, amended"
    entries["public"].save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_rate_limit_per_token(users, real_case, settings):
    settings.API_RATE_LIMIT = "3/min"
    one, two = api(users["attorney"]), api(users["paralegal"])
    assert [one.get("/api/v1/cases/").status_code for _ in range(3)] == [200, 200, 200]
    limited = one.get("/api/v1/cases/")
    assert limited.status_code == 429 and "detail" in limited.json()
    assert two.get("/api/v1/cases/").status_code == 200  # another token has its own allowance


def test_session_auth_works_for_the_browser(users, real_case, client_for):
    client = client_for(users["paralegal"])
    assert client.get("/api/v1/cases/").status_code == 200


def api_routes(patterns=None, prefix=""):
    routes = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            routes += api_routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            if route.startswith("api/v1/"):
                routes.append(route)
    return routes


def test_schema_is_valid_openapi_and_lists_every_route(users):
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    schema = json.loads(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    documented = set(schema["paths"])
    for route in api_routes():
        path = "/" + route.replace("<slug:slug>", "{slug}").replace("<str:number>", "{number}")
        path = path.replace("<int:pk>", "{id}")
        assert path in documented, (path, sorted(documented))
    assert len(api_routes()) >= 15
    assert Client().get("/api/docs/").status_code == 200


def test_making_the_schema_leaves_the_pages_filter_choices_alone(users, real_case, client_for):
    """The schema generator builds the filtersets' form fields from the classes; the pages must
    still offer their own case's parties and claims afterwards."""
    assert Client().get("/api/schema/", HTTP_ACCEPT="application/json").status_code == 200
    from docket.entries.filters import DocketFilter
    from docket.record.filters import RecordFilter

    parties = DocketFilter(case=real_case).form.fields["party"].queryset
    assert parties.count() == real_case.parties.count() > 0
    claims = RecordFilter(claims=["Deliberative process"]).form.fields["claim"].choices
    assert ("Deliberative process", "Deliberative process") in list(claims)
