"""Restore a backup archive, replacing the current database and uploaded files."""

from django.core.management.base import BaseCommand, CommandError

from casetracker.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `backup`. Replaces ALL current data; asks first."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation")

    def handle(self, *args, **options):
        if not options["yes"]:
            answer = input("This replaces all current case data and files. Type 'restore': ")
            if answer.strip() != "restore":
                raise CommandError("Not restored.")
        try:
            counts = restore_backup(options["archive"])
        except BackupError as exc:
            raise CommandError(f"Nothing was changed. {exc}") from None
        self.stdout.write(f"Restored {counts['objects']} objects and {counts['files']} files.")
