from django import forms

from .models import EVENTS


class WebhookForm(forms.Form):
    url = forms.URLField(
        label="Address (URL)",
        max_length=500,
        assume_scheme="https",
        help_text="Where we POST each event, e.g. https://example.org/hooks/casetracker.",
    )
    events = forms.MultipleChoiceField(
        label="Events",
        choices=EVENTS,
        widget=forms.CheckboxSelectMultiple,
        initial=[name for name, _ in EVENTS],
    )
    description = forms.CharField(
        label="What it is for", max_length=200, required=False, help_text="For the team's list."
    )


class DisableForm(forms.Form):
    reason = forms.CharField(label="Why (optional)", max_length=300, required=False)
