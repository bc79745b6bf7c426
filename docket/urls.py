from django.urls import path

from . import views

urlpatterns = [
    path("", views.case_detail, name="case_detail"),
    path("docket/", views.docket_list, name="docket_list"),
    path("docket/<str:number>/", views.entry_detail, name="entry_detail"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
]
