"""Upload pages for the court's own records: a PACER docket report and an NEF e-mail. Team
editors only. The file is checked for what it claims to be and handed to a Celery worker as an
import job (docket.ingest.jobs); the job's page shows its progress, then what it changed. (A
court of appeals report is small and finds its own case: it is imported at once.)"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from casetracker.permissions import EDITORS, case_view
from docket.ingest import imports, jobs
from docket.ingest.forms import NefUploadForm, PacerUploadForm
from docket.ingest.importers.appellate import is_appellate_report
from docket.models import DocketEntry, ImportJob
from docket.visibility import entry_visible

BROKER_DOWN = (
    "The import is saved but could not be handed to the background worker (the queue is not "
    "reachable). It starts by itself within a minute or two of the queue coming back."
)


def _import_page(request, *, form_class, source, template):
    case = request.case
    summary, status = None, 200
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            try:
                if source == DocketEntry.Source.PACER and is_appellate_report(content):
                    _case, summary = imports.import_docket_report(
                        html=content, by=request.user, case=case
                    )
                    _hide_unseen(summary, request.membership)
                    form = form_class()
                else:
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
    context = {"case": case, "form": form, "summary": summary, "jobs": jobs.jobs_for(case)}
    return render(request, template, context, status=status)


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


def _job(request, pk):
    return get_object_or_404(
        ImportJob.objects.select_related("run", "requested_by"), case=request.case, pk=pk
    )


def _status(request, job):
    url = (
        job.run.get_absolute_url()
        if job.run_id
        else reverse("import_list", args=[request.case.slug])
    )
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
