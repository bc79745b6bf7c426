"""Notices URLs not tied to one case (cross-case dashboard, calendar feed, notifications)."""

urlpatterns = []
