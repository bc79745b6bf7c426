"""Docket pages: the case overview, the docket with filters, entry permalinks, documents.
Thin: permissions come from casetracker.permissions, reads from docket.entries.selectors."""

import os
from typing import Any, cast

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import urlencode

from casetracker.cache_tokens import lookup
from casetracker.decisions import DecisionForm
from casetracker.permissions import DECIDERS, case_view, is_team
from docket import panels
from docket.entries import selectors
from docket.entries.cache import CACHE_SECONDS, table_key
from docket.entries.filters import DocketFilter
from docket.entries.withdrawals import THING, VERB, withdraw_document
from docket.permissions import visible_visibilities
from docket.responses import framed_by_our_page, pdf_response
from docket.search.selectors import WINDOW
from docket.search.syntax import only_stop_words

PAGE_SIZE = 50
TEXT_WINDOW = WINDOW  # the text filter reads at most this many matches, as search does


def _docket_page(request, case, membership):
    """The docket block (filters + table) and its status. The block depends only on the query
    string and the case's docket version, so it is cached under both (docket/entries/cache.py)."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    key = table_key(case, visible_visibilities(membership), query)
    block = lookup(key)  # with the session, in the page's one cache round trip
    if block is not None:
        return {"docket_block": block}, 200
    filterset = DocketFilter(
        request.GET or None,
        queryset=selectors.docket_for(case, membership),
        case=case,
        membership=membership,
        window=TEXT_WINDOW,
    )
    context = {"case": case, "filter": filterset}
    if filterset.is_bound and not filterset.is_valid():
        context["filter_errors"] = filterset.errors
        return {"docket_block": render_to_string("docket/_docket_block.html", context)}, 400
    entries = filterset.qs  # runs the filters (the text filter sets window_ids and capped)
    # the text filter left at most its window of entries: page them by id (_bounded_page)
    rows = selectors.docket_for(case, membership) if filterset.window_ids is not None else None
    context.update(_page_of(entries, request.GET, rows=rows))
    context["capped"] = filterset.capped  # set while the text filter ran (filterset.qs)
    context["window_label"] = f"{TEXT_WINDOW:,}"
    block = render_to_string("docket/_docket_block.html", context)
    cache.set(key, block, CACHE_SECONDS)
    return {"docket_block": block}, 200


class TwoEndedPaginator(Paginator):
    """Pages past the middle are read from the end (the order reversed, a small OFFSET), so the
    last page of a 100,000-entry docket costs what the first does. Only for a total order
    (ending in the primary key), where reversing gives exactly the same rows."""

    def page(self, number):
        number = self.validate_number(number)
        order = getattr(getattr(self.object_list, "query", None), "order_by", ())
        if number <= (self.num_pages + 1) // 2 or not order or order[-1] not in ("pk", "-pk"):
            return super().page(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        from_end = self.count - top
        queryset = cast(QuerySet[Any], self.object_list)  # a total order: checked above
        rows = list(queryset.reverse()[from_end : from_end + (top - bottom)])
        rows.reverse()
        return self._get_page(rows, number, self)  # type: ignore[attr-defined]  # Django's hook


def _page_of(entries, params, rows=None):
    """A page of the docket; `?page=999` is the last page and `?page=abc` the first (never a
    dead end), plus what the table header and the empty state need. `rows`: `entries` are at
    most the text filter's window, and the page's rows are read from `rows` by id
    (_bounded_page)."""
    if rows is not None:
        page = _bounded_page(entries, rows, params.get("page"))
    else:
        page = TwoEndedPaginator(entries, PAGE_SIZE).get_page(params.get("page"))
    page.object_list = selectors.for_page(page.object_list)
    query = params.copy()
    query.pop("page", None)
    return {
        "page": page,
        "query": query.urlencode(),
        "sort_links": sort_links(params),
        "searched": params.get("q", "").strip(),
        # the full-text search leaves out stop words ("the", "by"): say so when that is all
        "common_words_only": only_stop_words(params.get("q", "")),
        "filtered": any(v for k, v in params.items() if k not in ("page", "order")),
        "clear_search": _without(params, "q", "page"),
    }


def _bounded_page(entries, rows, number):
    """A page of at most TEXT_WINDOW entries (the text filter's): their ids in the chosen order
    in one query (which counts them too), then the page's rows by id from `rows` (the member's
    docket, so visibility is checked again). The same two queries as
    count + LIMIT, but PostgreSQL, asked for the first 50 of a 1,000-id list in date order,
    walked the docket's date index from its start testing every entry against the list (the
    window holds the most recent matches, at the end of the docket: 31 ms at 100,000 entries);
    for the ids alone it fetches the 1,000 rows by key and sorts them (≈ 2 ms)."""
    ids = list(entries.values_list("pk", flat=True))
    page = Paginator(ids, PAGE_SIZE).get_page(number)
    loaded = rows.order_by().in_bulk(page.object_list) if page.object_list else {}
    page.object_list = [loaded[pk] for pk in page.object_list if pk in loaded]
    return page


SORTABLE = (("number", "#"), ("date", "Filed"), ("kind", "Kind"))


def sort_links(params):
    """{column: (href, aria-sort)} for the sortable headers: a click sorts by the column, a
    second click reverses it; filters are kept, the page starts again at 1."""
    current = params.get("order", "")
    links = {}
    for key, _label in SORTABLE:
        if current == key:
            target, state = f"-{key}", "ascending"
        elif current == f"-{key}":
            target, state = key, "descending"
        else:
            target, state = key, "none"
        if not current and key == "date":
            target, state = "-date", "ascending"  # the docket's own order is oldest first
        query = params.copy()
        query.pop("page", None)
        query["order"] = target
        links[key] = {"href": f"?{query.urlencode()}", "sort": state}
    return links


def _without(params, *names):
    query = params.copy()
    for name in names:
        query.pop(name, None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


def _case_header(case):
    parties = selectors.parties_with_counsel(case)
    return {
        "case": case,
        "plaintiffs": [p for p in parties if p.side == "plaintiff"],
        "defendants": [p for p in parties if p.side == "defendant"],
        "others": [p for p in parties if p.side not in ("plaintiff", "defendant")],
    }


@case_view()
def case_detail(request, slug):
    """The case at a glance: next deadline, open notice windows, latest order, the docket."""
    case, membership = request.case, request.membership
    if not is_team(membership):
        from django.shortcuts import redirect

        return redirect("client_status", slug=case.slug)
    context, status = _docket_page(request, case, membership)
    context.update(_case_header(case))
    context["latest_order"] = selectors.latest_order(case, membership)
    context["docket_complete"], context["docket_count"] = selectors.docket_completeness(case)
    context["time_panel"] = panels.render("case_detail", case=case, membership=membership)
    return render(request, "docket/case_detail.html", context, status=status)


@case_view()
def docket_list(request, slug):
    context, status = _docket_page(request, request.case, request.membership)
    context["case"] = request.case
    return render(request, "docket/docket_list.html", context, status=status)


@case_view()
def entry_detail(request, slug, number):
    entry = selectors.entry_for(request.case, request.membership, number)
    responds_to, responses = selectors.related_entries(entry, request.membership)
    context = {
        "case": request.case,
        "entry": entry,
        "documents": entry.documents.all(),
        "responds_to": responds_to,
        "responses": responses,
        "show_internal": is_team(request.membership),
        "withdrawn": selectors.withdrawn_documents(entry, request.membership),
        "can_withdraw": request.membership.role in DECIDERS,
        "deadlines_panel": panels.render(
            "entry_detail", entry=entry, membership=request.membership
        ),
    }
    return render(request, "docket/entry_detail.html", context)


@case_view()
def document_download(request, slug, pk):
    """Serve a stored PDF through the permission check, never as HTML: fixed content type,
    nosniff, a sandboxing CSP, and a safe file name."""
    document = selectors.document_for(request.case, request.membership, pk, withdrawn_too=True)
    if not document.file:
        raise Http404("This document has no file in the tracker.")
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The stored file is missing.") from None
    name = _safe_filename(document)
    # Always a download, except inside the app's own PDF page (document_view), and never inline
    # for a PDF flagged on upload as carrying JavaScript or embedded files.
    inline = framed_by_our_page(request) and not document.active_content
    return pdf_response(handle, name, as_attachment=not inline, framed_by_self=inline)


@case_view()
def document_view(request, slug, pk):
    """The app's own PDF page: the document in a frame, with a download link. A flagged PDF is
    not framed: the page says what it carries and offers only the download."""
    document = selectors.document_for(request.case, request.membership, pk)
    if not document.file:
        raise Http404("This document has no file in the tracker.")
    context = {
        "case": request.case,
        "document": document,
        "entry": document.entry,
        "warnings": active_content_labels(document),
    }
    return render(request, "docket/document_view.html", context)


@case_view(*DECIDERS)
def document_withdraw(request, slug, pk):
    """Confirm page naming the document and its entry, then withdraw it with a required reason
    (attorneys and admins only; docket.entries.withdrawals says why it is kept, not deleted)."""
    document = selectors.document_for(request.case, request.membership, pk)
    form = DecisionForm(
        request.POST or None,
        verb=VERB,
        thing=THING,
        reason_help="e.g. The wrong PDF was attached; the filed version is attachment 2",
    )
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_document(
                document=document,
                user=request.user,
                reason=form.cleaned_data["reason"],
                confirmed=form.cleaned_data["confirm"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, f"{document.label} of {document.entry.name} withdrawn. The reason is kept."
            )
            return redirect(document.entry.get_absolute_url())
    context = {"case": request.case, "document": document, "entry": document.entry, "form": form}
    status = 400 if request.method == "POST" else 200
    return render(request, "docket/document_withdraw.html", context, status=status)


def active_content_labels(document):
    from docket.entries.uploads import ACTIVE_LABELS

    return [ACTIVE_LABELS.get(f, f) for f in filter(None, document.active_content.split(","))]


def _safe_filename(document):
    entry = document.entry
    stem = f"ECF-{entry.number}" if entry.number else f"entry-{entry.pk}"
    if document.attachment_number:
        stem += f"-{document.attachment_number}"
    return os.path.basename(f"{stem}.pdf")
