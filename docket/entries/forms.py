"""The paralegal's entry form: an entry with any number of PDF attachments. Forms check input
shape and the PDFs themselves (docket.entries.uploads); the writes, and the checks that need the
database, are in docket.entries.services. (The import upload forms: docket/ingest/forms.py.)"""

from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from casetracker.formfields import CourtDateField
from casetracker.models import Role
from docket.entries.limits import entry_limit_errors
from docket.entries.services import NewAttachment
from docket.entries.uploads import validate_pdf
from docket.models import DocketEntry

Visibility = DocketEntry.Visibility


class EntryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, entry):
        text = " ".join(entry.text.split())
        return f"{entry.dated_name} · {text[:90]}{'…' if len(text) > 90 else ''}"


class EntryForm(forms.ModelForm):
    # Plain fields, not the model's: the limits are stated in words (docket/entries/limits.py), and a
    # date box that says "not a real date" for 02/30/2025 (casetracker/formfields.py).
    number = forms.IntegerField(
        required=False,
        label="ECF number",
        help_text="Leave empty for minute orders and other entries without a number.",
        error_messages={"invalid": "An ECF number is a whole number, e.g. 42."},
    )
    date_filed = CourtDateField(label="Date filed")
    date_entered = CourtDateField(label="Date entered", required=False)
    responds_to = EntryChoiceField(
        queryset=DocketEntry.objects.none(),
        required=False,
        label="Responds to",
        help_text="The entries this one answers (e.g. the motion an opposition opposes). "
        "Hold Ctrl (⌘ on a Mac) to choose several.",
    )

    class Meta:
        model = DocketEntry
        fields = [
            "number",
            "date_filed",
            "date_entered",
            "kind",
            "text",
            "filed_by",
            "responds_to",
            "visibility",
            "is_key_order",
            "plain_summary",
            "internal_note",
        ]
        labels = {
            "number": "ECF number",
            "date_filed": "Date filed",
            "date_entered": "Date entered",
            "kind": "Kind of entry",
            "text": "Docket text",
            "filed_by": "Filed by",
            "is_key_order": "Key order (shown to clients on the status page)",
            "plain_summary": "Plain-English summary for clients",
            "internal_note": "Internal note (team only)",
        }
        help_texts = {
            "number": "Leave empty for minute orders and other entries without a number.",
            "kind": "Choose Order or Minute order for anything the judge signed.",
        }
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "internal_note": forms.Textarea(attrs={"rows": 3}),
            "filed_by": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, case, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        cast(forms.ModelMultipleChoiceField, self.fields["filed_by"]).queryset = case.parties.all()
        self.fields["filed_by"].required = False
        entries = case.entries.all().order_by("date_filed", "number", "pk")
        if membership.role != Role.ADMIN:
            # Only admins see sealed entries, so only they may seal one or link to one.
            entries = entries.exclude(visibility=Visibility.SEALED)
            visibility = cast(forms.ChoiceField, self.fields["visibility"])
            choices = cast(list[tuple[str, str]], visibility.choices)  # a flat list on a form field
            visibility.choices = [c for c in choices if c[0] != Visibility.SEALED]
        if self.instance.pk:
            entries = entries.exclude(pk=self.instance.pk)
        cast(forms.ModelMultipleChoiceField, self.fields["responds_to"]).queryset = entries
        self.fields["responds_to"].widget.attrs["size"] = 8

    def clean_number(self):
        number = self.cleaned_data.get("number")
        error = entry_limit_errors(number=number).get("number")
        if error:
            raise ValidationError(error)
        return number

    def clean_text(self):
        text = self.cleaned_data.get("text", "")
        error = entry_limit_errors(text=text).get("text")
        if error:
            raise ValidationError(error)
        return text

    def entry_fields(self):
        """The scalar fields, for docket.entries.services.create_entry/update_entry."""
        data = self.cleaned_data
        names = [n for n in self.Meta.fields if n not in ("filed_by", "responds_to")]
        return {name: data.get(name) for name in names}


class AttachmentForm(forms.Form):
    """One PDF: its ECF attachment number (0 = the main document) and a description."""

    attachment_number = forms.IntegerField(
        min_value=0, max_value=999, label="No.", help_text="0 = main document"
    )
    description = forms.CharField(max_length=300, required=False, label="Description")
    file = forms.FileField(
        required=False,
        label="PDF file",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def label(self):
        number = self.cleaned_data.get("attachment_number")
        if number is None:
            return "Attachment"
        return "Main document" if number == 0 else f"Attachment {number}"

    def clean(self):
        super().clean()
        data = self.cleaned_data
        upload = data.get("file")
        if upload and "attachment_number" in data:
            try:
                data["validated"] = validate_pdf(upload, label=self.label())
            except ValidationError as exc:
                self.add_error("file", exc)
        return data

    def new_attachment(self):
        data = self.cleaned_data
        if not data.get("file"):
            return None
        return NewAttachment(
            attachment_number=data["attachment_number"],
            upload=data["file"],
            description=data.get("description", ""),
            label=self.label(),
            validated=data.get("validated"),
        )


class BaseAttachmentFormSet(forms.BaseFormSet):
    def new_attachments(self):
        return [a for a in (f.new_attachment() for f in self.forms) if a is not None]

    def file_errors(self):
        """Every attachment problem, each naming its file, for the summary at the top."""
        return [e for f in self.forms for e in f.errors.get("file", [])]


AttachmentFormSet = cast(
    type[BaseAttachmentFormSet],
    formset_factory(
        AttachmentForm, formset=BaseAttachmentFormSet, extra=0, max_num=200, validate_max=True
    ),
)


def attachment_initial(entry=None, blank_rows=3):
    """Rows to show: documents PACER listed but we have no file for yet, then blank rows with
    the next free numbers."""
    rows, used = [], set()
    if entry is not None and entry.pk:
        for document in entry.documents.all():
            used.add(document.attachment_number)
            if not document.file:
                rows.append(
                    {
                        "attachment_number": document.attachment_number,
                        "description": document.description,
                    }
                )
    number = next_number = 0
    while next_number < blank_rows:
        if number not in used:
            rows.append({"attachment_number": number, "description": ""})
            next_number += 1
        number += 1
    return rows
