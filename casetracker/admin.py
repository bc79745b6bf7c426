from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from . import lockout
from .models import (
    Attorney,
    Case,
    CaseMembership,
    Court,
    CourtClosure,
    Party,
    Representation,
    RestoreRecord,
    User,
)


@admin.action(description="Unlock sign-in (after too many wrong passwords)")
def unlock_sign_in(modeladmin, request, queryset):
    names = []
    for user in queryset:
        if lockout.unlock(user.get_username()):
            names.append(user.get_username())
    if names:
        modeladmin.message_user(request, f"Sign-in unlocked for {', '.join(names)}.")
    else:
        modeladmin.message_user(request, "None of them was locked out.", messages.INFO)


class TrackerUserAdmin(UserAdmin):
    actions = [unlock_sign_in]


class CaseAdmin(SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # court RSS feeds are https


admin.site.register(User, TrackerUserAdmin)
admin.site.register(Case, CaseAdmin)
for model in (Court, CourtClosure, Party, Attorney, Representation, CaseMembership):
    admin.site.register(model, SimpleHistoryAdmin)

_admin_login = admin.site.login


def _login_or_403(request, extra_context=None):
    """A signed-in user who is not staff (a client, a paralegal) gets 403 from every admin URL
    instead of the admin's "log in as someone else" page."""
    if request.user.is_authenticated and not admin.site.has_permission(request):
        raise PermissionDenied("The admin site is for administrators only.")
    return _admin_login(request, extra_context)


admin.site.login = _login_or_403  # type: ignore[method-assign]


@admin.register(RestoreRecord)
class RestoreRecordAdmin(admin.ModelAdmin):
    """The restore log: read-only (written only by `restore`, carried over every restore)."""

    list_display = ("restored_at", "restored_by", "archive", "signed", "reason")
    readonly_fields = [f.name for f in RestoreRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
