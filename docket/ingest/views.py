"""The operator page (feeds and the inbound address: last poll/receipt, errors, counts, so a
silent failure is visible) and the quarantine of inbound mail. Administrators only: quarantined
mail can hold anything, sealed entries included."""

import email
import email.policy
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from casetracker.forms import apply_service_error
from casetracker.models import Case
from docket.ingest import inbound, selectors
from docket.ingest.models import InboundMessage


def admin_view(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied("The operator pages are for administrators.")
        return view(request, *args, **kwargs)

    wrapper.allowed_roles = ("admin",)  # type: ignore[attr-defined]
    return wrapper


@admin_view
def operations(request):
    return render(
        request,
        "ingest/operations.html",
        {
            "feeds": selectors.feed_rows(),
            "inbound": selectors.inbound_summary(),
            "messages_list": selectors.recent_messages(),
        },
    )


class ReleaseForm(forms.Form):
    case = forms.ModelChoiceField(
        queryset=Case.objects.order_by("short_name"), help_text="Import the notice into this case"
    )


def _text_of(message):
    parsed = email.message_from_bytes(bytes(message.raw), policy=email.policy.default)
    parts = []
    for part in parsed.walk():
        if part.get_content_maintype() == "text":
            try:
                parts.append(part.get_content())
            except (LookupError, UnicodeError, AttributeError):
                payload = part.get_payload(decode=True)  # bytes (or None) for a text part
                raw = payload if isinstance(payload, bytes) else b""
                parts.append(raw.decode("utf-8", "replace"))
    return parsed, "\n\n".join(parts)[:20000]


@admin_view
def inbound_message(request, pk):
    message = get_object_or_404(InboundMessage, pk=pk)
    form = ReleaseForm(request.POST or None, initial={"case": message.case_id})
    if request.method == "POST" and form.is_valid():
        try:
            inbound.release(message=message, case=form.cleaned_data["case"], by=request.user)
        except ValidationError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, "Imported into the case.")
            return redirect("inbound_message", pk=message.pk)
    parsed, text = _text_of(message)
    return render(
        request,
        "ingest/inbound_message.html",
        {"message": message, "headers": list(parsed.items())[:40], "text": text, "form": form},
    )


@admin_view
@require_POST
def inbound_discard(request, pk):
    message = get_object_or_404(InboundMessage, pk=pk)
    try:
        inbound.discard(message=message, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Discarded from the quarantine (the raw message is kept).")
    return redirect("operations")
