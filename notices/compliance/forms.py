"""Forms of the 24-hour notice order: a notice received, a disclosure that happened, the end of
the order's term. Times typed in are court time (America/New_York, the project's TIME_ZONE)."""

from typing import cast

from django import forms
from django.db.models import Exists, OuterRef

from casetracker.courttime import court_datetime
from docket.models import DocketEntry
from docket.permissions import visible_entries
from notices.deadlines.forms import DATETIME, EntryChoiceField
from notices.models import Disclosure, NoticeWindow


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
