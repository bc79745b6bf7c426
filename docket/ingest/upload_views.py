"""Upload pages for the court's own records: a PACER docket report and an NEF e-mail. Team
editors only. The file must be for this page's case; the summary of what changed is shown."""

from django.core.exceptions import ValidationError
from django.shortcuts import render

from casetracker.permissions import EDITORS, case_view
from docket.ingest import imports
from docket.ingest.forms import NefUploadForm, PacerUploadForm
from docket.visibility import entry_visible


def _import_page(request, *, form_class, importer, template, argument):
    case = request.case
    summary, status = None, 200
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            content = form.cleaned_data["file"].read()
            try:
                _case, summary = importer(**{argument: content}, by=request.user, case=case)
            except ValidationError as exc:
                form.add_error("file", exc)
                status = 400
            else:
                form = form_class()
                _hide_unseen(summary, request.membership)
        else:
            status = 400
    else:
        form = form_class()
    return render(
        request, template, {"case": case, "form": form, "summary": summary}, status=status
    )


def _hide_unseen(summary, membership):
    """The summary lists entries with their text: leave out those the uploader may not see (a
    sealed entry an import matched), saying only how many there were."""
    hidden = 0
    for name in ("added_entries", "updated_entries"):
        entries = getattr(summary, name)
        shown = [e for e in entries if entry_visible(e, membership)]
        hidden += len(entries) - len(shown)
        setattr(summary, name, shown)
    if hidden:
        summary.notes.append(
            f"{hidden} entr{'y' if hidden == 1 else 'ies'} you may not see (sealed) "
            "matched this file; their text was left as it was."
        )


@case_view(*EDITORS)
def pacer_import(request, slug):
    return _import_page(
        request,
        form_class=PacerUploadForm,
        importer=imports.import_docket_report,
        template="docket/import_pacer.html",
        argument="html",
    )


@case_view(*EDITORS)
def nef_import(request, slug):
    return _import_page(
        request,
        form_class=NefUploadForm,
        importer=imports.import_nef_email,
        template="docket/import_nef.html",
        argument="raw",
    )
