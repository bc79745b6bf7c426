"""Filters for the administrative record: document date range, author, privilege, text.
Invalid values make the form invalid so the page answers 400 with the reason."""

import django_filters
from django.db.models import Q

from casetracker.formfields import CourtDateInput
from docket.entries.filters import CourtDateFilter
from docket.models import RecordDocument

PRIVILEGE_CHOICES = (
    ("yes", "Privileged (claimed or withheld)"),
    ("no", "Not privileged"),
    ("withheld", "Withheld"),
    ("redacted", "Redacted"),
)


class RecordFilter(django_filters.FilterSet):
    date_after = CourtDateFilter(
        field_name="document_date",
        lookup_expr="gte",
        label="Dated on or after",
        widget=CourtDateInput(),
    )
    date_before = CourtDateFilter(
        field_name="document_date",
        lookup_expr="lte",
        label="Dated on or before",
        widget=CourtDateInput(),
    )
    author = django_filters.CharFilter(
        field_name="author", lookup_expr="icontains", label="Author or agency"
    )
    privilege = django_filters.ChoiceFilter(
        choices=PRIVILEGE_CHOICES, method="filter_privilege", empty_label="Any", label="Privilege"
    )
    claim = django_filters.ChoiceFilter(
        field_name="privilege_claim", choices=(), empty_label="Any claim", label="Claim"
    )
    q = django_filters.CharFilter(method="search_text", label="Text contains")

    class Meta:
        model = RecordDocument
        fields: list[str] = []

    def __init__(self, *args, claims=(), **kwargs):
        super().__init__(*args, **kwargs)
        # A form field built earlier from the class's filter (the OpenAPI schema generator builds
        # them) would keep the old choices: build this instance's afresh.
        self.filters["claim"].__dict__.pop("_field", None)
        self.filters["claim"].extra["choices"] = [(c, c) for c in claims]

    def filter_privilege(self, queryset, name, value):
        privileged = Q(withheld=True) | ~Q(privilege_claim="")
        if value == "yes":
            return queryset.filter(privileged)
        if value == "no":
            return queryset.exclude(privileged)
        if value == "withheld":
            return queryset.filter(withheld=True)
        if value == "redacted":
            return queryset.filter(redacted=True)
        return queryset

    def search_text(self, queryset, name, value):
        """Title, author, Bates number, privilege basis or the produced file's text."""
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(author__icontains=value)
            | Q(bates_start__icontains=value)
            | Q(bates_end__icontains=value)
            | Q(privilege_basis__icontains=value)
            | Q(text__icontains=value)
        )
