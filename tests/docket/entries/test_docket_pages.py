"""Docket browsing: filters, ordering, pagination, permalinks, responds-to links, bad input."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from casetracker.models import Party
from docket.entries.write import delete_entry, write_entry
from docket.models import DocketEntry
from tests.casetracker.factories import PartyFactory
from tests.docket.factories import EntryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def docket(real_case):
    """Three numbered entries beside the loaded (unnumbered) facts."""
    plaintiff = real_case.parties.get(name="Main Street Alliance")
    motion = EntryFactory(
        case=real_case,
        number=10,
        date_filed=dt.date(2025, 3, 3),
        kind="motion",
        text="MOTION to Dismiss by Internal Revenue Service",
    )
    opposition = EntryFactory(
        case=real_case,
        number=12,
        date_filed=dt.date(2025, 3, 17),
        kind="opposition",
        text="Memorandum in opposition re 10 MOTION to Dismiss",
    )
    opposition.filed_by.add(plaintiff)
    opposition.responds_to.add(motion)
    sealed = EntryFactory(
        case=real_case,
        number=13,
        date_filed=dt.date(2025, 3, 18),
        text="SEALED exhibit",
        visibility=DocketEntry.Visibility.SEALED,
    )
    restricted = EntryFactory(
        case=real_case,
        number=14,
        date_filed=dt.date(2025, 3, 19),
        text="Restricted declaration",
        visibility=DocketEntry.Visibility.RESTRICTED,
    )
    return {"motion": motion, "opposition": opposition, "sealed": sealed, "restricted": restricted}


ROW_NUMBER = re.compile(
    r'<td class="num" data-label="#">(?:<a href="[^"]+">(\d+)</a>|(<span aria-hidden))'
)


def row_numbers(response):
    """ECF numbers of the rows shown, in order (None for unnumbered entries)."""
    found = ROW_NUMBER.findall(response.content.decode())
    return [int(number) if number else None for number, _dash in found]


def get_docket(client, case, **params):
    return client.get(reverse("docket_list", args=[case.slug]), params)


@pytest.mark.parametrize(
    "params, expected_numbers",
    [
        ({"kind": "motion", "filed_before": "2025-06-30"}, [10]),
        ({"kind": "opposition"}, [12]),
        ({"filed_after": "2025-03-10", "filed_before": "2025-03-18"}, [12]),
        ({"q": "dismiss"}, [10, 12]),
        ({"q": "DISMISS", "kind": "opposition"}, [12]),
        (
            {"order": "-number", "filed_after": "2025-03-01", "filed_before": "2025-03-31"},
            [14, 12, 10],
        ),
    ],
)
def test_filters(client_for, users, real_case, docket, params, expected_numbers):
    response = get_docket(client_for(users["attorney"]), real_case, **params)
    assert response.status_code == 200
    assert row_numbers(response) == expected_numbers


def test_party_filter(client_for, users, real_case, docket):
    party = real_case.parties.get(name="Main Street Alliance")
    response = get_docket(client_for(users["paralegal"]), real_case, party=party.pk)
    # The loaded complaint ("filed by Center for Taxpayer Rights, Main Street Alliance, ...") and
    # motion ("Plaintiffs' motion ...") name their filers; ECF 12 was marked by hand.
    assert row_numbers(response) == [None, 12, None]
    html = response.content.decode()
    assert "Complaint for declaratory" in html and "Plaintiffs&#x27; motion for a stay" in html


def test_default_order_is_chronological_and_unnumbered_facts_are_listed(
    client_for, users, real_case, docket
):
    response = get_docket(client_for(users["attorney"]), real_case)
    dates = re.findall(r'<time datetime="([0-9-]+)">', response.content.decode())
    assert len(dates) == 8 and dates == sorted(dates)
    assert None in row_numbers(response) and 10 in row_numbers(response)


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "verdict"},
        {"filed_after": "2025-02-30"},
        {"filed_before": "yesterday"},
        {"order": "secret_field"},
    ],
)
def test_bad_filter_values_give_a_friendly_400(client_for, users, real_case, docket, params):
    response = get_docket(client_for(users["attorney"]), real_case, **params)
    assert response.status_code == 400
    assert b"not valid" in response.content


def test_party_of_another_case_is_rejected(client_for, users, real_case, other_case, docket):
    foreign = PartyFactory(case=other_case, side=Party.Side.PLAINTIFF)
    response = get_docket(client_for(users["attorney"]), real_case, party=foreign.pk)
    assert response.status_code == 400


def test_unknown_entry_is_404_not_500(client_for, users, real_case, docket):
    client = client_for(users["attorney"])
    for key in ("999", "e999999", "abc", "e", "-1"):
        response = client.get(reverse("entry_detail", args=[real_case.slug, key]))
        assert response.status_code == 404, key
        assert b"Not found" in response.content


def test_pagination_keeps_filters(client_for, users, real_case):
    for n in range(60):
        EntryFactory(case=real_case, number=100 + n, kind="notice", text=f"Notice {n}")
    client = client_for(users["attorney"])
    response = get_docket(client, real_case, kind="notice")
    assert "60 entries" in response.content.decode()
    assert row_numbers(response) == list(range(100, 150))
    assert 'href="?kind=notice&amp;page=2"' in response.content.decode()
    second = get_docket(client, real_case, kind="notice", page=2)
    assert row_numbers(second) == list(range(150, 160))


def test_cached_table_shows_a_change_at_once(client_for, users, real_case, docket):
    """The table cache is keyed by the docket version: an edit, a new document or a new party
    link must appear on the very next view."""
    client = client_for(users["attorney"])
    assert "MOTION to Dismiss" in get_docket(client, real_case).content.decode()
    motion = docket["motion"]
    write_entry(entry=motion, values={"text": "AMENDED MOTION to Dismiss"})
    assert "AMENDED MOTION to Dismiss" in get_docket(client, real_case).content.decode()
    write_entry(entry=motion, filed_by=[real_case.parties.get(name="Internal Revenue Service")])
    assert "Filed by Internal Revenue Service" in get_docket(client, real_case).content.decode()
    delete_entry(entry=motion)
    assert "AMENDED MOTION" not in get_docket(client, real_case).content.decode()


def test_entry_permalink_shows_documents_and_links_both_ways(client_for, users, real_case, docket):
    client = client_for(users["attorney"])
    motion_page = client.get(docket["motion"].get_absolute_url()).content.decode()
    opposition_page = client.get(docket["opposition"].get_absolute_url()).content.decode()
    assert docket["motion"].get_absolute_url() == f"/cases/{real_case.slug}/docket/10/"
    assert docket["opposition"].get_absolute_url() in motion_page  # listed under Responses
    assert docket["motion"].get_absolute_url() in opposition_page  # listed under Responds to


def test_an_unnumbered_row_has_no_link_that_reads_dash(client_for, users, real_case, docket):
    """The number cell of a minute order is a dash hidden from screen readers, which read
    "No ECF number"; the docket text beside it is the link."""
    html = get_docket(client_for(users["attorney"]), real_case).content.decode()
    assert ">—</a>" not in html
    assert '<span class="visually-hidden">No ECF number</span>' in html


def test_unnumbered_entry_has_a_stable_permalink(client_for, users, real_case):
    entry = real_case.entries.get(date_filed=dt.date(2025, 9, 9))
    url = entry.get_absolute_url()
    assert url == f"/cases/{real_case.slug}/docket/e{entry.pk}/"
    response = client_for(users["attorney"]).get(url)
    assert response.status_code == 200
    assert "administrative record within 45 days" in response.content.decode()


def test_case_page_shows_header_parties_counsel_latest_order(client_for, users, real_case):
    html = client_for(users["attorney"]).get(real_case.get_absolute_url()).content.decode()
    for fact in (
        "Center for Taxpayer Rights et al. v. Internal Revenue Service et al.",
        "1:25-cv-00457",
        "Colleen Kollar-Kotelly",
        "National Federation of Federal Employees",
        "Department of Government Efficiency",
        "Skye L. Perryman",
        "Memorandum opinion and order granting in part",  # the latest order
    ):
        assert fact in html, fact


def test_docket_text_is_escaped(client_for, users, real_case):
    EntryFactory(case=real_case, number=77, text='<script>alert("x")</script> NOTICE')
    html = client_for(users["attorney"]).get(reverse("docket_list", args=[real_case.slug])).content
    assert b"<script>alert" not in html
    assert b"&lt;script&gt;alert" in html


def test_docket_page_query_count_does_not_grow(
    client_for, users, real_case, django_assert_max_num_queries
):
    client = client_for(users["attorney"])
    url = reverse("docket_list", args=[real_case.slug])
    client.get(reverse("case_list"))  # the session's first page fills the header's user cache
    client.get(reverse("filing_list", args=[real_case.slug]))  # and a case page the case header's
    with django_assert_max_num_queries(12) as small:
        client.get(url)
    for n in range(120):
        entry = EntryFactory(case=real_case, number=500 + n)
        entry.filed_by.add(real_case.parties.first())
    with django_assert_max_num_queries(12) as large:
        client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_case_page_query_count_does_not_grow(
    client_for, users, real_case, django_assert_max_num_queries
):
    """The case page, cold (its docket block and time panel not cached): at most 17 queries (a
    docket not imported, so counted) whatever the size of the docket and the number of
    deadlines, windows and disclosures; 27 before the time panel read its deadlines at once."""
    from notices.models import Disclosure
    from tests.notices.factories import DeadlineFactory, DisclosureFactory, NoticeWindowFactory

    client = client_for(users["attorney"])
    url = reverse("case_detail", args=[real_case.slug])
    client.get(reverse("case_list"))  # the session's first page fills the header's user cache
    client.get(reverse("filing_list", args=[real_case.slug]))  # and a case page the case header's
    with django_assert_max_num_queries(17) as small:
        client.get(url)
    now = timezone.now()
    for n in range(120):
        entry = EntryFactory(case=real_case, number=500 + n, kind="order" if n % 7 else "motion")
        entry.filed_by.add(real_case.parties.first())
    for n in range(10):
        DeadlineFactory(case=real_case, due_at=now + dt.timedelta(days=n - 5))
        DeadlineFactory(case=real_case, due_at=now - dt.timedelta(days=n), status="met",
                        met_on=now.date())  # fmt: skip
        NoticeWindowFactory(case=real_case, received_at=now - dt.timedelta(hours=n))
        DisclosureFactory(case=real_case, verdict=Disclosure.Verdict.BREACH)
    with django_assert_max_num_queries(17) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


# --------------------------------------------------------------------------- no dead ends


def _sixty_notices(case):
    for n in range(60):
        EntryFactory(case=case, number=100 + n, kind="notice", text=f"Notice {n}")


@pytest.mark.parametrize(
    ("page", "expected_page", "first_number"),
    [("999", 2, 150), ("abc", 1, 100), ("-3", 2, 150), ("0", 2, 150), ("2", 2, 150)],
)
def test_out_of_range_or_bad_page_goes_to_the_last_or_first(
    client_for, users, real_case, page, expected_page, first_number
):
    # Django's get_page: not a number -> page 1; out of range (incl. 0 and negatives) -> last.
    _sixty_notices(real_case)
    response = get_docket(client_for(users["attorney"]), real_case, kind="notice", page=page)
    assert response.status_code == 200
    assert f"Page {expected_page} of 2" in response.content.decode()
    assert row_numbers(response)[0] == first_number


def test_search_with_no_match_says_so_and_offers_a_way_out(client_for, users, real_case, docket):
    response = get_docket(
        client_for(users["attorney"]), real_case, q="habeas <b>x</b>", kind="motion"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert '0 entries match “<strong class="searched">habeas &lt;b&gt;x&lt;/b&gt;</strong>”' in html
    assert '<a class="button small-button" href="?kind=motion">Clear the search</a>' in html
    assert 'href="?">Clear all filters</a>' in html
    assert "<table" not in html.split('id="docket-count"')[1]


def test_search_hits_are_counted_with_the_query(client_for, users, real_case, docket):
    html = get_docket(client_for(users["attorney"]), real_case, q="dismiss").content.decode()
    assert '2 entries match “<strong class="searched">dismiss</strong>”' in html


@pytest.fixture
def small_window(monkeypatch):
    """The text filter's window (1,000 matches) made 3, so a few entries fill it."""
    from docket.entries import views

    monkeypatch.setattr(views, "TEXT_WINDOW", 3)
    return 3


def _quokkas(case, numbers, **kwargs):
    return [
        EntryFactory(
            case=case,
            number=n,
            date_filed=dt.date(2025, 4, n % 28 + 1),
            text=f"NOTICE about the quokka {n}",
            **kwargs,
        )  # fmt: skip
        for n in numbers
    ]


def test_a_common_word_reads_only_the_window_and_says_so(
    client_for, users, real_case, small_window
):
    """More matches than the window: "more than 3", and the entries of the 3 most recently
    added matches are listed (in the docket's order), not a count of every match."""
    _quokkas(real_case, [201, 202, 203, 204, 205])
    response = get_docket(client_for(users["attorney"]), real_case, q="quokka")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'More than 3 matches for “<strong class="searched">quokka</strong>”' in html
    assert "the 3 entries with the 3 most recent are listed" in html
    assert row_numbers(response) == [203, 204, 205]


def test_under_the_window_the_count_is_exact(client_for, users, real_case, small_window):
    _quokkas(real_case, [201, 202, 203])
    html = get_docket(client_for(users["attorney"]), real_case, q="quokka").content.decode()
    assert '3 entries match “<strong class="searched">quokka</strong>”' in html
    assert "More than" not in html


def test_the_window_holds_only_what_the_member_may_see(client_for, users, real_case, small_window):
    """Sealed matches neither fill an attorney's window nor reveal themselves as "more"."""
    _quokkas(real_case, [201, 202, 203])
    _quokkas(real_case, [204, 205], visibility=DocketEntry.Visibility.SEALED)
    attorney = get_docket(client_for(users["attorney"]), real_case, q="quokka")
    assert "More than" not in attorney.content.decode()
    assert row_numbers(attorney) == [201, 202, 203]
    admin = get_docket(client_for(users["admin"]), real_case, q="quokka")
    assert "More than 3 matches" in admin.content.decode()
    assert row_numbers(admin) == [203, 204, 205]


def test_the_api_text_filter_keeps_every_match(client_for, users, real_case, small_window):
    """The window is the page's (it counts); the API's cursor pages never count, so its text
    filter still returns every match."""
    _quokkas(real_case, [201, 202, 203, 204, 205])
    client = client_for(users["attorney"])
    body = client.get(f"/api/v1/cases/{real_case.slug}/entries/?q=quokka&page_size=50").json()
    assert sorted(e["number"] for e in body["results"]) == [201, 202, 203, 204, 205]


def test_reversed_date_range_says_it_is_reversed(client_for, users, real_case, docket):
    response = get_docket(
        client_for(users["attorney"]),
        real_case,
        filed_after="09/30/2025",
        filed_before="09/01/2025",
    )
    assert response.status_code == 400
    assert "the range is reversed" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("02/30/2025", "“02/30/2025” is not a real date: February 2025 has 28 days."),
        ("02/29/2024", None),  # a leap day is real
        ("2025-04-31", "“2025-04-31” is not a real date: April 2025 has 30 days."),
        ("13/01/2025", "“13/01/2025” is not a real date: there is no month 13."),
        ("yesterday", "“yesterday” is not a date: type it as MM/DD/YYYY."),
    ],
)
def test_date_filter_says_not_a_real_date(client_for, users, real_case, docket, typed, message):
    response = get_docket(client_for(users["attorney"]), real_case, filed_after=typed)
    if message is None:
        assert response.status_code == 200
    else:
        assert response.status_code == 400
        assert message in response.content.decode()


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        # Unnumbered entries last either way (the same on SQLite and PostgreSQL).
        ("number", [10, 12, 14, None, None, None, None, None]),
        ("-number", [14, 12, 10, None, None, None, None, None]),
        ("kind", None),
    ],
)
def test_sortable_columns(client_for, users, real_case, docket, order, expected):
    response = get_docket(client_for(users["attorney"]), real_case, order=order)
    assert response.status_code == 200
    numbers = row_numbers(response)
    if expected is not None:
        assert numbers == expected
    else:
        kinds = re.findall(r'<span class="tag tag-([a-z_]+)">', response.content.decode())
        assert kinds == sorted(kinds)
    html = response.content.decode()
    # The header links keep the other filters and flip the order of the sorted column.
    assert 'aria-sort="ascending"' in html or 'aria-sort="descending"' in html


def test_pages_past_the_middle_read_from_the_end_and_match_the_forward_order(
    client_for, users, real_case
):
    """The two-ended paginator gives the same rows as plain OFFSET paging on every page."""
    from django.core.paginator import Paginator

    from docket.entries import selectors
    from docket.entries.views import TwoEndedPaginator

    for n in range(130):
        EntryFactory(case=real_case, number=1000 + n, date_filed=dt.date(2025, 1, 1 + n % 28))
    membership = users["attorney"].memberships.get(case=real_case)
    entries = selectors.docket_for(real_case, membership)
    plain, two_ended = Paginator(entries, 50), TwoEndedPaginator(entries, 50)
    assert two_ended.num_pages == 3
    for number in (1, 2, 3):
        assert [e.pk for e in two_ended.page(number)] == [e.pk for e in plain.page(number)]
    last = get_docket(client_for(users["attorney"]), real_case, page=3)
    assert last.status_code == 200 and len(row_numbers(last)) == entries.count() - 100


@pytest.fixture
def quokka_docket(real_case):
    """Eleven matches over few dates (ties broken by number), varied kinds, one unnumbered, one
    restricted, one filed by a party."""
    kinds = ["motion", "order", "notice"]
    entries = [
        EntryFactory(
            case=real_case,
            number=number,
            date_filed=dt.date(2025, 5, 1 + number % 4),
            kind=kinds[number % 3],
            text=f"NOTICE about the quokka {number}",
        )  # fmt: skip
        for number in (301, 309, 302, 308, 303, 307, 304, 306, 305)
    ]
    entries.append(
        EntryFactory(
            case=real_case,
            number=None,
            date_filed=dt.date(2025, 5, 2),
            kind="minute_order",
            text="Minute order on the quokka",
        )  # fmt: skip
    )
    entries.append(
        EntryFactory(
            case=real_case,
            number=310,
            date_filed=dt.date(2025, 5, 3),
            kind="motion",
            text="Restricted quokka declaration",
            visibility=DocketEntry.Visibility.RESTRICTED,
        )  # fmt: skip
    )
    entries[3].filed_by.add(real_case.parties.first())
    entries[5].filed_by.add(real_case.parties.first())
    return entries


def _every_page(client, case, params):
    """Row numbers of every page, in order, and the count line."""
    from django.core.cache import cache

    rows, page = [], 1
    while True:
        cache.clear()  # the docket block is cached by query string, not by window
        response = get_docket(client, case, **params, page=page)
        assert response.status_code == 200
        rows += row_numbers(response)
        html = response.content.decode()
        if 'rel="next"' not in html:
            count = re.search(r'id="docket-count">([^<]*)', html).group(1)
            return rows, count
        page += 1


@pytest.mark.parametrize("role", ["attorney", "client"])
@pytest.mark.parametrize("order", ["", "number", "-number", "date", "-date", "kind", "-kind"])
def test_the_text_filters_window_pages_like_the_whole_docket(
    client_for, users, real_case, quokka_docket, monkeypatch, role, order
):
    """Within its window the text filter pages by id (docket/entries/views.py _bounded_page):
    the same rows in the same order on every page, and the same count, as the docket filtered
    without a window, in every order, for the team and for a client."""
    from docket.entries import views

    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    client = client_for(users[role])
    params = {"q": "quokka", "order": order} if order else {"q": "quokka"}
    bounded = _every_page(client, real_case, params)
    party = {"party": real_case.parties.first().pk}
    bounded_party = _every_page(client, real_case, {**params, **party})

    class Unbounded(views.DocketFilter):  # every match (as the API): count + LIMIT/OFFSET pages
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **{**kwargs, "window": None})

    monkeypatch.setattr(views, "DocketFilter", Unbounded)
    assert _every_page(client, real_case, params) == bounded
    assert _every_page(client, real_case, {**params, **party}) == bounded_party
    assert len(bounded[0]) == (11 if role == "attorney" else 10)
    assert len(bounded_party[0]) == 2


def test_the_text_filters_query_count_does_not_grow_with_matches(
    client_for, users, real_case, quokka_docket, django_assert_num_queries
):
    """Window, ids in order, the page's rows: the same statements for 11 matches as for 60, and
    on a later page. (7: the signed-in user comes from the cache, casetracker/authentication.)"""
    from django.core.cache import cache

    client = client_for(users["attorney"])
    client.get(reverse("case_list"))  # the session's first page fills the header's user cache
    client.get(reverse("filing_list", args=[real_case.slug]))  # and the case header's
    with django_assert_num_queries(7):
        get_docket(client, real_case, q="quokka")
    for number in range(400, 449):
        EntryFactory(case=real_case, number=number, text=f"ORDER on the quokka {number}")
    cache.clear()
    client.get(reverse("filing_list", args=[real_case.slug]))
    with django_assert_num_queries(7):
        assert len(row_numbers(get_docket(client, real_case, q="quokka"))) == 50
    with django_assert_num_queries(7):
        assert len(row_numbers(get_docket(client, real_case, q="quokka", page=2))) == 10
