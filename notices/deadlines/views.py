"""Notices pages: deadlines dashboards, obligations of an order, notices and disclosures, the
compliance ledger, notifications and the calendar feed. Thin: roles come from
casetracker.permissions, reads from notices.deadlines.selectors, writes from notices.deadlines.services."""

from calendar import timegm

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, urlencode
from django.views.decorators.http import require_POST

from casetracker.courttime import court_datetime
from casetracker.forms import apply_service_error
from casetracker.models import Role
from casetracker.permissions import DECIDERS, EDITORS, TEAM, case_view, team_view
from docket.entries.selectors import entry_for
from notices.compliance import selectors as compliance_selectors
from notices.compliance import services as compliance_services
from notices.deadlines import selectors, services
from notices.deadlines.forms import (
    DecideForm,
    DisclosureForm,
    EndTermForm,
    MarkMetForm,
    NoticeForm,
    ObligationForm,
    OverrideForm,
)
from notices.models import CalendarToken, Disclosure
from notices.reminders import feed_cache, feeds


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
@require_POST
def deadline_non_compliance(request, slug, pk):
    """One click: a draft notice of the other side's non-compliance with a missed deadline."""
    deadline = selectors.deadline_for(request.case, request.membership, pk)
    try:
        filing = services.draft_deadline_non_compliance(deadline=deadline, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("deadline_detail", slug=request.case.slug, pk=deadline.pk)
    messages.success(request, f"Draft created: “{filing.title}”.")
    return redirect(reverse("filing_detail", args=[request.case.slug, filing.pk]))


@case_view(*EDITORS)
def obligation_new(request, slug, number):
    entry = entry_for(request.case, request.membership, number)
    if not entry.is_order:
        raise Http404("Obligations belong to orders.")
    form = ObligationForm(request.POST or None, case=request.case, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _, deadline = services.add_obligation(
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
            if window.is_disputable:
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


VERDICT_MESSAGES = {
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
        filing = compliance_services.draft_non_compliance(disclosure=disclosure, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("compliance_ledger", slug=request.case.slug)
    messages.success(request, f"Draft created: “{filing.title}”.")
    try:
        return redirect(reverse("filing_detail", args=[request.case.slug, filing.pk]))
    except NoReverseMatch:
        return redirect("compliance_ledger", slug=request.case.slug)


@login_required
def notifications(request):
    items = selectors.notifications_for(request.user)
    return render(request, "notices/notifications.html", {"items": items})


@login_required
@require_POST
def notifications_read(request):
    ids = request.POST.getlist("id")
    try:
        ids = [int(i) for i in ids] if ids else None
    except ValueError:
        ids = []
    services.mark_read(user=request.user, notification_ids=ids)
    return redirect("notifications")


@login_required
def calendar_settings(request):
    token = services.calendar_token_for(user=request.user)
    url = request.build_absolute_uri(reverse("calendar_feed", args=[token.token]))
    webcal = "webcal://" + url.split("://", 1)[1]
    context = {
        "feed_url": url,
        "token": token,
        "webcal_url": webcal,
        "google_url": "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}),
        "outlook_url": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": url, "name": "Case dates"}),
        "is_client_only": not request.user.memberships.exclude(role="client").exists(),
    }
    return render(request, "notices/calendar.html", context)


@login_required
@require_POST
def calendar_revoke(request):
    services.revoke_calendar_token(user=request.user)
    messages.success(request, "The old calendar link no longer works. Subscribe to the new one.")
    return redirect("calendar_settings")


def calendar_feed(request, token):
    """No login (calendar apps cannot log in): the unguessable, revocable token is the key.
    Cached by the feed's version and answered 304 when the client has it (notices/reminders/feed_cache)."""
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404("No such calendar.")
    version = feed_cache.feed_version(found.user)
    etag = f'"{version}"'
    unchanged = get_conditional_response(request, etag=etag)
    if unchanged is not None:  # If-None-Match matches: nothing to build or send
        return unchanged
    base_url = request.build_absolute_uri("/")
    body, built_at = feed_cache.cached_feed(
        f"{version}:{base_url}",
        lambda: feeds.calendar_for_user(found.user, base_url=base_url),
    )
    last_modified = timegm(built_at.utctimetuple())
    unchanged = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if unchanged is not None:  # If-Modified-Since (a client that keeps no ETag)
        return unchanged
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Content-Disposition"] = 'inline; filename="case-deadlines.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response
