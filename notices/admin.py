from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .deadlines.services import EDITABLE_FIELDS, create_deadline, edit_deadline
from .models import ClerkInaccessibility, Deadline, Disclosure, NoticeWindow, Reminder


@admin.register(Deadline)
class DeadlineAdmin(SimpleHistoryAdmin):
    """A deadline added here is written like every new deadline, by the one write path
    (notices.deadlines.services.create_deadline): audited to the admin, reminded, announced. On
    an existing deadline only its description can be edited (services.EDITABLE_FIELDS; the rest
    is shown read-only), through `edit_deadline`: reminders redone, the change announced."""

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return [f.name for f in Deadline._meta.concrete_fields if f.name not in EDITABLE_FIELDS]

    def save_model(self, request, obj, form, change):
        if change:
            edit_deadline(deadline=obj, user=request.user)
            return None
        fields = {
            f.attname: getattr(obj, f.attname)
            for f in Deadline._meta.concrete_fields
            if not f.primary_key
        }
        made = create_deadline(user=request.user, **fields)
        obj.pk, obj._state.adding = made.pk, False
        return None


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
