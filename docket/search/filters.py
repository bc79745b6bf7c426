"""Filters of the search page and of /api/v1/search/ (one FilterSet for both). Invalid values make
the form invalid, so the page answers 400 with the reason instead of ignoring them."""

from typing import cast

import django_filters
from django.db.models import Q

from casetracker.formfields import FastDateInput, FastSelect
from casetracker.models import Party
from docket.models import DocketEntry
from docket.search.models import SearchItem

PRIVILEGED = Q(source=SearchItem.Source.RECORD) & (
    Q(record_document__withheld=True) | ~Q(record_document__privilege_claim="")
)
SORTS = (("relevance", "Relevance"), ("date", "Newest first"))


class SearchFilter(django_filters.FilterSet):
    source = django_filters.ChoiceFilter(
        choices=SearchItem.Source.choices,
        empty_label="Everywhere",
        label="Source",
        widget=FastSelect,
    )
    kind = django_filters.ChoiceFilter(
        choices=DocketEntry.Kind.choices,
        empty_label="Any kind",
        label="Kind of entry",
        widget=FastSelect,
    )
    date_after = django_filters.DateFilter(
        field_name="date",
        lookup_expr="gte",
        label="On or after",
        widget=FastDateInput(attrs={"type": "date"}),
    )
    date_before = django_filters.DateFilter(
        field_name="date",
        lookup_expr="lte",
        label="On or before",
        widget=FastDateInput(attrs={"type": "date"}),
    )
    party = django_filters.ModelChoiceFilter(
        field_name="entry__filed_by",
        queryset=Party.objects.none(),
        empty_label="Any party",
        label="Filed by",
        widget=FastSelect,
    )
    privilege = django_filters.ChoiceFilter(
        choices=(("privileged", "Privileged only"), ("not_privileged", "Not privileged")),
        method="filter_privilege",
        empty_label="Any",
        label="Privilege",
        widget=FastSelect,
    )
    sort = django_filters.ChoiceFilter(
        choices=SORTS, method="keep", empty_label=None, label="Sort by", widget=FastSelect
    )

    class Meta:
        model = SearchItem
        fields: list[str] = []

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        # A form field built earlier from the class's filter (the OpenAPI schema generator builds
        # them) would keep the old choices: build this instance's afresh.
        self.filters["party"].__dict__.pop("_field", None)
        cast(
            django_filters.ModelChoiceFilter, self.filters["party"]
        ).queryset = Party.objects.filter(case__in=cases).order_by("name")

    def filter_privilege(self, queryset, name, value):
        if value == "privileged":
            return queryset.filter(PRIVILEGED)
        return queryset.exclude(PRIVILEGED)

    def keep(self, queryset, name, value):
        return queryset  # the order is applied by the search engine
