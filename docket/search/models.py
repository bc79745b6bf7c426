"""The search index: one row per searchable thing (a docket entry's text, a document's text, a
draft filing, a record document). Derived data, rebuilt from its sources by `search_reindex`, and
never shown without re-checking who may see the source (search.selectors).

The full-text part depends on the database (docket/search/backends.py):
- PostgreSQL: `vector`, a stored tsvector (English stemming, title weighted above body) written by
  search.indexing on every write, with a GIN index (migration 0002).
- SQLite: an FTS5 table `search_fts` over (title, body) with the Porter stemmer, kept in step with
  this table by triggers on it (migration 0002), so a row written, changed or deleted here (also by
  a cascade from its source) is written, changed or deleted there in the same transaction."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q

from casetracker.models import Case
from docket.visibility import TEAM_ROLES, VisibleQuerySet


class SearchItemQuerySet(VisibleQuerySet):
    """A hit inherits its entry's visibility (docket/visibility.py), judged now; filings and the
    record (no entry) are for the team only; clients see entries and their documents."""

    entry_paths = ("entry",)

    def extra_q(self, role):
        if role in TEAM_ROLES:
            return Q()
        return Q(source__in=["entry", "document"])


class SearchItem(models.Model):
    class Source(models.TextChoices):
        ENTRY = "entry", "Docket text"
        DOCUMENT = "document", "Document text"
        FILING = "filing", "Filing (draft)"
        RECORD = "record", "Administrative record"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=8, choices=Source.choices)
    entry = models.ForeignKey(
        "docket.DocketEntry", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    document = models.OneToOneField(
        "docket.Document", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    filing = models.OneToOneField(
        "docket.Filing", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    record_document = models.OneToOneField(
        "docket.RecordDocument", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, blank=True, help_text="Entry kind or filing type")
    date = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=600, blank=True)
    body = models.TextField(blank=True)
    is_ocr = models.BooleanField(default=False, help_text="The body was read by OCR")
    vector = SearchVectorField(null=True, blank=True, editable=False)

    objects = SearchItemQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["case", "date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"],
                condition=models.Q(source="entry"),
                name="one_search_item_per_entry",
            )
        ]

    def __str__(self):
        return f"{self.get_source_display()}: {self.title[:60]}"
