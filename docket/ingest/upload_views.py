"""Upload pages for the court's own records — a PACER docket report (a district court's or a
court of appeals'), an NEF e-mail — and the administrative record's certified index. Team
editors only. The file is checked for what it claims to be and handed to a Celery worker as an
import job (docket.ingest.jobs); the job's page shows its progress, then what it changed — or,
if it failed, why, and that nothing of the file was kept."""

import os

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from casetracker.permissions import EDITORS, case_view
from docket.ingest import jobs, record_index
from docket.ingest.forms import NefUploadForm, PacerUploadForm
from docket.models import DocketEntry, ImportRun
from docket.record.views import MAX_INDEX_BYTES, IndexUploadForm

BROKER_DOWN = (
    "The import is saved but could not be handed to the background worker (the queue is not "
    "reachable). It starts by itself within a minute or two of the queue coming back."
)


def _import_page(request, *, form_class, source, template):
    case = request.case
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                job, enqueued = jobs.queue_import(
                    case=case,
                    source=source,
                    payload=content,
                    by=request.user,
                    origin=getattr(upload, "name", "") or "",
                )
                if enqueued.sent is False:
                    messages.warning(request, BROKER_DOWN)
                return redirect("import_job", slug=case.slug, pk=job.pk)
            except ValidationError as exc:
                form.add_error("file", exc)
                status = 400
        else:
            status = 400
    else:
        form = form_class()
    context = {"case": case, "form": form, "jobs": jobs.jobs_for(case)}
    return render(request, template, context, status=status)


@case_view(*EDITORS)
def pacer_import(request, slug):
    return _import_page(
        request,
        form_class=PacerUploadForm,
        source=DocketEntry.Source.PACER,
        template="docket/import_pacer.html",
    )


@case_view(*EDITORS)
def nef_import(request, slug):
    return _import_page(
        request,
        form_class=NefUploadForm,
        source=DocketEntry.Source.NEF,
        template="docket/import_nef.html",
    )


@case_view(*EDITORS)
@require_POST
def record_index_import(request, slug):
    """The record page's "Import the certified index" form: the file is checked for being UTF-8
    text and handed to a worker as an import job; its page lists every bad line, or what
    changed. (The form lives on the record page, docket.record.views.)"""
    case = request.case
    form = IndexUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a CSV file to import.")
        return redirect("record_page", slug=case.slug)
    upload = form.cleaned_data["index"]
    if upload.size > MAX_INDEX_BYTES:
        messages.error(request, "The index is larger than 5 MB; split it by volume.")
        return redirect("record_page", slug=case.slug)
    try:
        job, enqueued = jobs.queue_import(
            case=case,
            source=ImportRun.RECORD_INDEX,
            payload=upload.read(),
            by=request.user,
            origin=os.path.basename(upload.name or "index.csv"),
            params=record_index.job_params(
                volume=form.cleaned_data["volume"].strip() or None,
                produced_on=form.cleaned_data["produced_on"],
            ),
        )
    except ValidationError as exc:
        messages.error(request, "Nothing was imported. " + " · ".join(exc.messages[:50]))
        return redirect("record_page", slug=case.slug)
    if enqueued.sent is False:
        messages.warning(request, BROKER_DOWN)
    return redirect("import_job", slug=case.slug, pk=job.pk)


def _job(request, pk):
    return get_object_or_404(
        jobs.jobs_of(request.case).select_related("run", "requested_by", "case"), pk=pk
    )


def _status(request, job):
    if job.run_id:
        url = job.run.get_absolute_url()
    else:
        url = reverse("import_list", args=[job.case.slug])
    return jobs.status(job, url=url)


@case_view(*EDITORS)
@require_GET
def import_job(request, slug, pk):
    job = _job(request, pk)
    return render(
        request,
        "docket/import_job.html",
        {"case": request.case, "job": job, "status": _status(request, job)},
    )


@case_view(*EDITORS)
@require_GET
def import_job_status(request, slug, pk):
    response = JsonResponse(_status(request, _job(request, pk)))
    response["Cache-Control"] = "no-store"
    return response
