"""The notices API resources under /api/ (included by the root urlconf)."""

from django.urls import path

from casetracker.api.urls import CASE
from notices.api import views

urlpatterns = [
    path(CASE + "deadlines/", views.DeadlineList.as_view(), name="api_deadlines"),
    path(CASE + "deadlines/<int:pk>/", views.DeadlineDetail.as_view(), name="api_deadline"),
    path(CASE + "notice-windows/", views.NoticeWindowList.as_view(), name="api_notice_windows"),
    path(CASE + "disclosures/", views.DisclosureList.as_view(), name="api_disclosures"),
    path(CASE + "webhooks/", views.WebhookList.as_view(), name="api_webhooks"),
    path(CASE + "webhooks/<int:pk>/", views.WebhookDetail.as_view(), name="api_webhook"),
    path(
        CASE + "webhooks/<int:pk>/disable/",
        views.WebhookDisable.as_view(),
        name="api_webhook_disable",
    ),
    path(
        CASE + "webhooks/<int:pk>/enable/",
        views.WebhookEnable.as_view(),
        name="api_webhook_enable",
    ),
    path(
        CASE + "webhooks/<int:pk>/deliveries/",
        views.DeliveryList.as_view(),
        name="api_webhook_deliveries",
    ),
]
