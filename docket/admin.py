from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import DocketEntry, Document, Filing, Obligation, RecordDocument, RecordProduction

for model in (DocketEntry, Document, Obligation, Filing, RecordProduction, RecordDocument):
    admin.site.register(model, SimpleHistoryAdmin)
