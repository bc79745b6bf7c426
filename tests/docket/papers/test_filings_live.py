"""One render through the real thing: Redis, a Celery worker process, WeasyPrint, the test
database. Proves the on-commit enqueue reaches a worker and the status endpoint the page polls
walks queued → rendering → ready."""

import io
import json

import pytest
from django.urls import reverse
from pypdf import PdfReader

from casetracker.models import Attorney
from docket.models import DocketExport, Filing
from docket.papers import filings
from tests.live import wait_until

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_render_through_a_live_worker(media, users, real_case, client_for, celery_worker_factory):
    worker = celery_worker_factory(env={"MEDIA_ROOT": str(media)})
    client = client_for(users["paralegal"])
    filing = filings.create_filing(
        case=real_case,
        user=users["paralegal"],
        type=Filing.Type.STATUS_REPORT,
        title="Joint Status Report",
        body="The parties report that the record was produced on 24 October 2025.",
        signing_attorney=Attorney.objects.get(name="Daniel A. McGrath"),
    )
    response = client.post(reverse("filing_render", args=[real_case.slug, filing.pk]))
    assert response.status_code == 302

    status_url = reverse("filing_status", args=[real_case.slug, filing.pk])
    seen = []

    def ready():
        state = json.loads(client.get(status_url).content)
        if not seen or seen[-1] != state["status"]:
            seen.append(state["status"])
        return state if state["ready"] else None

    state = wait_until(ready, timeout=60, interval=0.05, message=f"the render\n{worker.log()}")
    assert seen[0] == "queued" and seen[-1] == "rendered"
    assert set(seen) <= {"queued", "rendering", "rendered"}
    pdf = client.get(state["pdf_url"])
    data = b"".join(pdf.streaming_content)
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Joint Status Report"
    assert "JOINT STATUS REPORT" in reader.pages[0].extract_text()
    assert "docket.tasks.render_filing" in worker.log()

    client.post(reverse("docket_export", args=[real_case.slug]))
    export = DocketExport.objects.get()
    wait_until(
        lambda: DocketExport.objects.filter(pk=export.pk, status="ready").exists(),
        timeout=60,
        message=f"the docket sheet\n{worker.log()}",
    )
