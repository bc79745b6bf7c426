"""The REST API (/api/v1/). Every case-scoped view resolves the case and the caller's membership
the way the pages do (casetracker.permissions): 404 for a case the caller is not on (never
revealing that it exists), 403 for a role the page would refuse; rows come from the same
selectors and filtersets as the pages."""

import hashlib
import json

from django.db.models import Prefetch
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from casetracker.models import Case, Representation
from casetracker.permissions import (
    EDITORS,
    EVERYONE,
    TEAM,
    _case_and_membership,
    cases_for,
    is_team,
    require_role,
)
from docket.entries import selectors as docket_selectors
from docket.entries.filters import DocketFilter
from docket.models import DocketEntry, Filing, RecordDocument
from docket.papers.filings import create_filing
from docket.permissions import visible_entries
from docket.record.filters import RecordFilter
from docket.record.selectors import record_documents_for
from docket.search.filters import SearchFilter
from docket.search.selectors import memberships_of, search
from notices.models import Deadline, Disclosure, NoticeWindow

from . import serializers as s
from .pagination import DeadlineCursor, EntryCursor


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


class CaseScoped:
    """Loads `self.case` and `self.membership` from the URL's slug after authentication."""

    allowed_roles = EVERYONE
    write_roles = EDITORS

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


class DetailWithETag:
    def retrieve(self, request, *args, **kwargs):
        return etag_response(request, self.get_serializer(self.get_object()).data)


# ------------------------------------------------------------------------------------ cases


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


# ------------------------------------------------------------------------------------ docket


class EntryQueryset:
    serializer_class = s.EntrySerializer

    def get_queryset(self):
        if self.fake():
            return DocketEntry.objects.none()
        visible = visible_entries(self.case, self.membership)
        return visible.prefetch_related(
            "documents",
            "filed_by",
            Prefetch("responds_to", queryset=visible, to_attr="visible_responds_to"),
        )


class EntryList(EntryQueryset, CaseScoped, generics.ListAPIView):
    """Docket entries you may see, oldest first, with their documents. Filters as on the
    docket page."""

    pagination_class = EntryCursor
    filter_backends = [PageFilterBackend]
    filterset_class = DocketFilter

    def filterset_extra(self):
        return {"case": self.case}


class EntryDetail(DetailWithETag, EntryQueryset, CaseScoped, generics.RetrieveAPIView):
    def get_object(self):
        entry = docket_selectors.entry_for(self.case, self.membership, self.kwargs["number"])
        return self.get_queryset().get(pk=entry.pk)


# ------------------------------------------------------------------------------------ notices


class TeamScoped(CaseScoped):
    allowed_roles = TEAM


class DeadlineQueryset:
    serializer_class = s.DeadlineSerializer

    def get_queryset(self):
        if self.fake():
            return Deadline.objects.none()
        return Deadline.objects.visible_to(self.membership).select_related(
            "trigger", "satisfied_by"
        )


class DeadlineList(DeadlineQueryset, TeamScoped, generics.ListAPIView):
    pagination_class = DeadlineCursor


class DeadlineDetail(DetailWithETag, DeadlineQueryset, TeamScoped, generics.RetrieveAPIView):
    pass


class NoticeWindowList(TeamScoped, generics.ListAPIView):
    serializer_class = s.NoticeWindowSerializer

    def get_queryset(self):
        if self.fake():
            return NoticeWindow.objects.none()
        return NoticeWindow.objects.visible_to(self.membership).select_related("entry")


class DisclosureList(TeamScoped, generics.ListAPIView):
    serializer_class = s.DisclosureSerializer

    def get_queryset(self):
        if self.fake():
            return Disclosure.objects.none()
        return Disclosure.objects.visible_to(self.membership)


# ------------------------------------------------------------------------------------ filings


class FilingQueryset:
    serializer_class = s.FilingSerializer

    def get_queryset(self):
        if self.fake():
            return Filing.objects.none()
        return Filing.objects.filter(case=self.case).select_related("filed_entry")


class FilingList(FilingQueryset, TeamScoped, generics.ListCreateAPIView):
    """The team's outbound papers; POST creates a draft (render and file it on the site)."""

    def perform_create(self, serializer):
        data = serializer.validated_data
        attorney = data.get("signing_attorney")
        if (
            attorney is not None
            and not attorney.representations.filter(party__case=self.case).exists()
        ):
            raise serializers.ValidationError(
                {"signing_attorney": "Choose counsel of record in this case."}
            )
        serializer.instance = create_filing(
            case=self.case,
            user=self.request.user,
            type=data.get("type", Filing.Type.NOTICE),
            title=data.get("title", ""),
            body=data.get("body", ""),
            signing_attorney=attorney,
            service_list=data.get("service_list", ""),
        )


class FilingDetail(DetailWithETag, FilingQueryset, TeamScoped, generics.RetrieveAPIView):
    pass


# ------------------------------------------------------------------------------------ record


class RecordQueryset:
    serializer_class = s.RecordDocumentSerializer

    def get_queryset(self):
        if self.fake():
            return RecordDocument.objects.none()
        return record_documents_for(self.case, self.membership)


class RecordList(RecordQueryset, TeamScoped, generics.ListAPIView):
    """The administrative record in Bates order; filters as on the record page."""

    filter_backends = [PageFilterBackend]
    filterset_class = RecordFilter

    def filterset_extra(self):
        claims = (
            RecordDocument.objects.filter(case=self.case)
            .exclude(privilege_claim="")
            .values_list("privilege_claim", flat=True)
            .distinct()
        )
        return {"claims": sorted(claims)}


class RecordDetail(DetailWithETag, RecordQueryset, TeamScoped, generics.RetrieveAPIView):
    pass


# ------------------------------------------------------------------------------------ search


class SearchPage(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    total = serializers.IntegerField(help_text="hits ranked (at most 1,000)")
    more = serializers.BooleanField(
        help_text="true when there are more than `total` hits: the `total` most recent are ranked"
    )
    results = s.SearchHitSerializer(many=True)


class SearchView(APIView):
    """Full-text search of the docket, documents, filings and record you may see. Syntax: words
    (stemmed, all must match), "quoted phrases", prefix*."""

    filter_backends = [PageFilterBackend]
    filterset_class = SearchFilter

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True, description='words, "phrase", prefix*'),
            OpenApiParameter("case", str, description="a case slug: search only that case"),
            OpenApiParameter("page", int),
        ],
        responses=SearchPage,
    )
    def get(self, request):
        slug = request.query_params.get("case", "")
        case = Case.objects.filter(slug=slug).first() if slug else None
        if slug and case is None:
            raise Http404("No such case.")
        memberships = memberships_of(request.user, case)
        if slug and not memberships:
            raise Http404("No such case.")
        try:
            page = max(1, min(int(request.query_params.get("page", 1)), 500))
        except ValueError:
            raise serializers.ValidationError({"page": "A page number (1, 2, ...)."}) from None
        results = search(
            user=request.user,
            query=request.query_params.get("q", "")[:500],
            memberships=memberships,
            params=request.query_params,
            page=page,
        )
        if results.errors:
            raise serializers.ValidationError(results.errors)
        if not results.terms:
            raise serializers.ValidationError(
                {
                    "q": "Give at least one word to search for (common words such as "
                    "“the” or “by” are not searched)."
                }
            )
        next_url = None
        if results.has_next:
            params = request.query_params.copy()
            params["page"] = page + 1
            next_url = request.build_absolute_uri(f"{request.path}?{params.urlencode()}")
        hits = s.SearchHitSerializer(results.hits, many=True, context={"request": request})
        return Response(
            {
                "next": next_url,
                "total": results.total,
                "more": results.capped,
                "results": hits.data,
            }
        )
