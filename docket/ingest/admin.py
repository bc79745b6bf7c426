from django.contrib import admin

from docket.ingest.models import FeedState, InboundMessage


@admin.register(FeedState)
class FeedStateAdmin(admin.ModelAdmin):
    list_display = ("court", "url", "last_polled_at", "last_status", "consecutive_failures")
    readonly_fields = [f.name for f in FeedState._meta.fields]


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ("received_at", "local_part", "subject", "status", "reason")
    list_filter = ("status",)
    exclude = ("raw",)
    readonly_fields = [f.name for f in InboundMessage._meta.fields if f.name != "raw"]
