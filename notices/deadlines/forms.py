"""Forms for the paralegal: obligations of an order, notices, disclosures, marking met.
Times typed in are court time (America/New_York, the project's TIME_ZONE)."""

from typing import cast

from django import forms
from django.db.models import Exists, OuterRef

from casetracker.courttime import court_datetime
from casetracker.decisions import DecisionForm
from casetracker.models import Party
from docket.models import DocketEntry
from docket.permissions import visible_entries
from notices.deadlines.rules import NAMED_RULES
from notices.models import Disclosure, NoticeWindow

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


class NoticeForm(forms.Form):
    received_at = forms.DateTimeField(label="Notice received (ET)", widget=DATETIME)
    data_description = forms.CharField(
        label="Data to be disclosed",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="As the notice states it: a later disclosure is covered only if it is of "
        "this data to this recipient.",
    )
    recipient = forms.CharField(label="To whom", max_length=200, initial="ICE")
    given_by = forms.CharField(
        label="Given by", max_length=200, required=False, help_text="e.g. counsel for the IRS"
    )
    entry = EntryChoiceField(
        label="The notice as docketed",
        queryset=DocketEntry.objects.none(),
        required=False,
        empty_label="Not docketed (e.g. e-mail from counsel)",
    )

    def __init__(self, *args, case, membership, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["entry"]).queryset = visible_entries(
            case, membership
        ).order_by("-date_filed", "-number")


class NoticeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        used = " — already used" if getattr(obj, "used", False) else ""
        return (
            f"Notice {obj.pk} of {court_datetime(obj.received_at, obj.case)} by {obj.given_by}: "
            f"{obj.data_description[:60]} → {obj.recipient}{used}"
        )


class DisclosureForm(forms.Form):
    occurred_at = forms.DateTimeField(label="Disclosure happened (ET)", widget=DATETIME)
    data_description = forms.CharField(
        label="What data was disclosed", widget=forms.Textarea(attrs={"rows": 3})
    )
    recipient = forms.CharField(label="To whom", max_length=200, initial="ICE")
    window = NoticeChoiceField(
        label="Under which notice",
        queryset=NoticeWindow.objects.none(),
        required=False,
        empty_label="Work it out: the latest unused notice before it of this data to this recipient",
    )
    source = forms.CharField(
        label="How we learned of it",
        max_length=300,
        required=False,
        help_text="e.g. ICE declaration, ECF 74",
    )
    description = forms.CharField(
        label="Other facts (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, case, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["window"]).queryset = (
            NoticeWindow.objects.visible_to(membership)
            .filter(case=case)
            .select_related("case__court")
            .annotate(used=Exists(Disclosure.objects.filter(window=OuterRef("pk"))))
            .order_by("-received_at")
        )


class EndTermForm(forms.Form):
    until = forms.DateField(
        label="Ended on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    event = forms.CharField(
        label="What ended it",
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "the Court's ruling on the motion"}),
    )


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
