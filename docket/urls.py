from django.urls import path

from docket.entries import edit_views as entry_views
from docket.entries import views
from docket.ingest import review_views
from docket.ingest import upload_views as import_views
from docket.papers import views as filing_views
from docket.record import views as record_views

urlpatterns = [
    path("", views.case_detail, name="case_detail"),
    path("docket/", views.docket_list, name="docket_list"),
    # Docket sheet export (before the entry permalink, which would match "export")
    path("docket/export/", filing_views.docket_export, name="docket_export"),
    path("docket/export/csv/", filing_views.docket_export_csv, name="docket_export_csv"),
    path(
        "docket/export/<int:pk>/status/",
        filing_views.docket_export_status,
        name="docket_export_status",
    ),
    path(
        "docket/export/<int:pk>/file/", filing_views.docket_export_file, name="docket_export_file"
    ),
    # Paralegal entry and imports (before the entry permalink, which would match "new")
    path("docket/new/", entry_views.entry_new, name="entry_new"),
    path("docket/<str:number>/edit/", entry_views.entry_edit, name="entry_edit"),
    path("import/pacer/", import_views.pacer_import, name="import_pacer"),
    path("import/nef/", import_views.nef_import, name="import_nef"),
    path("import/jobs/<int:pk>/", import_views.import_job, name="import_job"),
    path("import/jobs/<int:pk>/status/", import_views.import_job_status, name="import_job_status"),
    path("imports/", review_views.import_list, name="import_list"),
    path("imports/<int:pk>/", review_views.import_run, name="import_run"),
    path("imports/questions/<int:pk>/", review_views.conflict_resolve, name="conflict_resolve"),
    path("docket/<str:number>/", views.entry_detail, name="entry_detail"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("documents/<int:pk>/view/", views.document_view, name="document_view"),
    path("documents/<int:pk>/withdraw/", views.document_withdraw, name="document_withdraw"),
    # Administrative record
    path("record/", record_views.record_page, name="record_page"),
    path("record/import/", import_views.record_index_import, name="record_import_index"),
    path("record/attach/", record_views.record_attach_file, name="record_attach_file"),
    path("record/obligation/", record_views.record_link_obligation, name="record_link_obligation"),
    path("record/<int:pk>/pdf/", record_views.record_file, name="record_file"),
    path("record/privilege-log.csv", filing_views.privilege_log_csv, name="privilege_log_csv"),
    path("record/privilege-log.pdf", filing_views.privilege_log_pdf, name="privilege_log_pdf"),
    # Outbound filings (team only)
    path("filings/", filing_views.filing_list, name="filing_list"),
    path("filings/new/", filing_views.filing_new, name="filing_new"),
    path("filings/<int:pk>/", filing_views.filing_detail, name="filing_detail"),
    path("filings/<int:pk>/edit/", filing_views.filing_edit, name="filing_edit"),
    path("filings/<int:pk>/render/", filing_views.filing_render, name="filing_render"),
    path("filings/<int:pk>/status/", filing_views.filing_status, name="filing_status"),
    path("filings/<int:pk>/pdf/", filing_views.filing_pdf, name="filing_pdf"),
    path("filings/<int:pk>/preview.png", filing_views.filing_preview, name="filing_preview"),
    path("filings/<int:pk>/file/", filing_views.filing_mark_filed, name="filing_mark_filed"),
]
