"""Docket filters: kind, date range, party, free text, ordering. Invalid values make the form
invalid so the view can answer 400 with the reason instead of silently ignoring them: an
impossible date is "not a real date", a reversed range says so."""

from typing import cast

import django_filters
from django import forms
from django.db.models import F

from casetracker.formfields import CourtDateField, CourtDateInput, FastSelect, FastTextInput
from casetracker.models import Party
from docket.models import DocketEntry


class CourtDateFilter(django_filters.DateFilter):
    field_class = CourtDateField


class DocketFilterForm(forms.Form):
    def clean(self):
        super().clean()
        data = self.cleaned_data
        after, before = data.get("filed_after"), data.get("filed_before")
        if after and before and after > before:
            self.add_error(
                "filed_before",
                f"This date ({before:%m/%d/%Y}) is before the “on or after” date "
                f"({after:%m/%d/%Y}): the range is reversed. Swap the two dates.",
            )
        return data


class StableOrderingFilter(django_filters.OrderingFilter):
    """A chosen order, then the docket's own (date, number) so ties never shuffle. Unnumbered
    entries sort after the numbered ones either way, on SQLite and PostgreSQL alike (they
    disagree on where NULLs go)."""

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for name in self.get_ordering_value_list(value):
            field = name.lstrip("-")
            expression = F(field)
            descending = name.startswith("-")
            ordering.append(
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
            )
        return qs.order_by(*ordering, "date_filed", "number", "pk")

    def get_ordering_value_list(self, value):
        return [self.get_ordering_value(v) for v in value if v not in ("", None)]


class DocketFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=DocketEntry.Kind.choices, empty_label="Any kind", widget=FastSelect
    )
    filed_after = CourtDateFilter(
        field_name="date_filed",
        lookup_expr="gte",
        label="Filed on or after",
        widget=CourtDateInput(),
    )
    filed_before = CourtDateFilter(
        field_name="date_filed",
        lookup_expr="lte",
        label="Filed on or before",
        widget=CourtDateInput(),
    )
    party = django_filters.ModelChoiceFilter(
        field_name="filed_by",
        queryset=Party.objects.none(),
        empty_label="Any party",
        widget=FastSelect,
    )
    q = django_filters.CharFilter(
        method="search_text",
        label="Text contains",
        widget=FastTextInput,
        help_text='Docket or document text: words (any form), "a phrase", prefix*',
    )
    order = StableOrderingFilter(
        fields=(("date_filed", "date"), ("number", "number"), ("kind", "kind")),
        field_labels={"date": "Date filed", "number": "ECF number", "kind": "Kind"},
        empty_label="Oldest first",
        widget=FastSelect,
    )

    class Meta:
        model = DocketEntry
        fields: list[str] = []
        form = DocketFilterForm

    def __init__(self, *args, case=None, membership=None, window=None, **kwargs):
        """`window` (the docket page; needs the member): the text filter reads at most that
        many matches, and `capped` says whether there were more. Without it (the API, whose
        cursor pages never count) every match is kept."""
        super().__init__(*args, **kwargs)
        self.case = case
        self.membership = membership
        self.window = window
        self.capped = False
        self.window_ids: list[int] | None = None  # the text filter's entries, when it is bounded
        # A form field built earlier from the class's filter (the OpenAPI schema generator builds
        # them) would keep the old choices: build this instance's afresh.
        self.filters["party"].__dict__.pop("_field", None)
        cast(
            django_filters.ModelChoiceFilter, self.filters["party"]
        ).queryset = Party.objects.filter(case=case)

    def search_text(self, queryset, name, value):
        """Entry text or the text of its documents, through the full-text index (stemmed words,
        "phrases", prefix*), so it does not scan the docket as it grows."""
        from docket.search.selectors import entries_matching, entry_window, id_list

        if self.window is not None and self.membership is not None:
            bounded = entry_window(self.case, self.membership, value, self.window)
            if bounded is None:
                return queryset
            self.capped = bounded.capped
            self.window_ids = bounded.ids
            return queryset.filter(pk__in=id_list(bounded.ids))
        matching = entries_matching(self.case, value)
        if matching is None:
            return queryset
        return queryset.filter(pk__in=matching)
