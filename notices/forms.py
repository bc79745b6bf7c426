"""Forms for the paralegal: obligations of an order, notices, disclosures, marking met.
Times typed in are court time (America/New_York, the project's TIME_ZONE)."""

from django import forms

from casetracker.models import Party
from docket.models import DocketEntry
from docket.permissions import visible_entries

from .models import NoticeWindow
from .rules import NAMED_RULES

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _entry_label(entry):
    return f"{entry} — {entry.date_filed:%-d %b %Y} — {entry.text[:70]}"


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
        self.fields["trigger"].queryset = visible_entries(case, membership).order_by(
            "-date_filed", "-number"
        )

    def clean(self):
        data = super().clean()
        rule = data.get("rule")
        if rule:
            named = NAMED_RULES[rule]
            data["period"] = f"{named.period.amount}{named.period.unit[0]}"
            data["before"] = named.before
        return data


class NoticeForm(forms.Form):
    received_at = forms.DateTimeField(label="Notice received (ET)", widget=DATETIME)
    given_by = forms.CharField(label="Given by", max_length=200)
    data_description = forms.CharField(
        label="Data to be disclosed", widget=forms.Textarea(attrs={"rows": 3})
    )
    recipient = forms.CharField(label="To whom", max_length=200, initial="ICE")
    entry = EntryChoiceField(
        label="The notice as docketed",
        queryset=DocketEntry.objects.none(),
        required=False,
        empty_label="Not docketed (e.g. e-mail from counsel)",
    )

    def __init__(self, *args, case, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = visible_entries(case, membership).order_by(
            "-date_filed", "-number"
        )


class DisclosureForm(forms.Form):
    occurred_at = forms.DateTimeField(label="Disclosure happened (ET)", widget=DATETIME)
    source = forms.CharField(
        label="How we learned of it", max_length=300, help_text="e.g. ICE declaration, ECF 74"
    )
    description = forms.CharField(
        label="What was disclosed", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    window = forms.ModelChoiceField(
        label="Under which notice",
        queryset=NoticeWindow.objects.none(),
        required=False,
        empty_label="Work it out from the dates",
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["window"].queryset = NoticeWindow.objects.filter(case=case).select_related(
            "case__court"
        )


class MarkMetForm(forms.Form):
    entry = EntryChoiceField(label="Satisfied by docket entry", queryset=DocketEntry.objects.none())

    def __init__(self, *args, case, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = visible_entries(case, membership).order_by(
            "-date_filed", "-number"
        )
