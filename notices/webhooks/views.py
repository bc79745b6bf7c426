"""Webhook pages under /cases/<slug>/webhooks/ (the case's team only): the list, registering one
(the secret is shown once, on the answer to the registration), a webhook's delivery log, and
disabling, re-enabling or deleting it. Thin: reads from selectors, writes from services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from casetracker.forms import apply_service_error
from casetracker.permissions import TEAM, case_view

from . import selectors, services
from .forms import DisableForm, WebhookForm
from .signing import SIGNATURE_HEADER, TIMESTAMP_HEADER


@case_view(*TEAM)
def webhook_list(request, slug):
    context = {
        "case": request.case,
        "webhooks": selectors.webhooks_for(request.membership),
        "form": WebhookForm(),
    }
    return render(request, "notices/webhooks.html", context)


@case_view(*TEAM)
def webhook_new(request, slug):
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            webhook, secret = services.register_webhook(
                case=request.case, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            context = {
                "case": request.case,
                "webhook": webhook,
                "secret": secret,
                "signature_header": SIGNATURE_HEADER,
                "timestamp_header": TIMESTAMP_HEADER,
            }
            return render(request, "notices/webhook_secret.html", context)
    return render(request, "notices/webhook_form.html", {"case": request.case, "form": form})


def _webhook(request, pk):
    return get_object_or_404(selectors.webhooks_for(request.membership), pk=pk)


@case_view(*TEAM)
def webhook_detail(request, slug, pk):
    webhook = _webhook(request, pk)
    context = {
        "case": request.case,
        "webhook": webhook,
        "deliveries": selectors.deliveries_for(request.membership, webhook),
        "disable_form": DisableForm(),
    }
    return render(request, "notices/webhook_detail.html", context)


@case_view(*TEAM)
@require_POST
def webhook_disable(request, slug, pk):
    webhook = _webhook(request, pk)
    form = DisableForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.disable_webhook(webhook=webhook, user=request.user, reason=reason)
    messages.success(request, "Disabled. No more events go to this address.")
    return redirect("webhook_detail", slug=request.case.slug, pk=webhook.pk)


@case_view(*TEAM)
@require_POST
def webhook_enable(request, slug, pk):
    webhook = _webhook(request, pk)
    try:
        services.enable_webhook(webhook=webhook, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Re-enabled. New events go to this address again.")
    return redirect("webhook_detail", slug=request.case.slug, pk=webhook.pk)


@case_view(*TEAM)
@require_POST
def webhook_delete(request, slug, pk):
    webhook = _webhook(request, pk)
    services.delete_webhook(webhook=webhook, user=request.user)
    messages.success(request, f"Deleted the webhook for {webhook.url}.")
    return redirect("webhook_list", slug=request.case.slug)
