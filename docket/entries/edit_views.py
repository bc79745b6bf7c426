"""The paralegal's forms: add a docket entry, edit one, attach PDFs. Team editors only
(casetracker.permissions.case_view); reads from docket.entries.selectors, writes in docket.ingest.apply."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from casetracker.courttime import court_today
from casetracker.forms import apply_service_error
from casetracker.permissions import EDITORS, case_view
from docket.entries import selectors, services
from docket.entries.forms import AttachmentFormSet, EntryForm, attachment_initial

PREFIX = "att"


def _handle(request, *, entry=None):
    case, membership = request.case, request.membership
    if request.method == "POST":
        form = EntryForm(request.POST, instance=entry, case=case, membership=membership)
        formset = AttachmentFormSet(request.POST, request.FILES, prefix=PREFIX)
        form_ok = form.is_valid()
        formset_ok = formset.is_valid()
        attachment_errors = formset.file_errors() + list(formset.non_form_errors())
        if form_ok and formset_ok:
            arguments = {
                "by": request.user,
                "fields": form.entry_fields(),
                "responds_to": list(form.cleaned_data["responds_to"]),
                "filed_by": list(form.cleaned_data["filed_by"]),
                "attachments": formset.new_attachments(),
            }
            try:
                if entry is None:
                    saved = services.create_entry(case=case, **arguments)
                else:
                    saved = services.update_entry(entry=entry, **arguments)
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    apply_service_error(form, exc)
                else:
                    attachment_errors = exc.messages
            else:
                count = len(arguments["attachments"])
                files = f" with {count} PDF{'s' if count != 1 else ''}" if count else ""
                verb = "added" if entry is None else "saved"
                messages.success(request, f"{saved} {verb}{files}.")
                return redirect(saved.get_absolute_url())
        had_files = bool(request.FILES)
        status = 400
    else:
        initial = {} if entry else {"date_filed": court_today(case, timezone.now())}
        form = EntryForm(instance=entry, initial=initial, case=case, membership=membership)
        formset = AttachmentFormSet(prefix=PREFIX, initial=attachment_initial(entry))
        attachment_errors, had_files, status = [], False, 200
    context = {
        "case": case,
        "entry": entry,
        "form": form,
        "formset": formset,
        "attachment_errors": attachment_errors,
        "had_files": had_files,
        "existing_documents": list(entry.documents.all()) if entry else [],
        "max_upload": filesizeformat(settings.MAX_UPLOAD_BYTES),
    }
    return render(request, "docket/entry_form.html", context, status=status)


@case_view(*EDITORS)
def entry_new(request, slug):
    return _handle(request)


@case_view(*EDITORS)
def entry_edit(request, slug, number):
    entry = selectors.entry_for(request.case, request.membership, number)
    return _handle(request, entry=entry)
