"""Full-text search on real docket text: stemming, phrases, prefixes, filters, where a hit is,
and that the index follows every write. Runs on SQLite (FTS5) and PostgreSQL (tsvector): the
same tests, whichever DATABASE_URL names."""

import datetime as dt
from pathlib import Path

import pytest
from django.urls import reverse

from casetracker.models import Party
from docket.entries.services import update_entry
from docket.ingest.imports import import_docket_report
from docket.models import DocketEntry
from docket.papers.filings import create_filing, update_filing
from docket.search.indexing import rebuild
from docket.search.models import SearchItem
from docket.search.selectors import memberships_of, search

from .conftest import attachment, pages_pdf

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parents[1] / "samples" / "dcd_3.html"


def find(user, query, case=None, **params):
    memberships = memberships_of(user, case)
    return search(user=user, query=query, memberships=memberships, params=params or None)


def texts(results):
    return [
        hit.item.body if hit.item.source != "entry" else hit.item.entry.text for hit in results.hits
    ]


@pytest.fixture
def google(users):
    """The real D.D.C. docket report sample (United States v. Google), imported by a paralegal
    who is then made a member of it."""
    from casetracker.models import CaseMembership

    case, _ = import_docket_report(html=SAMPLE.read_bytes(), by=users["paralegal"])
    for role in ("attorney", "paralegal"):
        CaseMembership.objects.create(user=users[role], case=case, role=role)
    return case


def test_words_are_stemmed_and_all_must_match(users, google):
    attorney = users["attorney"]
    hits = find(attorney, "sealed motions granting", google)
    assert [h.item.entry.number for h in hits.hits] == [179]
    # "motions" finds "Motion", "granting" finds nothing else: every word must match
    assert find(attorney, "sealed motions zoom", google).total == 0
    # stemming both ways: "conferences" matches "CONFERENCE" (the transcript) and "conference"
    # (the minute order setting it)
    found = {h.item.entry.number for h in find(attorney, "conferences", google).hits}
    assert found == {324, None}


def test_phrase_and_prefix(users, google):
    attorney = users["attorney"]
    phrase = find(attorney, '"status conference via zoom"', google)
    assert [h.item.entry.number for h in phrase.hits] == [324]
    assert find(attorney, '"conference status"', google).total == 0
    prefix = find(attorney, "supplem*", google)
    assert [h.item.entry.number for h in prefix.hits] == [590]
    assert find(attorney, "supplemzzz*", google).total == 0


def test_relevance_ranks_the_entry_about_it_first(users, real_case):
    attorney = users["attorney"]
    results = find(attorney, "preliminary", real_case)
    numbers = [h.item.entry.text[:40] for h in results.hits]
    assert len(numbers) == 3
    # the motion "for a stay or preliminary injunction" and the orders on "preliminary relief"
    best = results.hits[0].item.entry
    assert "preliminary" in best.text.lower()
    ranks = [h.rank for h in results.hits]
    assert ranks == sorted(ranks, reverse=True)


def test_sort_by_date_is_newest_first(users, real_case):
    results = find(users["attorney"], "preliminary", real_case, sort="date")
    dates = [h.item.date for h in results.hits]
    assert dates == sorted(dates, reverse=True) and len(dates) == 3


def test_snippet_highlights_and_escapes(users, real_case, add_entry):
    add_entry("Reply re <img src=x onerror=alert(1)> alerting & the stay motion", kind="reply")
    hit = find(users["attorney"], "alert", real_case).hits[0]
    assert "<img" not in hit.snippet and "&lt;img src=x onerror=" in hit.snippet
    assert "<mark>alerting</mark> &amp; the" in hit.snippet
    assert hit.where.startswith("Reply, ") and hit.url == hit.item.entry.get_absolute_url()


def test_document_hit_names_its_entry_and_links_to_the_pdf_page(users, real_case, add_entry):
    pdf = pages_pdf("Caption and introduction", "Argument about the Privacy Act", "Conclusion")
    entry = add_entry(
        "Memorandum in support", number=77, kind="motion", attachments=[attachment(pdf, 0)]
    )
    other = add_entry(
        "Declaration", number=78, attachments=[attachment(pages_pdf("a", "b", "Privacy Act"), 2)]
    )
    results = find(users["attorney"], '"privacy act"', real_case)
    by_entry = {h.item.entry_id: h for h in results.hits}
    hit = by_entry[entry.pk]
    document = entry.documents.get()
    assert hit.where == "ECF No. 77, page 2"
    assert (
        hit.url
        == reverse("document_download", kwargs={"slug": real_case.slug, "pk": document.pk})
        + "#page=2"
    )
    # FTS5 marks a phrase as one span, ts_headline word by word
    assert "<mark>Privacy Act</mark>" in hit.snippet.replace("</mark> <mark>", " ")
    assert by_entry[other.pk].where == "ECF No. 78-2, page 3"


def test_index_follows_edits_imports_and_deletes(users, real_case, add_entry):
    attorney = users["attorney"]
    entry = add_entry("Notice of appearance of counsel", number=60, kind="notice")
    assert find(attorney, "appearance", real_case).total == 1
    update_entry(entry=entry, by=users["paralegal"], fields={"text": "Notice of withdrawal"})
    assert find(attorney, "appearance", real_case).total == 0
    assert find(attorney, "withdrawal", real_case).total == 1
    entry.delete()
    assert find(attorney, "withdrawal", real_case).total == 0
    assert not SearchItem.objects.filter(entry_id=entry.pk).exists()


def test_filings_are_indexed_on_create_and_edit(users, real_case):
    attorney = users["attorney"]
    filing = create_filing(
        case=real_case, user=attorney, type="notice", title="Notice of filing", body="Quokka"
    )
    hit = find(attorney, "quokka", real_case).hits[0]
    assert hit.item.source == "filing" and hit.where == "Filing (draft)"
    update_filing(filing=filing, user=attorney, body="Wombat")
    assert find(attorney, "quokka", real_case).total == 0
    assert find(attorney, "wombat", real_case).total == 1


def test_filters(users, real_case, add_entry):
    attorney = users["attorney"]
    cvtr = Party.objects.get(case=real_case, name="Center for Taxpayer Rights")
    add_entry(
        "Motion about taxpayer zebra",
        kind="motion",
        date_filed=dt.date(2025, 3, 1),
        filed_by=[cvtr],
    )
    add_entry("Order about the zebra", kind="order", date_filed=dt.date(2025, 6, 1))
    assert find(attorney, "zebra", real_case, kind="order").total == 1
    assert find(attorney, "zebra", real_case, date_after="2025-05-01").total == 1
    assert find(attorney, "zebra", real_case, date_before="2025-05-01").total == 1
    assert find(attorney, "zebra", real_case, party=str(cvtr.pk)).hits[0].item.kind == "motion"
    assert find(attorney, "zebra", real_case, source="filing").total == 0
    bad = find(attorney, "zebra", real_case, kind="nonsense", date_after="yesterday")
    assert set(bad.errors) == {"kind", "date_after"}


def test_rebuild_gives_the_same_answers(users, real_case, add_entry):
    add_entry("Stipulated schedule for the ocelot", kind="other")
    before = [h.item.entry_id for h in find(users["attorney"], "ocelot", real_case).hits]
    assert rebuild() == SearchItem.objects.count()
    after = [h.item.entry_id for h in find(users["attorney"], "ocelot", real_case).hits]
    assert before == after and len(after) == 1


def test_search_page(users, real_case, client_for):
    client = client_for(users["paralegal"])
    page = client.get(reverse("search"), {"q": "preliminary", "case": real_case.slug})
    assert page.status_code == 200
    body = page.content.decode()
    assert "3 hits" in body and "<mark>preliminary</mark>" in body.lower()
    assert f'name="case" value="{real_case.slug}"' in body
    # the box is in the header of the case pages
    case_page = client.get(reverse("case_detail", kwargs={"slug": real_case.slug})).content
    assert b'role="search"' in case_page
    assert client.get(reverse("search"), {"q": "x", "kind": "bogus"}).status_code == 400


def test_search_of_a_case_one_is_not_on_is_404(users, real_case, other_case, client_for):
    client = client_for(users["outsider"])
    assert client.get(reverse("search"), {"q": "order", "case": real_case.slug}).status_code == 404
    assert client.get(reverse("search"), {"q": "order", "case": "nope"}).status_code == 404
    # without a case: only the outsider's own case, where nothing matches
    page = client.get(reverse("search"), {"q": "preliminary"})
    assert page.status_code == 200 and "0 hits" in page.content.decode()


def test_every_entry_kind_is_searchable(users, real_case):
    kinds = set(DocketEntry.objects.filter(case=real_case).values_list("kind", flat=True))
    assert SearchItem.objects.filter(case=real_case, source="entry").count() == (
        DocketEntry.objects.filter(case=real_case).count()
    )
    assert kinds


def test_search_page_queries_do_not_grow_with_hits(users, real_case, add_entry, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(users["attorney"])

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("search"), {"q": "pangolin", "case": real_case.slug})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    add_entry("Order on the pangolin", number=801)
    queries()  # the first page of a session also fills the header's per-user cache
    few = queries()
    for n in range(12):
        add_entry(f"Notice {n} about the pangolin", number=810 + n)
    assert queries() == few


def test_a_batch_of_new_entries_is_indexed_as_one_entry_at_a_time(users, real_case):
    """write_entries indexes new entries by copying them in the database (index_new_entries):
    the rows are those index_entries writes for the same entries and documents, every kind's
    label included, and they are found."""
    from docket.entries.write import EntryChange, write_entries

    kinds = [k for k, _ in DocketEntry.Kind.choices]
    changes = [
        EntryChange(
            entry=DocketEntry(case=real_case),
            values={
                "number": 800 + n,
                "date_filed": dt.date(2025, 1, 1) + dt.timedelta(days=n),
                "text": f"{kind} about the narwhal number {n}",
                "kind": kind,
            },
            new_documents=[
                {"attachment_number": 0, "description": f"Main {n}" if n % 2 else ""},
                {"attachment_number": 1, "description": "Exhibit A", "pacer_url": ""},
            ],
        )
        for n, kind in enumerate(kinds)
    ]
    written = write_entries(changes=changes, by=users["paralegal"], source="pacer", held=True)
    pks = [w.entry.pk for w in written]
    columns = ["source", "entry_id", "document_id", "case_id", "kind", "date", "title", "body"]

    def rows():
        return sorted(
            SearchItem.objects.filter(entry_id__in=pks).values_list(*columns, "is_ocr"), key=repr
        )

    copied = rows()
    assert len(copied) == 3 * len(kinds)
    assert ("entry", pks[kinds.index("minute_order")]) in [r[:2] for r in copied]
    assert "Minute order" in [r[6] for r in copied]
    found = find(users["attorney"], "narwhal", real_case)
    assert found.total == len(kinds)
    rebuild(real_case)  # index_entries, an entry at a time
    assert rows() == copied
    assert find(users["attorney"], "narwhal", real_case).total == len(kinds)
