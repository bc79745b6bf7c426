"""What each role may see of the docket and record. Role checks for views live in
casetracker.permissions; which rows a member may see — of the docket and of everything derived
from it — is decided in docket/visibility.py, which this module wraps for the docket's pages."""

from casetracker.models import Role
from casetracker.permissions import TEAM

from .models import DocketEntry
from .visibility import allowed_visibilities

Visibility = DocketEntry.Visibility


def visible_visibilities(membership):
    """Attorneys and paralegals see every non-sealed entry; admins also see sealed ones;
    clients see public entries only."""
    if membership is None:
        return []
    return allowed_visibilities(membership.role)


def visible_entries(case, membership):
    return DocketEntry.objects.filter(case=case, visibility__in=visible_visibilities(membership))


def can_see_privileged(membership):
    """Privileged record documents, internal notes and drafts: team only."""
    return membership is not None and membership.role in TEAM


def may_open_withdrawn(membership):
    """A withdrawn document (docket.entries.withdrawals) is gone for everyone; only the case's admins may
    still open its kept file, from the entry page's list of withdrawn documents."""
    return membership is not None and membership.role == Role.ADMIN
