"""casetracker.jobs: the one home of the Celery helpers every long task uses. The heartbeat that
keeps a render, an export or an import alive is one class, used by both task modules."""

import ast
from pathlib import Path

import pytest

from casetracker import jobs
from docket.models import ImportJob

ROOT = Path(__file__).resolve().parents[2]


def test_renders_exports_and_imports_share_one_heartbeat():
    from docket.ingest import tasks as ingest_tasks
    from docket.papers import tasks as paper_tasks

    assert paper_tasks.Heartbeat is jobs.Heartbeat
    assert ingest_tasks.Heartbeat is jobs.Heartbeat
    for module in ("docket/ingest/tasks.py", "docket/papers/tasks.py"):
        tree = ast.parse((ROOT / module).read_text())
        classes = [n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
        assert not [c for c in classes if "heartbeat" in c.lower()], module


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_stamps_its_row_at_once_and_stops_when_the_task_ends(real_case):
    job = ImportJob.objects.create(case=real_case, source="pacer")
    assert job.heartbeat_at is None
    beat = jobs.Heartbeat(ImportJob, job.pk, every=60)
    with beat:
        job.refresh_from_db()
        first = job.heartbeat_at
        assert first is not None and beat.thread.is_alive()
    assert not beat.thread.is_alive()  # joined on the way out, its connection closed
