"""Deadline pages: dashboards, a deadline and the decisions on it, obligations of an order.
Thin: roles come from casetracker.permissions, reads from notices.deadlines.selectors, writes from
notices.deadlines.services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from casetracker.courttime import court_datetime
from casetracker.forms import apply_service_error
from casetracker.models import Role
from casetracker.permissions import DECIDERS, EDITORS, TEAM, case_view, team_view
from docket.entries.selectors import entry_for
from notices.deadlines import obligations, selectors, services
from notices.deadlines.forms import (
    DecideForm,
    MarkMetForm,
    ObligationForm,
    OverrideForm,
)


def _dashboard_context(request, cases, membership=None):
    sort = request.GET.get("sort", "due")
    if sort not in selectors.SORTS:
        sort = "due"
    show_closed = request.GET.get("closed") == "1"
    groups = selectors.dashboard(
        cases=cases,
        membership=membership,
        user=request.user,
        sort=sort,
        show_closed=show_closed,
    )
    return {
        "groups": groups,
        "no_rows": not any(groups.values()),
        "sort": sort,
        "show_closed": show_closed,
        "now": timezone.now(),
    }


@case_view(*TEAM)
def case_deadlines(request, slug):
    context = _dashboard_context(request, [request.case], request.membership)
    context.update(
        case=request.case,
        cross_case=False,
        suggestions=selectors.suggestions(request.case, request.membership),
    )
    return render(request, "notices/deadlines.html", context)


@team_view
def all_deadlines(request):
    context = _dashboard_context(request, selectors.team_cases(request.user))
    context["cross_case"] = True
    return render(request, "notices/deadlines.html", context)


@case_view(*TEAM)
def deadline_detail(request, slug, pk):
    deadline = selectors.deadline_for(request.case, request.membership, pk)
    selectors.view_of(deadline)
    history = deadline.history.select_related("history_user").order_by("-history_date")[:20]
    context = {
        "case": request.case,
        "deadline": deadline,
        "urgency": deadline.view.group,
        "clients_see_it": selectors.role_may_see(deadline, Role.CLIENT),
        "met_form": MarkMetForm(case=request.case, membership=request.membership),
        "history": history,
        "reminders": deadline.reminders.select_related("recipient").order_by("due_at")[:60],
        "can_decide": request.membership.role in DECIDERS,
        "can_draft": request.membership.role in EDITORS,
    }
    return render(request, "notices/deadline_detail.html", context)


@case_view(*EDITORS)
@require_POST
def deadline_action(request, slug, pk, action):
    """Mark met (vacate and reopen have their own confirm pages, attorneys and admins only)."""
    deadline = selectors.deadline_for(request.case, request.membership, pk)
    if action != "met":
        raise Http404("No such action.")
    try:
        form = MarkMetForm(request.POST, case=request.case, membership=request.membership)
        if not form.is_valid():
            raise ValidationError("Choose the docket entry that satisfied this deadline.")
        services.mark_met(deadline=deadline, entry=form.cleaned_data["entry"], user=request.user)
        messages.success(request, "Deadline marked met.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("deadline_detail", slug=request.case.slug, pk=deadline.pk)


DONE = {
    "vacate": "Deadline vacated; its reminders are cancelled.",
    "reopen": "Deadline reopened.",
    "override": "New date saved; the rule's date is kept beside it.",
}


def _decide(request, pk, verb, service, form_class=DecideForm):
    """The confirm page of a risky action on a deadline (casetracker.decisions): GET shows it,
    POST runs `service` with the reason and the tick box; a refusal re-shows it with the errors."""
    deadline = selectors.deadline_for(request.case, request.membership, pk)
    extra = {"verb": verb} if form_class is DecideForm else {}
    form = form_class(request.POST or None, **extra)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            service(deadline=deadline, user=request.user, confirmed=values.pop("confirm"), **values)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, DONE[verb])
            return redirect("deadline_detail", slug=request.case.slug, pk=deadline.pk)
    selectors.view_of(deadline)
    status = 400 if request.method == "POST" else 200
    context = {"case": request.case, "deadline": deadline, "form": form, "verb": verb}
    return render(request, "notices/deadline_decide.html", context, status=status)


@case_view(*DECIDERS)
def deadline_vacate(request, slug, pk):
    """Confirm page, then vacate with a required reason (attorneys and admins only)."""
    return _decide(request, pk, "vacate", services.vacate)


@case_view(*DECIDERS)
def deadline_reopen(request, slug, pk):
    """Confirm page, then reopen with a required reason (attorneys and admins only)."""
    return _decide(request, pk, "reopen", services.reopen)


@case_view(*DECIDERS)
def deadline_override(request, slug, pk):
    """Confirm page, then another date than the rule's with a required reason (attorneys and
    admins only); the computed date is kept beside it (audited)."""
    return _decide(request, pk, "override", services.override_due, form_class=OverrideForm)


@case_view(*EDITORS)
@require_POST
def deadline_review(request, slug, pk, decision):
    """Accept or dismiss a suggested deadline or hearing (audited)."""
    deadline = selectors.deadline_for(request.case, request.membership, pk)
    try:
        if decision == "accept":
            services.accept_suggestion(deadline=deadline, user=request.user)
            messages.success(request, "Suggestion accepted: it is now a deadline, with reminders.")
        elif decision == "dismiss":
            services.dismiss_suggestion(
                deadline=deadline, user=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, "Suggestion dismissed.")
        else:
            raise Http404("No such decision.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("deadline_detail", slug=request.case.slug, pk=deadline.pk)


@case_view(*EDITORS)
def obligation_new(request, slug, number):
    entry = entry_for(request.case, request.membership, number)
    if not entry.is_order:
        raise Http404("Obligations belong to orders.")
    form = ObligationForm(request.POST or None, case=request.case, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _, deadline = obligations.add_obligation(
                order=entry,
                party_side=data["party_side"],
                text=data["text"],
                period=data["period"],
                before=data["before"],
                trigger=data["trigger"],
                due_at=data["due_at"],
                standing_notice_hours=data["standing_notice_hours"],
                user=request.user,
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if deadline:
                messages.success(
                    request,
                    f"Obligation added. Deadline: {court_datetime(deadline.due_at, request.case)}.",
                )
            else:
                messages.success(request, "Obligation added.")
            return redirect(entry.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    context = {"case": request.case, "entry": entry, "form": form}
    return render(request, "notices/obligation_form.html", context, status=status)
