"""The notices API resources under /api/ (included by the root urlconf)."""

from django.urls import path

from casetracker.api.urls import CASE
from notices.api import views

urlpatterns = [
    path(CASE + "deadlines/", views.DeadlineList.as_view(), name="api_deadlines"),
    path(CASE + "deadlines/<int:pk>/", views.DeadlineDetail.as_view(), name="api_deadline"),
    path(CASE + "notice-windows/", views.NoticeWindowList.as_view(), name="api_notice_windows"),
    path(CASE + "disclosures/", views.DisclosureList.as_view(), name="api_disclosures"),
]
