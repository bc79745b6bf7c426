"""The REST API's framework (/api/v1/) and the case resources. Every case-scoped view resolves
the case and the caller's membership the way the pages do (casetracker.permissions): 404 for a
case the caller is not on (never revealing that it exists), 403 for a role the page would refuse;
rows come from the same selectors and filtersets as the pages. Each app's resources live in its
own package (docket/api, notices/api), composed in the root urlconf."""

import hashlib
import json
from typing import TYPE_CHECKING

from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import generics
from rest_framework.response import Response

from casetracker.api import serializers as s
from casetracker.models import Case, CaseMembership, Representation
from casetracker.permissions import (
    EDITORS,
    EVERYONE,
    TEAM,
    _case_and_membership,
    cases_for,
    is_team,
    require_role,
)


class PageFilterBackend(DjangoFilterBackend):
    """django-filter with the pages' filtersets, which need the case to build their choices."""

    def get_filterset_kwargs(self, request, queryset, view):
        kwargs = super().get_filterset_kwargs(request, queryset, view)
        kwargs.update(view.filterset_extra())
        return kwargs


def etag_response(request, data):
    """A detail answer with a strong ETag; 304 when the client already has this version."""
    etag = (
        '"'
        + hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()[:40]
        + '"'
    )
    wanted = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    headers = {"ETag": etag, "Cache-Control": "private, no-cache"}
    if etag in wanted or "*" in wanted:
        return Response(status=304, headers=headers)
    return Response(data, headers=headers)


# The mixins below are plain classes at run time (the view classes list the DRF base class
# last); for the type checker they are views, so their `super()` and `self` calls resolve.
if TYPE_CHECKING:
    _View = generics.GenericAPIView
else:
    _View = object


class CaseScoped(_View):
    """Loads `self.case` and `self.membership` from the URL's slug after authentication."""

    allowed_roles: tuple[str, ...] = EVERYONE
    write_roles: tuple[str, ...] = EDITORS
    case: Case
    membership: CaseMembership | None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        try:
            case, membership = _case_and_membership(request.user, kwargs["slug"])
        except Http404:
            raise Http404("No such case.") from None  # the same answer as for a non-member
        require_role(membership, self.allowed_roles)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            require_role(membership, self.write_roles)
        self.case, self.membership = case, membership

    def fake(self):
        return getattr(self, "swagger_fake_view", False)

    def filterset_extra(self):
        return {}

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not self.fake():
            context.update(case=self.case, team=is_team(self.membership))
        return context


# Base of the apps' `...Queryset` mixins (docket/api, notices/api): CaseScoped for the type
# checker, a plain class at run time.
if TYPE_CHECKING:
    QuerysetMixin = CaseScoped
else:
    QuerysetMixin = object


class DetailWithETag(_View):
    def retrieve(self, request, *args, **kwargs):
        return etag_response(request, self.get_serializer(self.get_object()).data)


class CaseList(generics.ListAPIView):
    """The cases you are a member of."""

    serializer_class = s.CaseSerializer

    def get_queryset(self):
        return cases_for(self.request.user).select_related("court")


class CaseDetail(DetailWithETag, CaseScoped, generics.RetrieveAPIView):
    serializer_class = s.CaseSerializer
    queryset = Case.objects.none()

    def get_object(self):
        return self.case


class PartyList(CaseScoped, generics.ListAPIView):
    serializer_class = s.PartySerializer

    def get_queryset(self):
        if self.fake():
            return self.serializer_class.Meta.model.objects.none()
        return self.case.parties.all()


class CounselList(CaseScoped, generics.ListAPIView):
    serializer_class = s.CounselSerializer

    def get_queryset(self):
        if self.fake():
            return Representation.objects.none()
        return Representation.objects.filter(party__case=self.case).select_related(
            "attorney", "party"
        )


class TeamScoped(CaseScoped):
    allowed_roles = TEAM
