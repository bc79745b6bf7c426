"""Notices URLs not tied to one case (cross-case dashboard, calendar feed, notifications)."""

from django.urls import path

from notices.deadlines import views
from notices.reminders import views as reminder_views

urlpatterns = [
    path("deadlines/", views.all_deadlines, name="all_deadlines"),
    path("notifications/", reminder_views.notifications, name="notifications"),
    path("notifications/read/", reminder_views.notifications_read, name="notifications_read"),
    path("calendar/", reminder_views.calendar_settings, name="calendar_settings"),
    path("calendar/revoke/", reminder_views.calendar_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", reminder_views.calendar_feed, name="calendar_feed"),
]
