"""Landing pages and friendly error pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.template.loader import render_to_string

from .cache_tokens import CASES, cached, user_token
from .models import Role
from .permissions import cases_for


@login_required
def home(request):
    """Clients land on their case's status page; the team on the list of cases."""
    memberships = list(request.user.memberships.select_related("case"))
    if memberships and all(m.role == Role.CLIENT for m in memberships):
        return redirect("client_status", slug=memberships[0].case.slug)
    cases = list(cases_for(request.user))
    if len(cases) == 1:
        return redirect(cases[0])
    return redirect("case_list")


@login_required
def case_list(request):
    """The user's cases, rendered once per change of their memberships or of any case (the
    list and its tokens in one cache round trip: casetracker/cache_tokens.py)."""
    user = request.user

    def rendered():
        cases = cases_for(user).select_related("court")
        return render_to_string("casetracker/_case_list.html", {"cases": cases})

    html = cached(
        f"case-list:{user.pk}:{int(user.is_superuser)}", [user_token(user.pk), CASES], rendered
    )
    return render(request, "casetracker/case_list.html", {"case_list": html})


def _error(request, status, title, message):
    return render(
        request, "error.html", {"title": title, "message": message, "status": status}, status=status
    )


def bad_request(request, exception=None):
    return _error(request, 400, "Bad request", "The request could not be understood.")


def permission_denied(request, exception=None):
    return _error(
        request, 403, "Not allowed", str(exception or "") or "Your role does not allow this page."
    )


def page_not_found(request, exception=None):
    return _error(request, 404, "Not found", "There is no such page, or you do not have access.")


def server_error(request):
    return _error(request, 500, "Something went wrong", "The error was logged. Please try again.")
