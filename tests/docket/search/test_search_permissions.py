"""A search shows only what the searcher may see: no sealed, restricted, privileged or internal
text in any hit, title or snippet, for any role, whatever the query. Each secret is a word no
other text of the case contains, placed next to common words so broad queries reach it too."""

import pytest
from django.urls import reverse

from docket.models import RecordDocument
from docket.papers.filings import create_filing
from docket.search.indexing import index_record_documents
from docket.search.selectors import memberships_of, search

from .conftest import attachment, pages_pdf

pytestmark = pytest.mark.django_db

SECRETS = {
    "sealed": "xylosealed",
    "restricted": "xylorestricted",
    "sealed_doc": "xylosealeddoc",
    "restricted_doc": "xylorestricteddoc",
    "internal_note": "xylointernal",
    "privileged_record": "xyloprivileged",
    "withheld_record": "xylowithheld",
    "record": "xylorecord",
    "filing": "xylofiling",
}
# Who may see which secret (admins see sealed; the team sees everything else; clients nothing)
TEAM_ONLY = {
    "restricted",
    "restricted_doc",
    "privileged_record",
    "withheld_record",
    "record",
    "filing",
}
ADMIN_ONLY = {"sealed", "sealed_doc"}
NEVER = {"internal_note"}  # internal notes are not indexed at all


@pytest.fixture
def secrets(real_case, users, add_entry):
    common = "motion order notice disclosure taxpayer"
    add_entry(f"{common} {SECRETS['sealed']}", visibility="sealed", kind="motion")
    add_entry(f"{common} {SECRETS['restricted']}", visibility="restricted", kind="motion")
    add_entry(
        f"{common} public entry with a sealed exhibit",
        visibility="sealed",
        attachments=[attachment(pages_pdf(f"{common} {SECRETS['sealed_doc']}"))],
    )
    add_entry(
        f"{common} restricted",
        visibility="restricted",
        attachments=[attachment(pages_pdf(f"{common} {SECRETS['restricted_doc']}"))],
    )
    add_entry(f"{common} public", internal_note=f"{common} {SECRETS['internal_note']}")
    docs = [
        RecordDocument(
            case=real_case,
            bates_start="IRS-AR-000001",
            bates_end="IRS-AR-000002",
            title=f"{common} memo {SECRETS['privileged_record']}",
            privilege_claim="Deliberative process",
            text=f"{common} body",
        ),
        RecordDocument(
            case=real_case,
            bates_start="IRS-AR-000003",
            bates_end="IRS-AR-000004",
            title="Withheld memo",
            withheld=True,
            text=f"{common} {SECRETS['withheld_record']}",
        ),
        RecordDocument(
            case=real_case,
            bates_start="IRS-AR-000005",
            bates_end="IRS-AR-000006",
            title="Agreement",
            text=f"{common} {SECRETS['record']}",
        ),
    ]
    for doc in docs:
        doc.save()
    index_record_documents(docs)
    create_filing(
        case=real_case,
        user=users["attorney"],
        type="notice",
        title="Draft",
        body=f"{common} {SECRETS['filing']}",
    )
    return SECRETS


def everything_shown(user, query, case):
    results = search(user=user, query=query, memberships=memberships_of(user, case))
    return " ".join(f"{h.title} {h.snippet} {h.where} {h.url}" for h in results.hits), results


QUERIES = ["motion", "taxpayer disclosure", "xylo*", '"order notice"', "memo", "public"]


@pytest.mark.parametrize("role", ["admin", "attorney", "paralegal", "client", "outsider"])
def test_no_hidden_text_in_any_hit(users, real_case, secrets, role):
    user = users[role]
    allowed = set()
    if role in ("admin", "attorney", "paralegal"):
        allowed |= TEAM_ONLY
    if role == "admin":
        allowed |= ADMIN_ONLY
    for query in QUERIES + list(secrets.values()):
        shown, _ = everything_shown(user, query, None)
        for name, word in secrets.items():
            if name not in allowed:
                assert word not in shown.lower(), (role, query, name)
    # and what is allowed is found, so the test would notice a search that shows nothing
    for name in allowed:
        shown, results = everything_shown(user, secrets[name], real_case)
        assert results.total >= 1 and secrets[name] in shown.lower(), (role, name)


def test_client_sees_public_entries_and_their_documents(users, real_case, add_entry, secrets):
    add_entry(
        "Public order on the capybara schedule",
        attachments=[attachment(pages_pdf("capybara exhibit text"))],
    )
    shown, results = everything_shown(users["client"], "capybara", real_case)
    assert {h.item.source for h in results.hits} == {"entry", "document"}


def test_a_restricted_entry_leaves_a_clients_search_at_once(users, real_case, add_entry):
    from docket.entries.services import update_entry

    entry = add_entry("Public notice of the tapir hearing")
    assert everything_shown(users["client"], "tapir", real_case)[1].total == 1
    update_entry(entry=entry, by=users["paralegal"], fields={"visibility": "restricted"})
    assert everything_shown(users["client"], "tapir", real_case)[1].total == 0


def test_client_search_page_shows_nothing_hidden(users, real_case, secrets, client_for):
    client = client_for(users["client"])
    for query in ["xylo*", "motion", "memo"]:
        page = client.get(reverse("search"), {"q": query, "case": real_case.slug})
        assert page.status_code == 200
        body = page.content.decode().lower()
        for word in secrets.values():
            assert word not in body
    # filters that only the team has a use for still reveal nothing
    page = client.get(reverse("search"), {"q": "memo", "source": "record"})
    assert "0 hits" in page.content.decode()
