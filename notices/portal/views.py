"""The client status page: where the case stands, in plain English, for the plaintiffs'
people. Everyone on the case may open it (the team previews what clients see); editors also
get a small form to write the plain-language text. Only public material is shown."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casetracker.permissions import EDITORS, EVERYONE, case_view, is_team
from notices.portal import selectors
from notices.portal.services import STAGE_MAX, SUMMARY_MAX, update_client_status


class StatusForm(forms.Form):
    stage = forms.CharField(
        max_length=STAGE_MAX,
        required=False,
        label="Current stage (one line)",
        help_text="e.g. Preliminary relief granted in part; administrative record produced",
    )
    public_summary = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 5}), label="Summary for clients"
    )

    def __init__(self, *args, orders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.orders = list(orders)
        for entry in self.orders:
            self.fields[f"order_{entry.pk}"] = forms.CharField(
                max_length=SUMMARY_MAX,
                required=False,
                label=f"Plain-English line for {entry.dated_name}",
                initial=entry.plain_summary,
            )

    def order_summaries(self):
        return {e.pk: self.cleaned_data.get(f"order_{e.pk}", "") for e in self.orders}


def _alerts_url(case):
    """The page where a member chooses their alerts (the monitoring work), if it exists."""
    try:
        return reverse("alert_preferences", args=[case.slug])
    except NoReverseMatch:
        return None


def _context(request, case, membership):
    now = timezone.now()
    orders = selectors.key_orders(case)
    obligation, record_status = selectors.public_record_status(case, now)
    editable = membership.role in EDITORS
    return {
        "case": case,
        "is_team": is_team(membership),
        "client_party": membership.party if membership.role == "client" else None,
        "alerts_url": _alerts_url(case),
        "counsel": selectors.legal_team(
            case, membership.party if membership.role == "client" else None
        ),
        "stage": case.stage,
        "default_stage": selectors.default_stage(orders, record_status, request.case),
        "orders": orders,
        "dates": selectors.next_public_dates(case, now),
        "earlier_dates": selectors.earlier_public_dates(case, now),
        "notice_order": selectors.notice_order_status(case, now),
        "record_obligation": obligation,
        "record_status": record_status,
        "now": now,
        "form": StatusForm(
            orders=orders,
            initial={"stage": case.stage, "public_summary": case.public_summary},
        )
        if editable
        else None,
    }


@case_view(*EVERYONE)
def client_status(request, slug):
    return render(
        request,
        "notices/client_status.html",
        _context(request, request.case, request.membership),
    )


@case_view(*EDITORS)
@require_POST
def client_status_edit(request, slug):
    case = request.case
    form = StatusForm(request.POST, orders=selectors.key_orders(case))
    if not form.is_valid():
        messages.error(
            request,
            "Nothing was saved: "
            + " ".join(
                f"{form.fields[name].label if name in form.fields else name}: {' '.join(map(str, errs))}"
                for name, errs in form.errors.items()
            ),
        )
        return redirect("client_status", slug=case.slug)
    try:
        update_client_status(
            case=case,
            user=request.user,
            stage=form.cleaned_data["stage"],
            public_summary=form.cleaned_data["public_summary"],
            order_summaries=form.order_summaries(),
        )
    except ValidationError as exc:
        messages.error(request, "Nothing was saved. " + " ".join(exc.messages))
        return redirect("client_status", slug=case.slug)
    messages.success(request, "The client status page is updated.")
    return redirect("client_status", slug=case.slug)
