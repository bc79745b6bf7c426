"""Who may see and do what — the one place role checks live.

Rules:
- A user with no membership on a case gets 404 for the case and every URL under it (no IDOR:
  we never reveal that the case or object exists).
- Admins, attorneys and paralegals are the team; clients see only public material of their case.
- Which docket entries each role sees is decided in docket/permissions.py.
- A member whose role does not allow a page gets 403.
Views use `case_view(...)`; templates use `request.membership` flags computed here."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Case, CaseMembership, Role
from .prepared import PreparedQuery

TEAM = (Role.ADMIN, Role.ATTORNEY, Role.PARALEGAL)
EDITORS = (Role.ADMIN, Role.ATTORNEY, Role.PARALEGAL)
EVERYONE = (Role.ADMIN, Role.ATTORNEY, Role.PARALEGAL, Role.CLIENT)
CLIENTS = (Role.CLIENT,)
# Risky actions are legal judgments (vacate/reopen a deadline, override a computed date,
# withdraw a document): attorneys and admins only (see casetracker/decisions.py).
DECIDERS = (Role.ADMIN, Role.ATTORNEY)


def membership_for(user, case):
    """The user's membership on the case, or None. Superusers act as admins on every case.
    The appeal is part of the case: a member of a district case has the same role on its
    appeal's case (RelatedCase.tracked_case), for as long as they are a member below."""
    if not user.is_authenticated:
        return None
    membership = CaseMembership.objects.filter(user=user, case=case).first()
    if membership is None:
        below = CaseMembership.objects.filter(
            user=user, case__related_cases__tracked_case=case
        ).first()
        if below is not None:
            membership = CaseMembership(user=user, case=case, role=below.role, party=below.party)
    if membership is None and user.is_superuser:
        membership = CaseMembership(user=user, case=case, role=Role.ADMIN)
    return membership


def cases_for(user):
    """Cases the user may open (their cases and those cases' appeals)."""
    if user.is_superuser:
        return Case.objects.all()
    return Case.objects.filter(
        Q(memberships__user=user) | Q(lower_court_link__case__memberships__user=user)
    ).distinct()


# The member's membership with its case and court: one query on every case page, its SQL
# compiled once (casetracker/prepared.py: compiling this join cost ~10× running it).
_member_of = PreparedQuery(
    lambda user_id, slug: (
        CaseMembership.objects.select_related("case__court")
        .filter(user_id=user_id, case__slug=slug)
        .order_by("pk")[:1]
    ),
    (-7_364_021, "prepared-stand-in-slug"),
)


def _case_and_membership(user, slug):
    """The case and the user's membership, in one query for members (the common case)."""
    found = _member_of(user.pk, str(slug)) if user.is_authenticated else []
    membership = found[0] if found else None
    if membership is not None:
        return membership.case, membership
    case = get_object_or_404(Case.objects.select_related("court"), slug=slug)
    return case, membership_for(user, case)


def is_team(membership):
    return membership is not None and membership.role in TEAM


def can_decide(user, case):
    """May this user take the case's risky actions (attorneys and admins; see DECIDERS)?"""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    membership = membership_for(user, case)
    return membership is not None and membership.role in DECIDERS


def require_role(membership, roles):
    if membership is None:
        raise Http404("No such case.")
    if membership.role not in roles:
        raise PermissionDenied("Your role on this case does not allow this page.")


def case_view(*roles):
    """Decorate a view taking `slug`: loads the case and membership onto the request, returns 404
    to non-members and 403 to members whose role is not in `roles` (default: every role)."""
    allowed = roles or EVERYONE

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, slug, *args, **kwargs):
            case, membership = _case_and_membership(request.user, slug)
            require_role(membership, allowed)
            request.case, request.membership = case, membership
            return view(request, slug, *args, **kwargs)

        wrapper.allowed_roles = allowed  # type: ignore[attr-defined]
        return wrapper

    return decorator


def team_view(view):
    """Pages that are not tied to one case but are for the legal team only (e.g. the
    cross-case deadlines dashboard)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        roles = set(request.user.memberships.values_list("role", flat=True))
        if not request.user.is_superuser and not roles.intersection(TEAM):
            raise PermissionDenied("This page is for the legal team.")
        return view(request, *args, **kwargs)

    wrapper.allowed_roles = TEAM  # type: ignore[attr-defined]
    return wrapper
