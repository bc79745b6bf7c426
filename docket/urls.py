from django.urls import path

from . import record_views, views

urlpatterns = [
    path("", views.case_detail, name="case_detail"),
    path("docket/", views.docket_list, name="docket_list"),
    path("docket/<str:number>/", views.entry_detail, name="entry_detail"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    # Administrative record
    path("record/", record_views.record_page, name="record_page"),
    path("record/import/", record_views.record_import_index, name="record_import_index"),
    path("record/attach/", record_views.record_attach_file, name="record_attach_file"),
    path("record/obligation/", record_views.record_link_obligation, name="record_link_obligation"),
    path("record/privilege-log.csv", record_views.privilege_log_csv, name="privilege_log_csv"),
    path("record/privilege-log.pdf", record_views.privilege_log_pdf, name="privilege_log_pdf"),
]
