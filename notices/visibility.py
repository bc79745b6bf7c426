"""Who may see the notices app's derived rows: deadlines, notice windows, disclosures, reminders
and in-app notifications inherit the visibility of the docket entries they come from
(docket/visibility.py explains the rule). A new relation from one of these models to a docket
entry must be added to its `entry_paths` here, or the row will not inherit that entry's seal."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from casetracker.models import CaseMembership, Role, User
from docket.visibility import TEAM_ROLES, VisibleQuerySet, memberships_of

# The docket entries a deadline comes from: the order that set it and what it runs from, and the
# entry that met it (a deadline "met by ECF 104" would name a sealed paper).
DEADLINE_SOURCES = (
    "obligation__order",
    "obligation__trigger",
    "trigger",
    "satisfied_by",
)
WINDOW_SOURCES = ("entry",)


def _under(prefix: str, paths: Iterable[str]) -> tuple[str, ...]:
    return tuple(f"{prefix}__{path}" for path in paths)


class DeadlineQuerySet(VisibleQuerySet):
    entry_paths = DEADLINE_SOURCES

    def extra_q(self, role: str) -> Q:
        return Q(is_public=True) if role == Role.CLIENT else Q()


class NoticeWindowQuerySet(VisibleQuerySet):
    entry_paths = WINDOW_SOURCES
    roles = TEAM_ROLES


class DisclosureQuerySet(VisibleQuerySet):
    roles = TEAM_ROLES


class NotificationQuerySet(VisibleQuerySet):
    """A notification is read against the user's role *now*: a reminder's deadline or window,
    or the entry it announces, must still be visible to them, and team alerts stop when the user
    is no longer on the team. Notifications about no case (account messages) stay visible."""

    entry_paths = (
        "entry",
        "reminder__entry",
        *_under("reminder__deadline", DEADLINE_SOURCES),
        *_under("reminder__window", WINDOW_SOURCES),
    )

    def extra_q(self, role: str) -> Q:
        if role in TEAM_ROLES:
            return Q()
        # Clients: only notifications meant for everyone, never a team reminder (their notice of
        # a public order, notices.reminders.alerts, is the one reminder meant for them).
        return Q(audience="everyone") & (
            Q(reminder__isnull=True) | Q(reminder__kind="client_order")
        )

    def visible_to_user(self, user: User | AnonymousUser | None) -> Self:
        mine = self.filter(user=user) if user is not None and user.is_authenticated else self.none()
        if not memberships_of(user):
            return mine.filter(case__isnull=True)
        by_case = super(NotificationQuerySet, mine).visible_to_user(user)
        return mine.filter(Q(case__isnull=True) | Q(pk__in=by_case.values("pk")))


def current_membership(user: User | None, case_id: int) -> CaseMembership | None:
    """The user's membership on the case now (superusers act as admins), or None."""
    if user is None or not user.is_active:
        return None
    membership = CaseMembership.objects.filter(user=user, case_id=case_id).first()
    if membership is None and user.is_superuser:
        membership = CaseMembership(user=user, case_id=case_id, role=Role.ADMIN)
    return membership
