"""The upload forms of the PACER docket report and NEF imports: they check the file's size
before anything reads it; the importers (docket.ingest.importers) check what is in it."""

from django import forms
from django.core.exceptions import ValidationError

from docket.ingest.importers.nef import MAX_NEF_BYTES
from docket.ingest.importers.pacer import MAX_REPORT_BYTES


class UploadForm(forms.Form):
    file = forms.FileField(label="File")

    max_bytes = 0
    what = "file"

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.max_bytes:
            raise ValidationError(
                f"{upload.name} is too large to be a {self.what} "
                f"(limit {self.max_bytes // (1024 * 1024)} MB)."
            )
        return upload


class PacerUploadForm(UploadForm):
    file = forms.FileField(
        label="Docket report (HTML)",
        help_text="In PACER: Reports › Docket Report › Run Report, then File › Save Page As "
        f"(“Web page, HTML only”). Up to {MAX_REPORT_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".html,.htm,text/html"}),
    )
    max_bytes = MAX_REPORT_BYTES
    what = "docket report"


class NefUploadForm(UploadForm):
    file = forms.FileField(
        label="Notice of Electronic Filing (.eml)",
        help_text="In your mail program, open the court's “Activity in Case” e-mail and save "
        f"or export it as a file (.eml). Up to {MAX_NEF_BYTES // (1024 * 1024)} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".eml,message/rfc822"}),
    )
    max_bytes = MAX_NEF_BYTES
    what = "notice e-mail"
