"""What each role may see of the docket and record. Role checks for views live in
casetracker.permissions; this module only says which rows a member may see."""

from casetracker.models import Role
from casetracker.permissions import TEAM

from .models import DocketEntry

Visibility = DocketEntry.Visibility


def visible_visibilities(membership):
    """Attorneys and paralegals see every non-sealed entry; admins also see sealed ones;
    clients see public entries only."""
    if membership.role == Role.ADMIN:
        return [Visibility.PUBLIC, Visibility.RESTRICTED, Visibility.SEALED]
    if membership.role in TEAM:
        return [Visibility.PUBLIC, Visibility.RESTRICTED]
    return [Visibility.PUBLIC]


def visible_entries(case, membership):
    return DocketEntry.objects.filter(case=case, visibility__in=visible_visibilities(membership))


def can_see_privileged(membership):
    """Privileged record documents, internal notes and drafts: team only."""
    return membership is not None and membership.role in TEAM
