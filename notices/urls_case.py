"""Notices URLs under /cases/<slug>/."""

from django.urls import path

from . import status_views

urlpatterns = [
    path("status/", status_views.client_status, name="client_status"),
    path("status/edit/", status_views.client_status_edit, name="client_status_edit"),
]
