"""Notices URLs under /cases/<slug>/."""

from django.urls import path

from notices.compliance import views as compliance_views
from notices.deadlines import views
from notices.portal import views as status_views
from notices.reminders import views as alert_views
from notices.webhooks import views as webhook_views

urlpatterns = [
    path("status/", status_views.client_status, name="client_status"),
    path("status/edit/", status_views.client_status_edit, name="client_status_edit"),
    path("deadlines/", views.case_deadlines, name="case_deadlines"),
    path("deadlines/<int:pk>/", views.deadline_detail, name="deadline_detail"),
    path("deadlines/<int:pk>/vacate/", views.deadline_vacate, name="deadline_vacate"),
    path("deadlines/<int:pk>/override/", views.deadline_override, name="deadline_override"),
    path(
        "deadlines/<int:pk>/review/<str:decision>/",
        views.deadline_review,
        name="deadline_review",
    ),
    path("deadlines/<int:pk>/reopen/", views.deadline_reopen, name="deadline_reopen"),
    path(
        "deadlines/<int:pk>/non-compliance/",
        compliance_views.deadline_non_compliance,
        name="deadline_non_compliance",
    ),
    path(
        "deadlines/<int:pk>/<str:action>/",
        views.deadline_action,
        name="deadline_action",
    ),
    path("docket/<str:number>/obligations/new/", views.obligation_new, name="obligation_new"),
    path("notices/new/", compliance_views.notice_new, name="notice_new"),
    path("disclosures/new/", compliance_views.disclosure_new, name="disclosure_new"),
    path(
        "disclosures/<int:pk>/non-compliance/",
        compliance_views.non_compliance_draft,
        name="non_compliance_draft",
    ),
    path("compliance/", compliance_views.compliance_ledger, name="compliance_ledger"),
    path(
        "docket/<str:number>/notice-term/end/",
        compliance_views.notice_term_end,
        name="notice_term_end",
    ),
    path("alerts/", alert_views.alert_preferences, name="alert_preferences"),
    path("webhooks/", webhook_views.webhook_list, name="webhook_list"),
    path("webhooks/new/", webhook_views.webhook_new, name="webhook_new"),
    path("webhooks/<int:pk>/", webhook_views.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/disable/", webhook_views.webhook_disable, name="webhook_disable"),
    path("webhooks/<int:pk>/enable/", webhook_views.webhook_enable, name="webhook_enable"),
    path("webhooks/<int:pk>/delete/", webhook_views.webhook_delete, name="webhook_delete"),
]
