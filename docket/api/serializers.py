"""The docket's API serializers: entries with their documents, filings, the record, search hits."""

from django.urls import reverse
from rest_framework import serializers

from casetracker.api.serializers import _absolute, entry_key
from casetracker.models import Attorney, Party
from docket.models import DocketEntry, Document, Filing, RecordDocument


class DocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "attachment_number",
            "description",
            "page_count",
            "byte_size",
            "sha256",
            "text_is_ocr",
            "download_url",
        ]

    def get_download_url(self, document) -> str | None:
        if not document.file:
            return None
        slug = self.context["case"].slug
        url = reverse("document_download", kwargs={"slug": slug, "pk": document.pk})
        return _absolute(self.context, url)


class EntrySerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="permalink_key", read_only=True)
    filed_by: "serializers.PrimaryKeyRelatedField[Party]" = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True
    )
    responds_to = serializers.SerializerMethodField()
    documents = DocumentSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = DocketEntry
        fields = [
            "key",
            "number",
            "date_filed",
            "date_entered",
            "kind",
            "text",
            "source",
            "visibility",
            "plain_summary",
            "is_key_order",
            "internal_note",
            "filed_by",
            "responds_to",
            "documents",
            "url",
        ]

    def to_representation(self, entry):
        data = super().to_representation(entry)
        if not self.context.get("team"):
            data.pop("internal_note", None)
        return data

    def get_responds_to(self, entry) -> list[str]:
        # prefetched as `visible_responds_to`: only entries the reader may see
        return [e.permalink_key for e in getattr(entry, "visible_responds_to", [])]

    def get_url(self, entry) -> str:
        slug = self.context["case"].slug
        url = reverse("api_entry", kwargs={"slug": slug, "number": entry.permalink_key})
        return _absolute(self.context, url)


class FilingSerializer(serializers.ModelSerializer):
    filed_entry = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    signing_attorney = serializers.PrimaryKeyRelatedField(
        queryset=Attorney.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Filing
        fields = [
            "id",
            "type",
            "title",
            "body",
            "signing_attorney",
            "service_list",
            "status",
            "page_count",
            "rendered_at",
            "filed_entry",
            "created_at",
            "updated_at",
            "pdf_url",
        ]
        read_only_fields = ["status", "page_count", "rendered_at", "created_at", "updated_at"]

    def get_filed_entry(self, filing) -> str | None:
        return entry_key(filing.filed_entry)

    def get_pdf_url(self, filing) -> str | None:
        if not filing.pdf:
            return None
        url = reverse("filing_pdf", kwargs={"slug": self.context["case"].slug, "pk": filing.pk})
        return _absolute(self.context, url)


class RecordDocumentSerializer(serializers.ModelSerializer):
    volume = serializers.CharField(source="production.volume", default=None, read_only=True)
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = RecordDocument
        fields = [
            "id",
            "bates_start",
            "bates_end",
            "title",
            "document_date",
            "author",
            "privilege_claim",
            "privilege_basis",
            "withheld",
            "redacted",
            "in_index",
            "page_count",
            "volume",
            "text_is_ocr",
            "file_url",
        ]

    def get_file_url(self, document) -> str | None:
        if not document.file:
            return None
        url = reverse("record_file", kwargs={"slug": self.context["case"].slug, "pk": document.pk})
        return _absolute(self.context, url)


class SearchHitSerializer(serializers.Serializer):
    # A field named `source` (the serializer metaclass takes it off the class, so it does not
    # shadow Field.source at run time).
    source = serializers.CharField(source="item.source")  # type: ignore[assignment]
    case = serializers.CharField(source="item.case.slug")
    kind = serializers.CharField(source="item.kind")
    date = serializers.DateField(source="item.date", allow_null=True)
    where = serializers.CharField()
    page = serializers.IntegerField(allow_null=True)
    title = serializers.CharField(help_text="HTML: escaped text, matches in <mark>")
    snippet = serializers.CharField(help_text="HTML: escaped text, matches in <mark>")
    is_ocr = serializers.BooleanField(source="item.is_ocr")
    rank = serializers.FloatField()
    url = serializers.SerializerMethodField()

    def get_url(self, hit) -> str:
        return _absolute(self.context, hit.url)
