"""Write a backup archive of the database and uploaded files."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from casetracker.backup import write_backup


class Command(BaseCommand):
    help = "Back up the database and uploaded files to one verified .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Archive path (default: backup-<timestamp>.tar.gz)")

    def handle(self, *args, **options):
        path = options["output"] or f"backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        manifest = write_backup(path)
        self.stdout.write(f"{path}: {len(manifest['files'])} files (database + uploads)")
