"""PDF jobs whose message was lost (Redis down when queued, or a worker died mid-render) are
found by the beat sweep and rendered by a real worker."""

import datetime as dt

import pytest
from django.utils import timezone

from casetracker.models import Attorney
from docket.models import DocketExport, Filing
from docket.papers import filings
from docket.papers.tasks import requeue_stale_jobs, stale_jobs
from tests.live import wait_until


def make_filing(case, user, status, age, heartbeat=None):
    filing = filings.create_filing(
        case=case, user=user, type=Filing.Type.NOTICE, title="Notice of Appearance",
        body="Counsel appears.", signing_attorney=Attorney.objects.get(name="Skye L. Perryman"),
    )  # fmt: skip
    Filing.objects.filter(pk=filing.pk).update(
        status=status,
        updated_at=timezone.now() - age,
        heartbeat_at=timezone.now() - heartbeat if heartbeat is not None else None,
    )
    return filing


@pytest.mark.django_db
def test_which_jobs_are_stale(real_case, users):
    user = users["paralegal"]
    lost = make_filing(real_case, user, Filing.Status.QUEUED, dt.timedelta(minutes=5))
    make_filing(real_case, user, Filing.Status.QUEUED, dt.timedelta(seconds=10))  # just sent
    dead = make_filing(real_case, user, Filing.Status.RENDERING, dt.timedelta(minutes=30))
    # A long render whose worker stamped its heartbeat 10 s ago is working; 45 s ago, it is dead.
    make_filing(
        real_case, user, Filing.Status.RENDERING, dt.timedelta(minutes=2), dt.timedelta(seconds=10)
    )
    quiet = make_filing(
        real_case, user, Filing.Status.RENDERING, dt.timedelta(minutes=2), dt.timedelta(seconds=45)
    )
    make_filing(real_case, user, Filing.Status.RENDERED, dt.timedelta(days=3))
    export = DocketExport.objects.create(case=real_case, requested_by=user)
    DocketExport.objects.filter(pk=export.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=3)
    )
    filing_ids, export_ids = stale_jobs()
    assert sorted(filing_ids) == sorted([lost.pk, dead.pk, quiet.pk])
    assert export_ids == [export.pk]


@pytest.mark.celery_live
@pytest.mark.django_db(transaction=True)
def test_sweep_renders_a_filing_queued_while_redis_was_down(
    settings, tmp_path, real_case, users, celery_worker_factory
):
    settings.MEDIA_ROOT = tmp_path / "media"
    worker = celery_worker_factory(env={"MEDIA_ROOT": str(settings.MEDIA_ROOT)})
    lost = make_filing(real_case, users["paralegal"], Filing.Status.QUEUED, dt.timedelta(minutes=5))
    sent = requeue_stale_jobs()  # what beat runs every minute
    assert sent["filings"] == [lost.pk]

    def rendered():
        lost.refresh_from_db()
        return lost.status == Filing.Status.RENDERED

    wait_until(rendered, timeout=60, message=f"the requeued render\n{worker.log()}")
    assert lost.pdf and lost.page_count >= 2
