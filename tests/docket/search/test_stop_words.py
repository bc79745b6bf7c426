"""The same query finds the same things on SQLite (FTS5 indexes every word) and PostgreSQL (its
English configuration drops stop words): the shared parser drops PostgreSQL's stop-word list for
both, and phrases still match as phrases. Real CM/ECF text (United States v. Google, D.D.C.);
these exact assertions run on whichever database DATABASE_URL names (CI runs both)."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from casetracker.models import CaseMembership
from docket.ingest.imports import import_docket_report
from docket.search.selectors import memberships_of, search

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parents[1] / "samples" / "dcd_3.html"


@pytest.fixture
def google(users):
    case, _ = import_docket_report(html=SAMPLE.read_bytes(), by=users["paralegal"])
    CaseMembership.objects.create(user=users["attorney"], case=case, role="attorney")
    return case


def hits(user, case, query):
    results = search(user=user, query=query, memberships=memberships_of(user, case))
    return results, {h.item.pk for h in results.hits}


@pytest.mark.parametrize(
    "with_stop_words, without",
    [
        ("search strings by", "search strings"),
        ("the transcript will be made available", "transcript made available"),
        ("responses to that list", "responses list"),
        ('"the search strings"', '"search strings"'),
    ],
)
def test_stop_words_do_not_change_the_hits(users, google, with_stop_words, without):
    results, found = hits(users["attorney"], google, with_stop_words)
    assert found and found == hits(users["attorney"], google, without)[1]


def test_a_phrase_keeps_its_stop_words_in_place(users, google):
    attorney = users["attorney"]
    results, found = hits(attorney, google, '"search strings (by hit volume)"')
    assert len(found) == 1
    assert "top five remaining disputed search strings" in results.hits[0].item.body
    # the words in another order are not the phrase
    assert hits(attorney, google, '"volume hit by strings search"')[1] == set()


def test_only_stop_words_searches_nothing_and_says_why(users, google, client_for):
    for query in ("the", "by the", "of*", '"to the"'):
        results, found = hits(users["attorney"], google, query)
        assert results.terms == [] and found == set() and results.only_stop_words
    page = client_for(users["attorney"]).get(reverse("search"), {"q": "the by"})
    assert "Common words such as “the”, “by” or “of” are not searched" in page.content.decode()
    answer = client_for(users["attorney"]).get(reverse("api_search"), {"q": "the"})
    assert answer.status_code == 400 and "not searched" in str(answer.json()["q"])


def test_docket_text_filter_ignores_stop_words_too(users, real_case, client_for):
    client = client_for(users["attorney"])
    docket = reverse("docket_list", kwargs={"slug": real_case.slug})

    def matching(text):
        page = client.get(docket, {"q": text}).content.decode()
        return int(re.search(r"(\d+) entr(?:y|ies) match", page).group(1))

    assert matching("injunction by") == matching("injunction") >= 1


def test_docket_says_when_only_common_words_were_typed(users, real_case, client_for):
    client = client_for(users["attorney"])
    docket = reverse("docket_list", kwargs={"slug": real_case.slug})
    note = "Common words such as “the”, “by” or “of” are not searched"
    assert note in client.get(docket, {"q": "the by"}).content.decode()
    assert note not in client.get(docket, {"q": "the injunction"}).content.decode()
