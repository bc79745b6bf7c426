from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from docket.entries.obligations import write_obligation
from docket.entries.write import delete_entry, save_document, write_entry
from docket.papers.filings import save_filing
from docket.record.services import save_record_document

from .models import DocketEntry, Document, Filing, Obligation, RecordDocument, RecordProduction

admin.site.register(RecordProduction, SimpleHistoryAdmin)


@admin.register(RecordDocument)
class RecordDocumentAdmin(SimpleHistoryAdmin):
    """Record edits are reindexed with the save (docket.record.services.save_record_document);
    a deleted one leaves the index with it (the index row cascades)."""

    def save_model(self, request, obj, form, change):
        save_record_document(document=obj, user=request.user)


@admin.register(Filing)
class FilingAdmin(SimpleHistoryAdmin):
    def save_model(self, request, obj, form, change):
        save_filing(filing=obj, user=request.user)


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    """Documents, withdrawn ones too (with who, when and why). Nobody deletes one here: a
    document is withdrawn from its entry page (confirm + reason, docket.entries.withdrawals). An edit
    goes through its entry's write path (docket.entries.write.save_document): audited, the docket
    cache bumped, and the search index rewritten, so a search right after it finds the new text."""

    list_display = ("__str__", "entry", "attachment_number", "withdrawn_at", "withdrawn_by")
    list_filter = (("withdrawn_at", admin.EmptyFieldListFilter),)
    readonly_fields = ("withdrawn_at", "withdrawn_by", "withdrawal_reason")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # PACER links are https

    def get_queryset(self, request):
        return Document.all_objects.select_related("entry", "withdrawn_by")

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        save_document(document=obj, by=request.user)


@admin.register(DocketEntry)
class DocketEntryAdmin(SimpleHistoryAdmin):
    """The admin writes through docket.entries like every other path: the form's fields and
    links are handed to write_entry in save_related (after the admin's own validation), so an
    admin edit is audited, bumps the docket cache and moves deadlines like a paralegal's."""

    list_display = ("__str__", "case", "date_filed", "kind", "source", "visibility")
    list_filter = ("kind", "source", "visibility")
    search_fields = ("text",)
    readonly_fields = ("created_by",)

    def has_delete_permission(self, request, obj=None):
        """A docket entry is the court's record: it is sealed, corrected or its documents are
        withdrawn (with a reason), never deleted behind the one write path's back."""
        return False

    def save_model(self, request, obj, form, change):
        """Written in save_related, together with the links."""

    def save_related(self, request, form, formsets, change):
        data = form.cleaned_data
        values = {
            name: data[name]
            for name in form.fields
            if name in data and name not in ("filed_by", "responds_to")
        }
        # The admin's form already copied its values onto form.instance; compare with the
        # stored row so write_entry sees (and audits, and announces) what really changed.
        entry = DocketEntry.objects.get(pk=form.instance.pk) if change else form.instance
        write_entry(
            entry=entry,
            by=request.user,
            values=values,
            filed_by=list(data["filed_by"]) if "filed_by" in data else None,
            responds_to=list(data["responds_to"]) if "responds_to" in data else None,
            source=DocketEntry.Source.MANUAL if not change else None,
        )
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        delete_entry(entry=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for entry in queryset:
            delete_entry(entry=entry, by=request.user)


@admin.register(Obligation)
class ObligationAdmin(SimpleHistoryAdmin):
    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in form.changed_data}
        if change:
            obj = type(obj).objects.get(pk=obj.pk)  # compare with the stored row
        write_obligation(obligation=obj, by=request.user, values=values)
