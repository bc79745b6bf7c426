"""The notices API resources: deadlines, notice windows, disclosures and webhooks (/api/v1/),
for the team only. The framework (TeamScoped, ETags, pages) is casetracker.api's."""

from typing import cast

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from casetracker.api.pagination import Cursor, DeadlineCursor
from casetracker.api.views import DetailWithETag, QuerysetMixin, TeamScoped
from casetracker.models import User
from notices.api import serializers as s
from notices.models import Deadline, Disclosure, NoticeWindow
from notices.webhooks import selectors as webhook_selectors
from notices.webhooks import services as webhook_services
from notices.webhooks.models import Delivery, Webhook


class DeliveryCursor(Cursor):
    ordering = ("-occurred_at", "-pk")


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


class WebhookQueryset(QuerysetMixin):
    serializer_class = s.WebhookSerializer

    def get_queryset(self):
        if self.fake():
            return Webhook.objects.none()
        return webhook_selectors.webhooks_for(self.membership)


class WebhookList(WebhookQueryset, TeamScoped, generics.ListCreateAPIView):
    """The case's webhooks; POST registers one (`url`, `events`, `description`) and answers
    with its `secret`, shown this once."""

    @extend_schema(responses={201: s.RegisteredWebhookSerializer})
    def post(self, request, *args, **kwargs):
        serializer = s.WebhookSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        webhook, secret = webhook_services.register_webhook(
            case=self.case,
            user=cast(User, request.user),
            url=data["url"],
            events=sorted(data["events"]),
            description=data.get("description", ""),
        )
        answer = s.RegisteredWebhookSerializer(webhook, context=self.get_serializer_context())
        return Response({**answer.data, "secret": secret}, status=status.HTTP_201_CREATED)


class WebhookDetail(WebhookQueryset, TeamScoped, generics.RetrieveDestroyAPIView):
    """A webhook; DELETE deletes it and its delivery log (audited)."""

    def perform_destroy(self, instance):
        webhook_services.delete_webhook(webhook=instance, user=cast(User, self.request.user))


class WebhookDisable(WebhookQueryset, TeamScoped, generics.GenericAPIView):
    """POST: stop sending to this webhook (audited); waiting deliveries are cancelled."""

    @extend_schema(request=s.DisableSerializer, responses={200: s.WebhookSerializer})
    def post(self, request, *args, **kwargs):
        webhook = self.get_object()
        body = s.DisableSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        webhook = webhook_services.disable_webhook(
            webhook=webhook,
            user=cast(User, request.user),
            reason=body.validated_data.get("reason", ""),
        )
        return Response(s.WebhookSerializer(webhook, context=self.get_serializer_context()).data)


class WebhookEnable(WebhookQueryset, TeamScoped, generics.GenericAPIView):
    """POST: send to this disabled webhook again (audited); new events only — the deliveries
    cancelled while it was disabled stay cancelled."""

    @extend_schema(request=None, responses={200: s.WebhookSerializer})
    def post(self, request, *args, **kwargs):
        webhook = webhook_services.enable_webhook(
            webhook=self.get_object(), user=cast(User, request.user)
        )
        return Response(s.WebhookSerializer(webhook, context=self.get_serializer_context()).data)


class DeliveryList(TeamScoped, generics.ListAPIView):
    """A webhook's delivery log, newest first: each delivery with its attempts."""

    serializer_class = s.DeliverySerializer
    pagination_class = DeliveryCursor

    def get_queryset(self):
        if self.fake():
            return Delivery.objects.none()
        webhook = get_object_or_404(
            webhook_selectors.webhooks_for(self.membership), pk=self.kwargs["pk"]
        )
        return webhook_selectors.deliveries_queryset(self.membership, webhook).select_related(
            "entry"
        )
