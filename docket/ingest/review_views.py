"""Import review pages (the team's): every import that changed the docket, what it added, a
before/after diff of each entry it updated, and the text questions it asked. Thin: reads and the
one write are in docket/ingest/review.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from casetracker.permissions import EDITORS, TEAM, case_view
from docket.ingest import review as import_review
from docket.models import TextConflict


@case_view(*TEAM)
def import_list(request, slug):
    case, membership = request.case, request.membership
    return render(
        request,
        "docket/import_list.html",
        {
            "case": case,
            "runs": import_review.runs_for(case, membership),
            "conflicts": import_review.open_conflicts(case, membership),
        },
    )


@case_view(*TEAM)
def import_run(request, slug, pk):
    case, membership = request.case, request.membership
    run = import_review.run_for(case, membership, pk)
    if run is None:
        raise Http404("No such import.")
    added, updated, hidden = import_review.rows_for(run, membership)
    conflicts = TextConflict.objects.visible_to(membership).filter(run=run).select_related("entry")
    return render(
        request,
        "docket/import_run.html",
        {
            "case": case,
            "run": run,
            "added": added,
            "updated": updated,
            "hidden": hidden,
            "conflicts": conflicts,
        },
    )


@case_view(*EDITORS)
@require_POST
def conflict_resolve(request, slug, pk):
    conflict = (
        TextConflict.objects.visible_to(request.membership)
        .filter(pk=pk, entry__case=request.case)
        .first()
    )
    if conflict is None:
        raise Http404("No such question.")
    try:
        import_review.resolve(conflict=conflict, keep=request.POST.get("keep", ""), by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Saved: that text is now the entry's canonical text.")
    if conflict.run_id:
        return redirect(conflict.run.get_absolute_url())
    return redirect("import_list", slug=request.case.slug)
