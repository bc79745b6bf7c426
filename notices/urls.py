"""Notices URLs not tied to one case (cross-case dashboard, calendar feed, notifications)."""

from django.urls import path

from notices.deadlines import views

urlpatterns = [
    path("deadlines/", views.all_deadlines, name="all_deadlines"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("calendar/", views.calendar_settings, name="calendar_settings"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
