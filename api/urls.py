from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views

CASE = "v1/cases/<slug:slug>/"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api_schema", template_name="api/swagger_ui.html"
        ),
        name="api_docs",
    ),
    path("v1/cases/", views.CaseList.as_view(), name="api_cases"),
    path(CASE, views.CaseDetail.as_view(), name="api_case"),
    path(CASE + "parties/", views.PartyList.as_view(), name="api_parties"),
    path(CASE + "counsel/", views.CounselList.as_view(), name="api_counsel"),
    path(CASE + "entries/", views.EntryList.as_view(), name="api_entries"),
    path(CASE + "entries/<str:number>/", views.EntryDetail.as_view(), name="api_entry"),
    path(CASE + "deadlines/", views.DeadlineList.as_view(), name="api_deadlines"),
    path(CASE + "deadlines/<int:pk>/", views.DeadlineDetail.as_view(), name="api_deadline"),
    path(CASE + "notice-windows/", views.NoticeWindowList.as_view(), name="api_notice_windows"),
    path(CASE + "disclosures/", views.DisclosureList.as_view(), name="api_disclosures"),
    path(CASE + "filings/", views.FilingList.as_view(), name="api_filings"),
    path(CASE + "filings/<int:pk>/", views.FilingDetail.as_view(), name="api_filing"),
    path(CASE + "record/", views.RecordList.as_view(), name="api_record"),
    path(CASE + "record/<int:pk>/", views.RecordDetail.as_view(), name="api_record_document"),
    path("v1/search/", views.SearchView.as_view(), name="api_search"),
]
