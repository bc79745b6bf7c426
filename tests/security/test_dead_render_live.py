"""Issue 9 §5: a worker killed mid-render used to leave the filing "rendering" for 10 minutes.
The render now stamps a heartbeat every few seconds; once it stops, the beat's sweep sees the job
within a minute and sends it again. Real Redis, real Celery workers, a real SIGKILL."""

import pytest

from casetracker.models import Attorney
from docket.models import Filing
from docket.papers import filings
from docket.papers.tasks import requeue_stale_jobs, stale_jobs
from tests.live import wait_until

pytestmark = [pytest.mark.celery_live, pytest.mark.django_db(transaction=True)]
LONG_BODY = "\n\n".join(
    f"{n}. Plaintiffs state the facts of paragraph {n} at length, " + "with detail " * 40
    for n in range(1, 1201)
)


def test_a_render_whose_worker_died_is_seen_within_a_minute_and_redone(
    settings, tmp_path, real_case, users, live_broker, celery_worker_factory
):
    settings.MEDIA_ROOT = tmp_path / "media"
    env = {"MEDIA_ROOT": str(settings.MEDIA_ROOT)}
    doomed = celery_worker_factory(env=env, name="doomed")
    filing = filings.create_filing(
        case=real_case, user=users["paralegal"], type=Filing.Type.STATUS_REPORT,
        title="Joint Status Report", body=LONG_BODY,
        signing_attorney=Attorney.objects.get(name="Skye L. Perryman"),
    )  # fmt: skip
    filings.queue_render(filing=filing, user=users["paralegal"])

    def rendering():
        filing.refresh_from_db()
        return filing.status == Filing.Status.RENDERING and filing.heartbeat_at is not None

    wait_until(rendering, timeout=60, interval=0.05, message=f"the render\n{doomed.log()}")
    doomed.kill()  # SIGKILL mid-render, as an OOM kill or a crash would
    filing.refresh_from_db()
    assert filing.status == Filing.Status.RENDERING
    assert filing.pk not in stale_jobs()[0]  # a live heartbeat a moment ago: not yet stale

    wait_until(
        lambda: filing.pk in stale_jobs()[0], timeout=120, interval=0.5, message="dead render seen"
    )

    celery_worker_factory(env=env, name="rescuer")
    assert filing.pk in requeue_stale_jobs()["filings"]

    def rendered():
        filing.refresh_from_db()
        return filing.status == Filing.Status.RENDERED

    wait_until(rendered, timeout=240, message="the requeued render")
    assert filing.pdf and filing.page_count > 10
