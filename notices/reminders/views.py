"""A team member's choice of how they hear of new docket entries on a case. Thin: the write is
notices.reminders.alerts.save_preference."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from casetracker.permissions import TEAM, case_view
from notices.models import AlertPreference
from notices.reminders import alerts


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
