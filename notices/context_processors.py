"""Values every page's header and footer need: the unread notification count, and whether
the page is the legal team's (the "attorney work product" footer never shows on a page a
client sees: a case page for a client member, or a page of a user who is only a client)."""

from notices.deadlines.selectors import unread_count


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user), "work_product": _team_page(request, user)}


def _team_page(request, user):
    membership = getattr(request, "membership", None)
    if membership is not None:
        return membership.is_team
    if getattr(request, "case", None) is not None:
        return False
    return user.is_superuser or user.memberships.exclude(role="client").exists()
