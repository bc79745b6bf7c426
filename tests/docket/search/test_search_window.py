"""Common words stay cheap: the permission predicate is joined into the one full-text statement,
which reads at most `window` + 1 matches, so a search's cost and query count do not grow with the
number of hits, and a client's capped search still shows nothing it may not see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from docket.search import selectors
from docket.search.selectors import memberships_of, search

pytestmark = pytest.mark.django_db
SECRET = "xylohidden"


@pytest.fixture
def walruses(real_case, add_entry):
    """Six public entries about walruses, then (indexed later, so 'most recent') five restricted
    and two sealed ones carrying a secret word."""
    public = [add_entry(f"Notice {n} of the walrus hearing", kind="notice") for n in range(6)]
    for n in range(5):
        add_entry(f"Motion {n} on the walrus {SECRET}", visibility="restricted", kind="motion")
    for n in range(2):
        add_entry(f"Sealed walrus {SECRET} motion {n}", visibility="sealed", kind="motion")
    return public


def run(user, case, query, **kwargs):
    return search(user=user, query=query, memberships=memberships_of(user, case), **kwargs)


def test_the_permission_predicate_is_applied_before_the_window(users, real_case, walruses):
    # The 7 newest matches are hidden from a client: a window of 4 filled after the permission
    # check would be empty; filled in SQL by visible rows, it holds the 4 newest public ones.
    with CaptureQueriesContext(connection) as ctx:
        results = run(users["client"], real_case, "walrus", window=4)
    assert results.capped and results.total == 4
    assert {h.item.entry.pk for h in results.hits} == {e.pk for e in walruses[2:]}
    shown = " ".join(f"{h.title} {h.snippet} {h.where}" for h in results.hits).lower()
    assert SECRET not in shown and "sealed" not in shown
    # one statement does both: the full-text match and the entry's visibility, with a LIMIT
    statement = [q["sql"] for q in ctx.captured_queries if "MATCH" in q["sql"] or "@@" in q["sql"]][
        0
    ]
    assert "visibility" in statement and "LIMIT 5" in statement


@pytest.mark.parametrize("role,visible", [("client", 6), ("attorney", 11), ("admin", 13)])
def test_uncapped_totals_are_exact_per_role(users, real_case, walruses, role, visible):
    results = run(users[role], real_case, "walrus", window=100)
    assert not results.capped and results.total == visible
    shown = " ".join(h.snippet for h in results.hits).lower()
    assert (SECRET in shown) == (role != "client")


def test_newest_first_within_the_window(users, real_case, walruses):
    results = run(users["client"], real_case, "walrus", window=3, params={"sort": "date"})
    assert results.capped and results.total == 3
    numbers = [h.item.entry.pk for h in results.hits]
    assert numbers == sorted(numbers, reverse=True)
    assert set(numbers) == {e.pk for e in walruses[3:]}


def test_query_count_does_not_grow_with_hits(users, real_case, add_entry):
    def statements(query):
        with CaptureQueriesContext(connection) as ctx:
            results = run(users["client"], real_case, query, window=5)
        return len(ctx.captured_queries), results

    add_entry("Order on the narwhal schedule")
    few, one = statements("narwhal")
    for n in range(12):
        add_entry(f"Notice {n} about the narwhal")
    many, capped = statements("narwhal")
    assert one.total == 1 and not one.capped
    assert capped.total == 5 and capped.capped
    assert many == few


def test_page_says_more_than(users, real_case, walruses, client_for, monkeypatch):
    monkeypatch.setattr(selectors, "WINDOW", 4)
    page = client_for(users["client"]).get(reverse("search"), {"q": "walrus"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "More than 4 hits for <strong>walrus</strong>: showing the 4 most recent" in text
    assert SECRET not in text.lower()
    body = (
        client_for(users["client"])
        .get(reverse("api_search"), {"q": "walrus", "case": real_case.slug})
        .json()
    )
    assert body["total"] == 4 and body["more"] is True


@pytest.mark.parametrize("asked,shown", [(2, 2), (3, 3), (4, 3), (60, 3)])
def test_a_page_past_the_last_shows_the_last_page(users, real_case, walruses, asked, shown):
    # 13 hits for an admin at 5 a page: pages 1-3; asking beyond shows page 3, never nothing.
    results = run(users["admin"], real_case, "walrus", window=100, page=asked, per_page=5)
    assert results.page == shown
    assert len(results.hits) == (3 if shown == 3 else 5)
