"""The Celery app. Redis is the broker; Reminder rows in the database are the source of truth,
so a lost message never loses a reminder: the beat sweep finds it again."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")

app = Celery("casetracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Task modules below an app's top level (their tasks keep the names the beat schedule uses).
app.autodiscover_tasks(["notices.reminders", "docket.papers", "docket.ingest"])
app.conf.beat_schedule = {
    "sweep-due-reminders": {"task": "notices.tasks.sweep_reminders", "schedule": 60.0},
    "mark-missed-deadlines": {"task": "notices.tasks.mark_overdue", "schedule": 300.0},
    # Every 15 s: with a 30 s heartbeat lease, a render whose worker died is sent again within
    # a minute (casetracker/jobs.py, Heartbeat). Imports the same.
    "requeue-lost-pdf-jobs": {"task": "docket.tasks.requeue_stale_jobs", "schedule": 15.0},
    "requeue-lost-imports": {
        "task": "docket.ingest.tasks.requeue_stale_imports",
        "schedule": 15.0,
    },
    # Each feed is polled every RSS_POLL_MINUTES (15); this only checks which are due.
    "poll-rss-feeds": {"task": "ingest.tasks.poll_rss_feeds", "schedule": 60.0},
    "daily-digests": {"task": "notices.tasks.send_digests", "schedule": 600.0},
    "retry-inbound-mail": {"task": "ingest.tasks.retry_inbound_mail", "schedule": 300.0},
    # Webhook deliveries whose task was lost (broker down, worker died) are sent again.
    "retry-webhooks": {"task": "notices.tasks.retry_webhooks", "schedule": 60.0},
}
