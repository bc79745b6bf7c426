"""The docket's API resources under /api/ (included by the root urlconf)."""

from django.urls import path

from casetracker.api.urls import CASE
from docket.api import views

urlpatterns = [
    path(CASE + "entries/", views.EntryList.as_view(), name="api_entries"),
    path(CASE + "entries/<str:number>/", views.EntryDetail.as_view(), name="api_entry"),
    path(CASE + "filings/", views.FilingList.as_view(), name="api_filings"),
    path(CASE + "filings/<int:pk>/", views.FilingDetail.as_view(), name="api_filing"),
    path(CASE + "record/", views.RecordList.as_view(), name="api_record"),
    path(CASE + "record/<int:pk>/", views.RecordDetail.as_view(), name="api_record_document"),
    path("v1/search/", views.SearchView.as_view(), name="api_search"),
]
