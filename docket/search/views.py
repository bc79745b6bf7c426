"""The search page: one box in every page's header; results from the cases the user is a member
of (or one case with `case=<slug>`), each re-checked against the user's role on that case."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from casetracker.models import Case
from docket.search import selectors


def _page_number(value):
    try:
        return max(1, min(int(value or 1), 500))
    except ValueError:
        return 1


@login_required
def search_page(request):
    slug = request.GET.get("case", "")
    case = None
    if slug:
        case = Case.objects.filter(slug=slug).first()
        if case is None:
            raise Http404("No such case.")
    memberships = selectors.memberships_of(request.user, case)
    if slug and not memberships:
        raise Http404("No such case.")  # a case the user is not on looks like no case at all
    query = request.GET.get("q", "").strip()[:500]
    results = selectors.search(
        user=request.user,
        query=query,
        memberships=memberships,
        params=request.GET,
        page=_page_number(request.GET.get("page")),
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "results": results,
        "query": query,
        "search_case": case,
        "params": params.urlencode(),
    }
    return render(request, "search/results.html", context, status=400 if results.errors else 200)
