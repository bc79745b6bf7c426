"""Restore a backup archive, replacing the current database and uploaded files."""

from django.core.management.base import BaseCommand, CommandError

from casetracker.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup`. Replaces ALL current data; asks first. Every member "
        "is checked and staged before anything changes; unsigned archives are refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation")
        parser.add_argument(
            "--allow-unsigned",
            action="store_true",
            help="Restore an archive whose manifest is not signed with this installation's "
            "BACKUP_SIGNING_KEY (only if you know where it came from)",
        )

    def handle(self, *args, **options):
        if not options["yes"]:
            answer = input("This replaces all current case data and files. Type 'restore': ")
            if answer.strip() != "restore":
                raise CommandError("Not restored.")
        try:
            counts = restore_backup(options["archive"], allow_unsigned=options["allow_unsigned"])
        except BackupError as exc:
            raise CommandError(f"Nothing was changed. {exc}") from None
        if not counts["signed"]:
            self.stderr.write("Warning: the archive was not signed with this installation's key.")
        self.stdout.write(f"Restored {counts['objects']} objects and {counts['files']} files.")
