from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import ClerkInaccessibility, Deadline, Disclosure, NoticeWindow, Reminder

admin.site.register(Deadline, SimpleHistoryAdmin)


@admin.register(ClerkInaccessibility)
class ClerkInaccessibilityAdmin(SimpleHistoryAdmin):
    """Admins record CM/ECF outages and closed clerk's offices here (FRCP 6(a)(3)), with the
    Clerk's notice as source; every change is kept in the history."""

    list_display = ("court", "starts_at", "ends_at", "reason")
    list_filter = ("court",)


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):
    """Notices and disclosures are written only through notices.compliance.services (the forms and
    the CLIs): a verdict depends on every other notice and disclosure of the case, so a row edited
    on its own here would disagree with the ledger."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


for model in (NoticeWindow, Disclosure):
    admin.site.register(model, ReadOnlyHistoryAdmin)
admin.site.register(Reminder)
