from django.urls import path

from docket.ingest import views

urlpatterns = [
    path("operations/", views.operations, name="operations"),
    path("operations/inbound/<int:pk>/", views.inbound_message, name="inbound_message"),
    path("operations/inbound/<int:pk>/discard/", views.inbound_discard, name="inbound_discard"),
]
