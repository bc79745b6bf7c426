"""Compliance pages: log a notice of intended disclosure, record a disclosure, the compliance
ledger, end an advance-notice term, draft a notice of non-compliance. Thin: roles come from
casetracker.permissions, reads from notices.compliance.selectors, writes from
notices.compliance.services."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from casetracker.courttime import court_datetime
from casetracker.forms import apply_service_error
from casetracker.permissions import EDITORS, TEAM, case_view
from docket.entries.selectors import entry_for
from notices.compliance import drafts
from notices.compliance import selectors as compliance_selectors
from notices.compliance import services as compliance_services
from notices.compliance.forms import DisclosureForm, EndTermForm, NoticeForm
from notices.deadlines import selectors
from notices.models import Disclosure


@case_view(*EDITORS)
def notice_new(request, slug):
    form = NoticeForm(request.POST or None, case=request.case, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            window = compliance_services.record_notice(
                case=request.case, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if window.is_disputable and window.clock_closes_at is not None:
                ends = (
                    f"after {court_datetime(window.clock_closes_at, request.case)} counting clock hours, after "
                    f"{court_datetime(window.closes_at, request.case)} under FRCP 6(a)(2)"
                )
            else:
                ends = f"after {court_datetime(window.closes_at, request.case)} (clock hours and FRCP 6(a)(2) agree)"
            messages.success(
                request,
                f"Notice recorded. The disclosure it announces may go ahead {ends}; "
                "every attorney is being alerted.",
            )
            return redirect("compliance_ledger", slug=request.case.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "notices/notice_form.html", {"case": request.case, "form": form}, status=status
    )


VERDICT_MESSAGES: dict[str, tuple[Callable[..., None], str]] = {
    Disclosure.Verdict.BREACH: (messages.error, "Breach of the notice order"),
    Disclosure.Verdict.DISPUTED: (messages.warning, "Disputed"),
    Disclosure.Verdict.COMPLIANT: (messages.success, "Compliant"),
    Disclosure.Verdict.OUTSIDE: (messages.info, "Outside the order"),
}


@case_view(*EDITORS)
def disclosure_new(request, slug):
    form = DisclosureForm(request.POST or None, case=request.case, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure = compliance_services.record_disclosure(
                case=request.case, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            say, label = VERDICT_MESSAGES[disclosure.verdict]
            say(request, f"Disclosure recorded. {label}: {disclosure.summary}")
            return redirect("compliance_ledger", slug=request.case.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "notices/disclosure_form.html", {"case": request.case, "form": form}, status=status
    )


@case_view(*TEAM)
def compliance_ledger(request, slug):
    context = {
        "case": request.case,
        **compliance_selectors.ledger(request.case, membership=request.membership),
    }
    context["can_edit"] = request.membership.role in EDITORS
    context["end_form"] = EndTermForm()
    return render(request, "notices/ledger.html", context)


@case_view(*EDITORS)
@require_POST
def notice_term_end(request, slug, number):
    """Record the end event of an order's advance-notice term; every verdict is redone."""
    entry = entry_for(request.case, request.membership, number)
    obligation = entry.obligations.filter(standing_notice_hours__isnull=False).first()
    if obligation is None:
        raise Http404("This order has no advance-notice requirement.")
    form = EndTermForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Enter the day it ended and what ended it.")
        compliance_services.end_order_term(
            obligation=obligation,
            until=form.cleaned_data["until"],
            event=form.cleaned_data["event"],
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, "Nothing was saved. " + " ".join(error.messages))
    else:
        messages.success(
            request,
            f"The advance-notice requirement is recorded as ended on "
            f"{obligation.effective_until:%-d %b %Y}; every disclosure has been judged again.",
        )
    return redirect("compliance_ledger", slug=request.case.slug)


@case_view(*EDITORS)
@require_POST
def non_compliance_draft(request, slug, pk):
    disclosure = get_object_or_404(Disclosure, pk=pk, case=request.case)
    try:
        filing = drafts.draft_non_compliance(disclosure=disclosure, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("compliance_ledger", slug=request.case.slug)
    messages.success(request, f"Draft created: “{filing.title}”.")
    try:
        return redirect(reverse("filing_detail", args=[request.case.slug, filing.pk]))
    except NoReverseMatch:
        return redirect("compliance_ledger", slug=request.case.slug)


@case_view(*EDITORS)
@require_POST
def deadline_non_compliance(request, slug, pk):
    """One click: a draft notice of the other side's non-compliance with a missed deadline."""
    deadline = selectors.deadline_for(request.case, request.membership, pk)
    try:
        filing = drafts.draft_deadline_non_compliance(deadline=deadline, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("deadline_detail", slug=request.case.slug, pk=deadline.pk)
    messages.success(request, f"Draft created: “{filing.title}”.")
    return redirect(reverse("filing_detail", args=[request.case.slug, filing.pk]))
