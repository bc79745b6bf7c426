"""The docket's API resources: entries, filings, the record and search (/api/v1/). The
framework (CaseScoped, TeamScoped, ETags, pages) is casetracker.api's."""

from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from casetracker.api.pagination import EntryCursor
from casetracker.api.views import (
    CaseScoped,
    DetailWithETag,
    PageFilterBackend,
    QuerysetMixin,
    TeamScoped,
)
from casetracker.models import Case
from docket.api import serializers as s
from docket.entries import selectors as docket_selectors
from docket.entries.filters import DocketFilter
from docket.models import DocketEntry, Filing, RecordDocument
from docket.papers.filings import create_filing
from docket.permissions import visible_entries
from docket.record.filters import RecordFilter
from docket.record.selectors import record_documents_for
from docket.search.filters import SearchFilter
from docket.search.selectors import memberships_of, search


class EntryQueryset(QuerysetMixin):
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


class FilingQueryset(QuerysetMixin):
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


class RecordQueryset(QuerysetMixin):
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
