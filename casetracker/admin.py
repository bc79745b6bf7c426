from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .models import Attorney, Case, CaseMembership, Court, CourtClosure, Party, Representation, User

admin.site.register(User, UserAdmin)
for model in (Court, CourtClosure, Case, Party, Attorney, Representation, CaseMembership):
    admin.site.register(model, SimpleHistoryAdmin)

_admin_login = admin.site.login


def _login_or_403(request, extra_context=None):
    """A signed-in user who is not staff (a client, a paralegal) gets 403 from every admin URL
    instead of the admin's "log in as someone else" page."""
    if request.user.is_authenticated and not admin.site.has_permission(request):
        raise PermissionDenied("The admin site is for administrators only.")
    return _admin_login(request, extra_context)


admin.site.login = _login_or_403
