"""Reads for the docket: what a member may see, with the fewest queries."""

from django.db.models import Count, Prefetch
from django.http import Http404

from casetracker.models import Party

from .models import DocketEntry, Document
from .permissions import visible_entries


def docket_for(case, membership):
    """The docket a member may see, ready for a list page (query count does not grow with size)."""
    return (
        visible_entries(case, membership)
        .annotate(document_count=Count("documents", distinct=True))
        .prefetch_related(Prefetch("filed_by", queryset=Party.objects.only("id", "name")))
        .order_by("date_filed", "number", "pk")
    )


def entry_for(case, membership, key):
    """One entry by its permalink key (`12` or `e57`), or 404 if missing or not visible."""
    entries = visible_entries(case, membership)
    try:
        if key.startswith("e"):
            return entries.get(pk=int(key[1:]), number__isnull=True)
        return entries.get(number=int(key))
    except (ValueError, DocketEntry.DoesNotExist):
        raise Http404("No such docket entry.") from None


def related_entries(entry, membership):
    """Entries this one responds to, and entries responding to it, limited to what is visible."""
    visible = visible_entries(entry.case, membership)
    return (
        list(visible.filter(responses=entry)),
        list(visible.filter(responds_to=entry)),
    )


def document_for(case, membership, pk):
    try:
        return Document.objects.select_related("entry").get(
            pk=pk, entry__in=visible_entries(case, membership)
        )
    except Document.DoesNotExist:
        raise Http404("No such document.") from None


def latest_order(case, membership):
    return (
        visible_entries(case, membership)
        .filter(kind__in=DocketEntry.ORDER_KINDS)
        .order_by("-date_filed", "-number", "-pk")
        .first()
    )
