"""Forms for the paralegal: obligations of an order, marking met, deciding and overriding.
Times typed in are court time (America/New_York, the project's TIME_ZONE)."""

from typing import cast

from django import forms

from casetracker.decisions import DecisionForm
from casetracker.models import Party
from docket.models import DocketEntry
from docket.permissions import visible_entries
from notices.deadlines.rules import NAMED_RULES

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _entry_label(entry):
    return f"{entry.dated_name} — {entry.text[:70]}"


class EntryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _entry_label(obj)


class ObligationForm(forms.Form):
    text = forms.CharField(
        label="What the order requires",
        max_length=500,
        widget=forms.TextInput(attrs={"placeholder": "Produce the administrative record"}),
    )
    party_side = forms.ChoiceField(label="Who must act", choices=Party.Side.choices)
    rule = forms.ChoiceField(
        label="Rule",
        required=False,
        choices=[("", "Period stated in the order")]
        + [
            (key, f"{r.citation} — {r.label}")
            for key, r in NAMED_RULES.items()
            if key != "notice_24h"
        ],
    )
    period = forms.CharField(
        label="Period",
        required=False,
        max_length=20,
        help_text="e.g. 30d, 14 days, 24h. Leave empty for a fixed date or a standing notice.",
    )
    before = forms.BooleanField(label="Counted backward from the trigger", required=False)
    trigger = EntryChoiceField(
        label="Runs from",
        queryset=DocketEntry.objects.none(),
        required=False,
        empty_label="This order",
        help_text="e.g. the opposition, for a reply due 7 days after it",
    )
    due_at = forms.DateTimeField(
        label="Or a fixed date and time (ET)", required=False, widget=DATETIME
    )
    standing_notice_hours = forms.IntegerField(
        label="Or a standing notice requirement (hours before each act)",
        required=False,
        min_value=1,
        max_value=24 * 365,
    )

    def __init__(self, *args, case, membership, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["trigger"]).queryset = visible_entries(
            case, membership
        ).order_by("-date_filed", "-number")

    def clean(self):
        super().clean()
        data = self.cleaned_data
        rule = data.get("rule")
        if rule:
            named = NAMED_RULES[rule]
            data["period"] = f"{named.period.amount}{named.period.unit[0]}"
            data["before"] = named.before
        return data


class MarkMetForm(forms.Form):
    entry = EntryChoiceField(label="Satisfied by docket entry", queryset=DocketEntry.objects.none())

    def __init__(self, *args, case, membership, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["entry"]).queryset = visible_entries(
            case, membership
        ).order_by("-date_filed", "-number")


class DecideForm(DecisionForm):
    """Vacate or reopen a deadline: a reason is required, and the user ticks a confirmation."""

    def __init__(self, *args, verb, **kwargs):
        super().__init__(*args, verb=verb, thing="the deadline", **kwargs)


class OverrideForm(DecisionForm):
    """Another date than the rule's, confirmed, with a reason: the computed date is kept."""

    due_at = forms.DateTimeField(label="New due date and time (ET)", widget=DATETIME)
    field_order = ["due_at", "reason", "confirm"]

    def __init__(self, *args, **kwargs):
        super().__init__(
            *args,
            verb="override",
            thing="the computed date",
            reason_help="e.g. Minute order of 3 Nov 2025 extended the time to 14 Nov 2025",
            **kwargs,
        )
