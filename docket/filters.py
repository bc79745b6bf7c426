"""Docket filters: kind, date range, party, free text, ordering. Invalid values make the form
invalid so the view can answer 400 with the reason instead of silently ignoring them."""

import django_filters
from django import forms
from django.db.models import Q

from casetracker.models import Party

from .models import DocketEntry


class DocketFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=DocketEntry.Kind.choices, empty_label="Any kind")
    filed_after = django_filters.DateFilter(
        field_name="date_filed",
        lookup_expr="gte",
        label="Filed on or after",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    filed_before = django_filters.DateFilter(
        field_name="date_filed",
        lookup_expr="lte",
        label="Filed on or before",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    party = django_filters.ModelChoiceFilter(
        field_name="filed_by", queryset=Party.objects.none(), empty_label="Any party"
    )
    q = django_filters.CharFilter(method="search_text", label="Text contains")
    order = django_filters.OrderingFilter(
        fields=(("date_filed", "date"), ("number", "number")),
        field_labels={"date": "Date filed", "number": "ECF number"},
        empty_label="Oldest first",
    )

    class Meta:
        model = DocketEntry
        fields = []

    def __init__(self, *args, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["party"].queryset = Party.objects.filter(case=case)

    def search_text(self, queryset, name, value):
        """Entry text or the text extracted from its documents."""
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(text__icontains=value) | Q(documents__text__icontains=value)
        ).distinct()
