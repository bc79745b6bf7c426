"""Values every page's header and footer need: the unread notification count, and whether
the page is the legal team's (the "attorney work product" footer never shows on a page a
client sees: a case page for a client member, or a page of a user who is only a client)."""

from notices.deadlines.selectors import visible_unread_count
from notices.nav_cache import header_facts


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    facts = header_facts(user)  # cached per user: no query on most pages
    unread = visible_unread_count(user) if facts["any_unread"] else 0
    return {
        "unread_notifications": unread,
        "work_product": _team_page(request, user, facts),
        # the header's search box keeps the page's query (a plain lookup: `request.GET.q` in
        # the template costs a dir() of the QueryDict when there is none, on every page; and
        # most pages have no query string at all, so no QueryDict is parsed for them)
        "header_q": request.GET.get("q", "") if request.META.get("QUERY_STRING") else "",
    }


def _team_page(request, user, facts):
    membership = getattr(request, "membership", None)
    if membership is not None:
        return membership.is_team
    if getattr(request, "case", None) is not None:
        return False
    return user.is_superuser or facts["team"]
