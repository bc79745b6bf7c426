from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Attorney, Case, CaseMembership, Court, CourtClosure, Party, Representation, User

admin.site.register(User, UserAdmin)
for model in (Court, CourtClosure, Case, Party, Attorney, Representation, CaseMembership):
    admin.site.register(model, SimpleHistoryAdmin)
