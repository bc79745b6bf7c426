"""Reads for search: the one search API the page and the REST API call. The database engine is
chosen in docket/search/backends.py; who may see what is decided here, on every read, from the source
rows (an entry's visibility as it is now, not as it was when indexed).

Cost does not grow with the number of hits: the permission predicate is part of the one full-text
statement, which reads at most WINDOW + 1 matches (the most recently indexed first). With more
than WINDOW hits the page says "more than 1,000" and ranks the WINDOW most recent ones; a few
more words or a filter narrow it to an exact, fully ranked result."""

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from casetracker.models import Case, CaseMembership, Role, User
from casetracker.permissions import membership_for
from docket.models import DocketEntry
from docket.search import syntax
from docket.search.backends import ELLIPSIS, START, STOP, backend
from docket.search.filters import SearchFilter
from docket.search.models import SearchItem

Source = SearchItem.Source
_Row = TypeVar("_Row")
PER_PAGE = 20
WINDOW = 1000  # matches read, ranked and paged per search; more are counted as "more than"


def memberships_of(user: User, case: Case | None = None) -> list[CaseMembership]:
    """The user's memberships (one per case), optionally for one case only. A superuser acts as
    an admin on every case, as on the pages."""
    if case is not None:
        membership = membership_for(user, case)
        return [membership] if membership is not None else []
    memberships = list(CaseMembership.objects.filter(user=user).select_related("case"))
    if user.is_superuser:
        have = {m.case_id for m in memberships}
        memberships += [
            CaseMembership(user=user, case=c, role=Role.ADMIN)
            for c in Case.objects.exclude(pk__in=have)
        ]
    return memberships


def permitted_items(memberships: Iterable[CaseMembership]) -> QuerySet[SearchItem]:
    """Index rows these memberships may see, each case judged by that member's role there
    (the one visibility layer: SearchItemQuerySet)."""
    q = Q(pk__in=[])
    for membership in memberships:
        role_q = SearchItem.objects.role_q(membership.role)
        if role_q is not None:
            q |= Q(case_id=membership.case_id) & role_q
    return SearchItem.objects.filter(q)


def entries_matching(case: Case, text: str) -> QuerySet[Any] | None:
    """A subquery of the case's entries whose docket text or document text matches `text` (the
    search syntax), for the docket page's text filter; None when `text` has no words. The caller
    applies its own visibility to the entries."""
    terms = syntax.parse(text)
    if not terms:
        return None
    return backend().entry_ids(case.pk, terms)


@dataclass
class EntryWindow:
    ids: list[int]  # the entries of the window's matches (each once)
    capped: bool  # more than `limit` matches: only the window's entries are in `ids`


def entry_window(
    case: Case, membership: CaseMembership, text: str, limit: int = WINDOW
) -> EntryWindow | None:
    """The docket page's text filter, bounded like search: the entries of at most `limit`
    matches (docket text or document text) the member may see, the most recently indexed
    first, and whether there were more. A common word costs what a rare one does (counting
    every match of "motion" in a 100,000-entry docket was most of the page's time on
    PostgreSQL). None when `text` has no words."""
    terms = syntax.parse(text)
    if not terms:
        return None
    items = permitted_items([membership]).filter(
        case_id=case.pk, source__in=(Source.ENTRY, Source.DOCUMENT)
    )
    found = backend().entry_window(items, terms, limit + 1)
    return EntryWindow(ids=sorted(set(found[:limit])), capped=len(found) > limit)


def id_list(ids: list[int]) -> Any:
    """A `pk__in` value for these ids: a subquery taking them as ONE parameter (a JSON text on
    SQLite, an array on PostgreSQL). Django writes `IN (%s, %s, ...)` with a parameter per id,
    which for the text filter's 1,000 cost ≈ 2.5 ms of CPU to build and bind; this ≈ 0.3 ms."""
    return backend().id_list(ids) if ids else []


@dataclass
class Hit:
    item: SearchItem
    rank: float
    title: str
    snippet: str
    where: str
    url: str
    page: int | None = None


@dataclass
class Results:
    query: str
    terms: list[syntax.Term]
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    capped: bool = False  # more than `total` hits exist; only the `total` newest were ranked
    page: int = 1
    per_page: int = PER_PAGE
    filterset: SearchFilter | None = None
    errors: dict[str, Any] | None = None

    @property
    def only_stop_words(self) -> bool:
        return not self.terms and syntax.only_stop_words(self.query)

    @property
    def total_label(self) -> str:
        return f"{self.total:,}"

    @property
    def has_next(self) -> bool:
        return self.page * self.per_page < self.total

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.per_page + 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def search(
    *,
    user: User,
    query: str,
    memberships: list[CaseMembership],
    params: Mapping[str, Any] | None = None,
    page: int = 1,
    per_page: int = PER_PAGE,
    window: int | None = None,
) -> Results:
    """Search the cases of `memberships` (the caller resolved and checked them) for `query`.
    `params` are the filters (SearchFilter). Returns Results; `errors` is set for bad filters.
    `window`: how many matches to read and rank at most (WINDOW)."""
    cases = [m.case for m in memberships]
    filterset = SearchFilter(params or None, queryset=permitted_items(memberships), cases=cases)
    results = Results(query=query, terms=syntax.parse(query), page=page, per_page=per_page)
    results.filterset = filterset
    if filterset.is_bound and not filterset.is_valid():
        results.errors = filterset.errors
        return results
    if not results.terms:
        return results
    items = filterset.qs
    order = (filterset.form.cleaned_data.get("sort") if filterset.is_bound else None) or "relevance"
    engine = backend()
    limit = window or WINDOW
    matches = engine.window(items, results.terms, limit + 1)
    results.capped = len(matches) > limit
    matches = matches[:limit]
    results.total = len(matches)
    if order == "relevance":
        matches.sort(key=lambda row: (-row[2], -row[0]))
    else:
        matches.sort(key=lambda row: (row[1] or date.min, row[0]), reverse=True)
    results.page = page = min(page, max(1, -(-results.total // per_page)))  # past the end: last
    start = (page - 1) * per_page
    ranked = [(pk, rank) for pk, _date, rank in matches[start : start + per_page]]
    ids = [pk for pk, _rank in ranked]
    snippets = engine.snippets(ids, results.terms)
    loaded = SearchItem.objects.select_related(
        "case", "entry", "document", "filing", "record_document"
    ).in_bulk(ids)
    for pk, rank in ranked:
        title, body = snippets.get(pk, ("", ""))
        results.hits.append(_hit(loaded[pk], rank, title, body, results.terms))
    return results


def marked_html(text: str) -> SafeString:
    """Escape the text, then turn the engine's markers into <mark> (the only HTML in a hit)."""
    text = html.escape(text.replace("\f", " "))
    balanced = re.sub(f"{START}([^{START}{STOP}]*){STOP}", r"<mark>\1</mark>", text)
    return mark_safe(balanced.replace(START, "").replace(STOP, ""))  # noqa: S308 - escaped above


def page_of(body: str, snippet: str, terms: list[syntax.Term]) -> int:
    """Which page (1-based, pages separated by form feeds) the snippet's first match is on."""
    if "\f" not in body:
        return 1
    lowered = body.lower()
    for fragment in snippet.split(ELLIPSIS.strip()):
        if START not in fragment:
            continue
        fragment = fragment.strip()
        plain = fragment.replace(START, "").replace(STOP, "")
        position = body.find(plain) if plain else -1
        if position >= 0:  # where the first highlighted word is, not where the fragment starts
            position += len(fragment.split(START, 1)[0].replace(STOP, ""))
        else:
            word = fragment.split(START, 1)[1].split(STOP, 1)[0].lower()
            position = lowered.find(word) if word else -1
        if position >= 0:
            return body.count("\f", 0, position) + 1
    for word in syntax.highlight_words(terms):
        position = lowered.find(word)
        if position >= 0:
            return body.count("\f", 0, position) + 1
    return 1


def _hit(item: SearchItem, rank: float, title: str, snippet: str, terms: list[syntax.Term]) -> Hit:
    """Where the text is (entry number, Bates range, page) and the link to it."""
    case = item.case
    page = None
    if item.source == Source.ENTRY:
        entry = _source_row(item.entry, item)
        where = _entry_label(entry)
        url = _entry_url(case, entry)
    elif item.source == Source.DOCUMENT:
        entry = _source_row(item.entry, item)
        document = _source_row(item.document, item)
        page = page_of(item.body, snippet, terms)
        label = _entry_label(entry)
        if document.attachment_number:
            label += (
                f"-{document.attachment_number}"
                if entry.number
                else (f", attachment {document.attachment_number}")
            )
        where = f"{label}, page {page}"
        if document.file:
            url = reverse("document_download", kwargs={"slug": case.slug, "pk": document.pk})
            url += f"#page={page}"
        else:
            url = _entry_url(case, entry)
    elif item.source == Source.RECORD:
        record = _source_row(item.record_document, item)
        page = page_of(item.body, snippet, terms)
        where = f"{record.bates_start}–{record.bates_end}"
        if record.file:
            where += f", page {page}"
            url = reverse("record_file", kwargs={"slug": case.slug, "pk": record.pk})
            url += f"#page={page}"
        else:
            url = reverse("record_page", kwargs={"slug": case.slug}) + f"?q={record.bates_start}"
    else:
        filing = _source_row(item.filing, item)
        where = f"Filing ({filing.get_status_display().lower()})"
        url = reverse("filing_detail", kwargs={"slug": case.slug, "pk": filing.pk})
    return Hit(
        item=item,
        rank=rank,
        title=marked_html(title if START in title else item.title),
        snippet=marked_html(snippet),
        where=where,
        url=url,
        page=page,
    )


def _source_row(row: _Row | None, item: SearchItem) -> _Row:
    """The row a hit points at (deleting it deletes the index row: CASCADE)."""
    if row is None:
        raise LookupError(f"Search index row {item.pk} ({item.source}) has no source row.")
    return row


def _entry_url(case: Case, entry: DocketEntry) -> str:
    return reverse("entry_detail", kwargs={"slug": case.slug, "number": entry.permalink_key})


def _entry_label(entry: DocketEntry) -> str:
    return entry.name  # "ECF No. 12" or "Minute order, 9 Sep 2025", as everywhere
