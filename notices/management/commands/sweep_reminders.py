"""Send every due reminder now, in this process (what the Celery beat sweep does every minute).
For operators: safe to run at any time, alongside workers — claims make it exactly once."""

from django.core.management.base import BaseCommand

from notices.deadlines import services
from notices.reminders import sending as reminders


class Command(BaseCommand):
    help = "Mark missed deadlines and send every due reminder now (no Celery needed)."

    def handle(self, *args, **options):
        missed = services.mark_missed_deadlines()
        counts = reminders.sweep()
        summary = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing due"
        self.stdout.write(f"Deadlines newly missed: {missed}. Reminders: {summary}.")
