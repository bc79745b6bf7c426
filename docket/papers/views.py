"""Pages for outbound filings (team only: clients never see drafts) and the docket sheet export
(every member, limited to what they may see). Thin: writes in docket.papers.filings / docket.papers.exports,
role checks in casetracker.permissions."""

import os
from typing import cast

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casetracker.courttime import court_today
from casetracker.formfields import CourtDateField
from casetracker.forms import apply_service_error
from casetracker.permissions import EDITORS, EVERYONE, TEAM, case_view
from docket.models import DocketExport, Filing
from docket.papers import exports, filings
from docket.papers.pdf.preview import PreviewFailed, first_page_png
from docket.papers.pdf.sanitise import markdown_to_safe_html
from docket.papers.pdf.starters import starter_for
from docket.papers.readiness import filing_problems
from docket.responses import pdf_response

BROKER_DOWN = (
    "Queued, but the task queue cannot be reached right now, so nothing is rendering yet. "
    "Press the button again in a minute; if it keeps happening, tell the operator."
)


class FilingForm(forms.ModelForm):
    class Meta:
        model = Filing
        fields = ["type", "title", "signing_attorney", "body", "service_list"]
        labels = {"type": "Kind of paper", "body": "Text (Markdown)"}
        help_texts = {
            "body": "Blank line between paragraphs; *italic*, **bold**, 1. numbered lists, "
            "> quotations. HTML is shown as typed, never run.",
            "service_list": "One recipient per line, for the certificate of service. Leave "
            "empty when everyone is served through CM/ECF.",
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18, "class": "paper-text"}),
            "service_list": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        signer = cast(forms.ModelChoiceField, self.fields["signing_attorney"])
        signer.queryset = filings.case_counsel(case)
        signer.empty_label = "— choose the attorney who signs —"


class MarkFiledForm(forms.Form):
    date_filed = CourtDateField(label="Date filed")
    number = forms.IntegerField(
        label="ECF No.", required=False, min_value=1, help_text="From the NEF, if you have it."
    )
    docket_text = forms.CharField(
        label="Docket text",
        required=False,
        max_length=2000,
        help_text="Leave empty to use the title.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _filing(request, pk):
    return get_object_or_404(
        Filing.objects.select_related("signing_attorney", "filed_entry"), pk=pk, case=request.case
    )


@case_view(*EDITORS)
@require_GET
def filing_list(request, slug):
    items = Filing.objects.filter(case=request.case).select_related(
        "signing_attorney", "filed_entry"
    )
    return render(
        request,
        "docket/filing_list.html",
        {"case": request.case, "filings": items, "types": Filing.Type.choices},
    )


@case_view(*EDITORS)
@require_http_methods(["GET", "POST"])
def filing_new(request, slug):
    case = request.case
    if request.method == "POST":
        form = FilingForm(request.POST, case=case)
        if form.is_valid():
            try:
                filing = filings.create_filing(case=case, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, "Draft saved.")
                return redirect("filing_detail", slug=case.slug, pk=filing.pk)
    else:
        kind = request.GET.get("type", Filing.Type.NOTICE)
        if kind not in Filing.Type.values:
            kind = Filing.Type.NOTICE
        title, body = starter_for(kind, case=case)
        form = FilingForm(
            case=case,
            initial={
                "type": kind,
                "title": title,
                "body": body,
                "signing_attorney": filings.lead_attorney(case),
            },
        )
    return render(request, "docket/filing_form.html", {"case": case, "form": form, "filing": None})


@case_view(*EDITORS)
@require_http_methods(["GET", "POST"])
def filing_edit(request, slug, pk):
    case, filing = request.case, _filing(request, pk)
    if filing.status == Filing.Status.FILED:
        messages.error(request, "This paper has been filed and can no longer be changed.")
        return redirect("filing_detail", slug=case.slug, pk=filing.pk)
    form = FilingForm(request.POST or None, instance=filing, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            filings.update_filing(filing=filing, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, "Draft saved.")
            return redirect("filing_detail", slug=case.slug, pk=filing.pk)
    return render(
        request, "docket/filing_form.html", {"case": case, "form": form, "filing": filing}
    )


@case_view(*EDITORS)
@require_GET
def filing_detail(request, slug, pk):
    filing = _filing(request, pk)
    today = court_today(request.case, timezone.now())
    return render(
        request,
        "docket/filing_detail.html",
        _detail_context(request.case, filing, MarkFiledForm(initial={"date_filed": today})),
    )


def _detail_context(case, filing, file_form):
    return {
        "case": case,
        "filing": filing,
        "status": _filing_status(case, filing),
        "file_form": file_form,
        "body_html": markdown_to_safe_html(filing.body),
        "problems": filing_problems(
            attorney=filing.signing_attorney, body=filing.body, title=filing.title
        ),
    }


@case_view(*EDITORS)
@require_GET
def filing_preview(request, slug, pk):
    """The rendered PDF's first page as a PNG (made on request from the stored PDF, cached
    under its SHA-256, so a new render shows a new picture)."""
    filing = _filing(request, pk)
    if not filing.pdf or filing.status not in (Filing.Status.RENDERED, Filing.Status.FILED):
        raise Http404("There is no rendered PDF yet.")
    key = f"filing-preview:{filing.pk}:{filing.pdf_sha256}"
    png = cache.get(key)
    if png is None:
        with _open(filing.pdf) as handle:
            try:
                png = first_page_png(handle.read())
            except PreviewFailed:
                raise Http404("The PDF could not be read for a preview; render it again.") from None
        cache.set(key, png, 3600)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@case_view(*EDITORS)
@require_POST
def filing_render(request, slug, pk):
    filing = _filing(request, pk)
    try:
        filing, enqueued = filings.queue_render(filing=filing, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if enqueued.sent is False:
            messages.warning(request, BROKER_DOWN)
        else:
            messages.success(request, "Rendering the PDF; this page updates when it is ready.")
    return redirect("filing_detail", slug=request.case.slug, pk=filing.pk)


def _job_status(job, *, ready, progress, done, pdf_url_name, case):
    """What the page's script polls, for a filing render or a docket-sheet export alike."""
    url = reverse(pdf_url_name, kwargs={"slug": case.slug, "pk": job.pk}) if ready else ""
    return {
        "status": job.status,
        "label": job.get_status_display(),
        "progress": progress,
        "done": done,
        "ready": ready,
        "error": job.error,
        "page_count": job.page_count,
        "pdf_url": url,
    }


def _filing_status(case, filing):
    return _job_status(
        filing,
        ready=filing.status in (Filing.Status.RENDERED, Filing.Status.FILED) and bool(filing.pdf),
        progress={"queued": 5, "rendering": 50}.get(filing.status, 100),
        done=filing.status not in (Filing.Status.QUEUED, Filing.Status.RENDERING),
        pdf_url_name="filing_pdf",
        case=case,
    )


@case_view(*EDITORS)
@require_GET
def filing_status(request, slug, pk):
    response = JsonResponse(_filing_status(request.case, _filing(request, pk)))
    response["Cache-Control"] = "no-store"
    return response


def _open(field):
    if not field:
        raise Http404("There is no PDF yet.")
    try:
        return field.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("The stored PDF is missing; render it again.") from None


@case_view(*EDITORS)
@require_GET
def filing_pdf(request, slug, pk):
    filing = _filing(request, pk)
    if filing.status not in (Filing.Status.RENDERED, Filing.Status.FILED):
        raise Http404("There is no PDF yet.")
    stem = slugify(filing.title)[:80] or f"filing-{filing.pk}"
    return pdf_response(
        _open(filing.pdf),
        os.path.basename(f"{stem}.pdf"),
        as_attachment=request.GET.get("inline") != "1",
    )


@case_view(*EDITORS)
@require_POST
def filing_mark_filed(request, slug, pk):
    case, filing = request.case, _filing(request, pk)
    form = MarkFiledForm(request.POST)
    if form.is_valid():
        try:
            filing = filings.mark_filed(filing=filing, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Recorded as filed: {filing.filed_entry}.")
            return redirect(filing.filed_entry.get_absolute_url())
    return render(
        request, "docket/filing_detail.html", _detail_context(case, filing, form), status=400
    )


# Docket sheet export ---------------------------------------------------------------------------


def _export(request, pk):
    """Only the member who asked for an export may see it (it holds what *they* may see)."""
    mine = exports.exports_of(request.case, request.user, request.membership)
    return get_object_or_404(mine, pk=pk)


def _export_status(case, export):
    return _job_status(
        export,
        ready=export.status == DocketExport.Status.READY and bool(export.pdf),
        progress=export.progress,
        done=export.status not in exports.ACTIVE,
        pdf_url_name="docket_export_file",
        case=case,
    )


EXPORT_QUEUED = "Preparing the {kind}; this page shows progress."


def queue_export(request, kind):
    """Queue an export for the member (the POST of every export button), then show the export
    page, where its progress and download appear."""
    case = request.case
    try:
        export, enqueued = exports.request_export(
            case=case, membership=request.membership, user=request.user, kind=kind
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if enqueued.sent is False:
            messages.warning(request, BROKER_DOWN)
        else:
            messages.success(request, EXPORT_QUEUED.format(kind=export.get_kind_display()))
    return redirect("docket_export", slug=case.slug)


@case_view(*EVERYONE)
@require_http_methods(["GET", "POST"])
def docket_export(request, slug):
    case = request.case
    if request.method == "POST":
        return queue_export(request, DocketExport.Kind.DOCKET_PDF)
    rows = [
        (e, _export_status(case, e))
        for e in exports.exports_for(case, request.user, request.membership)
    ]
    return render(
        request,
        "docket/export.html",
        {"case": case, "exports": rows, "is_team": request.membership.is_team},
    )


@case_view(*EVERYONE)
@require_http_methods(["GET", "POST"])
def docket_export_csv(request, slug):
    """POST: queue the docket as CSV. GET (an old bookmark): the export page."""
    if request.method == "POST":
        return queue_export(request, DocketExport.Kind.DOCKET_CSV)
    return redirect("docket_export", slug=request.case.slug)


@case_view(*EVERYONE)
@require_GET
def docket_export_status(request, slug, pk):
    response = JsonResponse(_export_status(request.case, _export(request, pk)))
    response["Cache-Control"] = "no-store"
    return response


@case_view(*EVERYONE)
@require_GET
def docket_export_file(request, slug, pk):
    export = _export(request, pk)
    if export.status != DocketExport.Status.READY:
        raise Http404("The export is not ready yet.")
    if not exports.export_readable_by(export, request.membership):
        raise PermissionDenied(
            "This export holds what you may no longer see (your role or an entry's visibility "
            "changed since it was made). Prepare a new one."
        )
    name = exports.export_filename(export)
    if not export.is_csv:
        return pdf_response(_open(export.pdf), name, as_attachment=True)
    response = FileResponse(
        _open(export.pdf), content_type="text/csv; charset=utf-8", as_attachment=True, filename=name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# The record page's privilege-log buttons: exports of the record, queued like the docket sheet.
@case_view(*TEAM)
@require_http_methods(["GET", "POST"])
def privilege_log_csv(request, slug):
    if request.method == "POST":
        return queue_export(request, DocketExport.Kind.PRIVILEGE_CSV)
    return redirect("docket_export", slug=request.case.slug)


@case_view(*TEAM)
@require_http_methods(["GET", "POST"])
def privilege_log_pdf(request, slug):
    if request.method == "POST":
        return queue_export(request, DocketExport.Kind.PRIVILEGE_PDF)
    return redirect("docket_export", slug=request.case.slug)
