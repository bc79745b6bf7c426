"""Render a filing's PDF now, in this process (no Celery): for an operator when the worker or
Redis is down, or to see the full error of a failed render.

    manage.py render_filing 42
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from docket.models import Filing
from docket.papers.tasks import render_filing_now


class Command(BaseCommand):
    help = "Render a filing's PDF synchronously and print where it was stored."

    def add_arguments(self, parser):
        parser.add_argument("filing_id", type=int)

    def handle(self, *args, filing_id, **options):
        with transaction.atomic():
            filing = (
                Filing.objects.select_for_update(of=("self",))
                .select_related("case__court", "signing_attorney")
                .filter(pk=filing_id)
                .first()
            )
            if filing is None:
                raise CommandError(f"There is no filing with id {filing_id}.")
            if filing.status == Filing.Status.FILED:
                raise CommandError(f"Filing {filing_id} has been filed; its PDF is final.")
            filing.status, filing.error = Filing.Status.RENDERING, ""
            filing.save(update_fields=["status", "error", "updated_at"])
        status = render_filing_now(filing)
        filing.refresh_from_db()
        if status != Filing.Status.RENDERED:
            raise CommandError(f"Filing {filing_id}: {filing.error or status}")
        self.stdout.write(
            f"Filing {filing_id} rendered: {filing.page_count} pages, "
            f"sha256 {filing.pdf_sha256}, stored at {filing.pdf.name}"
        )
