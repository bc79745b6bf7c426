"""The API's schema, its Swagger page and the case resources. The docket's and notices'
resources are in docket/api/urls.py and notices/api/urls.py; the root urlconf includes all three
under /api/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from casetracker.api import views

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
]
