"""The notices API resources: deadlines, notice windows and disclosures (/api/v1/), for the
team only. The framework (TeamScoped, ETags, pages) is casetracker.api's."""

from rest_framework import generics

from casetracker.api.pagination import DeadlineCursor
from casetracker.api.views import DetailWithETag, QuerysetMixin, TeamScoped
from notices.api import serializers as s
from notices.models import Deadline, Disclosure, NoticeWindow


class DeadlineQueryset(QuerysetMixin):
    serializer_class = s.DeadlineSerializer

    def get_queryset(self):
        if self.fake():
            return Deadline.objects.none()
        return Deadline.objects.visible_to(self.membership).select_related(
            "trigger", "satisfied_by"
        )


class DeadlineList(DeadlineQueryset, TeamScoped, generics.ListAPIView):
    pagination_class = DeadlineCursor


class DeadlineDetail(DetailWithETag, DeadlineQueryset, TeamScoped, generics.RetrieveAPIView):
    pass


class NoticeWindowList(TeamScoped, generics.ListAPIView):
    serializer_class = s.NoticeWindowSerializer

    def get_queryset(self):
        if self.fake():
            return NoticeWindow.objects.none()
        return NoticeWindow.objects.visible_to(self.membership).select_related("entry")


class DisclosureList(TeamScoped, generics.ListAPIView):
    serializer_class = s.DisclosureSerializer

    def get_queryset(self):
        if self.fake():
            return Disclosure.objects.none()
        return Disclosure.objects.visible_to(self.membership)
