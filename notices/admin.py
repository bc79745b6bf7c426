from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Deadline, Disclosure, NoticeWindow, Reminder

for model in (Deadline, NoticeWindow, Disclosure):
    admin.site.register(model, SimpleHistoryAdmin)
admin.site.register(Reminder)
