"""Notices URLs under /cases/<slug>/."""

urlpatterns = []
