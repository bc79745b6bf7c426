"""Administrative record pages: browse and filter the record, see the checks and whether the
production obligation was met, attach produced files, and export the privilege log (CSV and
PDF). The certified index form posts to docket.ingest.upload_views.record_index_import, which
hands the file to a worker as an import job.

Who: the legal team only (TEAM). Clients get 403 here — the record page carries the team's
checks and privilege analysis; clients learn the record's status in plain words on their status
page instead. The selectors also hide privileged documents from anyone outside the team, so a
future change of the role list could not leak them."""

import os
from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from casetracker.formfields import CourtDateField
from casetracker.permissions import EDITORS, TEAM, case_view
from docket import panels
from docket.entries.uploads import max_upload_bytes
from docket.record import selectors, services
from docket.record.filters import RecordFilter
from docket.responses import pdf_response

PAGE_SIZE = 100
PROBLEMS_PAGE_SIZE = 50
MAX_INDEX_BYTES = (
    5 * 1024 * 1024
)  # the index upload (docket.ingest.upload_views.record_index_import)


class IndexUploadForm(forms.Form):
    index = forms.FileField(label="Certified index (CSV)")
    volume = forms.CharField(
        max_length=40, required=False, label="Volume", help_text="Leave blank if rows name it"
    )
    produced_on = CourtDateField(required=False, label="Produced on")


class AttachFileForm(forms.Form):
    bates_start = forms.CharField(max_length=40, label="First Bates number")
    file = forms.FileField(label="Produced PDF")


class ObligationForm(forms.Form):
    obligation = forms.TypedChoiceField(
        coerce=int, empty_value=None, required=False, label="Production obligation"
    )

    def __init__(self, *args, obligations=(), **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["obligation"]).choices = [("", "— none —")] + [
            (o.pk, f"{o.text} ({o.order.dated_name})") for o in obligations
        ]


def _record_context(request, case, membership):
    documents = selectors.record_documents_for(case, membership)
    claims = selectors.privilege_claims(documents)
    filterset = RecordFilter(request.GET or None, queryset=documents, claims=claims)
    status = 200
    page = None
    if filterset.is_bound and not filterset.is_valid():
        status = 400
    else:
        paginator = Paginator(filterset.qs, PAGE_SIZE)
        try:
            page = paginator.page(request.GET.get("page", 1))
        except (EmptyPage, PageNotAnInteger):
            raise Http404("No such page of the record.") from None
    problems = selectors.record_checks(case)
    problems_page = _problems_page(problems, request.GET)
    obligation, how = selectors.record_obligation(case, membership)
    obligations = selectors.obligations_for(case, membership)
    return {
        "case": case,
        "filter": filterset,
        "filter_errors": filterset.errors if status == 400 else None,
        "page": page,
        "query": _without(request.GET, "page"),
        "problems": problems,
        "problems_page": problems_page,
        "problems_query": _without(request.GET, "problems"),
        "productions": selectors.productions_for(case),
        "first_produced_on": selectors.first_production_date(case),
        "obligation": obligation,
        "obligation_how": how,
        "production_panel": panels.render(
            "record_page",
            case=case,
            obligation=obligation,
            produced_on=selectors.first_production_date(case),
        ),
        "summary": selectors.record_summary(case),
        "can_edit": membership.role in EDITORS,
        "jobs": selectors.index_imports_for(case) if membership.role in EDITORS else [],
        "index_form": IndexUploadForm(),
        "attach_form": AttachFileForm(),
        "obligation_form": ObligationForm(
            obligations=obligations,
            initial={"obligation": obligation.pk if obligation else None},
        ),
    }, status


def _without(params, name):
    query = params.copy()
    query.pop(name, None)
    return query.urlencode()


def _problems_page(problems, params):
    """One page of the checks' problems: at 50,000 documents there can be thousands, and the
    page once listed them all (12.5 MB)."""
    paginator = Paginator(problems, PROBLEMS_PAGE_SIZE)
    try:
        return paginator.page(params.get("problems", 1))
    except (EmptyPage, PageNotAnInteger):
        raise Http404("No such page of problems.") from None


@case_view(*TEAM)
def record_page(request, slug):
    context, status = _record_context(request, request.case, request.membership)
    return render(request, "docket/record.html", context, status=status)


def _back(case):
    return redirect("record_page", slug=case.slug)


@case_view(*EDITORS)
@require_POST
def record_attach_file(request, slug):
    case = request.case
    form = AttachFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Give the first Bates number and choose a PDF.")
        return _back(case)
    upload = form.cleaned_data["file"]
    if upload.size > max_upload_bytes():
        messages.error(request, "The file is larger than the upload limit; split the PDF.")
        return _back(case)
    try:
        document = services.attach_record_file(
            case=case,
            bates_start=form.cleaned_data["bates_start"],
            data=upload.read(),
            user=request.user,
            file_name=os.path.basename(upload.name or ""),
        )
    except ValidationError as exc:
        messages.error(request, "The file was not attached. " + " ".join(exc.messages))
        return _back(case)
    messages.success(
        request,
        f"Attached {document.page_count} pages to {document.bates_start}–{document.bates_end}.",
    )
    return _back(case)


@case_view(*EDITORS)
@require_POST
def record_link_obligation(request, slug):
    case = request.case
    obligations = selectors.obligations_for(case, request.membership)
    form = ObligationForm(request.POST, obligations=obligations)
    if not form.is_valid():
        messages.error(request, "Choose one of the case's obligations.")
        return _back(case)
    chosen = form.cleaned_data["obligation"]
    obligation = next((o for o in obligations if o.pk == chosen), None)
    try:
        services.link_record_obligation(case=case, obligation=obligation, user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back(case)
    messages.success(request, "Production obligation saved.")
    return _back(case)


# --------------------------------------------------------------------------- privilege log
# Prepared in Celery like every export (docket.papers.exports): the 5,000-row log used to hold a web
# worker past gunicorn's timeout. POST queues; GET (an old bookmark) shows the export page.


@case_view(*TEAM)
def record_file(request, slug, pk):
    """A produced record document's PDF (team only, like the record page), e.g. a search hit's
    `#page=N` link."""
    document = (
        selectors.record_documents_for(request.case, request.membership).filter(pk=pk).first()
    )
    if document is None or not document.file:
        raise Http404("No such produced record document.")
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The stored file is missing.") from None
    name = os.path.basename(f"{document.bates_start}.pdf")
    return pdf_response(handle, name, as_attachment=request.GET.get("download") == "1")
