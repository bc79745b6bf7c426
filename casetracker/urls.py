"""Project URLs. The case page and everything under /cases/<slug>/ comes from the docket and
notices apps; every view checks role and membership (casetracker.permissions)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("cases/", views.case_list, name="case_list"),
    path("search/", include("docket.search.urls")),
    path("cases/<slug:slug>/", include("docket.urls")),
    path("cases/<slug:slug>/", include("notices.urls_case")),
    path("", include("notices.urls")),
    path("", include("docket.ingest.urls")),
    path("api/", include("casetracker.api.urls")),
    path("api/", include("docket.api.urls")),
    path("api/", include("notices.api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "casetracker.views.bad_request"
handler403 = "casetracker.views.permission_denied"
handler404 = "casetracker.views.page_not_found"
handler500 = "casetracker.views.server_error"
