"""Visibility is inherited: the one selector layer for the docket and everything derived from it.

A docket entry is public, restricted (team only) or sealed (admins only). Anything computed from
an entry — an obligation, a deadline, a reminder, an in-app notification, a calendar feed item, an
export, a search hit, an error message — may be seen only by a member who may see *every* entry it
was derived from. That is decided here, at read time, from the source entries' current visibility:
nothing is copied onto the derived row, so sealing an entry hides what came from it at once.

Each derived model's QuerySet subclasses `VisibleQuerySet` and names:
- `case_path`: how the row reaches its case (`"case"`, `"order__case"`),
- `entry_paths`: the relations to the docket entries it was derived from (a null one is ignored),
- `roles`: which roles may see this kind of row at all (e.g. notice windows: the team only),
- `extra_q(role)`: any further per-role condition (clients: deadlines the team marked public).

Then every read goes through `Model.objects.visible_to(membership)` (one case) or
`Model.objects.visible_to_user(user)` (every case the user is on, each with its own role, e.g.
the calendar feed and the cross-case dashboard). Search can call the same methods."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, Self

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import Q

from casetracker.models import CaseMembership, Role, User

# DocketEntry.Visibility values (strings, so this module need not import docket.models).
PUBLIC, RESTRICTED, SEALED = "public", "restricted", "sealed"
EVERY_ROLE = (Role.ADMIN, Role.ATTORNEY, Role.PARALEGAL, Role.CLIENT)
TEAM_ROLES = (Role.ADMIN, Role.ATTORNEY, Role.PARALEGAL)

ALLOWED: dict[str, tuple[str, ...]] = {
    Role.ADMIN: (PUBLIC, RESTRICTED, SEALED),
    Role.ATTORNEY: (PUBLIC, RESTRICTED),
    Role.PARALEGAL: (PUBLIC, RESTRICTED),
    Role.CLIENT: (PUBLIC,),
}


def allowed_visibilities(role: str) -> list[str]:
    """Entry visibilities a role may see: admins everything, the team all but sealed, clients
    public only. Unknown roles see nothing."""
    return list(ALLOWED.get(role, ()))


class HasVisibility(Protocol):
    """A docket entry, for this module (which does not import docket.models)."""

    visibility: str


def entry_visible(entry: HasVisibility | None, membership: CaseMembership | None) -> bool:
    """Whether this member may see this entry (None = no entry: nothing to hide)."""
    if entry is None:
        return True
    if membership is None:
        return False
    return entry.visibility in ALLOWED.get(membership.role, ())


def entries_q(role: str, paths: Iterable[str]) -> Q:
    """Every entry reached through `paths` is null or visible to `role`."""
    allowed = allowed_visibilities(role)
    q = Q()
    for path in paths:
        prefix = f"{path}__" if path else ""
        if path:
            q &= Q(**{f"{path}__isnull": True}) | Q(**{f"{prefix}visibility__in": allowed})
        else:
            q &= Q(visibility__in=allowed)
    return q


def memberships_of(user: User | AnonymousUser | None) -> list[tuple[int | None, str]]:
    """(case_id, role) pairs for the user's current memberships; a superuser is an admin on
    every case (None = every case)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return [(None, Role.ADMIN)]
    return list(CaseMembership.objects.filter(user=user).values_list("case_id", "role"))


class VisibleQuerySet(models.QuerySet):
    case_path = "case"
    entry_paths: tuple[str, ...] = ()
    roles: tuple[str, ...] = EVERY_ROLE

    def extra_q(self, role: str) -> Q:
        return Q()

    def role_q(self, role: str) -> Q | None:
        """Rows of any case that this role may see (without the case condition)."""
        if role not in self.roles:
            return None
        return entries_q(role, self.entry_paths) & self.extra_q(role)

    def visible_to(self, membership: CaseMembership | None) -> Self:
        """Rows of the membership's case that this member may see now."""
        if membership is None:
            return self.none()
        q = self.role_q(membership.role)
        if q is None:
            return self.none()
        return self.filter(Q(**{f"{self.case_path}_id": membership.case_id}) & q)

    def visible_to_user(self, user: User | AnonymousUser | None) -> Self:
        """Rows of every case the user is on, each judged by the user's current role there."""
        by_role: dict[str, list[int | None]] = {}
        for case_id, role in memberships_of(user):
            by_role.setdefault(role, []).append(case_id)
        combined = None
        for role, case_ids in by_role.items():
            q = self.role_q(role)
            if q is None:
                continue
            if None not in case_ids:
                q &= Q(**{f"{self.case_path}_id__in": case_ids})
            combined = q if combined is None else combined | q
        if combined is None:
            return self.none()
        return self.filter(combined)


class DocketEntryQuerySet(VisibleQuerySet):
    entry_paths = ("",)


class DocumentQuerySet(VisibleQuerySet):
    case_path = "entry__case"
    entry_paths = ("entry",)


_DocumentManager = models.Manager.from_queryset(DocumentQuerySet)


class CurrentDocumentManager(_DocumentManager):
    """`Document.objects`: documents not withdrawn. A withdrawn document (issue 11 §5) is gone
    from every page, count, feed, export, API answer and search hit for everyone, so the default
    manager — which `entry.documents` and every query start from — leaves it out; only
    `Document.all_objects` (backups, storage bookkeeping, the admins' withdrawn list) sees it."""

    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class ObligationQuerySet(VisibleQuerySet):
    case_path = "order__case"
    entry_paths = ("order", "trigger")


class ImportRunQuerySet(VisibleQuerySet):
    """An import's review record: the team's (its per-entry rows are filtered by the entries'
    own visibility when shown, docket.ingest.review.rows_for)."""

    roles = TEAM_ROLES


class TextConflictQuerySet(VisibleQuerySet):
    case_path = "entry__case"
    entry_paths = ("entry",)
    roles = TEAM_ROLES
