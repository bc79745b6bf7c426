"""Landing pages and friendly error pages."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

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
    cases = cases_for(request.user).select_related("court")
    return render(request, "casetracker/case_list.html", {"cases": cases})


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
