"""How a team member hears of things: in-app notifications, the calendar feed (per-user
revocable token) and the choice of alerts for new docket entries. Thin: writes are in
notices.deadlines.services (calendar tokens, read marks) and notices.reminders.alerts."""

from calendar import timegm

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, urlencode
from django.views.decorators.http import require_POST

from casetracker.permissions import TEAM, case_view
from notices.deadlines import selectors
from notices.models import AlertPreference, CalendarToken
from notices.reminders import alerts, feed_cache, feeds
from notices.reminders import services as reminder_services


class AlertPreferenceForm(forms.ModelForm):
    class Meta:
        model = AlertPreference
        fields = ["entries", "orders", "email", "in_app"]
        help_texts = {
            "entries": "Motions, notices, briefs and every other new entry.",
            "orders": "Orders and minute orders (separately, because they often set dates).",
        }


@case_view(*TEAM)
def alert_preferences(request, slug):
    case = request.case
    preference = alerts.preference_for(request.user, case)
    form = AlertPreferenceForm(request.POST or None, instance=preference)
    if request.method == "POST" and form.is_valid():
        alerts.save_preference(user=request.user, case=case, **form.cleaned_data)
        messages.success(request, "Saved. New entries will reach you as you chose.")
        return redirect("alert_preferences", slug=case.slug)
    return render(request, "notices/alert_preferences.html", {"case": case, "form": form})


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
    reminder_services.mark_read(user=request.user, notification_ids=ids)
    return redirect("notifications")


@login_required
def calendar_settings(request):
    token = reminder_services.calendar_token_for(user=request.user)
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
    reminder_services.revoke_calendar_token(user=request.user)
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
